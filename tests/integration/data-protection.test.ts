// Data protection (issue 16, items 2 to 4; docs/decisions/0037): the family's consent on a
// contact and the ground when shared without it, feedback to the referrer, the subject access
// export of a case, and each agency's log of who looked at its records.
import { describe, expect, it } from "vitest";
import { useHarness, DEMO, rejection } from "../support/harness";
import { databaseFingerprint, expectWrittenForAPerson } from "../support/input";
import { demoAgencies } from "../support/meetings";
import { seedHouseholdMeeting } from "../../prisma/seed";
import { londonDate } from "../../server/domain/calendar/working-days";

const h = useHarness();

const contact = {
  referrerReference: "PPU/2026/500100",
  initials: "LM",
  yearOfBirth: 2016,
  receivedAt: new Date("2026-11-23T08:30:00Z"),
  concernCategory: "PHYSICAL_ABUSE" as const,
  referrerLevel: 4,
  summary: "Bruising seen at a welfare check; the child says a parent grabbed them.",
};

async function police() {
  h.clock.set("2026-11-23T09:00:00Z");
  return (await h.caller(DEMO.policePractitioner)).caller;
}

describe("consent on a contact", () => {
  const refused: [string, Record<string, unknown>, string, RegExp][] = [
    ["no answer on whether the family knows", { familyConsents: true }, "familyKnows", /whether the family knows/],
    ["no answer on whether the family agrees", { familyKnows: true }, "familyConsents", /whether the family agrees/],
    ["agreement from a family that does not know", { familyKnows: false, familyConsents: true }, "familyConsents", /cannot agree to a referral they do not know about/],
    ["no consent and no ground", { familyKnows: true, familyConsents: false, noConsentExplanation: "Parent said no." }, "noConsentGround", /Choose why/],
    ["no consent and no explanation", { familyKnows: false, familyConsents: false, noConsentGround: "RISK_OF_SIGNIFICANT_HARM" }, "noConsentExplanation", /Explain briefly/],
    ["a refusal by a family that does not know", { familyKnows: false, familyConsents: false, noConsentGround: "REFUSED_RISK_OUTWEIGHS", noConsentExplanation: "Refused." }, "noConsentGround", /cannot have refused/],
    ["a ground that is not one of the advice's", { familyKnows: true, familyConsents: false, noConsentGround: "BECAUSE", noConsentExplanation: "Why not." }, "noConsentGround", /Choose why/],
    ["a yes-or-no answer that is neither", { familyKnows: "maybe", familyConsents: true }, "familyKnows", /whether the family knows/],
  ];
  it.each(refused)("refuses %s with a message for a person, and stores nothing", async (_name, consent, field, message) => {
    const caller = await police();
    const before = await databaseFingerprint(h.db);
    const error = await rejection(caller.contacts.record({ ...contact, ...consent } as never));
    expect(error.code).toBe("BAD_REQUEST");
    const issue = (error.cause as { issues?: { path: string[]; message: string }[] }).issues?.find((i) => i.path.join(".") === field);
    expect(issue?.message).toMatch(message);
    expectWrittenForAPerson(issue?.message);
    expect(await databaseFingerprint(h.db)).toEqual(before);
  });

  it("keeps the ground and explanation when shared without consent, and shows them on the contact", async () => {
    const caller = await police();
    const { contactId } = await caller.contacts.record({ ...contact, familyKnows: false, familyConsents: false, noConsentGround: "PREJUDICE_INVESTIGATION", noConsentExplanation: "Telling the parent would alert the suspect." });
    const seen = await caller.contacts.get({ contactId });
    expect(seen.consent).toEqual({ familyKnows: false, familyConsents: false, ground: "PREJUDICE_INVESTIGATION", explanation: "Telling the parent would alert the suspect." });
  });

  it("drops a ground sent with consent (the form shows it under both answers without JavaScript)", async () => {
    const caller = await police();
    const { contactId } = await caller.contacts.record({ ...contact, familyKnows: "yes", familyConsents: "yes", noConsentGround: "NOT_IN_TIME", noConsentExplanation: "Left over." });
    expect((await caller.contacts.get({ contactId })).consent).toEqual({ familyKnows: true, familyConsents: true, ground: null, explanation: null });
  });

  it("the database refuses a no-consent contact without a ground, and consent from a family that does not know", async () => {
    const caller = await police();
    const { contactId } = await caller.contacts.record({ ...contact, familyKnows: true, familyConsents: true });
    await expect(h.db.contact.update({ where: { id: contactId }, data: { familyConsents: false } })).rejects.toThrow(/contact_no_consent_ground_check/);
    await expect(h.db.contact.update({ where: { id: contactId }, data: { familyKnows: false } })).rejects.toThrow(/contact_consent_known_check/);
    await expect(h.db.contact.update({ where: { id: contactId }, data: { familyConsents: false, noConsentGround: "NOT_IN_TIME", noConsentExplanation: "  " } })).rejects.toThrow(/contact_no_consent_ground_check/);
  });
});

