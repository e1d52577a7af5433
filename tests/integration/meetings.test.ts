import { describe, expect, it } from "vitest";
import { useHarness, DEMO, rejection } from "../support/harness";
import { conveneDemoMeeting, demoAgencies, DECISION_TIME } from "../support/meetings";
import { describeError } from "../../app/utils/errors.server";

const h = useHarness();


describe("convening", () => {
  it("invites the agencies, marks council, police and health required, and queues email with a calendar file", async () => {
    const { meetingId, late, dueBy, agencies } = await conveneDemoMeeting(h);
    expect(late).toBe(false);
    expect(dueBy).toBe("2026-11-24T09:00:00.000Z"); // 1 working day after the decision
    const chair = await h.caller(DEMO.councilManager);
    const meeting = await chair.caller.meetings.get({ meetingId });
    expect(meeting.invitations.map((i) => [i.agencyName, i.required]).sort()).toEqual([
      ["Northshire Council Children's Social Care", true],
      ["Northshire Integrated Care Board", true],
      ["Northshire Police", true],
      ["Riverside Primary School", false],
    ]);
    expect(meeting.viewer.isChair).toBe(true);
    const emails = await h.db.outboxEmail.findMany({ select: { toAddress: true, calendar: true, body: true } });
    expect(emails.map((e) => e.toAddress)).toEqual(expect.arrayContaining(["dan.hughes@police.example.org", "grace.owen@icb.example.org", "dee.walker@riverside.example.org"]));
    expect(emails.every((e) => e.calendar?.includes("BEGIN:VEVENT") && e.calendar.includes("DTSTART:20261123T140000Z"))).toBe(true);
    expect(emails.every((e) => !e.body.includes("CSC-300400"))).toBe(true); // no child details in email
  });

  it("takes only an https call link, refuses a line break in a place, and escapes the place in the calendar file", async () => {
    const meetingsBefore = await h.db.strategyMeeting.count();
    for (const callLink of ["javascript:alert(document.cookie)", "JavaScript://meet.example.org/%0Aalert(1)", "data:text/html,<script>alert(1)</script>", "http://meet.example.org/x", "https://meet.example.org/a\nb", "https://meet.example.org/a\u0000b", "https://meet.example.org/\u0085", "https://meet.example.org/\uD800", "https://meet.example.org/a b"]) {
      const refused = await rejection(conveneDemoMeeting(h, { callLink }));
      expect(refused.code).toBe("BAD_REQUEST");
      // What the form shows next to the field.
      expect(describeError(refused).fieldErrors).toEqual({ callLink: "Enter the call link in full, starting https://, like https://meet.example.org/strategy-meeting" });
    }
    expect(await h.db.strategyMeeting.count()).toBe(meetingsBefore);

    // A place is one line: a line break never reaches the calendar file (whose own escaping of
    // line breaks, the second defence, is covered in tests/unit/icalendar.test.ts).
    for (const location of ["Room 1\rATTENDEE:mailto:someone@evil.example", "Room 1\nATTENDEE:mailto:someone@evil.example"]) {
      const refused = await rejection(conveneDemoMeeting(h, { location, callLink: "https://meet.example.org/strategy-2" }));
      expect(refused.code).toBe("BAD_REQUEST");
      expect(describeError(refused).fieldErrors.location).toMatch(/^The place contains a line break/);
    }
    expect(await h.db.strategyMeeting.count()).toBe(meetingsBefore);

    // What a place may hold that is special in a calendar file is escaped there.
    await conveneDemoMeeting(h, { location: "Room 1; Block B, rear \\ side", callLink: "https://meet.example.org/strategy-2" });
    const { calendar } = await h.db.outboxEmail.findFirstOrThrow({ where: { calendar: { contains: "Room 1" } }, select: { calendar: true } });
    const lines = calendar!.replace(/\r\n[ \t]/g, "").split("\r\n");
    expect(lines).toContain("LOCATION:Room 1\\; Block B\\, rear \\\\ side");
    expect(calendar!.replace(/\r\n/g, "")).not.toMatch(/[\r\n]/);
  });

  it("warns when a required agency is missing, and sends only when the convener confirms", async () => {
    const agencies = await demoAgencies(h);
    h.clock.set(DECISION_TIME);
    const convener = await h.caller(DEMO.councilPractitioner);
    expect(await convener.caller.meetings.checkRequiredAgencies({ agencyIds: [agencies.police] })).toEqual([{ kind: "HEALTH", label: "health" }]);
    const chair = await h.actor(DEMO.councilManager);
    const input = { caseReference: "CSC-300401", urgency: "STANDARD" as const, scheduledStart: new Date("2026-11-23T15:00:00Z"), location: "Room 1", chairId: chair.userId, agencyIds: [agencies.police] };
    const refused = await rejection(convener.caller.meetings.convene(input));
    expect(refused.code).toBe("BAD_REQUEST");
    expect(refused.message).toMatch(/needs health/);
    expect(await h.db.strategyMeeting.count()).toBe(0);
    const { meetingId } = await convener.caller.meetings.convene({ ...input, confirmMissingRequired: true });
    expect((await h.db.auditEvent.findFirstOrThrow({ where: { action: "meeting.convene", entityId: meetingId } })).detail).toMatchObject({ missingRequired: ["HEALTH"] });
  });

  it("asks why a meeting is later than due, and shows it as late", async () => {
    const agencies = await demoAgencies(h);
    h.clock.set(DECISION_TIME);
    const convener = await h.caller(DEMO.councilPractitioner);
    const chair = await h.actor(DEMO.councilManager);
    const input = { caseReference: "CSC-300402", urgency: "STANDARD" as const, scheduledStart: new Date("2026-11-25T10:00:00Z"), location: "Room 1", chairId: chair.userId, agencyIds: [agencies.police, agencies.icb] };
    expect((await rejection(convener.caller.meetings.convene(input))).message).toMatch(/later than it is due/);
    const { meetingId, late } = await convener.caller.meetings.convene({ ...input, lateReason: "Police DS unavailable until Wednesday." });
    expect(late).toBe(true);
    expect((await convener.caller.meetings.get({ meetingId })).lateReason).toBe("Police DS unavailable until Wednesday.");
  });

  it("uses the partnership's own timescale, and the end of the working day for urgent meetings", async () => {
    const admin = await h.caller(DEMO.systemAdmin);
    await admin.caller.meetingSettings.setDueWorkingDays({ days: 3 });
    expect((await rejection(admin.caller.meetingSettings.setDueWorkingDays({ days: 4 }))).code).toBe("BAD_REQUEST");
    const { dueBy } = await conveneDemoMeeting(h, { scheduledStart: new Date("2026-11-25T10:00:00Z") });
    expect(dueBy).toBe("2026-11-26T09:00:00.000Z");
    const urgent = await conveneDemoMeeting(h, { caseReference: "CSC-300403", urgency: "URGENT", scheduledStart: new Date("2026-11-23T16:00:00Z") });
    expect(urgent.dueBy).toBe("2026-11-24T00:00:00.000Z");
  });

  it("refuses a meeting in the past, an unknown agency, a non-council chair or convener", async () => {
    const agencies = await demoAgencies(h);
    h.clock.set(DECISION_TIME);
    const convener = await h.caller(DEMO.councilPractitioner);
    const chair = await h.actor(DEMO.councilManager);
    const base = { caseReference: "CSC-300404", urgency: "STANDARD" as const, scheduledStart: new Date("2026-11-23T14:00:00Z"), location: "Room", chairId: chair.userId, agencyIds: [agencies.police, agencies.icb] };
    expect((await rejection(convener.caller.meetings.convene({ ...base, scheduledStart: new Date("2026-11-22T10:00:00Z") }))).message).toMatch(/past/);
    expect((await rejection(convener.caller.meetings.convene({ ...base, agencyIds: ["11111111-1111-4111-8111-111111111111"] }))).message).toMatch(/does not exist/);
    const policeUser = await h.actor(DEMO.policeManager);
    expect((await rejection(convener.caller.meetings.convene({ ...base, chairId: policeUser.userId }))).code).toBe("BAD_REQUEST");
    expect((await rejection((await h.caller(DEMO.policeManager)).caller.meetings.convene(base))).code).toBe("FORBIDDEN");
    expect((await rejection(convener.caller.meetings.convene({ ...base, location: undefined }))).code).toBe("BAD_REQUEST");
    expect(await h.db.strategyMeeting.count()).toBe(0);
  });
});

