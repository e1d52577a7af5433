// Each figure checked against a small fixture whose answers are worked out by hand (see the
// comments). The fixture is written straight to the database so every time is exact.
import { beforeEach, describe, expect, it } from "vitest";
import { TRPCError } from "@trpc/server";
import { useHarness, DEMO, rejection } from "../support/harness";
import { demoAgencies } from "../support/meetings";

const h = useHarness();
const NOV = { from: "2026-11-01", to: "2026-11-30" };
let ids: Record<string, string> = {};

async function fixture() {
  const a = await demoAgencies(h);
  const stanne = (await h.db.agency.findFirstOrThrow({ where: { name: "St Anne's CE Primary School" } })).id;
  const sam = await h.actor(DEMO.councilPractitioner);
  const maria = await h.actor(DEMO.councilManager);
  const dee = await h.actor(DEMO.schoolDsl);
  const pat = await h.actor(DEMO.policePractitioner);
  const child = await h.db.childCase.create({ data: { reference: "CSC-700001" } });
  const t = (iso: string) => new Date(iso);

  async function meeting(o: { decisionAt: string; start: string; dueBy: string; invited: string[]; present: string[]; responses: [string, "ATTENDING" | "APOLOGIES" | "DELEGATE"][]; closedAt?: string; minutesAt?: string }) {
    const m = await h.db.strategyMeeting.create({
      data: {
        caseId: child.id, urgency: "STANDARD", decisionAt: t(o.decisionAt), dueBy: t(o.dueBy), scheduledStart: t(o.start), location: "Room",
        chairId: maria.userId, convenedById: sam.userId, convenedAt: t(o.decisionAt), status: o.closedAt ? "CLOSED" : "SCHEDULED",
        startedAt: o.closedAt ? t(o.start) : null, endedAt: o.closedAt ? t(o.closedAt) : null,
        minutes: o.minutesAt ? "Minutes" : null, minutesDraftedAt: o.minutesAt ? t(o.minutesAt) : null, minutesApprovedById: o.minutesAt ? maria.userId : null, minutesCirculatedAt: o.minutesAt ? t(o.minutesAt) : null,
        invitations: { create: o.invited.map((agencyId) => ({ agencyId, required: true, convening: agencyId === a.council, invitedAt: t(o.decisionAt) })) },
      },
      include: { invitations: true },
    });
    // Written as the domain writes them: attendance and answers keep the invitation in step.
    for (const agencyId of o.present) {
      await h.db.meetingAttendance.create({ data: { meetingId: m.id, agencyId, name: "Someone", joinedAt: t(o.start) } });
      await h.db.meetingInvitation.updateMany({ where: { meetingId: m.id, agencyId }, data: { attendedAt: t(o.start) } });
    }
    for (const [agencyId, kind] of o.responses) {
      const invitation = m.invitations.find((i) => i.agencyId === agencyId)!;
      await h.db.invitationResponse.create({ data: { invitationId: invitation.id, kind, attendeeName: "X", reason: kind === "APOLOGIES" ? "Leave" : null, respondedById: pat.userId, respondedAt: t(o.decisionAt) } });
      await h.db.meetingInvitation.update({ where: { id: invitation.id }, data: { currentResponse: kind } });
    }
    return m.id;
  }
  // M1: all three core agencies present; decided and held on Monday 2 Nov (0 working days); minutes same day.
  ids.m1 = await meeting({ decisionAt: "2026-11-02T09:00:00Z", start: "2026-11-02T14:00:00Z", dueBy: "2026-11-03T09:00:00Z", invited: [a.council, a.police, a.icb], present: [a.council, a.police, a.icb], responses: [[a.police, "ATTENDING"]], closedAt: "2026-11-02T15:00:00Z", minutesAt: "2026-11-02T15:00:00Z" });
  // M2: only the council came; police and the hospital sent apologies, the school a delegate; 3 working days (Thu, Fri, Mon): late.
  ids.m2 = await meeting({ decisionAt: "2026-11-04T10:00:00Z", start: "2026-11-09T10:00:00Z", dueBy: "2026-11-05T10:00:00Z", invited: [a.council, a.police, a.icb, a.hospital, a.riverside], present: [a.council], responses: [[a.police, "APOLOGIES"], [a.hospital, "APOLOGIES"], [a.riverside, "DELEGATE"]] });
  // M3: health not invited; minutes went out 2 working days after the close (Fri 13, Mon 16).
  ids.m3 = await meeting({ decisionAt: "2026-11-12T09:00:00Z", start: "2026-11-12T11:00:00Z", dueBy: "2026-11-13T09:00:00Z", invited: [a.council, a.police], present: [a.council, a.police], responses: [], closedAt: "2026-11-12T12:00:00Z", minutesAt: "2026-11-16T09:00:00Z" });

  async function contact(source: string, received: string, due: string, decision?: { level: number; outcome: "STRATEGY_DISCUSSION" | "NO_FURTHER_ACTION" | "ADVICE_AND_INFORMATION"; at: string }) {
    const c = await h.db.contact.create({ data: { caseId: child.id, sourceAgencyId: source, referrerName: "R", receivedAt: t(received), channel: "ONLINE", concernCategory: "NEGLECT", referrerLevel: 3, summary: "S", recordedById: sam.userId, recordedAt: t(received), decisionDueAt: t(due) } });
    if (decision) {
      const d = await h.db.thresholdDecision.create({ data: { contactId: c.id, levelApplied: decision.level, outcome: decision.outcome, rationale: "R", closureReason: decision.outcome === "STRATEGY_DISCUSSION" ? null : "C", decidedById: sam.userId, decidedAt: t(decision.at) } });
      await h.db.contact.update({ where: { id: c.id }, data: { currentDecisionId: d.id } });
    }
    return c.id;
  }
  ids.k1 = await contact(a.police, "2026-11-02T08:00:00Z", "2026-11-03T08:00:00Z", { level: 4, outcome: "STRATEGY_DISCUSSION", at: "2026-11-02T09:00:00Z" }); // in time
  ids.k2 = await contact(a.riverside, "2026-11-05T08:00:00Z", "2026-11-06T08:00:00Z", { level: 1, outcome: "NO_FURTHER_ACTION", at: "2026-11-09T08:00:00Z" }); // late; disputed
  ids.k3 = await contact(a.riverside, "2026-11-20T08:00:00Z", "2026-11-23T08:00:00Z"); // undecided
  ids.k4 = await contact(a.police, "2026-11-24T08:00:00Z", "2026-11-25T08:00:00Z", { level: 2, outcome: "ADVICE_AND_INFORMATION", at: "2026-11-24T12:00:00Z" }); // in time

  // D1: Riverside disputes K2 on Tue 10 Nov; escalated Wed 11 (stage 1 took 1 working day); overdue at stage 2; still open.
  const d1 = await h.db.disagreement.create({ data: { contactId: ids.k2, caseId: child.id, raisingAgencyId: a.riverside, receivingAgencyId: a.council, raisedById: dee.userId, raisedAt: t("2026-11-10T09:00:00Z"), subject: "OUTCOME", soughtOutcome: "CIN", reasons: "R", urgent: false, ladderVersion: 1, stage: 2, stageStartedAt: t("2026-11-11T09:00:00Z"), stageDueAt: t("2026-11-12T09:00:00Z"), version: 3 } });
  await h.db.disagreementEvent.createMany({ data: [
    { disagreementId: d1.id, seq: 1, type: "raised", stage: 1, occurredAt: t("2026-11-10T09:00:00Z") },
    { disagreementId: d1.id, seq: 2, type: "escalated", stage: 2, occurredAt: t("2026-11-11T09:00:00Z") },
    { disagreementId: d1.id, seq: 3, type: "stage.overdue", stage: 2, occurredAt: t("2026-11-13T09:00:00Z") },
  ] });
  // D2: the police dispute K1 on Mon 16 Nov; resolved (upheld) at stage 1 on Wed 18 (2 working days); themed.
  const d2 = await h.db.disagreement.create({ data: { contactId: ids.k1, caseId: child.id, raisingAgencyId: a.police, receivingAgencyId: a.council, raisedById: pat.userId, raisedAt: t("2026-11-16T09:00:00Z"), subject: "LEVEL_APPLIED", soughtOutcome: "L3", reasons: "R", urgent: false, ladderVersion: 1, stage: 1, stageStartedAt: t("2026-11-16T09:00:00Z"), stageDueAt: t("2026-11-17T09:00:00Z"), status: "RESOLVED", outcome: "UPHELD", resolution: "AGREED", outcomeStatement: "Upheld", resolvedAt: t("2026-11-18T09:00:00Z"), resolvedById: maria.userId, resolvedByAgencyId: a.council, version: 2 } });
  await h.db.disagreementEvent.createMany({ data: [
    { disagreementId: d2.id, seq: 1, type: "raised", stage: 1, occurredAt: t("2026-11-16T09:00:00Z") },
    { disagreementId: d2.id, seq: 2, type: "resolved", stage: 1, occurredAt: t("2026-11-18T09:00:00Z") },
  ] });
  // Proposals: on D1 the council proposed to uphold and Riverside declined; on D2 the police proposed and the council accepted.
  await h.db.disagreementProposal.createMany({ data: [
    { disagreementId: d1.id, stage: 1, outcome: "UPHELD", statement: "S", proposedById: maria.userId, proposedByAgencyId: a.council, proposedAt: t("2026-11-10T12:00:00Z"), status: "DECLINED", answeredById: dee.userId, answeredByAgencyId: a.riverside, answeredAt: t("2026-11-10T15:00:00Z"), declineReasons: "R" },
    { disagreementId: d2.id, stage: 1, outcome: "UPHELD", statement: "Upheld", proposedById: pat.userId, proposedByAgencyId: a.police, proposedAt: t("2026-11-17T09:00:00Z"), status: "ACCEPTED", answeredById: maria.userId, answeredByAgencyId: a.council, answeredAt: t("2026-11-18T09:00:00Z") },
  ] });
  const theme = await h.db.theme.findUniqueOrThrow({ where: { name: "Threshold interpretation" } });
  await h.db.disagreementTheme.create({ data: { disagreementId: d2.id, themeId: theme.id } });
  ids = { ...ids, ...a, stanne };
}

