// The retention schedule, legal holds and the destruction log (issue 16, item 1; decision 0036;
// docs/data-protection/retention-schedule.md). Records are made through the same callers people
// use, on the test clock; the clock then moves decades on and the job runs.
import { describe, expect, it } from "vitest";
import { useHarness, DEMO, rejection } from "../support/harness";
import { buildAccessFixture, callersFor } from "../support/access-fixture";
import { runRetention, yearsBefore } from "../../server/domain/retention/retention";

const h = useHarness();
const NOV_2026 = { from: "2026-11-01", to: "2026-11-30" };
const ANON = "[anonymised]";

async function caseOfMeeting(meetingId: string) {
  return (await h.db.strategyMeeting.findUniqueOrThrow({ where: { id: meetingId }, select: { case: { select: { id: true, reference: true } } } })).case;
}
async function caseOfContact(contactId: string) {
  return (await h.db.contact.findUniqueOrThrow({ where: { id: contactId }, select: { case: { select: { id: true, reference: true } } } })).case!;
}
async function caseOfDisagreement(disagreementId: string) {
  const d = await h.db.disagreement.findUniqueOrThrow({ where: { id: disagreementId }, select: { contactId: true } });
  return caseOfContact(d.contactId!);
}

/** A realistic partnership month: contacts decided, meetings held and minuted, disagreements resolved; some cases on hold. */
async function november() {
  const callers = await callersFor(h);
  const fx = await buildAccessFixture(h, callers);
  const keptContact = await fx.fresh.freshDecidedSchoolContact();
  const goneContact = await fx.fresh.freshDecidedSchoolContact();
  // The front door told the referrer, by name, as it decided.
  await callers.councilPractitioner.contacts.recordFeedback({ contactId: goneContact, toldName: "Ruth Evans, designated safeguarding lead", toldAt: h.clock.now(), method: "PHONE" });
  const heldMeeting = await fx.fresh.freshDraftedPoliceMeeting();
  // A meeting the police answered and attended (by phone), with an action: the figures count it.
  const goneMeeting = await fx.fresh.freshPoliceMeeting();
  await callers.policeManager.meetings.respond({ meetingId: goneMeeting, kind: "ATTENDING", attendeeName: "DS Dan Hughes" });
  await callers.councilManager.meetings.start({ meetingId: goneMeeting, earlyReason: "Everyone was available earlier." });
  await callers.councilManager.meetings.markPresent({ meetingId: goneMeeting, agencyId: fx.agencies.police, name: "DS Dan Hughes" });
  await callers.councilManager.meetings.recordDecision({ meetingId: goneMeeting, kind: "S47_JOINT", reason: "Joint enquiry." });
  await callers.councilManager.meetings.addAction({ meetingId: goneMeeting, description: "Visit the family with the police", owningAgencyId: fx.agencies.police, ownerName: "DC Pat O'Brien", dueDate: "2026-11-24" });
  await callers.councilManager.meetings.end({ meetingId: goneMeeting });
  await callers.councilManager.meetings.draftMinutes({ meetingId: goneMeeting, minutes: "Joint enquiry agreed." });
  await callers.councilManager.meetings.approveMinutes({ meetingId: goneMeeting });
  const heldDisagreement = fx.records.resolvedDisagreement.id;
  const goneDisagreement = await fx.fresh.freshResolvedDisagreement();
  await callers.councilManager.retention.placeHold({ caseReference: (await caseOfContact(keptContact)).reference, reason: "Litigation: the family's claim against the council." });
  await callers.councilManager.retention.placeHold({ caseReference: (await caseOfMeeting(heldMeeting)).reference, reason: "Child safeguarding practice review." });
  await callers.systemAdmin.retention.placeHold({ caseReference: (await caseOfDisagreement(heldDisagreement)).reference, reason: "Police investigation." });
  await auditOf([keptContact, goneContact]);
  return { callers, fx, keptContact, goneContact, heldMeeting, goneMeeting, heldDisagreement, goneDisagreement };
}

