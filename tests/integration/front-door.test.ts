import { describe, expect, it } from "vitest";
import { TRPCError } from "@trpc/server";
import { useHarness, DEMO, rejection } from "../support/harness";

const h = useHarness();


// Friday 20 November 2026, 15:00 (GMT): one working day later is Monday 23 November, 15:00.
const FRIDAY_AFTERNOON = "2026-11-20T15:00:00.000Z";
const MONDAY_AFTERNOON = "2026-11-23T15:00:00.000Z";

const policeContact = {
  referrerReference: "ppu/2026/104233",
  initials: "jd",
  yearOfBirth: 2016,
  receivedAt: new Date(FRIDAY_AFTERNOON),
  familyKnows: true, familyConsents: true, concernCategory: "PHYSICAL_ABUSE" as const,
  referrerLevel: 4,
  summary: "Bruising to the upper arm seen at a welfare check; child says a parent grabbed them.",
};

async function recordAsPolice() {
  h.clock.set("2026-11-20T15:30:00Z");
  const police = await h.caller(DEMO.policePractitioner);
  const { contactId } = await police.caller.contacts.record(policeContact);
  return { police, contactId };
}

describe("recording a contact", () => {
  it("records the child by the referrer's own reference, with the decision due one working day later", async () => {
    const { police, contactId } = await recordAsPolice();
    const contact = await police.caller.contacts.get({ contactId });
    expect(contact).toMatchObject({ reference: "PPU/2026/104233", referrerReference: "PPU/2026/104233", caseReference: null, case: null });
    expect(contact.initials).toBe("JD");
    expect(await h.db.childCase.count()).toBe(0);
    expect(contact.sourceAgencyName).toBe("Northshire Police");
    expect(contact.referrerName).toBe("Pat O'Brien");
    expect(contact.status).toBe("AWAITING_DECISION");
    expect(contact.timeliness.decisionDueAt).toBe(MONDAY_AFTERNOON);
    expect(contact.timeliness.decidedInTime).toBeNull();
    expect(await h.db.auditEvent.count({ where: { action: "contact.record", entityId: contactId } })).toBe(1);
  });

  it("is seen by its own agency and the council, and by no one else, in lists or by id", async () => {
    const { contactId } = await recordAsPolice();
    const council = await h.caller(DEMO.councilPractitioner);
    expect((await council.caller.contacts.list({})).items.map((c) => c.id)).toEqual([contactId]);
    for (const outsider of [DEMO.healthPractitioner, DEMO.schoolDsl]) {
      const { caller } = await h.caller(outsider);
      expect((await caller.contacts.list({})).items).toEqual([]);
      expect((await rejection(caller.contacts.get({ contactId }))).code).toBe("NOT_FOUND");
    }
    // The chair works with figures, not case records; an administrator has no case access.
    expect((await rejection((await h.caller(DEMO.chair)).caller.contacts.list({}))).code).toBe("FORBIDDEN");
    expect((await rejection((await h.caller(DEMO.policeAdmin)).caller.contacts.get({ contactId }))).code).toBe("NOT_FOUND");
  });

  it("audits every read of a contact and of a list of contacts", async () => {
    const { police, contactId } = await recordAsPolice();
    await police.caller.contacts.get({ contactId });
    await police.caller.contacts.list({});
    const reads = await h.db.auditEvent.findMany({ where: { action: { in: ["contact.read", "contact.list"] } }, select: { action: true, entityId: true, detail: true, actorUserId: true } });
    expect(reads).toHaveLength(2);
    expect(reads.find((r) => r.action === "contact.read")?.entityId).toBe(contactId);
    expect((reads.find((r) => r.action === "contact.list")?.detail as { contactIds: string[] }).contactIds).toEqual([contactId]);
  });

  it("lets the council's front door record a phone contact on behalf of another agency, naming the referrer", async () => {
    h.clock.set("2026-11-23T10:00:00Z");
    const council = await h.caller(DEMO.councilPractitioner);
    const school = await h.db.agency.findFirstOrThrow({ where: { name: "Riverside Primary School" } });
    const missingName = await rejection(council.caller.contacts.record({ ...policeContact, sourceAgencyId: school.id, channel: "PHONE", receivedAt: new Date("2026-11-23T09:40:00Z") }));
    expect(missingName.code).toBe("BAD_REQUEST");
    const { contactId } = await council.caller.contacts.record({ ...policeContact, sourceAgencyId: school.id, channel: "PHONE", referrerName: "Dee Walker", receivedAt: new Date("2026-11-23T09:40:00Z") });
    const dsl = await h.caller(DEMO.schoolDsl);
    const seen = await dsl.caller.contacts.get({ contactId });
    expect(seen.channel).toBe("PHONE");
    expect(seen.referrerName).toBe("Dee Walker");
  });

  it("refuses a partner recording for another agency, and phone or email channels for itself", async () => {
    h.clock.set("2026-11-23T10:00:00Z");
    const police = await h.caller(DEMO.policePractitioner);
    const health = await h.db.agency.findFirstOrThrow({ where: { kind: "HEALTH" } });
    expect((await rejection(police.caller.contacts.record({ ...policeContact, sourceAgencyId: health.id }))).code).toBe("FORBIDDEN");
    expect((await rejection(police.caller.contacts.record({ ...policeContact, channel: "EMAIL" }))).code).toBe("BAD_REQUEST");
    expect(await h.db.contact.count()).toBe(0);
  });

  it("refuses bad input with a clear message and writes nothing", async () => {
    h.clock.set("2026-11-23T10:00:00Z");
    const police = await h.caller(DEMO.policePractitioner);
    const badReference = await rejection(police.caller.contacts.record({ ...policeContact, referrerReference: "child smith" }));
    expect(badReference.code).toBe("BAD_REQUEST");
    expect(badReference.message).toMatch(/case reference/);
    const badLevel = await rejection(police.caller.contacts.record({ ...policeContact, referrerLevel: 5 }));
    expect(badLevel.message).toMatch(/level from 1 to 4/);
    const future = await rejection(police.caller.contacts.record({ ...policeContact, receivedAt: new Date("2026-11-24T10:00:00Z") }));
    expect(future.code).toBe("BAD_REQUEST");
    expect(await h.db.contact.count()).toBe(0);
    expect(await h.db.childCase.count()).toBe(0);
    expect(await h.db.auditEvent.count({ where: { action: "contact.record" } })).toBe(0);
  });

  it("refuses the front door a known case reference given with a different child's details", async () => {
    h.clock.set("2026-11-20T15:30:00Z");
    const council = await h.caller(DEMO.councilPractitioner);
    const own = { ...policeContact, referrerReference: undefined, caseReference: "CSC-104233" };
    await council.caller.contacts.record(own);
    const mismatch = await rejection(council.caller.contacts.record({ ...own, initials: "AB", receivedAt: new Date("2026-11-20T15:20:00Z") }));
    expect(mismatch.code).toBe("BAD_REQUEST");
    expect(await h.db.contact.count()).toBe(1);
  });
});