describe("scope", () => {
  it("shows a meeting to invited agencies and the council only", async () => {
    const { meetingId } = await conveneDemoMeeting(h);
    for (const email of [DEMO.policePractitioner, DEMO.healthPractitioner, DEMO.schoolDsl, DEMO.councilPractitioner]) {
      const { caller } = await h.caller(email);
      expect((await caller.meetings.list({})).items.map((m) => m.id)).toEqual([meetingId]);
    }
    // The hospital trust and Hillcrest were not invited.
    const hospital = await h.db.user.findFirstOrThrow({ where: { email: "nina.clarke@hospital.example.org" } });
    const outsider = await h.caller(hospital.email);
    expect((await outsider.caller.meetings.list({})).items).toEqual([]);
    expect((await rejection(outsider.caller.meetings.get({ meetingId }))).code).toBe("NOT_FOUND");
    expect((await rejection(outsider.caller.meetings.respond({ meetingId, kind: "ATTENDING", attendeeName: "Nina" }))).code).toBe("NOT_FOUND");
    expect((await rejection(outsider.caller.meetings.eventsAfter({ meetingId, lastSeq: 0 }))).code).toBe("NOT_FOUND");
  });
});

describe("responses", () => {
  it("keeps every answer as history; the latest is the agency's current answer", async () => {
    const { meetingId } = await conveneDemoMeeting(h);
    const police = await h.caller(DEMO.policeManager);
    await police.caller.meetings.respond({ meetingId, kind: "ATTENDING", attendeeName: "DS Dan Hughes" });
    await police.caller.meetings.respond({ meetingId, kind: "APOLOGIES", reason: "Called to an incident" });
    const school = await h.caller(DEMO.schoolDsl);
    await school.caller.meetings.respond({ meetingId, kind: "WRITTEN_CONTRIBUTION", contribution: "Attendance 71% this term; two bruising reports." });
    const meeting = await police.caller.meetings.get({ meetingId });
    const policeInvitation = meeting.invitations.find((i) => i.agencyName === "Northshire Police")!;
    expect(policeInvitation.response?.kind).toBe("APOLOGIES");
    expect(policeInvitation.history.map((r) => r.kind)).toEqual(["ATTENDING", "APOLOGIES"]);
    expect((await police.caller.meetings.list({})).items[0]!.myAgencyResponse).toBe("APOLOGIES");
  });

  it("needs the details each kind of answer calls for", async () => {
    const { meetingId } = await conveneDemoMeeting(h);
    const police = await h.caller(DEMO.policeManager);
    expect((await rejection(police.caller.meetings.respond({ meetingId, kind: "APOLOGIES" }))).message).toMatch(/reason/);
    expect((await rejection(police.caller.meetings.respond({ meetingId, kind: "DELEGATE" }))).message).toMatch(/name of the delegate/);
    expect(await h.db.invitationResponse.count()).toBe(0);
  });
});

