// Bad input gets a clear message and never a 500 (issue #10, section 3). One test per case the
// review found; the fuzz-*.test.ts files look for the cases nobody has thought of yet.
import { describe, expect, it } from "vitest";
import { useHarness, DEMO, rejection } from "../support/harness";
import { useLiveServer, connected } from "../support/live-server";
import { conveneDemoMeeting } from "../support/meetings";
import { databaseFingerprint, expectWrittenForAPerson } from "../support/input";

const h = useHarness();
const live = useLiveServer(h);

/** A partner's contact: police name the child by their own reference, never the council's case reference. */
const contact = {
  referrerReference: "PPU/104233",
  receivedAt: new Date("2026-11-23T08:30:00Z"),
  familyKnows: true, familyConsents: true, concernCategory: "NEGLECT" as const,
  referrerLevel: 3,
  summary: "Child arriving hungry and unkempt.",
};

/** Refused as bad input, with a message for a person, and nothing written. */
async function expectRefused(call: () => Promise<unknown>, message?: RegExp) {
  const before = await databaseFingerprint(h.db);
  const error = await rejection(call());
  expect(error.code).toBe("BAD_REQUEST");
  expectWrittenForAPerson(error.message);
  if (message) expect(error.message).toMatch(message);
  expect(await databaseFingerprint(h.db)).toEqual(before);
  return error;
}

async function schoolDisputesNfa() {
  h.clock.set("2026-11-23T09:00:00Z");
  const school = await h.caller(DEMO.schoolDsl);
  const { contactId } = await school.caller.contacts.record({ ...contact, referrerReference: "RPS/610001" });
  const council = await h.caller(DEMO.councilPractitioner);
  await council.caller.contacts.decide({ contactId, levelApplied: 1, outcome: "NO_FURTHER_ACTION", rationale: "Universal services meeting needs.", closureReason: "School to monitor." });
  const { disagreementId } = await school.caller.disagreements.raise({ contactId, subject: "OUTCOME", soughtLevel: 3, soughtOutcome: "Child-in-need assessment", reasons: "A pattern over two terms." });
  return { contactId, disagreementId, school, council };
}

describe("free text", () => {
  it("refuses a NUL byte in any free-text field, naming the field", async () => {
    h.clock.set("2026-11-23T09:00:00Z");
    const police = await h.caller(DEMO.policePractitioner);
    await expectRefused(() => police.caller.contacts.record({ ...contact, summary: "Bruising\u0000 seen" }), /summary/i);
    await expectRefused(() => police.caller.contacts.record({ ...contact, referrerName: "Pat\u0000" }), /referrer/i);
    const { disagreementId, school } = await schoolDisputesNfa();
    await expectRefused(() => school.caller.disagreements.comment({ disagreementId, expectedVersion: 1, body: "a\u0000b" }), /comment/i);
    const admin = await h.caller(DEMO.systemAdmin);
    await expectRefused(() => admin.caller.audit.list({ action: "contact\u0000" }));
    await expectRefused(() => admin.caller.settings.addBankHoliday({ date: "2027-12-29", name: "Extra\u0000day" }), /name/i);
  });

  it("refuses other control characters, but keeps newlines and tabs in multi-line text", async () => {
    h.clock.set("2026-11-23T09:00:00Z");
    const police = await h.caller(DEMO.policePractitioner);
    await expectRefused(() => police.caller.contacts.record({ ...contact, summary: "Bell\u0007" }), /summary/i);
    await expectRefused(() => police.caller.contacts.record({ ...contact, referrerName: "Pat\nO'Brien" }), /referrer/i);
    const { contactId } = await police.caller.contacts.record({ ...contact, summary: "First line\r\nSecond line\twith a tab" });
    expect((await police.caller.contacts.get({ contactId })).summary).toBe("First line\r\nSecond line\twith a tab");
  });

  it("refuses a lone surrogate in text that is stored as JSON", async () => {
    const { disagreementId, school, contactId } = await schoolDisputesNfa();
    await expectRefused(() => school.caller.disagreements.comment({ disagreementId, expectedVersion: 1, body: "broken \uD800 text" }), /comment/i);
    await expectRefused(() => school.caller.disagreements.escalate({ disagreementId, expectedVersion: 1, reason: "\uDC00" }), /reason/i);
    await expectRefused(() => school.caller.disagreements.raise({ contactId, subject: "OUTCOME", soughtOutcome: "x\uD83D", reasons: "y" }));
    const { meetingId } = await conveneDemoMeeting(h);
    const chair = await h.caller(DEMO.councilManager);
    await expectRefused(() => chair.caller.meetings.updateSummary({ meetingId, summary: "Agreed \uDBFF" }), /summary/i);
    // A well-formed pair (an emoji) is fine.
    await chair.caller.meetings.updateSummary({ meetingId, summary: "Agreed \uD83D\uDC4D" });
  });
});