describe("case references: nothing leaks about a child an agency has no part in", () => {
  /** The council's front door holds case CSC-104233 for a child J.D. born 2016. */
  async function councilCase() {
    h.clock.set("2026-11-20T15:30:00Z");
    const council = await h.caller(DEMO.councilPractitioner);
    await council.caller.contacts.record({ ...policeContact, referrerReference: undefined, caseReference: "CSC-104233" });
    return council;
  }

  it("a partner's form neither confirms nor denies that a council case reference exists", async () => {
    await councilCase();
    const police = await h.caller(DEMO.policePractitioner);
    // The same answer for a known reference with other initials, a known one without, and an unknown one.
    const known = await rejection(police.caller.contacts.record({ ...policeContact, referrerReference: undefined, caseReference: "CSC-104233", initials: "AB" }));
    const knownBare = await rejection(police.caller.contacts.record({ ...policeContact, referrerReference: undefined, caseReference: "CSC-104233", initials: undefined, yearOfBirth: undefined }));
    const unknown = await rejection(police.caller.contacts.record({ ...policeContact, referrerReference: undefined, caseReference: "CSC-999999", initials: "AB" }));
    for (const answer of [known, knownBare]) expect({ code: answer.code, message: answer.message }).toEqual({ code: unknown.code, message: unknown.message });
    // The police saw nothing of the child, then or afterwards.
    expect(JSON.stringify(await police.caller.contacts.list({}))).not.toMatch(/JD|2016|CSC-104233/);
  });

  it("a partner's own reference that happens to match a council case is recorded as given, linked to nothing", async () => {
    await councilCase();
    const police = await h.caller(DEMO.policePractitioner);
    const { contactId } = await police.caller.contacts.record({ ...policeContact, referrerReference: "CSC-104233", initials: undefined, yearOfBirth: undefined, receivedAt: new Date("2026-11-20T15:10:00Z") });
    const seen = await police.caller.contacts.get({ contactId });
    expect(seen).toMatchObject({ reference: "CSC-104233", caseReference: null, case: null, initials: null, yearOfBirth: null });
    expect((await h.db.contact.findUniqueOrThrow({ where: { id: contactId } })).caseId).toBeNull();
  });

  it("once the front door links a partner's contact to its case, the partner still sees only what it recorded", async () => {
    await councilCase();
    const police = await h.caller(DEMO.policePractitioner);
    const { contactId } = await police.caller.contacts.record({ ...policeContact, initials: undefined, yearOfBirth: undefined, receivedAt: new Date("2026-11-20T15:10:00Z") });
    const council = await h.caller(DEMO.councilManager);
    expect((await council.caller.contacts.get({ contactId })).case).toBeNull();
    await council.caller.contacts.decide({ contactId, levelApplied: 4, outcome: "STRATEGY_DISCUSSION", rationale: "Joint enquiry.", caseReference: "CSC-104233" });
    expect((await council.caller.contacts.get({ contactId })).case).toEqual({ reference: "CSC-104233", initials: "JD", yearOfBirth: 2016 });
    const seen = await police.caller.contacts.get({ contactId });
    expect(seen).toMatchObject({ reference: "PPU/2026/104233", caseReference: null, case: null, initials: null, yearOfBirth: null });
    expect(JSON.stringify(await police.caller.contacts.list({}))).not.toMatch(/JD|2016|CSC-104233/);
    expect(await h.db.auditEvent.count({ where: { action: "contact.link_case", entityId: contactId } })).toBe(1);
  });

  it("a meeting convened from a partner's contact links it to the case the front door names", async () => {
    const police = await h.caller(DEMO.policePractitioner);
    h.clock.set("2026-11-23T09:00:00Z");
    const { contactId } = await police.caller.contacts.record({ ...policeContact, receivedAt: new Date("2026-11-23T08:30:00Z") });
    const council = await h.caller(DEMO.councilPractitioner);
    await council.caller.contacts.decide({ contactId, levelApplied: 4, outcome: "STRATEGY_DISCUSSION", rationale: "Joint enquiry." });
    const chair = await h.actor(DEMO.councilManager);
    const meeting = { contactId, urgency: "STANDARD" as const, scheduledStart: new Date("2026-11-23T14:00:00Z"), location: "Room", chairId: chair.userId, agencyIds: [(await h.actor(DEMO.policePractitioner)).agencyId, (await h.actor(DEMO.healthPractitioner)).agencyId] };
    const unlinked = await rejection(council.caller.meetings.convene(meeting));
    expect(unlinked.code).toBe("BAD_REQUEST");
    const { meetingId } = await council.caller.meetings.convene({ ...meeting, caseReference: "CSC-104299" });
    expect((await council.caller.meetings.get({ meetingId })).caseReference).toBe("CSC-104299");
    expect((await council.caller.contacts.get({ contactId })).caseReference).toBe("CSC-104299");
  });
});