beforeEach(async () => {
  h.clock.set("2026-12-01T12:00:00Z");
  await fixture();
});

describe("partnership figures (the chair)", () => {
  it("attendance by agency, including an agency with only apologies and agencies never invited", async () => {
    const chair = await h.caller(DEMO.chair);
    const f = await chair.caller.figures.partnership(NOV);
    const row = (name: string) => f.attendance.byAgency.find((r) => r.agencyName === name)!;
    // Attending supersedes "no response", and the council (convening every meeting) is never "no response".
    expect(row("Northshire Council Children's Social Care")).toMatchObject({ invited: 3, attended: 3, apologies: 0, noResponse: 0, attendanceRate: 100 });
    expect(row("Northshire Police")).toMatchObject({ invited: 3, attended: 2, apologies: 1, delegates: 0, noResponse: 0, attendanceRate: 66.7 });
    expect(row("Northshire Integrated Care Board")).toMatchObject({ invited: 2, attended: 1, apologies: 0, noResponse: 1, attendanceRate: 50 });
    expect(row("Northshire Hospitals NHS Foundation Trust")).toMatchObject({ invited: 1, attended: 0, apologies: 1, noResponse: 0, attendanceRate: 0 });
    expect(row("Riverside Primary School")).toMatchObject({ invited: 1, attended: 0, delegates: 1, attendanceRate: 0 });
    expect(row("Hillcrest Academy")).toMatchObject({ invited: 0, attended: 0, attendanceRate: null });
    expect(f.attendance.partnership).toEqual({ invited: 10, attended: 6, attendanceRate: 60 });
    expect(f.attendance.allCorePresent).toEqual({ meetings: 3, withAllCore: 1, percent: 33.3 });
    expect(f.attendance.trend).toEqual([{ month: "2026-11", meetings: 3, withAllCore: 1, allCorePercent: 33.3, invited: 10, attended: 6, attendanceRate: 60 }]);
  });

  it("timeliness of meetings, minutes and front-door decisions", async () => {
    const f = await (await h.caller(DEMO.chair)).caller.figures.partnership(NOV);
    expect(f.timeliness).toEqual({
      meetings: 3, late: 1, latePercent: 33.3, avgWorkingDaysToMeeting: 1,
      workingDaysToMeeting: [{ days: "0", meetings: 2 }, { days: "3", meetings: 1 }],
      closedMeetings: 2, minutesInTime: 1, minutesInTimePercent: 50,
      contacts: 4, contactsDecided: 3, decisionsInTime: 2, decisionsInTimePercent: 66.7,
    });
  });

  it("contacts by source agency and level, those not meeting the threshold, and closures later disputed", async () => {
    const f = await (await h.caller(DEMO.chair)).caller.figures.partnership(NOV);
    expect(f.thresholds.byAgency.find((r) => r.agencyName === "Northshire Police")).toMatchObject({ contacts: 2, level1: 0, level2: 1, level3: 0, level4: 1, undecided: 0 });
    expect(f.thresholds.byAgency.find((r) => r.agencyName === "Riverside Primary School")).toMatchObject({ contacts: 2, level1: 1, undecided: 1 });
    expect(f.thresholds).toMatchObject({ decided: 3, notMeetingThreshold: 2, notMeetingThresholdPercent: 66.7, closures: 2, closuresDisputed: 1, closuresDisputedPercent: 50 });
  });

  it("disagreements by agencies, subject, stage, outcome, time per stage, breaches, themes, and who never raises one", async () => {
    const f = await (await h.caller(DEMO.chair)).caller.figures.partnership(NOV);
    expect(f.disagreements).toMatchObject({ raised: 2, open: 1, resolved: 1 });
    expect(f.disagreements.byAgencies).toEqual([
      { raisingAgency: "Northshire Police", receivingAgency: "Northshire Council Children's Social Care", disagreements: 1 },
      { raisingAgency: "Riverside Primary School", receivingAgency: "Northshire Council Children's Social Care", disagreements: 1 },
    ]);
    expect(f.disagreements.bySubject).toEqual([{ subject: "LEVEL_APPLIED", disagreements: 1 }, { subject: "OUTCOME", disagreements: 1 }]);
    expect(f.disagreements.byStageReached).toEqual([{ stage: 1, disagreements: 1 }, { stage: 2, disagreements: 1 }]);
    expect(f.disagreements.byOutcome).toEqual([{ outcome: "OPEN", disagreements: 1 }, { outcome: "UPHELD", disagreements: 1 }]);
    expect(f.disagreements.workingDaysPerStage).toEqual([{ stage: 1, completed: 2, avgWorkingDays: 1.5 }]);
    expect(f.disagreements.toResolution).toEqual({ resolved: 1, avgWorkingDays: 2 });
    expect(f.disagreements.stageTimersBreached).toEqual([{ stage: 2, breaches: 1 }]);
    expect(f.disagreements.agenciesThatNeverRaised).toEqual(["Northshire Council Children's Social Care", "Northshire Hospitals NHS Foundation Trust", "Northshire Integrated Care Board", "Hillcrest Academy", "St Anne's CE Primary School", "Northshire Fostering and Residential Services"]);
    expect(f.disagreements.themes).toEqual([{ theme: "Threshold interpretation", disagreements: 1 }]);
    expect(f.disagreements.proposals).toEqual({ proposed: 2, accepted: 1, declined: 1, lapsed: 0, waiting: 0 });
    expect(f.disagreements.byResolution).toEqual([{ resolution: "AGREED", disagreements: 1 }]);
  });

  it("a disagreement still open across the period's end counts in the period it was raised", async () => {
    const f = await (await h.caller(DEMO.chair)).caller.figures.partnership({ from: "2026-11-01", to: "2026-11-12" });
    expect(f.disagreements).toMatchObject({ raised: 1, open: 1, resolved: 0 });
    expect(f.disagreements.workingDaysPerStage).toEqual([{ stage: 1, completed: 1, avgWorkingDays: 1 }]);
    expect(f.disagreements.toResolution).toEqual({ resolved: 0, avgWorkingDays: null });
  });

  it("a period with no meetings gives zeros and no percentages, not errors", async () => {
    const f = await (await h.caller(DEMO.chair)).caller.figures.partnership({ from: "2025-01-01", to: "2025-12-31" });
    expect(f.attendance.partnership).toEqual({ invited: 0, attended: 0, attendanceRate: null });
    expect(f.attendance.allCorePresent).toEqual({ meetings: 0, withAllCore: 0, percent: null });
    expect(f.timeliness).toMatchObject({ meetings: 0, late: 0, latePercent: null, avgWorkingDaysToMeeting: null, minutesInTimePercent: null, decisionsInTimePercent: null });
    expect(f.disagreements.raised).toBe(0);
  });

  it("follows a number to the meetings behind it, without case references", async () => {
    const chair = await h.caller(DEMO.chair);
    const apologies = await chair.caller.figures.meetingsBehind({ ...NOV, agencyId: ids.police, measure: "apologies" });
    expect(apologies.map((m) => m.id)).toEqual([ids.m2]);
    expect(JSON.stringify(apologies)).not.toContain("CSC-700001");
    expect((await chair.caller.figures.meetingsBehind({ ...NOV, measure: "allCore" })).map((m) => m.id)).toEqual([ids.m1]);
    expect((await chair.caller.figures.meetingsBehind({ ...NOV, measure: "late" })).map((m) => m.id)).toEqual([ids.m2]);
    expect(apologies[0]!.canOpen).toBe(false); // the chair was not invited to the meeting itself
  });
});