/** A joint audit of the contacts by the police, with each one's grade reason, moderation note and a finding: free text about the child. */
async function auditOf(contactIds: string[]) {
  const jo = await h.actor(DEMO.businessManager);
  const mark = await h.actor(DEMO.policeAuditor);
  const round = await h.db.auditRound.create({ data: { title: "November closures", periodStart: new Date("2026-11-01"), periodEnd: new Date("2026-11-30"), sampleRule: "CLOSURES", createdById: jo.userId, createdAt: h.clock.now(), agencies: { create: [{ agencyId: mark.agencyId }] } }, select: { id: true } });
  for (const [i, contactId] of contactIds.entries()) {
    const { currentDecisionId } = await h.db.contact.findUniqueOrThrow({ where: { id: contactId }, select: { currentDecisionId: true } });
    const item = await h.db.auditItem.create({ data: { roundId: round.id, contactId, decisionId: currentDecisionId!, position: i + 1, moderationNote: "The step-father's history was not weighed." }, select: { id: true } });
    await h.db.auditGrade.create({ data: { itemId: item.id, roundId: round.id, agencyId: mark.agencyId, gradedById: mark.userId, levelRight: false, outcomeSafe: true, rationaleRecorded: true, reason: "The step-father's police history was not checked.", gradedAt: h.clock.now() } });
    await h.db.auditFinding.create({ data: { roundId: round.id, itemId: item.id, summary: "The step-father's history was not checked before closing.", recordedById: jo.userId, recordedAt: h.clock.now() } });
  }
}
async function auditTextOf(contactId: string) {
  return h.db.auditItem.findFirstOrThrow({ where: { contactId }, select: { moderationNote: true, grades: { select: { reason: true, levelRight: true } }, findings: { select: { summary: true } } } });
}

async function chairFigures() {
  const { caller } = await h.caller(DEMO.chair);
  return caller.figures.partnership(NOV_2026);
}