describe("the live meeting", () => {
  it("records attendance from join and leave, and the quorum names the absent required agency", async () => {
    const { meetingId } = await conveneDemoMeeting(h);
    const chair = await h.caller(DEMO.councilManager);
    const police = await h.caller(DEMO.policePractitioner);
    h.clock.set("2026-11-23T14:00:00Z");
    const { joinMeeting, leaveMeeting } = await import("../../server/domain/meetings/room");
    const { services } = h.services();
    const c = await joinMeeting(services, chair.actor!, { meetingId }, { connectionId: "chair-laptop" });
    const p = await joinMeeting(services, police.actor!, { meetingId }, { connectionId: "police-laptop" });
    expect(p.snapshot.present.map((a) => a.agencyName).sort()).toEqual(["Northshire Council Children's Social Care", "Northshire Police"]);
    expect(p.snapshot.quorum.met).toBe(false);
    expect(p.snapshot.quorum.absentRequired).toEqual([{ kind: "HEALTH", label: "health", agencies: ["Northshire Integrated Care Board"] }]);
    h.clock.set("2026-11-23T14:20:00Z");
    await leaveMeeting(services, police.actor!, { meetingId, attendanceId: p.attendanceId });
    await chair.caller.meetings.markPresent({ meetingId, agencyId: (await demoAgencies(h)).icb, name: "Grace Owen (phone)" });
    const after = await chair.caller.meetings.get({ meetingId });
    expect(after.quorum.absentRequired.map((a) => a.kind)).toEqual(["POLICE"]);
    const policeAttendance = after.attendance.find((a) => a.name === "Pat O'Brien")!;
    expect([policeAttendance.joinedAt, policeAttendance.leftAt]).toEqual(["2026-11-23T14:00:00.000Z", "2026-11-23T14:20:00.000Z"]);
    expect(after.present.find((a) => a.byPhone)?.name).toBe("Grace Owen (phone)");
    expect(c.attendanceId).toBeTruthy();
  });

  it("lets only the chair record decisions, actions and the summary, and start and end the meeting", async () => {
    const { meetingId, agencies } = await conveneDemoMeeting(h);
    const police = await h.caller(DEMO.policeManager);
    const other = await h.caller(DEMO.councilPractitioner); // the convener, but not the chair
    for (const caller of [police.caller, other.caller]) {
      expect((await rejection(caller.meetings.recordDecision({ meetingId, kind: "S47_JOINT", reason: "x" }))).code).toBe("FORBIDDEN");
      expect((await rejection(caller.meetings.start({ meetingId, earlyReason: "x" }))).code).toBe("FORBIDDEN");
      expect((await rejection(caller.meetings.end({ meetingId }))).code).toBe("FORBIDDEN");
      expect((await rejection(caller.meetings.markPresent({ meetingId, agencyId: agencies.police, name: "x" }))).code).toBe("FORBIDDEN");
    }
    const chair = await h.caller(DEMO.councilManager);
    h.clock.set("2026-11-23T13:50:00Z");
    await chair.caller.meetings.start({ meetingId });
    expect((await rejection(chair.caller.meetings.end({ meetingId }))).message).toMatch(/at least one decision/);
    await chair.caller.meetings.updateSummary({ meetingId, summary: "Police and health shared information; injuries are non-accidental." });
    await chair.caller.meetings.recordDecision({ meetingId, kind: "S47_JOINT", reason: "Reasonable cause to suspect significant harm." });
    await chair.caller.meetings.addAction({ meetingId, description: "Arrange child protection medical", owningAgencyId: agencies.icb, ownerName: "Grace Owen", dueDate: "2026-11-24" });
    expect((await rejection(chair.caller.meetings.addAction({ meetingId, description: "x", owningAgencyId: (await demoAgencies(h)).hillcrest, ownerName: "x", dueDate: "2026-11-24" }))).code).toBe("BAD_REQUEST");
    h.clock.set("2026-11-23T15:00:00Z");
    await chair.caller.meetings.end({ meetingId });
    const closed = await chair.caller.meetings.get({ meetingId });
    expect([closed.status, closed.startedAt, closed.endedAt]).toEqual(["CLOSED", "2026-11-23T13:50:00.000Z", "2026-11-23T15:00:00.000Z"]);
    // Ending is not circulating: no minutes yet, and no email.
    expect([closed.minutes.circulatedAt, closed.minutes.circulatedInTime, closed.minutes.dueBy]).toEqual([null, null, "2026-11-24T15:00:00.000Z"]);
    expect(await h.db.outboxEmail.count({ where: { subject: "Strategy meeting minutes are ready" } })).toBe(0);
    // An ended meeting's record cannot change.
    const afterClose = await rejection(chair.caller.meetings.recordDecision({ meetingId, kind: "OTHER", reason: "late" }));
    expect(afterClose.code).toBe("CONFLICT");
    expect(await h.db.meetingDecision.count()).toBe(1);
  });

  it("records who has read the minutes only when they mark them read; opening them is an audited read that changes nothing", async () => {
    const { meetingId } = await conveneDemoMeeting(h);
    const police = await h.caller(DEMO.policePractitioner);
    expect((await rejection(police.caller.meetings.minutes({ meetingId }))).message).toMatch(/approved them after the meeting/);
    expect((await rejection(police.caller.meetings.markMinutesRead({ meetingId }))).message).toMatch(/approved them after the meeting/);
    await holdAndMinute(h, meetingId);
    const eventsBefore = await h.db.meetingEvent.count({ where: { meetingId } });
    const lastAudit = (await h.db.auditEvent.findFirstOrThrow({ orderBy: { id: "desc" }, select: { id: true } })).id;

    // Opening the minutes (what a link from anywhere can make a browser do) records no read.
    const opened = await police.caller.meetings.minutes({ meetingId });
    expect(opened.minutes.readBy).toEqual([]);
    expect(opened.viewer.minutesReadAt).toBeNull();
    expect(await h.db.minutesRead.count()).toBe(0);
    expect(await h.db.meetingEvent.count({ where: { meetingId } })).toBe(eventsBefore);
    const reads = await h.db.auditEvent.findMany({ where: { id: { gt: lastAudit }, actorUserId: police.actor!.userId }, select: { action: true, detail: true } });
    expect(reads).toEqual([{ action: "meeting.read", detail: { via: "minutes" } }]);

    // Marking them read records it once, however often it is sent.
    h.clock.set("2026-11-23T16:00:00Z");
    const marked = await police.caller.meetings.markMinutesRead({ meetingId });
    await police.caller.meetings.markMinutesRead({ meetingId });
    expect(marked.readAt).toBe("2026-11-23T16:00:00.000Z");
    const after = await police.caller.meetings.minutes({ meetingId });
    expect(after.minutes.readBy.map((r) => r.name)).toEqual(["Pat O'Brien"]);
    expect(after.viewer.minutesReadAt).toBe("2026-11-23T16:00:00.000Z");
    expect(await h.db.minutesRead.count()).toBe(1);
    expect(await h.db.meetingEvent.count({ where: { meetingId, type: "minutes.read" } })).toBe(1);
    expect(await h.db.auditEvent.count({ where: { entityId: meetingId, action: "meeting.minutes_read" } })).toBe(1);
  });

  it("gives each agency its open actions, which only that agency can mark done", async () => {
    const { meetingId, agencies } = await conveneDemoMeeting(h);
    const chair = await h.caller(DEMO.councilManager);
    await chair.caller.meetings.addAction({ meetingId, description: "Share previous callouts", owningAgencyId: agencies.police, ownerName: "DS Hughes", dueDate: "2026-11-24" });
    const police = await h.caller(DEMO.policePractitioner);
    const [action] = (await police.caller.actions.mine()).items;
    expect(action).toMatchObject({ description: "Share previous callouts", dueDate: "2026-11-24", overdue: false });
    expect((await (await h.caller(DEMO.healthPractitioner)).caller.actions.mine()).items).toEqual([]);
    expect((await rejection((await h.caller(DEMO.healthPractitioner)).caller.actions.complete({ actionId: action!.id }))).code).toBe("FORBIDDEN");
    await police.caller.actions.complete({ actionId: action!.id });
    expect((await police.caller.actions.mine()).items).toEqual([]);
    expect((await rejection(police.caller.actions.complete({ actionId: action!.id }))).code).toBe("CONFLICT");
  });

  it("numbers every change in order, so a client can fetch what it missed", async () => {
    const { meetingId } = await conveneDemoMeeting(h);
    const chair = await h.caller(DEMO.councilManager);
    const before = (await chair.caller.meetings.get({ meetingId })).seq;
    await chair.caller.meetings.updateSummary({ meetingId, summary: "First" });
    await chair.caller.meetings.recordDecision({ meetingId, kind: "EARLY_HELP", reason: "Support." });
    const missed = await chair.caller.meetings.eventsAfter({ meetingId, lastSeq: before });
    expect(missed.map((e) => [e.seq, e.type])).toEqual([
      [before + 1, "summary.updated"],
      [before + 2, "decision.recorded"],
    ]);
  });
});