describe("dates and times", () => {
  it("refuses a received time of null, true or a number instead of storing 1 January 1970", async () => {
    h.clock.set("2026-11-23T09:00:00Z");
    const police = await h.caller(DEMO.policePractitioner);
    for (const receivedAt of [null, true, false, 0, 1_700_000_000_000, ""]) {
      await expectRefused(() => police.caller.contacts.record({ ...contact, receivedAt: receivedAt as never }), /date and time the contact was made/);
    }
  });

  it("refuses a meeting start of true as a missing time, not as a time in the past", async () => {
    h.clock.set("2026-11-23T09:00:00Z");
    const sam = await h.caller(DEMO.councilPractitioner);
    const chairId = (await h.actor(DEMO.councilManager)).userId;
    const meeting = { caseReference: "CSC-300400", urgency: "STANDARD" as const, location: "MASH meeting room 2", chairId };
    for (const scheduledStart of [true, null, 0]) {
      const error = await expectRefused(() => sam.caller.meetings.convene({ ...meeting, scheduledStart }));
      expect(error.message).toBe("Enter the date and time of the meeting");
    }
  });

  it("refuses dates outside 1900 to 2100 with a message, not a database error", async () => {
    h.clock.set("2026-11-23T09:00:00Z");
    const police = await h.caller(DEMO.policePractitioner);
    for (const receivedAt of ["0000-01-01T00:00", "-271821-04-20T00:00:00.000Z", "+275760-09-13T00:00:00.000Z", "1899-12-31T23:00:00Z", new Date(-8.64e15)]) {
      await expectRefused(() => police.caller.contacts.record({ ...contact, receivedAt: receivedAt as never }));
    }
    const admin = await h.caller(DEMO.systemAdmin);
    await expectRefused(() => admin.caller.settings.addBankHoliday({ date: "0000-01-01", name: "Year nought" }));
    await expectRefused(() => admin.caller.audit.list({ from: "0000-01-01" as never }));
    await expectRefused(() => admin.caller.audit.list({ to: new Date(8.64e15) }));
    const chair = await h.caller(DEMO.chair);
    await expectRefused(() => chair.caller.figures.partnership({ from: "0000-01-01" }));
    await expectRefused(() => chair.caller.figures.partnership({ to: "2101-01-01" }));
    await expectRefused(() => chair.caller.figures.meetingsBehind({ from: "0000-01-01", measure: "all" as never }));
    const { meetingId, agencies } = await conveneDemoMeeting(h);
    const maria = await h.caller(DEMO.councilManager);
    await expectRefused(() => maria.caller.meetings.addAction({ meetingId, description: "Visit", owningAgencyId: agencies.police, ownerName: "DS Hughes", dueDate: "0000-01-01" }), /due date/i);
  });
});

describe("numbers", () => {
  it("refuses an audit page cursor like 1e308 instead of failing in the database", async () => {
    const admin = await h.caller(DEMO.systemAdmin);
    for (const before of [1e308, "1e308", "99999999999999999999999", -1, "abc"]) {
      await expectRefused(() => admin.caller.audit.list({ before: before as never }));
    }
    // A real cursor still pages.
    expect((await admin.caller.audit.list({ before: "9999" as never })).events.length).toBeGreaterThan(0);
  });

  it("refuses booleans and null where a number is expected, instead of reading them as 1 and 0", async () => {
    const admin = await h.caller(DEMO.systemAdmin);
    await expectRefused(() => admin.caller.meetingSettings.setDueWorkingDays({ days: true as never }));
    const ladder = await admin.caller.disagreements.ladder();
    const stages = ladder.stages.map((st) => ({ label: st.label, raisingActor: st.raisingActor, receivingActor: st.receivingActor, workingDays: st.workingDays, urgentWorkingDays: st.urgentWorkingDays }));
    await expectRefused(() => admin.caller.disagreements.saveLadder({ stages: stages.map((st) => ({ ...st, workingDays: true as never })), urgentCutoff: ladder.urgentCutoff, workingDayEnd: ladder.workingDayEnd }));
    await expectRefused(() => admin.caller.settings.updateThresholdLevel({ level: true as never, label: "Universal", description: "Needs met by universal services" }));
    // Session lifetimes came with sign-in hardening, on z.coerce: true was stored as 1 hour.
    for (const absoluteHours of [true, null, "", " ", "1e1", [2]]) {
      await expectRefused(() => admin.caller.auth.setSessionLifetimes({ idleMinutes: 30, absoluteHours: absoluteHours as never }), /hours after sign-in/);
    }
    await expectRefused(() => admin.caller.auth.setSessionLifetimes({ idleMinutes: false as never, absoluteHours: 8 }), /minutes without use/);
  });
});