describe("threshold decisions and sign-off", () => {
  it("council staff decide; a different council manager signs off; the referrer sees the outcome", async () => {
    const { police, contactId } = await recordAsPolice();
    h.clock.set("2026-11-23T11:00:00Z"); // Monday, before the deadline
    const council = await h.caller(DEMO.councilPractitioner);
    await council.caller.contacts.decide({ contactId, levelApplied: 4, outcome: "STRATEGY_DISCUSSION", rationale: "Injury consistent with the account; joint enquiry needed." });
    let seen = await police.caller.contacts.get({ contactId });
    expect(seen.status).toBe("AWAITING_SIGN_OFF");
    expect(seen.decision?.signedOffAt).toBeNull();
    expect(seen.timeliness.decidedInTime).toBe(true);

    const manager = await h.caller(DEMO.councilManager);
    await manager.caller.contacts.signOff({ contactId, decisionId: seen.decision!.id });
    seen = await police.caller.contacts.get({ contactId });
    expect(seen.status).toBe("DECIDED");
    expect(seen.decision).toMatchObject({ outcome: "STRATEGY_DISCUSSION", levelApplied: 4, decidedByName: "Sam Patel", signedOffByName: "Maria Jones" });
    expect(await h.db.auditEvent.count({ where: { action: { in: ["threshold.decide", "threshold.sign_off"] }, entityId: contactId } })).toBe(2);
  });

  it("refuses decisions by non-council users and by anyone once decided", async () => {
    const { police, contactId } = await recordAsPolice();
    expect((await rejection(police.caller.contacts.decide({ contactId, levelApplied: 2, outcome: "OTHER", rationale: "x" }))).code).toBe("FORBIDDEN");
    const policeManager = await h.caller(DEMO.policeManager);
    expect((await rejection(policeManager.caller.contacts.decide({ contactId, levelApplied: 2, outcome: "OTHER", rationale: "x" }))).code).toBe("FORBIDDEN");
    const council = await h.caller(DEMO.councilPractitioner);
    await council.caller.contacts.decide({ contactId, levelApplied: 3, outcome: "CHILD_IN_NEED_ASSESSMENT", rationale: "Needs assessment." });
    expect((await rejection(council.caller.contacts.decide({ contactId, levelApplied: 2, outcome: "OTHER", rationale: "again" }))).code).toBe("CONFLICT");
    expect(await h.db.thresholdDecision.count()).toBe(1);
  });

  it("needs a closure reason to close a contact, and shows it closed once signed off", async () => {
    const { contactId } = await recordAsPolice();
    const council = await h.caller(DEMO.councilManager);
    const noReason = await rejection(council.caller.contacts.decide({ contactId, levelApplied: 1, outcome: "NO_FURTHER_ACTION", rationale: "Explained accident." }));
    expect(noReason.code).toBe("BAD_REQUEST");
    expect(await h.db.thresholdDecision.count()).toBe(0);
    await council.caller.contacts.decide({ contactId, levelApplied: 1, outcome: "NO_FURTHER_ACTION", rationale: "Explained accident.", closureReason: "GP confirmed a sports injury." });
    // The decider cannot sign off their own decision.
    const decision = (await council.caller.contacts.get({ contactId })).decision!;
    expect((await rejection(council.caller.contacts.signOff({ contactId, decisionId: decision.id }))).code).toBe("FORBIDDEN");
    // A second council manager: the council's administrator is given the manager role.
    const secondManager = await h.db.user.findUniqueOrThrow({ where: { email: DEMO.councilAdmin } });
    const managerRole = await h.db.role.findUniqueOrThrow({ where: { name: "manager" } });
    await h.db.userRole.create({ data: { userId: secondManager.id, roleId: managerRole.id } });
    const signer = await h.caller(DEMO.councilAdmin);
    await signer.caller.contacts.signOff({ contactId, decisionId: decision.id });
    expect((await council.caller.contacts.list({ status: "CLOSED" })).items.map((c) => c.id)).toEqual([contactId]);
    expect((await council.caller.contacts.list({ status: "AWAITING_SIGN_OFF" })).items).toEqual([]);
  });

  it("refuses sign-off by a practitioner or a partner, and of a decision that is not the current one", async () => {
    const { contactId } = await recordAsPolice();
    const council = await h.caller(DEMO.councilPractitioner);
    await council.caller.contacts.decide({ contactId, levelApplied: 4, outcome: "STRATEGY_DISCUSSION", rationale: "Joint enquiry." });
    const decisionId = (await council.caller.contacts.get({ contactId })).decision!.id;
    expect((await rejection(council.caller.contacts.signOff({ contactId, decisionId }))).code).toBe("FORBIDDEN");
    expect((await rejection((await h.caller(DEMO.policeManager)).caller.contacts.signOff({ contactId, decisionId }))).code).toBe("FORBIDDEN");
    const manager = await h.caller(DEMO.councilManager);
    expect((await rejection(manager.caller.contacts.signOff({ contactId, decisionId: "00000000-0000-4000-8000-000000000000" }))).code).toBe("CONFLICT");
    expect(await h.db.thresholdDecision.count({ where: { signedOffAt: { not: null } } })).toBe(0);
  });

  it("lets only one of two managers racing to sign off succeed", async () => {
    const { contactId } = await recordAsPolice();
    const council = await h.caller(DEMO.councilPractitioner);
    await council.caller.contacts.decide({ contactId, levelApplied: 4, outcome: "STRATEGY_DISCUSSION", rationale: "Joint enquiry." });
    const decisionId = (await council.caller.contacts.get({ contactId })).decision!.id;
    const secondManager = await h.db.user.findUniqueOrThrow({ where: { email: DEMO.councilAdmin } });
    await h.db.userRole.create({ data: { userId: secondManager.id, roleId: (await h.db.role.findUniqueOrThrow({ where: { name: "manager" } })).id } });
    const [a, b] = await Promise.all([h.caller(DEMO.councilManager), h.caller(DEMO.councilAdmin)]);
    const results = await Promise.allSettled([a.caller.contacts.signOff({ contactId, decisionId }), b.caller.contacts.signOff({ contactId, decisionId })]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const failure = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect((failure.reason as TRPCError).code).toBe("CONFLICT");
    expect(await h.db.auditEvent.count({ where: { action: "threshold.sign_off" } })).toBe(1);
  });

  it("lets only one of two practitioners racing to decide succeed", async () => {
    const { contactId } = await recordAsPolice();
    const [a, b] = await Promise.all([h.caller(DEMO.councilPractitioner), h.caller(DEMO.councilManager)]);
    const results = await Promise.allSettled([
      a.caller.contacts.decide({ contactId, levelApplied: 4, outcome: "STRATEGY_DISCUSSION", rationale: "A" }),
      b.caller.contacts.decide({ contactId, levelApplied: 2, outcome: "ADVICE_AND_INFORMATION", rationale: "B", closureReason: "Advice given" }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(await h.db.thresholdDecision.count()).toBe(1);
  });

  it("marks a late decision, and an undecided contact past its deadline as overdue", async () => {
    const { police, contactId } = await recordAsPolice();
    h.clock.set("2026-11-23T16:00:00Z"); // Monday, an hour past the deadline
    expect((await police.caller.contacts.get({ contactId })).timeliness.overdue).toBe(true);
    const council = await h.caller(DEMO.councilPractitioner);
    await council.caller.contacts.decide({ contactId, levelApplied: 3, outcome: "CHILD_IN_NEED_ASSESSMENT", rationale: "Assessment." });
    const seen = await police.caller.contacts.get({ contactId });
    expect(seen.timeliness).toMatchObject({ decidedInTime: false, overdue: false });
  });
});

describe("bank holidays", () => {
  it("a system administrator's new holiday moves the next due date; others are refused", async () => {
    const admin = await h.caller(DEMO.systemAdmin);
    const council = await h.caller(DEMO.councilPractitioner);
    expect((await rejection(council.caller.settings.addBankHoliday({ date: "2026-11-23", name: "Extra day" }))).code).toBe("FORBIDDEN");
    expect((await rejection(admin.caller.settings.addBankHoliday({ date: "2026-02-30", name: "Not a day" }))).code).toBe("BAD_REQUEST");
    await admin.caller.settings.addBankHoliday({ date: "2026-11-23", name: "Extra day" });
    expect((await rejection(admin.caller.settings.addBankHoliday({ date: "2026-11-23", name: "Again" }))).code).toBe("CONFLICT");
    const { police, contactId } = await recordAsPolice();
    expect((await police.caller.contacts.get({ contactId })).timeliness.decisionDueAt).toBe("2026-11-24T15:00:00.000Z");
    await admin.caller.settings.removeBankHoliday({ date: "2026-11-23" });
    expect((await admin.caller.settings.bankHolidays()).some((d) => d.date === "2026-12-28")).toBe(true);
  });

  it("lets a system administrator relabel threshold levels", async () => {
    const admin = await h.caller(DEMO.systemAdmin);
    await admin.caller.settings.updateThresholdLevel({ level: 2, label: "Early help (single agency)", description: "Needs met by one agency." });
    expect((await admin.caller.settings.thresholdLevels())[1]!.label).toBe("Early help (single agency)");
    expect((await rejection((await h.caller(DEMO.councilManager)).caller.settings.updateThresholdLevel({ level: 2, label: "x", description: "y" }))).code).toBe("FORBIDDEN");
  });
});
