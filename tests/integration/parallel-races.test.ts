// Twenty identical requests at once, as real parallel HTTP requests to a live server on the test
// database (issue 14, item 5). Each race ends with one winner and 409s written for a person, or
// with every request succeeding idempotently: never a 500, never a lost acknowledged write.
import { describe, expect, it } from "vitest";
import { useHarness, DEMO } from "../support/harness";
import { useLiveServer } from "../support/live-server";
import { conveneDemoMeeting, demoAgencies } from "../support/meetings";
import { schoolDisputesNfa } from "../support/disagreements";

const h = useHarness();
const live = useLiveServer(h);
const TRIES = 20;

type Reply = { status: number; data: unknown; message: string | null };
async function call(cookie: string, path: string, input: unknown): Promise<Reply> {
  const response = await live.mutate(cookie, path, input);
  const body = (await response.json()) as { result?: { data: unknown }; error?: { message: string } };
  return { status: response.status, data: body.result?.data ?? null, message: body.error?.message ?? null };
}
const inParallel = (cookie: string, path: string, input: (i: number) => unknown) => Promise.all(Array.from({ length: TRIES }, (_, i) => call(cookie, path, input(i))));

/** Exactly one 200; every other reply a 409 whose message matches `loser`. */
function oneWinner(replies: Reply[], loser: RegExp) {
  expect(replies.filter((r) => r.status === 200)).toHaveLength(1);
  for (const r of replies.filter((r) => r.status !== 200)) {
    expect(r.status).toBe(409);
    expect(r.message).toMatch(loser);
  }
}
const allSucceeded = (replies: Reply[]) => expect(replies.map((r) => [r.status, r.message])).toEqual(replies.map(() => [200, null]));