// The same figures from meetings run through the domain, as people run them: these could not fail
// while closing a meeting also circulated its minutes and lateness used the scheduled time.
describe("figures that can fail (meetings run through the domain)", () => {
  const JAN = { from: "2027-01-01", to: "2027-01-31" };
  /** Sam convenes for 14:00 on Monday 11 January 2027 (decided at 09:00: due by Tuesday 09:00), chaired by Maria. */
  async function convene() {
    const a = await demoAgencies(h);
    h.clock.set("2027-01-11T09:00:00Z");
    const sam = await h.caller(DEMO.councilPractitioner);
    const maria = await h.caller(DEMO.councilManager);
    const { meetingId } = await sam.caller.meetings.convene({ caseReference: "CSC-800001", urgency: "STANDARD", scheduledStart: new Date("2027-01-11T14:00:00Z"), location: "Room 1", chairId: maria.actor!.userId, agencyIds: [a.police, a.icb] });
    return { meetingId, maria, a };
  }
  async function hold(maria: Awaited<ReturnType<typeof h.caller>>, meetingId: string, start: string, end: string) {
    h.clock.set(start);
    await maria.caller.meetings.start({ meetingId });
    await maria.caller.meetings.recordDecision({ meetingId, kind: "S47_JOINT", reason: "Joint enquiry." });
    h.clock.set(end);
    await maria.caller.meetings.end({ meetingId });
  }
  const figures = async () => (await (await h.caller(DEMO.chair)).caller.figures.partnership(JAN));

  it("minutes circulated two working days after the meeting ended are late", async () => {
    const { meetingId, maria } = await convene();
    await hold(maria, meetingId, "2027-01-11T14:00:00Z", "2027-01-11T15:00:00Z");
    // Within the working day the minutes are not due yet: neither in time nor late.
    expect((await figures()).timeliness).toMatchObject({ closedMeetings: 0, minutesInTime: 0 });
    h.clock.set("2027-01-13T10:00:00Z"); // Wednesday: two working days after Monday's end
    await maria.caller.meetings.draftMinutes({ meetingId, minutes: "Joint enquiry agreed." });
    await maria.caller.meetings.approveMinutes({ meetingId });
    expect((await figures()).timeliness).toMatchObject({ closedMeetings: 1, minutesInTime: 0, minutesInTimePercent: 0 });
  });

  it("minutes circulated the next working day are in time", async () => {
    const { meetingId, maria } = await convene();
    await hold(maria, meetingId, "2027-01-11T14:00:00Z", "2027-01-11T15:00:00Z");
    h.clock.set("2027-01-12T11:00:00Z");
    await maria.caller.meetings.draftMinutes({ meetingId, minutes: "Joint enquiry agreed." });
    await maria.caller.meetings.approveMinutes({ meetingId });
    expect((await figures()).timeliness).toMatchObject({ closedMeetings: 1, minutesInTime: 1, minutesInTimePercent: 100 });
  });

  it("a meeting scheduled in time but held after its due-by time is late", async () => {
    const { meetingId, maria } = await convene();
    expect((await figures()).timeliness).toMatchObject({ meetings: 1, late: 0 });
    await hold(maria, meetingId, "2027-01-12T10:00:00Z", "2027-01-12T11:00:00Z"); // due by Tuesday 09:00
    expect((await figures()).timeliness).toMatchObject({ meetings: 1, late: 1, latePercent: 100 });
    expect((await (await h.caller(DEMO.chair)).caller.figures.meetingsBehind({ ...JAN, measure: "late" })).map((m) => m.id)).toEqual([meetingId]);
    expect((await maria.caller.meetings.get({ meetingId })).late).toBe(true);
  });

  it("shows an agency that attended without answering as attended, never 'no response'; the convening council neither", async () => {
    const { meetingId, maria, a } = await convene();
    const pat = await h.caller(DEMO.policePractitioner);
    const { joinMeeting } = await import("../../server/domain/meetings/room");
    const { services } = h.services();
    h.clock.set("2027-01-11T14:00:00Z");
    await joinMeeting(services, pat.actor!, { meetingId }, { connectionId: "pat-laptop" });
    await joinMeeting(services, pat.actor!, { meetingId }, { connectionId: "pat-phone" });
    await hold(maria, meetingId, "2027-01-11T14:01:00Z", "2027-01-11T15:00:00Z");
    const f = await figures();
    const row = (id: string) => f.attendance.byAgency.find((r) => r.agencyId === id)!;
    expect(row(a.police)).toMatchObject({ invited: 1, attended: 1, noResponse: 0 });
    expect(row(a.council)).toMatchObject({ invited: 1, attended: 0, noResponse: 0 });
    expect(row(a.icb)).toMatchObject({ invited: 1, attended: 0, noResponse: 1 });
    const minutes = await maria.caller.meetings.get({ meetingId });
    expect(minutes.people.filter((p) => p.name === "Pat O'Brien")).toHaveLength(1);
    expect(minutes.invitations.find((i) => i.agencyId === a.police)?.standing).toBe("ATTENDED");
  });
});