describe("feedback to the referrer", () => {
  it("is recorded by the front door after the decision, with who, when and how, and audited", async () => {
    const caller = await police();
    const { contactId } = await caller.contacts.record({ ...contact, familyKnows: true, familyConsents: true });
    const sam = (await h.caller(DEMO.councilPractitioner)).caller;
    const before = await databaseFingerprint(h.db);
    const early = await rejection(sam.contacts.recordFeedback({ contactId, toldName: "Pat O'Brien", toldAt: h.clock.now(), method: "PHONE" }));
    expect(early.code).toBe("BAD_REQUEST");
    expect(early.message).toMatch(/Record the decision before/);
    expect(await databaseFingerprint(h.db)).toEqual(before);

    h.clock.set("2026-11-23T10:00:00Z");
    await sam.contacts.decide({ contactId, levelApplied: 4, outcome: "STRATEGY_DISCUSSION", rationale: "Injury and disclosure.", caseReference: "CSC-500100" });
    expect((await sam.contacts.get({ contactId })).feedback).toEqual([]);
    const notTold = async () => (await sam.home.forRole({ role: "practitioner" })).sections.find((section) => section.key === "referrerNotTold")!;
    expect((await notTold()).items.map((i) => i.href)).toEqual([`/contacts/${contactId}#feedback`]);
    const future = await rejection(sam.contacts.recordFeedback({ contactId, toldName: "Pat O'Brien", toldAt: new Date("2026-11-23T12:00:00Z"), method: "PHONE" }));
    expect(future.code).toBe("BAD_REQUEST");
    const beforeDecision = await rejection(sam.contacts.recordFeedback({ contactId, toldName: "Pat O'Brien", toldAt: new Date("2026-11-23T09:30:00Z"), method: "PHONE" }));
    expect(beforeDecision.message).toMatch(/before it was made/);

    h.clock.set("2026-11-23T10:20:00Z");
    await sam.contacts.recordFeedback({ contactId, toldName: "Pat O'Brien", toldAt: new Date("2026-11-23T10:15:00Z"), method: "PHONE" });
    const seen = await caller.contacts.get({ contactId });
    expect(seen.feedback).toMatchObject([{ toldName: "Pat O'Brien", toldAt: "2026-11-23T10:15:00.000Z", method: "PHONE", recordedByName: "Sam Patel" }]);
    expect(await h.db.auditEvent.count({ where: { action: "contact.referrer_told", entityId: contactId } })).toBe(1);
    expect((await notTold()).count).toBe(0);

    // A partner cannot record it, even on its own contact.
    expect((await rejection(caller.contacts.recordFeedback({ contactId, toldName: "Me", toldAt: h.clock.now(), method: "CONCORD" }))).code).toBe("FORBIDDEN");
  });
});