describe("twenty at once", () => {
  it("contacts.decide: one decision stands, the others are told it was already recorded", async () => {
    h.clock.set("2026-11-23T09:00:00Z");
    const school = await h.caller(DEMO.schoolDsl);
    const { contactId } = await school.caller.contacts.record({ referrerReference: "RPS/990001", receivedAt: new Date("2026-11-23T08:30:00Z"), familyKnows: true, familyConsents: true, concernCategory: "NEGLECT", referrerLevel: 3, summary: "Child arriving hungry most mornings." });
    const replies = await inParallel(await live.signIn(DEMO.councilPractitioner), "contacts.decide", () => ({ contactId, levelApplied: 3, outcome: "CHILD_IN_NEED_ASSESSMENT", rationale: "Needs an assessment.", caseReference: "CSC-990001" }));
    oneWinner(replies, /already been recorded on this contact|just been linked to a case/);
    expect(await h.db.thresholdDecision.count({ where: { contactId } })).toBe(1);
    expect(await h.db.auditEvent.count({ where: { entityId: contactId, action: "threshold.decide" } })).toBe(1);
  });

  it("contacts.decide without a case reference: one decision stands", async () => {
    h.clock.set("2026-11-23T09:00:00Z");
    const school = await h.caller(DEMO.schoolDsl);
    const { contactId } = await school.caller.contacts.record({ referrerReference: "RPS/990002", receivedAt: new Date("2026-11-23T08:30:00Z"), familyKnows: true, familyConsents: true, concernCategory: "NEGLECT", referrerLevel: 3, summary: "Child arriving hungry most mornings." });
    const replies = await inParallel(await live.signIn(DEMO.councilPractitioner), "contacts.decide", () => ({ contactId, levelApplied: 3, outcome: "CHILD_IN_NEED_ASSESSMENT", rationale: "Needs an assessment." }));
    oneWinner(replies, /already been recorded on this contact/);
    expect(await h.db.thresholdDecision.count({ where: { contactId } })).toBe(1);
  });

  it("contacts.record with the same new case reference: every contact is kept, on one case", async () => {
    h.clock.set("2026-11-23T09:00:00Z");
    const { police } = await demoAgencies(h);
    const replies = await inParallel(await live.signIn(DEMO.councilPractitioner), "contacts.record", (i) => ({
      sourceAgencyId: police,
      referrerName: `PC Officer ${i + 1}`,
      channel: "PHONE",
      caseReference: "CSC-990100",
      initials: "JB",
      yearOfBirth: 2019,
      receivedAt: "2026-11-23T08:30:00.000Z",
      familyKnows: true, familyConsents: true, concernCategory: "DOMESTIC_ABUSE",
      referrerLevel: 3,
      summary: `Call ${i + 1} about a domestic incident at the family home.`,
    }));
    allSucceeded(replies);
    const cases = await h.db.childCase.findMany({ where: { reference: "CSC-990100" }, select: { id: true, _count: { select: { contacts: true } } } });
    expect(cases).toHaveLength(1);
    expect(cases[0]!._count.contacts).toBe(TRIES);
    const ids = replies.map((r) => (r.data as { contactId: string }).contactId);
    expect(await h.db.contact.count({ where: { id: { in: ids }, caseId: cases[0]!.id } })).toBe(TRIES);
  });

  it("meetings.markMinutesRead: all succeed with the same time, one read, one event", async () => {
    const { meetingId } = await conveneDemoMeeting(h);
    const chair = await h.caller(DEMO.councilManager);
    h.clock.set("2026-11-23T14:00:00Z");
    await chair.caller.meetings.start({ meetingId });
    await chair.caller.meetings.recordDecision({ meetingId, kind: "S47_JOINT", reason: "Joint enquiry." });
    h.clock.set("2026-11-23T15:00:00Z");
    await chair.caller.meetings.end({ meetingId });
    h.clock.set("2026-11-23T17:00:00Z");
    await chair.caller.meetings.draftMinutes({ meetingId, minutes: "Joint section 47 enquiry agreed." });
    await chair.caller.meetings.approveMinutes({ meetingId });
    h.clock.set("2026-11-24T09:00:00Z");
    const replies = await inParallel(await live.signIn(DEMO.policePractitioner), "meetings.markMinutesRead", () => ({ meetingId }));
    allSucceeded(replies);
    expect(new Set(replies.map((r) => (r.data as { readAt: string }).readAt))).toEqual(new Set(["2026-11-24T09:00:00.000Z"]));
    expect(await h.db.minutesRead.count({ where: { meetingId } })).toBe(1);
    expect(await h.db.meetingEvent.count({ where: { meetingId, type: "minutes.read" } })).toBe(1);
  });

  it("settings.addBankHoliday: one adds the day, the others are told it is already a holiday", async () => {
    h.clock.set("2026-11-23T09:00:00Z");
    const replies = await inParallel(await live.signIn(DEMO.systemAdmin), "settings.addBankHoliday", () => ({ date: "2031-06-02", name: "Extra day" }));
    oneWinner(replies, /2031-06-02 is already a bank holiday/);
    expect(await h.db.bankHoliday.count({ where: { date: new Date("2031-06-02T00:00:00Z") } })).toBe(1);
    expect(await h.db.auditEvent.count({ where: { action: "calendar.add_bank_holiday", entityId: "2031-06-02" } })).toBe(1);
  });

  it("settings.addBankHoliday on twenty different days: all are added and the calendar counts them", async () => {
    h.clock.set("2026-11-23T09:00:00Z");
    const day = (i: number) => `2032-03-${String(i + 1).padStart(2, "0")}`;
    const replies = await inParallel(await live.signIn(DEMO.systemAdmin), "settings.addBankHoliday", (i) => ({ date: day(i), name: `Extra day ${i + 1}` }));
    allSucceeded(replies);
    expect(await h.db.bankHoliday.count({ where: { date: { gte: new Date("2032-03-01T00:00:00Z"), lte: new Date("2032-03-20T00:00:00Z") } } })).toBe(TRIES);
    // Each change rebuilt the working-day calendar from the list: the last rebuild saw every day.
    const weekdaysLeft = Array.from({ length: 31 }, (_, i) => new Date(Date.UTC(2032, 2, i + 1))).filter((d) => d.getUTCDay() % 6 !== 0 && d.getUTCDate() > TRIES).length;
    const calendar = await h.db.$queryRaw<{ days: number }[]>`SELECT concord_working_days('2032-02-29T12:00:00Z', '2032-03-31T12:00:00Z') AS days`;
    expect(calendar[0]!.days).toBe(weekdaysLeft);
  });

  it("disagreements.tagThemes: one tagging stands, the others are told the record changed", async () => {
    const { disagreementId, school } = await schoolDisputesNfa(h);
    await school.caller.disagreements.withdraw({ disagreementId, expectedVersion: 1, statement: "Resolved by a conversation." });
    const chair = await h.caller(DEMO.chair);
    const themes = await chair.caller.disagreements.themes();
    const replies = await inParallel(await live.signIn(DEMO.chair), "disagreements.tagThemes", (i) => ({ disagreementId, expectedVersion: 2, themeIds: [themes[i % themes.length]!.id, themes[(i + 1) % themes.length]!.id] }));
    oneWinner(replies, /Someone else changed this disagreement/);
    expect(await h.db.disagreementTheme.count({ where: { disagreementId } })).toBe(2);
  });

  it("disagreements.tagThemes on twenty resolved disagreements at once: all succeed", async () => {
    const ids: string[] = [];
    for (let i = 0; i < TRIES; i++) {
      const { disagreementId, school } = await schoolDisputesNfa(h);
      await school.caller.disagreements.withdraw({ disagreementId, expectedVersion: 1, statement: "Resolved by a conversation." });
      ids.push(disagreementId);
    }
    const chair = await h.caller(DEMO.chair);
    const themes = await chair.caller.disagreements.themes();
    const cookie = await live.signIn(DEMO.chair);
    const replies = await Promise.all(ids.map((disagreementId) => call(cookie, "disagreements.tagThemes", { disagreementId, expectedVersion: 2, themeIds: themes.slice(0, 3).map((t) => t.id) })));
    allSucceeded(replies);
    expect(await h.db.disagreementTheme.count({ where: { disagreementId: { in: ids } } })).toBe(TRIES * 3);
  });

  it("users.invite to one address: at most one open link, and everyone told", async () => {
    h.clock.set("2026-11-23T09:00:00Z");
    const replies = await inParallel(await live.signIn(DEMO.policeAdmin), "users.invite", () => ({ email: "new.officer@police.example.org", displayName: "New Officer", roles: ["practitioner"] }));
    for (const r of replies) expect([200, 409]).toContain(r.status);
    expect(replies.some((r) => r.status === 200)).toBe(true);
    for (const r of replies.filter((r) => r.status === 409)) expect(r.message).toMatch(/invitation to that address/);
    const open = await h.db.accountInvitation.findMany({ where: { email: "new.officer@police.example.org", acceptedAt: null, revokedAt: null }, select: { id: true } });
    expect(open).toHaveLength(1);
    // The open one is the one a 200 acknowledged last; every acknowledged invitation exists.
    const acknowledged = replies.filter((r) => r.status === 200).map((r) => (r.data as { invitationId: string }).invitationId);
    expect(acknowledged).toContain(open[0]!.id);
    expect(await h.db.accountInvitation.count({ where: { id: { in: acknowledged } } })).toBe(acknowledged.length);
  });

  for (let round = 1; round <= 3; round++) {
    it(`meetings.respond: the stored current answer is the latest by position (round ${round})`, async () => {
      const { meetingId, agencies } = await conveneDemoMeeting(h);
      h.clock.set("2026-11-23T10:00:00Z");
      const replies = await inParallel(await live.signIn(DEMO.policePractitioner), "meetings.respond", (i) =>
        i % 2 === 0 ? { meetingId, kind: "ATTENDING", attendeeName: `Officer ${i}` } : { meetingId, kind: "APOLOGIES", reason: `Called to incident ${i}`, attendeeName: `Officer ${i}` },
      );
      allSucceeded(replies);
      const invitation = await h.db.meetingInvitation.findUniqueOrThrow({ where: { meetingId_agencyId: { meetingId, agencyId: agencies.police } }, select: { id: true, currentResponse: true } });
      const responses = await h.db.invitationResponse.findMany({ where: { invitationId: invitation.id }, orderBy: { position: "asc" }, select: { kind: true } });
      expect(responses).toHaveLength(TRIES);
      expect(invitation.currentResponse).toBe(responses.at(-1)!.kind);
    });
  }
});