describe("who sees which figures", () => {
  it("an agency manager sees their own agency and the partnership totals, not another agency", async () => {
    const manager = await h.caller(DEMO.policeManager);
    const f = await manager.caller.figures.partnership(NOV);
    expect(f.attendance.byAgency.map((r) => r.agencyName)).toEqual(["Northshire Police"]);
    expect(f.attendance.partnership.invited).toBe(10);
    expect(f.thresholds.byAgency.map((r) => r.agencyName)).toEqual(["Northshire Police"]);
    const refused = await manager.caller.figures.partnership({ ...NOV, agencyId: ids.council }).catch((e: unknown) => e);
    expect((refused as TRPCError).code).toBe("FORBIDDEN");
  });

  it("a manager follows a number only to meetings their agency was invited to; the chair to all", async () => {
    // M3 (council and police only) is behind the partnership's "not all core agencies" total;
    // the ICB's manager must not learn its date, urgency or invited agencies.
    const icbManager = await h.caller("grace.owen@icb.example.org");
    const seen = await icbManager.caller.figures.meetingsBehind({ ...NOV, measure: "notAllCore" });
    expect(seen.map((m) => m.id)).toEqual([ids.m2]);
    expect((await icbManager.caller.figures.meetingsBehind({ ...NOV, measure: "late" })).map((m) => m.id)).toEqual([ids.m2]);
    const policeManager = await h.caller(DEMO.policeManager);
    expect((await policeManager.caller.figures.meetingsBehind({ ...NOV, measure: "notAllCore" })).map((m) => m.id).sort()).toEqual([ids.m2, ids.m3].sort());
    const chair = await h.caller(DEMO.chair);
    expect((await chair.caller.figures.meetingsBehind({ ...NOV, measure: "notAllCore" })).map((m) => m.id).sort()).toEqual([ids.m2, ids.m3].sort());
    // The partnership's totals still count every meeting.
    expect((await icbManager.caller.figures.partnership(NOV)).attendance.allCorePresent.meetings).toBe(3);
  });

  it("refuses practitioners", async () => {
    const practitioner = await h.caller(DEMO.councilPractitioner);
    const refused = await practitioner.caller.figures.partnership(NOV).catch((e: unknown) => e);
    expect((refused as TRPCError).code).toBe("FORBIDDEN");
  });

  it("filters by a council team: contacts it decided and meetings it convened", async () => {
    const chair = await h.caller(DEMO.chair);
    expect((await chair.caller.figures.partnership({ ...NOV, team: "MASH" })).timeliness.meetings).toBe(3);
    expect((await chair.caller.figures.partnership({ ...NOV, team: "Assessment" })).timeliness).toMatchObject({ meetings: 0, contacts: 0 });
  });
});