describe("subject access export", () => {
  it("holds everything about the case, marks third parties' entries for review, and is audited", async () => {
    const pat = await police();
    await seedHouseholdMeeting(h.db, h.clock.now());
    const { contactId } = await pat.contacts.record({ ...contact, familyKnows: false, familyConsents: false, noConsentGround: "RISK_OF_SIGNIFICANT_HARM", noConsentExplanation: "The concern is about the parent." });
    const sam = (await h.caller(DEMO.councilPractitioner)).caller;
    // The seed's household meeting is about CSC-204118 (the lead) and CSC-204119, his brother.
    await sam.contacts.decide({ contactId, levelApplied: 4, outcome: "STRATEGY_DISCUSSION", rationale: "Injury and disclosure.", caseReference: "CSC-204118" });
    await pat.contacts.get({ contactId });

    const maria = (await h.caller(DEMO.councilManager)).caller;
    const doc = await maria.dataProtection.subjectAccess({ caseReference: "csc-204118" });
    expect(doc.caseReference).toBe("CSC-204118");
    expect(doc.contacts).toHaveLength(1);
    const [c] = doc.contacts;
    expect(c!.referrer).toMatchObject({ name: "Pat O'Brien", agency: "Northshire Police", redactionReview: expect.stringMatching(/referral/) });
    expect(c!.summary.redactionReview).toMatch(/Written by Northshire Police/);
    expect(c!.consent).toMatchObject({ familyKnows: false, familyConsents: false, ground: expect.stringMatching(/significant harm/), explanation: "The concern is about the parent." });
    expect(c!.decisions).toMatchObject([{ outcome: "Strategy discussion needed", decidedBy: "Sam Patel, Northshire Council Children's Social Care", redactionReview: null }]);

    expect(doc.meetings).toHaveLength(1);
    const [m] = doc.meetings;
    expect(m!.children.map((ch) => [ch.reference, ch.thisChild, ch.redactionReview !== null])).toEqual([
      ["CSC-204118", true, false],
      ["CSC-204119", false, true],
    ]);
    // The brother's decision is his, not this child's: marked; this child's is not.
    const decisions = m!.decisions.map((d) => [d.child, d.redactionReview !== null]);
    expect(decisions).toContainEqual(["CSC-204118", false]);
    expect(decisions).toContainEqual(["CSC-204119", true]);
    expect(m!.minutes?.redactionReview).toMatch(/another child/);

    // Who saw it: the police officer who read her own contact, and this export.
    expect(doc.accessLog).toContainEqual(expect.objectContaining({ who: "Pat O'Brien", agency: "Northshire Police", what: "Viewed the contact" }));
    expect(doc.accessLog.at(-1)).toMatchObject({ who: "Maria Jones", what: "Exported the case for a subject access request" });
    expect(doc.forRedactionReview).toBeGreaterThanOrEqual(5);
    const child = await h.db.childCase.findUniqueOrThrow({ where: { reference: "CSC-204118" }, select: { id: true } });
    expect(await h.db.auditEvent.count({ where: { action: "case.subject_access_export", entityType: "case", entityId: child.id } })).toBe(1);

    // The system administrator may export it too (the data protection officer's account, often).
    expect((await (await h.caller(DEMO.systemAdmin)).caller.dataProtection.subjectAccess({ caseReference: "CSC-204118" })).contacts).toHaveLength(1);
  });

  it("refuses those who may not export alike for known and unknown references, says so plainly, and changes nothing", async () => {
    h.clock.set("2026-11-23T09:00:00Z");
    const callers = await Promise.all([DEMO.councilPractitioner, DEMO.policeManager, DEMO.chair, DEMO.councilAdmin].map(async (who) => (await h.caller(who)).caller));
    const { caller: maria } = await h.caller(DEMO.councilManager);
    const before = await databaseFingerprint(h.db);
    for (const caller of callers) {
      const known = await rejection(caller.dataProtection.subjectAccess({ caseReference: "CSC-204118" }));
      const unknown = await rejection(caller.dataProtection.subjectAccess({ caseReference: "CSC-999999" }));
      expect(known.code).toBe("FORBIDDEN");
      expect([unknown.code, unknown.message]).toEqual([known.code, known.message]);
      expectWrittenForAPerson(known.message);
    }
    const unknown = await rejection(maria.dataProtection.subjectAccess({ caseReference: "CSC-999999" }));
    expect(unknown.code).toBe("NOT_FOUND");
    expect(unknown.message).toMatch(/Concord holds nothing under case reference CSC-999999/);
    const malformed = await rejection(maria.dataProtection.subjectAccess({ caseReference: "Jamie Smith" }));
    expect(malformed.code).toBe("BAD_REQUEST");
    expectWrittenForAPerson(malformed.message);
    expect(await databaseFingerprint(h.db)).toEqual(before);
  });
});