describe("messages are written for a person", () => {
  it("never passes a validation library's default text to a person", async () => {
    const { disagreementId, school } = await schoolDisputesNfa();
    const admin = await h.caller(DEMO.systemAdmin);
    // Each of these used to read "Too big: expected number to be <=4", "Invalid input: expected
    // number, received NaN", "Invalid input" or similar.
    const ladder = await admin.caller.disagreements.ladder();
    const stage = ladder.stages[0]!;
    await expectRefused(() => admin.caller.disagreements.saveLadder({ stages: [{ label: stage.label, raisingActor: stage.raisingActor, receivingActor: stage.receivingActor, workingDays: 2, urgentWorkingDays: 0 }], urgentCutoff: ladder.urgentCutoff, workingDayEnd: ladder.workingDayEnd }), /stage/i);
    await expectRefused(() => school.caller.disagreements.comment({ disagreementId, expectedVersion: Number.NaN, body: "Hello" }));
    await expectRefused(() => school.caller.disagreements.comment({ disagreementId, expectedVersion: 1, body: 42 as never }), /comment/i);
    await expectRefused(() => school.caller.disagreements.propose({ disagreementId, expectedVersion: "x" as never, outcome: "SOMETHING" as never, statement: "Agreed" }));
    await expectRefused(() => school.caller.disagreements.list({ status: "SOMETHING" as never }));
    await expectRefused(() => school.caller.meetings.eventsAfter({ meetingId: "nope", lastSeq: -1 }));
    await expectRefused(() => school.caller.contacts.list({ limit: 10_000 } as never));
    await expectRefused(() => admin.caller.users.invite({ email: "a@example.org", displayName: "A", roles: [] as never, extra: 1 } as never));
  });

  it("answers unreadable JSON over HTTP with a message for a person", async () => {
    const cookie = await live.signIn(DEMO.councilPractitioner);
    for (const body of ["{not json", "", "[1,2", '{"summary": "\\ud800"']) {
      const response = await fetch(`${live.base}/trpc/contacts.record`, { method: "POST", headers: { cookie, origin: live.base, "content-type": "application/json" }, body });
      expect(response.status).toBeLessThan(500);
      expect(response.status).toBeGreaterThanOrEqual(400);
      const reply = (await response.json()) as { error: { message: string } };
      expectWrittenForAPerson(reply.error.message, `for body ${body}`);
    }
    const query = await fetch(`${live.base}/trpc/contacts.get?input=${encodeURIComponent("{oops")}`, { headers: { cookie, origin: live.base } });
    expect(query.status).toBe(400);
    expectWrittenForAPerson(((await query.json()) as { error: { message: string } }).error.message);
  });
});

describe("the live room", () => {
  it("refuses a 1 MB summary in the acknowledgement and keeps the connection", async () => {
    const [convener, chair] = await Promise.all([live.signIn(DEMO.councilPractitioner), live.signIn(DEMO.councilManager)]);
    const agencies = await h.db.agency.findMany({ where: { name: { in: ["Northshire Police", "Northshire Integrated Care Board"] } }, select: { id: true } });
    const response = await live.mutate(convener, "meetings.convene", {
      caseReference: "CSC-400500",
      urgency: "URGENT",
      scheduledStart: "2026-11-23T09:30:00.000Z",
      callLink: "https://meet.example.org/strategy-1",
      chairId: (await h.actor(DEMO.councilManager)).userId,
      agencyIds: agencies.map((a) => a.id),
    });
    const meetingId = ((await response.json()) as { result: { data: { meetingId: string } } }).result.data.meetingId;
    const socket = live.open(chair);
    await connected(socket);
    let dropped = false;
    socket.on("disconnect", () => (dropped = true));
    const reply = await socket.timeout(10_000).emitWithAck("meeting:update-summary", { meetingId, summary: "x".repeat(1_048_576) });
    expect(reply).toEqual({ error: { code: "INVALID", message: "The summary is too long: keep it to 20,000 characters or fewer.", fieldErrors: { summary: "The summary is too long: keep it to 20,000 characters or fewer." } } });
    expect(dropped).toBe(false);
    expect(socket.connected).toBe(true);
    // The same connection still works.
    expect(await socket.emitWithAck("meeting:update-summary", { meetingId, summary: "Agreed a joint section 47 enquiry." })).toHaveProperty("data");
  });
});