/** Maria starts the demo meeting on time, records a decision, ends it at 15:00 and drafts and approves the minutes at 17:00. */
async function holdAndMinute(h: ReturnType<typeof useHarness>, meetingId: string) {
  const chair = await h.caller(DEMO.councilManager);
  h.clock.set("2026-11-23T14:00:00Z");
  await chair.caller.meetings.start({ meetingId });
  await chair.caller.meetings.recordDecision({ meetingId, kind: "S17_ASSESSMENT", reason: "Needs assessment." });
  h.clock.set("2026-11-23T15:00:00Z");
  await chair.caller.meetings.end({ meetingId });
  h.clock.set("2026-11-23T17:00:00Z");
  await chair.caller.meetings.draftMinutes({ meetingId, minutes: "Agreed a child-in-need assessment." });
  await chair.caller.meetings.approveMinutes({ meetingId });
  return chair;
}

describe("held, then minuted", () => {
  it("starts no more than 15 minutes before it is due unless brought forward with a reason", async () => {
    const { meetingId } = await conveneDemoMeeting(h);
    const chair = await h.caller(DEMO.councilManager);
    h.clock.set("2026-11-23T13:40:00Z");
    const early = await rejection(chair.caller.meetings.start({ meetingId }));
    expect(early.message).toMatch(/brought forward/);
    expect((await h.db.strategyMeeting.findUniqueOrThrow({ where: { id: meetingId } })).startedAt).toBeNull();
    await chair.caller.meetings.start({ meetingId, earlyReason: "Police available earlier; the family is moving today." });
    const started = await chair.caller.meetings.get({ meetingId });
    expect([started.startedAt, started.startedEarlyReason]).toEqual(["2026-11-23T13:40:00.000Z", "Police available earlier; the family is moving today."]);
    // Starting again changes nothing and adds no event.
    const events = await h.db.meetingEvent.count({ where: { meetingId } });
    h.clock.set("2026-11-23T14:05:00Z");
    expect(await chair.caller.meetings.start({ meetingId })).toEqual({ startedAt: "2026-11-23T13:40:00.000Z" });
    expect(await h.db.meetingEvent.count({ where: { meetingId } })).toBe(events);
  });

  it("cannot end a meeting that was never started", async () => {
    const { meetingId } = await conveneDemoMeeting(h);
    const chair = await h.caller(DEMO.councilManager);
    await chair.caller.meetings.recordDecision({ meetingId, kind: "EARLY_HELP", reason: "Support." });
    expect((await rejection(chair.caller.meetings.end({ meetingId }))).message).toMatch(/Start the meeting/);
  });

  it("drafts minutes only after the end, shows the draft only to the chair, and circulates them on approval", async () => {
    const { meetingId } = await conveneDemoMeeting(h);
    const chair = await h.caller(DEMO.councilManager);
    const police = await h.caller(DEMO.policePractitioner);
    h.clock.set("2026-11-23T14:00:00Z");
    await chair.caller.meetings.start({ meetingId });
    expect((await rejection(chair.caller.meetings.draftMinutes({ meetingId, minutes: "Too soon" }))).message).toMatch(/end the meeting first/);
    await chair.caller.meetings.recordDecision({ meetingId, kind: "S47_JOINT", reason: "Joint enquiry." });
    h.clock.set("2026-11-23T15:00:00Z");
    await chair.caller.meetings.end({ meetingId });
    expect((await rejection(chair.caller.meetings.approveMinutes({ meetingId }))).message).toMatch(/Draft the minutes/);
    expect((await rejection(police.caller.meetings.draftMinutes({ meetingId, minutes: "Ours" }))).code).toBe("FORBIDDEN");
    h.clock.set("2026-11-24T10:00:00Z");
    await chair.caller.meetings.draftMinutes({ meetingId, minutes: "Joint section 47 enquiry agreed." });
    expect((await chair.caller.meetings.minutes({ meetingId })).minutes.draft).toBe("Joint section 47 enquiry agreed.");
    expect((await police.caller.meetings.get({ meetingId })).minutes).toMatchObject({ text: null, draft: null, drafted: true });
    expect((await rejection(police.caller.meetings.minutes({ meetingId }))).code).toBe("BAD_REQUEST");
    expect(await h.db.outboxEmail.count({ where: { subject: "Strategy meeting minutes are ready" } })).toBe(0);

    h.clock.set("2026-11-24T11:00:00Z");
    await chair.caller.meetings.approveMinutes({ meetingId });
    const minutes = await police.caller.meetings.minutes({ meetingId });
    expect(minutes.minutes).toMatchObject({ text: "Joint section 47 enquiry agreed.", approvedByName: "Maria Jones", circulatedAt: "2026-11-24T11:00:00.000Z", dueBy: "2026-11-24T15:00:00.000Z", circulatedInTime: true });
    const emails = await h.db.outboxEmail.findMany({ where: { subject: "Strategy meeting minutes are ready" }, select: { toAddress: true } });
    expect(emails.length).toBeGreaterThan(3);
    expect(new Set(emails.map((e) => e.toAddress)).size).toBe(emails.length);
    expect((await rejection(chair.caller.meetings.draftMinutes({ meetingId, minutes: "Changed" }))).code).toBe("CONFLICT");
  });

  it("says minutes were late when circulated more than a working day after the meeting ended", async () => {
    const { meetingId } = await conveneDemoMeeting(h);
    const chair = await h.caller(DEMO.councilManager);
    h.clock.set("2026-11-23T14:00:00Z");
    await chair.caller.meetings.start({ meetingId });
    await chair.caller.meetings.recordDecision({ meetingId, kind: "S47_JOINT", reason: "Joint enquiry." });
    h.clock.set("2026-11-23T15:00:00Z");
    await chair.caller.meetings.end({ meetingId });
    h.clock.set("2026-11-25T10:00:00Z");
    await chair.caller.meetings.draftMinutes({ meetingId, minutes: "Late minutes." });
    await chair.caller.meetings.approveMinutes({ meetingId });
    expect((await chair.caller.meetings.get({ meetingId })).minutes.circulatedInTime).toBe(false);
  });
});