describe("each agency's access log", () => {
  async function world() {
    const pat = await police();
    const dee = (await h.caller(DEMO.schoolDsl)).caller;
    const sam = (await h.caller(DEMO.councilPractitioner)).caller;
    const policeContact = (await pat.contacts.record({ ...contact, familyKnows: true, familyConsents: true })).contactId;
    const schoolContact = (await dee.contacts.record({ ...contact, referrerReference: "RPS/880001", familyKnows: true, familyConsents: true })).contactId;
    h.clock.set("2026-11-24T09:00:00Z");
    await sam.contacts.get({ contactId: policeContact });
    await sam.contacts.get({ contactId: schoolContact });
    h.clock.set("2026-11-25T09:00:00Z");
    await sam.contacts.decide({ contactId: policeContact, levelApplied: 2, outcome: "ADVICE_AND_INFORMATION", rationale: "Advice.", closureReason: "Advice given." });
    return { policeContact, schoolContact };
  }

  it("shows an agency who viewed or changed its records, newest first, and never another agency's", async () => {
    const { policeContact, schoolContact } = await world();
    const agencies = await demoAgencies(h);
    const { caller: dan } = await h.caller(DEMO.policeManager);
    const log = await dan.dataProtection.accessLog({});
    expect(log.items.every((i) => i.recordId === policeContact)).toBe(true);
    expect(log.items.map((i) => i.recordId)).not.toContain(schoolContact);
    expect(log.items.map((i) => [i.who, i.agencyName, i.what])).toEqual([
      ["Sam Patel", "Northshire Council Children's Social Care", "Recorded the threshold decision"],
      ["Sam Patel", "Northshire Council Children's Social Care", "Viewed the contact"],
      ["Pat O'Brien", "Northshire Police", "Recorded the contact"],
    ]);
    expect(log.total).toBe(3);
    expect(log.items[0]!.otherAgency).toBe(true);
    expect(log.items[2]!.otherAgency).toBe(false);

    // Filters: the viewing agency, the record type, a date range (UK days, inclusive).
    expect((await dan.dataProtection.accessLog({ viewerAgencyId: agencies.police })).items.map((i) => i.who)).toEqual(["Pat O'Brien"]);
    expect((await dan.dataProtection.accessLog({ recordType: "meeting" })).total).toBe(0);
    // Audit events are stamped by the database's clock, not the test clock: the range is read from them.
    const stamped = await h.db.auditEvent.findFirstOrThrow({ where: { entityId: policeContact }, orderBy: { id: "desc" }, select: { occurredAt: true } });
    const day = londonDate(stamped.occurredAt);
    expect((await dan.dataProtection.accessLog({ from: day, to: day })).total).toBe(3);
    expect((await dan.dataProtection.accessLog({ from: "2026-01-01", to: "2026-01-31" })).total).toBe(0);

    // The police administrator sees the same; the school's own log has only the school's contact.
    expect((await (await h.caller(DEMO.policeAdmin)).caller.dataProtection.accessLog({})).total).toBe(3);
    h.clock.set("2026-11-25T10:00:00Z");
    const { caller: maria } = await h.caller(DEMO.councilManager);
    const council = await maria.dataProtection.accessLog({});
    expect(council.items.map((i) => i.recordId)).not.toContain(policeContact);
    expect(council.items.map((i) => i.recordId)).not.toContain(schoolContact);
  });

  it("refuses practitioners and bad filters with messages for a person", async () => {
    await world();
    for (const who of [DEMO.policePractitioner, DEMO.healthPractitioner, DEMO.chair, DEMO.systemAdmin]) {
      const error = await rejection((await h.caller(who)).caller.dataProtection.accessLog({}));
      expect(error.code).toBe("FORBIDDEN");
      expectWrittenForAPerson(error.message);
    }
    const { caller: dan } = await h.caller(DEMO.policeManager);
    const backwards = await rejection(dan.dataProtection.accessLog({ from: "2026-11-25", to: "2026-11-24" }));
    expect(backwards.code).toBe("BAD_REQUEST");
    expect(backwards.message).toMatch(/start date must be on or before the end date/);
    const badType = await rejection(dan.dataProtection.accessLog({ recordType: "user" as never }));
    expect(badType.code).toBe("BAD_REQUEST");
    expectWrittenForAPerson(badType.message);
  });

  it("pages 25 at a time with the full total", async () => {
    const { policeContact } = await world();
    const sam = (await h.caller(DEMO.councilPractitioner)).caller;
    for (let i = 0; i < 30; i += 1) await sam.contacts.get({ contactId: policeContact });
    const { caller: dan } = await h.caller(DEMO.policeManager);
    const first = await dan.dataProtection.accessLog({});
    const second = await dan.dataProtection.accessLog({ page: 2 });
    expect(first.total).toBe(33);
    expect(first.items).toHaveLength(25);
    expect(second.items).toHaveLength(8);
    expect(second.items.at(-1)!.what).toBe("Recorded the contact");
    expect(new Set([...first.items, ...second.items].map((i) => i.id)).size).toBe(33);
  });
});