describe("the chair's attendance view", () => {
  const flags = (f: { attendance: { byAgency: { agencyName: string; belowThreshold: boolean }[] } }) =>
    Object.fromEntries(f.attendance.byAgency.filter((r) => r.agencyName.startsWith("Northshire")).map((r) => [r.agencyName, r.belowThreshold]));

  it("flags agencies below the threshold setting, and the flag moves with the setting at its exact boundary", async () => {
    const chair = await h.caller(DEMO.chair);
    const admin = await h.caller(DEMO.systemAdmin);
    // Default 75%: the police (2 of 3, 66.7%), the ICB (1 of 2) and the hospital (0 of 1) are below; the council (3 of 3) is not.
    let f = await chair.caller.figures.partnership(NOV);
    expect(f.attendance.threshold).toBe(75);
    expect(flags(f)).toMatchObject({ "Northshire Council Children's Social Care": false, "Northshire Police": true, "Northshire Integrated Care Board": true, "Northshire Hospitals NHS Foundation Trust": true });
    // An agency never invited is not "below": it has no rate.
    expect(f.attendance.byAgency.find((r) => r.agencyName === "Hillcrest Academy")).toMatchObject({ invited: 0, belowThreshold: false });
    // 66%: the police's 66.7% meets it; 67%: it does not.
    await admin.caller.figures.setAttendanceThreshold({ percent: 66 });
    f = await chair.caller.figures.partnership(NOV);
    expect(flags(f)["Northshire Police"]).toBe(false);
    expect(flags(f)["Northshire Integrated Care Board"]).toBe(true);
    await admin.caller.figures.setAttendanceThreshold({ percent: 67 });
    expect(flags(await chair.caller.figures.partnership(NOV))["Northshire Police"]).toBe(true);
    await admin.caller.figures.setAttendanceThreshold({ percent: 50 });
    expect(flags(await chair.caller.figures.partnership(NOV))["Northshire Integrated Care Board"]).toBe(false);
    const audit = await h.db.auditEvent.findMany({ where: { action: "settings.attendance_threshold" } });
    expect(audit).toHaveLength(3);
  });

  it("validates the threshold setting in words, and only the settings' manager may change it", async () => {
    const admin = await h.caller(DEMO.systemAdmin);
    for (const [percent, message] of [
      [0, "The attendance threshold must be at least 1%"],
      [101, "The attendance threshold must be 100% or less"],
      [75.5, "Enter the attendance threshold as a whole number, like 75"],
      ["75.5", "Enter the attendance threshold as a whole percentage from 1 to 100, like 75"],
      ["lots", "Enter the attendance threshold as a whole percentage from 1 to 100, like 75"],
    ] as const) {
      const refused = await rejection(admin.caller.figures.setAttendanceThreshold({ percent: percent as never }));
      expect(refused.code).toBe("BAD_REQUEST");
      expect(refused.message).toContain(message);
    }
    const chair = await h.caller(DEMO.chair);
    expect((await rejection(chair.caller.figures.setAttendanceThreshold({ percent: 60 }))).code).toBe("FORBIDDEN");
    expect((await admin.caller.figures.attendanceThreshold()).percent).toBe(75);
  });

  it("orders agencies by attendance rate, lowest first, by default; sorts by any column in the database", async () => {
    const chair = await h.caller(DEMO.chair);
    const names = async (input: object) => (await chair.caller.figures.partnership({ ...NOV, ...input })).attendance.byAgency.map((r) => r.agencyName);
    expect((await names({})).slice(0, 5)).toEqual(["Northshire Hospitals NHS Foundation Trust", "Riverside Primary School", "Northshire Integrated Care Board", "Northshire Police", "Northshire Council Children's Social Care"]);
    expect((await names({ sort: "attendanceRate", dir: "desc" })).slice(0, 3)).toEqual(["Northshire Council Children's Social Care", "Northshire Police", "Northshire Integrated Care Board"]);
    expect((await names({ sort: "invited", dir: "desc" })).slice(0, 3)).toEqual(["Northshire Council Children's Social Care", "Northshire Police", "Northshire Integrated Care Board"]);
    const byName = await names({ sort: "agencyName" });
    expect(byName).toEqual([...byName].sort());
    expect((await rejection(chair.caller.figures.partnership({ ...NOV, sort: "1; DROP TABLE agency" as never }))).code).toBe("BAD_REQUEST");
  });

  it("refuses a period whose From is after its To with a message for the To field", async () => {
    const chair = await h.caller(DEMO.chair);
    const refused = await rejection(chair.caller.figures.partnership({ from: "2026-11-30", to: "2026-11-01" }));
    expect(refused.code).toBe("BAD_REQUEST");
    expect(refused.message).toContain("The ‘To’ date must be the same as or after the ‘From’ date");
  });

  it("the monthly attendance rate follows the agency filter; the partnership totals do not", async () => {
    const chair = await h.caller(DEMO.chair);
    const police = await chair.caller.figures.partnership({ ...NOV, agencyId: ids.police });
    expect(police.attendance.trend).toEqual([{ month: "2026-11", meetings: 3, withAllCore: 1, allCorePercent: 33.3, invited: 3, attended: 2, attendanceRate: 66.7 }]);
    expect(police.attendance.partnership.attendanceRate).toBe(60);
  });
});