describe("honest attendance", () => {
  it("shows a person on two devices once, and attending supersedes no answer; the convening agency is never 'no response'", async () => {
    const { meetingId, agencies } = await conveneDemoMeeting(h);
    const police = await h.caller(DEMO.policePractitioner);
    const chair = await h.caller(DEMO.councilManager);
    h.clock.set("2026-11-23T14:00:00Z");
    const { joinMeeting, leaveMeeting } = await import("../../server/domain/meetings/room");
    const { services } = h.services();
    const laptop = await joinMeeting(services, police.actor!, { meetingId }, { connectionId: "laptop" });
    await joinMeeting(services, police.actor!, { meetingId }, { connectionId: "phone" });
    await chair.caller.meetings.markPresent({ meetingId, agencyId: agencies.icb, name: "Grace Owen" });
    await chair.caller.meetings.markPresent({ meetingId, agencyId: agencies.icb, name: "grace owen" });
    const state = await chair.caller.meetings.get({ meetingId });
    expect(state.present.map((p) => [p.name, p.devices]).sort()).toEqual([["Grace Owen", 1], ["Pat O'Brien", 2]]);
    expect(state.people.filter((p) => p.name === "Pat O'Brien")).toHaveLength(1);
    // Leaving on one device leaves the person present on the other.
    await leaveMeeting(services, police.actor!, { meetingId, attendanceId: laptop.attendanceId });
    expect((await chair.caller.meetings.get({ meetingId })).present.find((p) => p.name === "Pat O'Brien")?.devices).toBe(1);
    const standing = Object.fromEntries(state.invitations.map((i) => [i.agencyName, i.standing]));
    expect(standing).toEqual({
      "Northshire Council Children's Social Care": "CONVENING",
      "Northshire Police": "ATTENDED",
      "Northshire Integrated Care Board": "ATTENDED",
      "Riverside Primary School": "NO_RESPONSE",
    });
    // The meetings lists say the same to each agency.
    expect((await chair.caller.meetings.list()).items.find((m) => m.id === meetingId)?.myAgencyResponse).toBe("CONVENING");
    expect((await police.caller.meetings.list()).items.find((m) => m.id === meetingId)?.myAgencyResponse).toBe("ATTENDED");
  });
});

describe("state kept for the figures", () => {
  it("keeps each invitation's latest answer and first attendance in step with the timeline", async () => {
    const { meetingId, agencies } = await conveneDemoMeeting(h);
    const police = await h.caller(DEMO.policeManager);
    await police.caller.meetings.respond({ meetingId, kind: "ATTENDING", attendeeName: "DS Hughes" });
    await police.caller.meetings.respond({ meetingId, kind: "DELEGATE", attendeeName: "DC O'Brien" });
    const chair = await h.caller(DEMO.councilManager);
    await chair.caller.meetings.markPresent({ meetingId, agencyId: agencies.police, name: "DC O'Brien (phone)" });
    const invitation = await h.db.meetingInvitation.findUniqueOrThrow({ where: { meetingId_agencyId: { meetingId, agencyId: agencies.police } } });
    expect(invitation.currentResponse).toBe("DELEGATE");
    expect(invitation.attendedAt).not.toBeNull();
    const health = await h.db.meetingInvitation.findUniqueOrThrow({ where: { meetingId_agencyId: { meetingId, agencyId: agencies.icb } } });
    expect([health.currentResponse, health.attendedAt]).toEqual([null, null]);
  });
});