describe("the retention job", () => {
  it("anonymises expired records that no hold keeps, keeps held ones, writes the destruction log, and leaves the figures as they were", async () => {
    const n = await november();
    await n.callers.systemAdmin.retention.setPartnershipHold({ on: false, reason: "The DPO's written advice of 1 November 2052." });
    h.clock.set("2052-12-01T09:00:00Z"); // 26 years on: past the 25-year default for contacts and meetings
    const before = await chairFigures();
    const { services } = h.services();
    const result = await runRetention(services);
    expect(result.ran).toBe(true);
    const after = await chairFigures();
    expect(after).toEqual(before);
    expect(before.attendance.partnership.attended).toBeGreaterThan(0);

    // Contacts and their decisions: the free text and the child's details go; the skeleton stays.
    const gone = await h.db.contact.findUniqueOrThrow({ where: { id: n.goneContact }, select: { summary: true, childInitials: true, referrerName: true, anonymisedAt: true, referrerLevel: true, receivedAt: true, decisions: { select: { rationale: true, closureReason: true, levelApplied: true, outcome: true } } } });
    expect(gone).toMatchObject({ summary: ANON, childInitials: null, referrerName: ANON, referrerLevel: 3 });
    expect(gone.anonymisedAt).not.toBeNull();
    expect(gone.decisions).toEqual([{ rationale: ANON, closureReason: ANON, levelApplied: 1, outcome: "NO_FURTHER_ACTION" }]);
    expect(await h.db.referrerFeedback.findMany({ where: { contactId: n.goneContact }, select: { toldName: true, method: true } })).toEqual([{ toldName: ANON, method: "PHONE" }]);
    // Its joint audit: the auditors' reasons, the moderation note and the finding go; the grades stay for the figures.
    expect(await auditTextOf(n.goneContact)).toEqual({ moderationNote: ANON, grades: [{ reason: ANON, levelRight: false }], findings: [{ summary: ANON }] });
    expect(await auditTextOf(n.keptContact)).toEqual({ moderationNote: "The step-father's history was not weighed.", grades: [{ reason: "The step-father's police history was not checked.", levelRight: false }], findings: [{ summary: "The step-father's history was not checked before closing." }] });
    const kept = await h.db.contact.findUniqueOrThrow({ where: { id: n.keptContact }, select: { summary: true, anonymisedAt: true, decisions: { select: { rationale: true } } } });
    expect(kept).toEqual({ summary: "Concern from the access matrix.", anonymisedAt: null, decisions: [{ rationale: "Universal services." }] });

    // Meetings: minutes, decisions' reasons, actions' text and names go; attendance and answers stay.
    const meeting = async (id: string) =>
      h.db.strategyMeeting.findUniqueOrThrow({
        where: { id },
        select: { minutes: true, anonymisedAt: true, endedAt: true, decisions: { select: { reason: true, kind: true } }, attendances: { select: { name: true } }, events: { select: { type: true, payload: true } }, invitations: { select: { currentResponse: true, attendedAt: true } } },
      });
    const goneMeeting = await meeting(n.goneMeeting);
    expect(goneMeeting.minutes).toBe(ANON);
    expect(goneMeeting.anonymisedAt).not.toBeNull();
    expect(goneMeeting.decisions).toEqual([{ reason: ANON, kind: "S47_JOINT" }]);
    expect(goneMeeting.attendances.map((a) => a.name)).toEqual([ANON]);
    expect(goneMeeting.invitations).toContainEqual({ currentResponse: "ATTENDING", attendedAt: expect.any(Date) });
    expect(JSON.stringify(goneMeeting.events)).not.toMatch(/Dan Hughes|Pat O'Brien|Visit the family/);
    expect(JSON.stringify(goneMeeting.events)).not.toContain("Joint enquiry");
    expect(goneMeeting.events.map((e) => e.type)).toContain("meeting.convened");
    const heldMeeting = await meeting(n.heldMeeting);
    expect(heldMeeting).toMatchObject({ minutes: "Joint enquiry agreed.", anonymisedAt: null, decisions: [{ reason: "Joint enquiry." }] });
    // The case record goes once nothing un-anonymised names it.
    const goneCase = await h.db.childCase.findUniqueOrThrow({ where: { id: (await caseOfMeeting(n.goneMeeting)).id }, select: { reference: true, anonymisedAt: true } });
    expect(goneCase.reference).toMatch(/^ANONYMISED-/);
    expect((await caseOfMeeting(n.heldMeeting)).reference).toMatch(/^CSC-/);

    // Disagreements: positions, statements and timeline text go; outcome and dates stay.
    const disagreement = async (id: string) =>
      h.db.disagreement.findUniqueOrThrow({ where: { id }, select: { reasons: true, soughtOutcome: true, outcomeStatement: true, outcome: true, resolvedAt: true, anonymisedAt: true, proposals: { select: { statement: true } }, events: { select: { body: true } } } });
    const goneDisagreement = await disagreement(n.goneDisagreement);
    expect(goneDisagreement).toMatchObject({ reasons: ANON, soughtOutcome: ANON, outcomeStatement: ANON, outcome: "UPHELD", proposals: [{ statement: ANON }] });
    expect(goneDisagreement.events.every((e) => e.body === null || e.body === ANON)).toBe(true);
    expect(await disagreement(n.heldDisagreement)).toMatchObject({ reasons: "A pattern over two terms.", anonymisedAt: null });

    // The destruction log: class, how many, which rule, when; no personal data.
    const log = await h.db.destructionLog.findMany({ select: { recordClass: true, action: true, count: true, rule: true, periodYears: true, runAt: true, cutoff: true } });
    const byClass = Object.fromEntries(log.map((l) => [l.recordClass, l]));
    const anonymisedContacts = await h.db.contact.count({ where: { anonymisedAt: { not: null } } });
    expect(byClass.contacts).toMatchObject({ action: "anonymised", count: anonymisedContacts, periodYears: 25, rule: "Contacts and threshold decisions: anonymised 25 years after the latest decision on the contact", runAt: h.clock.now() });
    expect(byClass.contacts!.cutoff).toEqual(yearsBefore(h.clock.now(), 25));
    expect(byClass.meetings).toMatchObject({ action: "anonymised", count: await h.db.strategyMeeting.count({ where: { anonymisedAt: { not: null } } }), periodYears: 25 });
    expect(byClass.disagreements).toMatchObject({ action: "anonymised", count: await h.db.disagreement.count({ where: { anonymisedAt: { not: null } } }), periodYears: 6 });
    expect(byClass.cases!.count).toBeGreaterThan(0);
    expect(JSON.stringify(log)).not.toMatch(/CSC-|Joint enquiry|access matrix/);

    // A second run finds nothing more to do and logs nothing more.
    const again = await runRetention(services);
    expect(again.entries.filter((e) => e.recordClass !== "audit_events").every((e) => e.count === 0)).toBe(true);
    expect(await h.db.destructionLog.count()).toBe(log.length);
    // The log outlives what it counts: nobody changes or removes it.
    await expect(h.db.$executeRaw`DELETE FROM destruction_log`).rejects.toThrow(/append-only/);
    await expect(h.db.$executeRaw`UPDATE destruction_log SET count = 0`).rejects.toThrow(/append-only/);
  }, 120_000);

  it("keeps every case record while the partnership-wide hold is on (the default)", async () => {
    const n = await november();
    h.clock.set("2052-12-01T09:00:00Z");
    const before = await chairFigures();
    const { services } = h.services();
    const result = await runRetention(services);
    expect(result).toMatchObject({ ran: true, partnershipHold: true });
    expect(await h.db.contact.count({ where: { anonymisedAt: { not: null } } })).toBe(0);
    expect(await h.db.strategyMeeting.count({ where: { anonymisedAt: { not: null } } })).toBe(0);
    expect(await h.db.disagreement.count({ where: { anonymisedAt: { not: null } } })).toBe(0);
    expect((await h.db.contact.findUniqueOrThrow({ where: { id: n.goneContact }, select: { summary: true } })).summary).toBe("Concern from the access matrix.");
    expect(await h.db.destructionLog.count({ where: { recordClass: { in: ["contacts", "meetings", "disagreements", "cases"] } } })).toBe(0);
    expect(await chairFigures()).toEqual(before);
  }, 120_000);

  it("does the work once when several nodes run it at the same moment", async () => {
    const n = await november();
    await n.callers.systemAdmin.retention.setPartnershipHold({ on: false, reason: "DPO advice." });
    h.clock.set("2052-12-01T09:00:00Z");
    const results = await Promise.all([runRetention(h.services().services), runRetention(h.services().services)]);
    expect(results.some((r) => r.ran)).toBe(true);
    const logged = await h.db.destructionLog.findMany({ where: { recordClass: "contacts" }, select: { count: true } });
    expect(logged.reduce((sum, l) => sum + l.count, 0)).toBe(await h.db.contact.count({ where: { anonymisedAt: { not: null } } }));
    expect(await h.db.contact.count({ where: { anonymisedAt: { not: null } } })).toBeGreaterThan(0);
  }, 120_000);
});

describe("audit events past their period", () => {
  async function auditAt(occurredAt: string, entityType = "session", entityId: string | null = null) {
    return (await h.db.auditEvent.create({ data: { occurredAt: new Date(occurredAt), action: entityType === "session" ? "auth.login" : "contact.read", entityType, entityId }, select: { id: true } })).id;
  }

  it("are deleted by the job alone, in whole months; a plain DELETE or UPDATE is still refused", async () => {
    const old = await auditAt("2026-11-20T10:00:00Z");
    const sameMonthAsCutoff = await auditAt("2026-12-15T10:00:00Z");
    const recent = await auditAt("2033-11-30T10:00:00Z");
    await expect(h.db.$executeRaw`DELETE FROM audit_event WHERE id = ${old}`).rejects.toThrow(/append-only/);
    await expect(h.db.$executeRaw`UPDATE audit_event SET action = 'x' WHERE id = ${old}`).rejects.toThrow(/append-only/);
    // Not even inside a transaction that tries the job's flag by hand through a plain statement outside the function.
    await expect(h.db.auditEvent.deleteMany({ where: { id: old } })).rejects.toThrow();

    h.clock.set("2033-12-20T09:00:00Z"); // 7 years back is 20 December 2026: the month before it is gone whole
    const result = await runRetention(h.services().services);
    const entry = result.entries.find((e) => e.recordClass === "audit_events")!;
    expect(entry.cutoff.toISOString()).toBe("2026-12-01T00:00:00.000Z");
    expect(entry.count).toBeGreaterThanOrEqual(1);
    const left = new Set((await h.db.auditEvent.findMany({ where: { id: { in: [old, sameMonthAsCutoff, recent] } }, select: { id: true } })).map((e) => e.id));
    expect(left).toEqual(new Set([sameMonthAsCutoff, recent]));
    expect(await h.db.destructionLog.findFirst({ where: { recordClass: "audit_events" }, select: { count: true, periodYears: true } })).toEqual({ count: entry.count, periodYears: 7 });
    // The flag the trigger reads does not outlive the job's own transaction.
    await expect(h.db.$executeRaw`DELETE FROM audit_event WHERE id = ${recent}`).rejects.toThrow(/append-only/);
  });

  it("keep what is about a held case, and under the partnership-wide hold everything about case records", async () => {
    const n = await november();
    const heldContactEvent = await auditAt("2026-11-20T10:00:00Z", "contact", n.keptContact);
    const otherContactEvent = await auditAt("2026-11-20T10:00:00Z", "contact", n.goneContact);
    const signIn = await auditAt("2026-11-20T10:00:00Z");
    h.clock.set("2034-02-01T09:00:00Z");
    await runRetention(h.services().services); // the partnership-wide hold is on
    const left = async () => new Set((await h.db.auditEvent.findMany({ where: { id: { in: [heldContactEvent, otherContactEvent, signIn] } }, select: { id: true } })).map((e) => e.id));
    expect(await left()).toEqual(new Set([heldContactEvent, otherContactEvent]));
    const { caller } = await h.caller(DEMO.systemAdmin);
    await caller.retention.setPartnershipHold({ on: false, reason: "DPO advice." });
    await runRetention(h.services().services);
    expect(await left()).toEqual(new Set([heldContactEvent]));
  }, 120_000);
});

describe("retention settings and legal holds", () => {
  it("refuses a period below the schedule's minimum with a clear message, and changes nothing", async () => {
    const { caller } = await h.caller(DEMO.systemAdmin);
    expect((await caller.retention.schedule()).years).toEqual({ contacts: 25, meetings: 25, disagreements: 6, audit: 7 });
    const error = await rejection(caller.retention.setSchedule({ contacts: 5, meetings: 25, disagreements: 6, audit: 7 }));
    expect(error.code).toBe("BAD_REQUEST");
    expect(error.message).toContain("Contacts and threshold decisions must be kept at least 6 years");
    expect(await h.db.setting.findUnique({ where: { key: "retention.schedule" } })).toBeNull();
    expect((await rejection(caller.retention.setSchedule({ contacts: 25, meetings: 25, disagreements: 6, audit: 2.5 }))).message).toContain("whole number of years");
    await caller.retention.setSchedule({ contacts: 10, meetings: 25, disagreements: 6, audit: 7 });
    expect((await caller.retention.schedule()).years.contacts).toBe(10);
    expect(await h.db.auditEvent.count({ where: { action: "settings.retention_schedule" } })).toBe(1);
    // Only the system administrator changes the schedule.
    const { caller: maria } = await h.caller(DEMO.councilManager);
    expect((await rejection(maria.retention.setSchedule({ contacts: 25, meetings: 25, disagreements: 6, audit: 7 }))).code).toBe("FORBIDDEN");
  });

  it("refuses a hold on an unknown case reference, a second hold on one case, and someone who may not hold cases", async () => {
    const { caller: maria } = await h.caller(DEMO.councilManager);
    const unknown = await rejection(maria.retention.placeHold({ caseReference: "CSC-999999", reason: "Litigation." }));
    expect(unknown.code).toBe("BAD_REQUEST");
    expect(unknown.message).toBe("Concord holds no case with the reference CSC-999999. Check the council's case reference and try again.");
    expect(await h.db.legalHold.count()).toBe(0);
    const child = await h.db.childCase.create({ data: { reference: "CSC-400100" } });
    expect((await rejection(maria.retention.placeHold({ caseReference: "csc-400100", reason: "  " }))).message).toContain("Enter the reason for the hold");
    const { holdId } = await maria.retention.placeHold({ caseReference: "csc-400100", reason: "Serious case review." });
    expect((await rejection(maria.retention.placeHold({ caseReference: "CSC-400100", reason: "Again." }))).code).toBe("CONFLICT");
    const listed = await maria.retention.holds();
    expect(listed.holds).toEqual([expect.objectContaining({ id: holdId, caseReference: "CSC-400100", reason: "Serious case review.", placedBy: "Maria Jones" })]);
    expect(listed.abilities).toEqual({ manageHolds: true, partnershipHold: false });
    const { caller: dan } = await h.caller(DEMO.policeManager);
    expect((await rejection(dan.retention.placeHold({ caseReference: "CSC-400100", reason: "x" }))).code).toBe("FORBIDDEN");
    expect((await rejection(dan.retention.holds())).code).toBe("FORBIDDEN");
    await maria.retention.liftHold({ holdId });
    expect((await rejection(maria.retention.liftHold({ holdId }))).code).toBe("CONFLICT");
    expect(await h.db.legalHold.findUniqueOrThrow({ where: { id: holdId }, select: { liftedAt: true, caseId: true } })).toEqual({ liftedAt: h.clock.now(), caseId: child.id });
    expect((await h.db.auditEvent.findMany({ where: { entityType: "legal_hold" }, select: { action: true } })).map((e) => e.action).sort()).toEqual(["retention.hold_lifted", "retention.hold_placed"]);
  });

  it("keeps the partnership-wide hold on unless a system administrator turns it off with a reason, audited", async () => {
    const { caller } = await h.caller(DEMO.systemAdmin);
    expect((await caller.retention.holds()).partnershipHold).toBe(true);
    expect((await rejection(caller.retention.setPartnershipHold({ on: false }))).message).toContain("Say why");
    expect((await caller.retention.holds()).partnershipHold).toBe(true);
    const { caller: maria } = await h.caller(DEMO.councilManager);
    expect((await rejection(maria.retention.setPartnershipHold({ on: false, reason: "x" }))).code).toBe("FORBIDDEN");
    await caller.retention.setPartnershipHold({ on: false, reason: "The inquiry's instruction no longer applies (DPO, 2040)." });
    expect((await caller.retention.holds()).partnershipHold).toBe(false);
    expect(await h.db.auditEvent.findFirst({ where: { action: "retention.partnership_hold_off" }, select: { detail: true } })).toEqual({ detail: { on: false, reason: "The inquiry's instruction no longer applies (DPO, 2040)." } });
    await caller.retention.setPartnershipHold({ on: true });
    expect((await caller.retention.holds()).partnershipHold).toBe(true);
  });
});

