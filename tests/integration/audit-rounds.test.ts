// Joint audit rounds (issue 17, decision 0038) through the tRPC router: each sample rule drawn by
// the database, independent grading (nobody sees another agency's grades before every agency has
// submitted), the scope of each role, races on submitting and grading, and a finding that starts
// a threshold disagreement raised by a partner agency's auditor.
import { describe, expect, it } from "vitest";
import { useHarness, DEMO, rejection } from "../support/harness";
import { useLiveServer } from "../support/live-server";
import { demoAgencies } from "../support/meetings";
import { generateActivity, DEMO_HISTORY } from "../../server/db/generate-activity";
import { seedAuditRounds } from "../../server/domain/audits/demo";

const h = useHarness();
const live = useLiveServer(h);

type Outcome = "NO_FURTHER_ACTION" | "ADVICE_AND_INFORMATION" | "STEP_DOWN_EARLY_HELP" | "CHILD_IN_NEED_ASSESSMENT" | "STRATEGY_DISCUSSION";
const CLOSING = new Set<Outcome>(["NO_FURTHER_ACTION", "ADVICE_AND_INFORMATION", "STEP_DOWN_EARLY_HELP"]);

let serial = 0;
/** A contact from the school or the police, decided by the council at `at` (UTC). */
async function decided(from: "school" | "police", at: string, outcome: Outcome, levelApplied: number) {
  h.clock.set(at);
  const n = String(++serial).padStart(4, "0");
  const referrer = await h.caller(from === "school" ? DEMO.schoolDsl : DEMO.policePractitioner);
  const { contactId } = await referrer.caller.contacts.record({
    referrerReference: from === "school" ? `RPS/70${n}` : `PPU/70${n}`,
    receivedAt: new Date(new Date(at).getTime() - 20 * 60_000),
    familyKnows: true,
    familyConsents: true,
    concernCategory: "NEGLECT",
    referrerLevel: 3,
    summary: "Child often arrives at school hungry and in unwashed clothes.",
  });
  const council = await h.caller(DEMO.councilPractitioner);
  await council.caller.contacts.decide({
    contactId,
    levelApplied,
    outcome,
    rationale: "Needs met by universal services; no evidence of significant harm.",
    closureReason: CLOSING.has(outcome) ? "School to monitor and refer again if concerns grow." : undefined,
    caseReference: `CSC-70${n}`,
  });
  return contactId;
}

/** Decisions around a period of 2 to 13 November 2026 (London dates; GMT then, so UTC is London time). */
async function decisionsAroundThePeriod() {
  const c = {
    before: await decided("school", "2026-10-30T10:00:00Z", "NO_FURTHER_ACTION", 1),
    nfaSchool: await decided("school", "2026-11-02T09:30:00Z", "NO_FURTHER_ACTION", 1),
    advice: await decided("school", "2026-11-03T11:00:00Z", "ADVICE_AND_INFORMATION", 2),
    stepDown: await decided("police", "2026-11-04T14:00:00Z", "STEP_DOWN_EARLY_HELP", 2),
    assessment: await decided("police", "2026-11-05T10:00:00Z", "CHILD_IN_NEED_ASSESSMENT", 4),
    nfaPolice: await decided("police", "2026-11-06T15:00:00Z", "NO_FURTHER_ACTION", 1),
    strategy: await decided("school", "2026-11-09T10:00:00Z", "STRATEGY_DISCUSSION", 4),
    lastEvening: await decided("police", "2026-11-13T23:50:00Z", "NO_FURTHER_ACTION", 1),
    afterMidnight: await decided("police", "2026-11-14T00:10:00Z", "NO_FURTHER_ACTION", 1),
  };
  h.clock.set("2026-11-23T09:00:00Z");
  return c;
}

const PERIOD = { periodStart: "2026-11-02", periodEnd: "2026-11-13" };

async function sampledContacts(roundId: string) {
  return (await h.db.auditItem.findMany({ where: { roundId }, orderBy: { position: "asc" }, select: { contactId: true, decisionId: true, position: true, contact: { select: { currentDecisionId: true } } } }));
}

async function coreAgencies() {
  const a = await demoAgencies(h);
  return [a.council, a.police, a.icb];
}

/** A round of the period's "no further action" closures, graded by council, police and health. */
async function nfaRound() {
  await decisionsAroundThePeriod();
  const jo = (await h.caller(DEMO.businessManager)).caller;
  const { roundId } = await jo.audits.create({ title: "November NFA audit", ...PERIOD, sampleRule: "NO_FURTHER_ACTION", agencyIds: await coreAgencies() });
  const items = await h.db.auditItem.findMany({ where: { roundId }, orderBy: { position: "asc" }, select: { id: true } });
  return { roundId, itemIds: items.map((i) => i.id), jo };
}

async function gradeAll(email: string, itemIds: string[], answers: (i: number) => { levelRight: boolean; outcomeSafe: boolean; rationaleRecorded: boolean }) {
  const { caller } = await h.caller(email);
  for (const [i, itemId] of itemIds.entries()) await caller.audits.grade({ itemId, ...answers(i), reason: `Read the case notes for contact ${i + 1}.` });
  return caller;
}

describe("creating a round: the sample rules", () => {
  it("draws each rule's contacts from decisions in force made in the period (London dates), and records the decision graded", async () => {
    const c = await decisionsAroundThePeriod();
    const agencyIds = await coreAgencies();
    const { caller } = await h.caller(DEMO.businessManager);
    const police = (await demoAgencies(h)).police;
    const create = async (rule: Record<string, unknown>) => {
      const { roundId, sampled } = await caller.audits.create({ title: "Front-door audit", ...PERIOD, agencyIds, ...rule } as never);
      const items = await sampledContacts(roundId);
      expect(items.length).toBe(sampled);
      // The decision graded is the one in force when the round was drawn; positions are 1..n.
      for (const item of items) expect(item.decisionId).toBe(item.contact.currentDecisionId);
      expect(items.map((i) => i.position)).toEqual(items.map((_, i) => i + 1));
      return new Set(items.map((i) => i.contactId));
    };
    expect(await create({ sampleRule: "NO_FURTHER_ACTION" })).toEqual(new Set([c.nfaSchool, c.nfaPolice, c.lastEvening]));
    expect(await create({ sampleRule: "CLOSURES" })).toEqual(new Set([c.nfaSchool, c.advice, c.stepDown, c.nfaPolice, c.lastEvening]));
    expect(await create({ sampleRule: "SOURCE_AGENCY", sourceAgencyId: police })).toEqual(new Set([c.stepDown, c.assessment, c.nfaPolice, c.lastEvening]));
    expect(await create({ sampleRule: "THRESHOLD_LEVEL", thresholdLevel: 4 })).toEqual(new Set([c.assessment, c.strategy]));
    const inPeriod = new Set([c.nfaSchool, c.advice, c.stepDown, c.assessment, c.nfaPolice, c.strategy, c.lastEvening]);
    expect(await create({ sampleRule: "RANDOM", sampleSize: "" })).toEqual(inPeriod);
    // Random N: exactly N of the period's contacts, and not always the same N.
    const draws = new Set<string>();
    for (let i = 0; i < 6; i++) {
      const three = await create({ sampleRule: "RANDOM", sampleSize: 3 });
      expect(three.size).toBe(3);
      for (const id of three) expect(inPeriod.has(id)).toBe(true);
      draws.add([...three].sort().join());
    }
    expect(draws.size).toBeGreaterThan(1);
    // N larger than the matches takes them all; N smaller than a rule's matches takes N of them.
    expect((await create({ sampleRule: "NO_FURTHER_ACTION", sampleSize: 50 })).size).toBe(3);
    expect((await create({ sampleRule: "CLOSURES", sampleSize: 2 })).size).toBe(2);
  });

  it("a rule that matches nothing says so and creates nothing; bad periods and choices are refused with messages for a person", async () => {
    await decisionsAroundThePeriod();
    const agencyIds = await coreAgencies();
    const { caller } = await h.caller(DEMO.businessManager);
    const base = { title: "Level 3 audit", ...PERIOD, agencyIds };
    const nothing = await rejection(caller.audits.create({ ...base, sampleRule: "THRESHOLD_LEVEL", thresholdLevel: 3 }));
    expect(nothing.code).toBe("BAD_REQUEST");
    expect(nothing.message).toMatch(/No contacts match: none had a decision at level 3 decided between 2 November 2026 and 13 November 2026/);
    const future = await rejection(caller.audits.create({ ...base, sampleRule: "RANDOM", periodEnd: "2026-11-24" }));
    expect(future.message).toBe("The end of the period must be today or in the past");
    const backwards = await rejection(caller.audits.create({ ...base, sampleRule: "RANDOM", periodStart: "2026-11-13", periodEnd: "2026-11-02" }));
    expect(backwards.message).toBe("The end of the period must be the same as or after its start");
    expect((await rejection(caller.audits.create({ ...base, sampleRule: "SOURCE_AGENCY" }))).message).toBe("Choose the agency that made the contacts");
    expect((await rejection(caller.audits.create({ ...base, sampleRule: "RANDOM", agencyIds: [] }))).message).toBe("Choose at least one agency to take part");
    const hospital = (await demoAgencies(h)).hospital;
    expect((await rejection(caller.audits.create({ ...base, sampleRule: "RANDOM", agencyIds: [...agencyIds, hospital] }))).message).toMatch(/Northshire Hospitals NHS Foundation Trust has no auditor in Concord/);
    expect((await rejection(caller.audits.create({ ...base, sampleRule: "RANDOM", sampleSize: 0 }))).message).toMatch(/whole number from 1 to 200/);
    // A period that ends today (the clock's London date) is allowed: it takes the seven in the period and the one just after.
    expect((await caller.audits.create({ ...base, sampleRule: "RANDOM", periodStart: "2026-11-02", periodEnd: "2026-11-23" })).sampled).toBe(8);
    expect(await h.db.auditRound.count()).toBe(1);
    expect(await h.db.auditEvent.count({ where: { action: "audit_round.create" } })).toBe(1);
  });

  it("offers council, police and health ticked, other agencies unticked, and only agencies with an auditor ticked", async () => {
    const { caller } = await h.caller(DEMO.businessManager);
    const form = await caller.audits.newRoundForm();
    const byName = new Map(form.agencies.map((a) => [a.name, a]));
    expect(byName.get("Northshire Council Children's Social Care")?.ticked).toBe(true);
    expect(byName.get("Northshire Police")?.ticked).toBe(true);
    expect(byName.get("Northshire Integrated Care Board")?.ticked).toBe(true);
    expect(byName.get("Northshire Hospitals NHS Foundation Trust")).toMatchObject({ ticked: false, hasAuditor: false });
    expect(byName.get("Riverside Primary School")?.ticked).toBe(false);
    expect(form.agencies.some((a) => a.name.includes("Partnership"))).toBe(false);
  });
});

describe("independent grading", () => {
  it("hides every other agency's grades (from the chair too) until every agency has submitted; then all see all, and the round is in moderation", async () => {
    const { roundId, itemIds } = await nfaRound();
    expect(itemIds.length).toBe(3);
    await gradeAll(DEMO.councilAuditor, itemIds, () => ({ levelRight: true, outcomeSafe: true, rationaleRecorded: true }));
    const police = await gradeAll(DEMO.policeAuditor, itemIds, (i) => ({ levelRight: i !== 0, outcomeSafe: i !== 0, rationaleRecorded: true }));
    const chair = (await h.caller(DEMO.chair)).caller;
    const health = (await h.caller(DEMO.healthAuditor)).caller;

    // The police see their own grades only; the chair sees none but sees progress.
    const policeView = await police.audits.get({ roundId });
    expect(policeView.gradesShown).toBe("own");
    expect(policeView.items.flatMap((i) => i.grades.map((g) => g.agencyName))).toEqual(Array(3).fill("Northshire Police"));
    const policeItem = await police.audits.item({ roundId, itemId: itemIds[0]! });
    expect(policeItem.grades).toEqual([]);
    expect(policeItem.ownGrade).toMatchObject({ levelRight: false, outcomeSafe: false });
    const chairView = await chair.audits.get({ roundId });
    expect(chairView.gradesShown).toBe("none");
    expect(chairView.items.every((i) => i.grades.length === 0 && i.agreement === null)).toBe(true);
    expect(Object.fromEntries(chairView.agencies.map((a) => [a.name, a.graded]))).toEqual({
      "Northshire Council Children's Social Care": 3,
      "Northshire Integrated Care Board": 0,
      "Northshire Police": 3,
    });
    expect((await chair.audits.item({ roundId, itemId: itemIds[0]! })).grades).toEqual([]);

    // Grades change freely until the agency submits; submitting needs every contact graded.
    await police.audits.grade({ itemId: itemIds[1]!, levelRight: false, outcomeSafe: true, rationaleRecorded: false, reason: "Second look: level 2 fitted better." });
    await health.audits.grade({ itemId: itemIds[0]!, levelRight: true, outcomeSafe: false, rationaleRecorded: true, reason: "GP had reported weight loss." });
    const early = await rejection(health.audits.submit({ roundId }));
    expect(early.code).toBe("BAD_REQUEST");
    expect(early.message).toBe("Grade every contact before you submit: your agency has graded 1 of 3.");
    await police.audits.submit({ roundId });
    const again = await rejection(police.audits.grade({ itemId: itemIds[0]!, levelRight: true, outcomeSafe: true, rationaleRecorded: true, reason: "Changed my mind." }));
    expect(again.code).toBe("CONFLICT");
    expect(again.message).toMatch(/already submitted/);
    expect((await police.audits.get({ roundId })).gradesShown).toBe("own");

    const council = (await h.caller(DEMO.councilAuditor)).caller;
    await council.audits.submit({ roundId });
    await gradeAll(DEMO.healthAuditor, itemIds, (i) => ({ levelRight: true, outcomeSafe: i !== 0, rationaleRecorded: i !== 2 }));
    expect((await chair.audits.get({ roundId })).state).toBe("GRADING");
    const last = await health.audits.submit({ roundId });
    expect(last.state).toBe("MODERATION");
    const round = await h.db.auditRound.findUniqueOrThrow({ where: { id: roundId }, select: { state: true, moderationStartedAt: true } });
    expect(round.state).toBe("MODERATION");
    expect(round.moderationStartedAt).not.toBeNull();

    for (const caller of [chair, police, council, health]) {
      const view = await caller.audits.get({ roundId });
      expect(view.gradesShown).toBe("all");
      expect(view.items[0]!.grades.map((g) => g.agencyName)).toEqual(["Northshire Council Children's Social Care", "Northshire Integrated Care Board", "Northshire Police"]);
    }
    const first = (await chair.audits.get({ roundId })).items[0]!;
    expect(first.agreement).toEqual({ levelRight: { yes: 2, no: 1, agree: false }, outcomeSafe: { yes: 1, no: 2, agree: false }, rationaleRecorded: { yes: 3, no: 0, agree: true } });
  });
});

describe("scope of each role", () => {
  it("refuses an auditor of an agency not taking part exactly like a missing round, refuses practitioners, and lets the scrutineer read case references only and change nothing", async () => {
    await decisionsAroundThePeriod();
    const a = await demoAgencies(h);
    const jo = (await h.caller(DEMO.businessManager)).caller;
    const { roundId } = await jo.audits.create({ title: "Council and police only", ...PERIOD, sampleRule: "NO_FURTHER_ACTION", agencyIds: [a.council, a.police] });
    const itemId = (await h.db.auditItem.findFirstOrThrow({ where: { roundId }, select: { id: true } })).id;
    const missing = "00000000-0000-4000-8000-000000000000";

    const health = (await h.caller(DEMO.healthAuditor)).caller;
    const refused = await rejection(health.audits.get({ roundId }));
    const random = await rejection(health.audits.get({ roundId: missing }));
    expect([refused.code, refused.message]).toEqual([random.code, random.message]);
    expect(refused.code).toBe("NOT_FOUND");
    expect((await rejection(health.audits.grade({ itemId, levelRight: true, outcomeSafe: true, rationaleRecorded: true, reason: "x" }))).code).toBe("NOT_FOUND");
    expect((await health.audits.list()).rounds.concat((await health.audits.list()).waiting)).toEqual([]);

    for (const email of [DEMO.schoolDsl, DEMO.councilPractitioner, DEMO.policeManager]) {
      const { caller } = await h.caller(email);
      expect((await rejection(caller.audits.list())).code).toBe("FORBIDDEN");
      expect((await rejection(caller.audits.get({ roundId }))).code).toBe("NOT_FOUND");
      expect((await rejection(caller.audits.create({ title: "x", ...PERIOD, sampleRule: "RANDOM", agencyIds: [a.council] }))).code).toBe("FORBIDDEN");
    }

    const scrutineer = (await h.caller(DEMO.scrutineer)).caller;
    const view = await scrutineer.audits.get({ roundId });
    expect(view.seesCaseDetail).toBe(false);
    expect(view.items.every((i) => i.caseReference?.startsWith("CSC-") && i.decision === null)).toBe(true);
    const item = await scrutineer.audits.item({ roundId, itemId });
    expect([item.decision, item.followed]).toEqual([null, null]);
    // A finding about one contact is case detail too; a finding about the whole round is not.
    const joActor = await h.actor(DEMO.businessManager);
    await h.db.auditFinding.createMany({ data: [
      { roundId, itemId, summary: "The mother's new partner was not checked.", recordedById: joActor.userId, recordedAt: h.clock.now() },
      { roundId, summary: "Closure reasons were brief across the round.", recordedById: joActor.userId, recordedAt: h.clock.now() },
    ] });
    const summaries = (await scrutineer.audits.get({ roundId })).findings.map((f) => f.summary);
    expect(summaries).toContain("Closure reasons were brief across the round.");
    expect(summaries.join(" ")).not.toContain("new partner");
    expect((await jo.audits.get({ roundId })).findings.map((f) => f.summary)).toContain("The mother's new partner was not checked.");
    expect(view.abilities).toMatchObject({ canCreate: false, canGrade: false, canModerate: false });
    expect((await rejection(scrutineer.audits.create({ title: "x", ...PERIOD, sampleRule: "RANDOM", agencyIds: [a.council] }))).code).toBe("FORBIDDEN");
    expect((await rejection(scrutineer.audits.grade({ itemId, levelRight: true, outcomeSafe: true, rationaleRecorded: true, reason: "x" }))).code).toBe("FORBIDDEN");
    expect((await rejection(scrutineer.audits.submit({ roundId }))).code).toBe("FORBIDDEN");
    expect((await rejection(scrutineer.audits.moderate({ itemId, agreedLevelRight: true, agreedOutcomeSafe: true, agreedRationaleRecorded: true }))).code).toBe("FORBIDDEN");
    expect((await rejection(scrutineer.audits.close({ roundId, summary: "Done." }))).code).toBe("FORBIDDEN");

    // The chair and business manager moderate but never grade; the police auditor grades but never moderates.
    expect((await rejection(jo.audits.grade({ itemId, levelRight: true, outcomeSafe: true, rationaleRecorded: true, reason: "x" }))).code).toBe("FORBIDDEN");
    const police = (await h.caller(DEMO.policeAuditor)).caller;
    expect((await rejection(police.audits.moderate({ itemId, agreedLevelRight: true, agreedOutcomeSafe: true, agreedRationaleRecorded: true }))).code).toBe("FORBIDDEN");
    // Moderation waits for every agency's grades.
    expect((await rejection(jo.audits.moderate({ itemId, agreedLevelRight: true, agreedOutcomeSafe: true, agreedRationaleRecorded: true }))).code).toBe("CONFLICT");
    // The auditor's list puts the round waiting for their agency first.
    const list = await police.audits.list();
    expect(list.waiting.map((r) => r.id)).toEqual([roundId]);
  });
});

type Reply = { status: number; message: string | null };
async function call(cookie: string, path: string, input: unknown): Promise<Reply> {
  const response = await live.mutate(cookie, path, input);
  const body = (await response.json()) as { error?: { message: string } };
  return { status: response.status, message: body.error?.message ?? null };
}

describe("races", () => {
  it("twenty parallel submits of one agency's grades: one wins, the rest get 409, never a 500; the last agency's submit moves the round once", async () => {
    const { roundId, itemIds } = await nfaRound();
    await gradeAll(DEMO.councilAuditor, itemIds, () => ({ levelRight: true, outcomeSafe: true, rationaleRecorded: true }));
    await gradeAll(DEMO.healthAuditor, itemIds, () => ({ levelRight: true, outcomeSafe: true, rationaleRecorded: true }));
    await gradeAll(DEMO.policeAuditor, itemIds, () => ({ levelRight: false, outcomeSafe: true, rationaleRecorded: true }));
    const council = await live.signIn(DEMO.councilAuditor);
    const councilReplies = await Promise.all(Array.from({ length: 20 }, () => call(council, "audits.submit", { roundId })));
    expect(councilReplies.filter((r) => r.status === 200).length).toBe(1);
    expect(councilReplies.filter((r) => r.status === 409).length).toBe(19);
    // Health and police submit at the same moment, ten times each: exactly one of them is last.
    const [health, police] = await Promise.all([live.signIn(DEMO.healthAuditor), live.signIn(DEMO.policeAuditor)]);
    const replies = await Promise.all(Array.from({ length: 20 }, (_, i) => call(i % 2 ? health : police, "audits.submit", { roundId })));
    expect(replies.filter((r) => r.status === 200).length).toBe(2);
    expect(replies.filter((r) => r.status !== 200).every((r) => r.status === 409 && !!r.message)).toBe(true);
    const round = await h.db.auditRound.findUniqueOrThrow({ where: { id: roundId }, select: { state: true, version: true } });
    expect(round).toEqual({ state: "MODERATION", version: 1 });
    expect(await h.db.auditEvent.count({ where: { action: "audit_round.submit" } })).toBe(3);
  });

  it("twenty parallel grades of one contact by one agency, racing its submit: no 500, one grade kept, none written after the submit", async () => {
    const { roundId, itemIds } = await nfaRound();
    const police = await live.signIn(DEMO.policeAuditor);
    const grades = await Promise.all(
      Array.from({ length: 20 }, (_, i) => call(police, "audits.grade", { itemId: itemIds[0], levelRight: i % 2 === 0, outcomeSafe: true, rationaleRecorded: true, reason: `Grade ${i}` })),
    );
    expect(grades.every((r) => r.status === 200)).toBe(true);
    expect(await h.db.auditGrade.count({ where: { itemId: itemIds[0] } })).toBe(1);
    for (const itemId of itemIds.slice(1)) expect((await call(police, "audits.grade", { itemId, levelRight: true, outcomeSafe: true, rationaleRecorded: true, reason: "Fine." })).status).toBe(200);
    const mixed = await Promise.all([
      ...Array.from({ length: 10 }, () => call(police, "audits.grade", { itemId: itemIds[1], levelRight: false, outcomeSafe: false, rationaleRecorded: false, reason: "Late change" })),
      call(police, "audits.submit", { roundId }),
      ...Array.from({ length: 9 }, () => call(police, "audits.grade", { itemId: itemIds[1], levelRight: false, outcomeSafe: false, rationaleRecorded: false, reason: "Late change" })),
    ]);
    expect(mixed.every((r) => r.status === 200 || r.status === 409)).toBe(true);
    const submitted = await h.db.auditRoundAgency.findFirstOrThrow({ where: { roundId, submittedAt: { not: null } }, select: { submittedAt: true } });
    const lastGrade = await h.db.auditGrade.findFirstOrThrow({ where: { itemId: itemIds[1] }, select: { gradedAt: true } });
    expect(lastGrade.gradedAt.getTime()).toBeLessThanOrEqual(submitted.submittedAt!.getTime());
    expect(mixed.filter((r) => r.status === 409).every((r) => /already submitted/.test(r.message ?? ""))).toBe(true);
  });
});

describe("moderation, findings and a disagreement from a finding", () => {
  it("needs every contact moderated to close; a finding about a contact lets the police auditor raise a disagreement with the council, linked both ways, once", async () => {
    const { roundId, itemIds, jo } = await nfaRound();
    for (const email of [DEMO.councilAuditor, DEMO.policeAuditor, DEMO.healthAuditor]) {
      const caller = await gradeAll(email, itemIds, (i) => ({ levelRight: email !== DEMO.policeAuditor || i > 0, outcomeSafe: true, rationaleRecorded: true }));
      await caller.audits.submit({ roundId });
    }
    const themes = await jo.disagreements.themes();
    const { findingId } = await jo.audits.addFinding({ roundId, itemId: itemIds[0], summary: "Police intelligence of repeated call-outs was not weighed: level 3 fitted.", themeIds: [themes[0]!.id] });
    const { findingId: roundFinding } = await jo.audits.addFinding({ roundId, summary: "Closure reasons were recorded in every case.", themeIds: [] });
    const closeEarly = await rejection(jo.audits.close({ roundId, summary: "Three closures audited." }));
    expect(closeEarly.message).toBe("Moderate every contact before closing the round: 3 are not yet moderated.");

    // Only a partner agency's auditor raises it; the council auditor (the deciding agency) and the chair cannot.
    const council = (await h.caller(DEMO.councilAuditor)).caller;
    const councilView = await council.audits.get({ roundId });
    expect(councilView.findings.find((f) => f.id === findingId)?.canRaiseDisagreement).toBe(false);
    expect((await rejection(council.audits.raiseDisagreement({ findingId, subject: "LEVEL_APPLIED", soughtLevel: 3, soughtOutcome: "Level 3", reasons: "x" }))).code).toBe("FORBIDDEN");
    expect((await rejection(jo.audits.raiseDisagreement({ findingId, subject: "LEVEL_APPLIED", soughtLevel: 3, soughtOutcome: "Level 3", reasons: "x" }))).code).toBe("FORBIDDEN");
    const police = (await h.caller(DEMO.policeAuditor)).caller;
    const policeView = await police.audits.get({ roundId });
    expect(policeView.findings.find((f) => f.id === findingId)?.canRaiseDisagreement).toBe(true);
    expect(policeView.findings.find((f) => f.id === roundFinding)?.canRaiseDisagreement).toBe(false);
    // A police auditor cannot otherwise see the school's contact, nor raise about it directly before auditing it.
    const contactId = (await h.db.auditItem.findUniqueOrThrow({ where: { id: itemIds[0] }, select: { contactId: true } })).contactId;
    expect((await rejection(police.contacts.get({ contactId }))).code).toMatch(/FORBIDDEN|NOT_FOUND/);

    const { disagreementId } = await police.audits.raiseDisagreement({ findingId, subject: "LEVEL_APPLIED", soughtLevel: 3, soughtOutcome: "A level 3 targeted early help assessment", reasons: "Four domestic abuse call-outs in two months were not weighed." });
    const d = await h.db.disagreement.findUniqueOrThrow({ where: { id: disagreementId }, select: { raisingAgencyId: true, receivingAgencyId: true, contactId: true, raisedById: true } });
    const a = await demoAgencies(h);
    expect(d).toMatchObject({ raisingAgencyId: a.police, receivingAgencyId: a.council, contactId });
    expect((await h.db.auditFinding.findUniqueOrThrow({ where: { id: findingId }, select: { disagreementId: true } })).disagreementId).toBe(disagreementId);
    // The link shows on the finding and on the disagreement, to the raiser and the chair.
    expect((await jo.audits.get({ roundId })).findings.find((f) => f.id === findingId)?.disagreement?.id).toBe(disagreementId);
    for (const caller of [police, jo]) expect((await caller.disagreements.get({ disagreementId })).auditFinding).toEqual({ id: findingId, roundId, roundTitle: "November NFA audit", canOpenRound: true });
    // An auditor is not their agency's disagreement practitioner: the police auditor sees only this one,
    // and the council's auditor none of the disagreements the council receives.
    expect((await police.disagreements.list({})).items.map((i) => i.id)).toEqual([disagreementId]);
    expect((await council.disagreements.list({})).items).toEqual([]);
    expect((await rejection(council.disagreements.get({ disagreementId }))).code).toBe("NOT_FOUND");
    // The council's auditor learns that the finding started a disagreement, not which one: it is not theirs to open.
    expect((await council.audits.get({ roundId })).findings.find((f) => f.id === findingId)?.disagreement).toEqual({ id: null, status: null, stage: null });
    // Nor may an auditor raise directly, about a contact their agency did not grade or even one it did:
    // only from a finding, once, through the finding's own door.
    const other = await h.db.contact.findFirstOrThrow({ where: { id: { notIn: (await h.db.auditItem.findMany({ select: { contactId: true } })).map((i) => i.contactId) }, currentDecisionId: { not: null } }, select: { id: true } });
    for (const id of [other.id, contactId]) expect((await rejection(police.disagreements.raise({ contactId: id, subject: "OUTCOME", soughtOutcome: "An assessment", reasons: "Reasons." }))).code).toBe("FORBIDDEN");
    const twice = await rejection(police.audits.raiseDisagreement({ findingId, subject: "LEVEL_APPLIED", soughtLevel: 3, soughtOutcome: "Again", reasons: "Again." }));
    expect(twice.code).toBe("CONFLICT");
    expect(await h.db.disagreement.count({ where: { contactId } })).toBe(1);

    // The round finding offers the learning action link to the business manager.
    expect((await jo.audits.get({ roundId })).findings.find((f) => f.id === roundFinding)?.canStartLearningAction).toBe(true);
    // A learning action owned by the police shows on the finding to those who may read it, and to no auditor.
    await jo.learningActions.create({ findingId: roundFinding, title: "Record closure reasons in police terms", description: "Brief the public protection unit.", owningAgencyId: a.police, dueOn: "2026-12-31" });
    expect((await jo.audits.get({ roundId })).findings.find((f) => f.id === roundFinding)?.learningActions.map((l) => l.title)).toEqual(["Record closure reasons in police terms"]);
    for (const auditor of [council, police]) expect((await auditor.audits.get({ roundId })).findings.find((f) => f.id === roundFinding)?.learningActions).toEqual([]);

    for (const itemId of itemIds) await jo.audits.moderate({ itemId, agreedLevelRight: itemId !== itemIds[0], agreedOutcomeSafe: true, agreedRationaleRecorded: true, note: "Agreed at the moderation meeting." });
    await jo.audits.close({ roundId, summary: "One of three closures was at the wrong level; rationale recorded in all." });
    const closed = await jo.audits.get({ roundId });
    expect(closed.state).toBe("CLOSED");
    expect(closed.abilities.canModerate).toBe(false);
    expect((await rejection(jo.audits.moderate({ itemId: itemIds[0]!, agreedLevelRight: true, agreedOutcomeSafe: true, agreedRationaleRecorded: true }))).code).toBe("CONFLICT");
    expect((await rejection(jo.audits.close({ roundId, summary: "Again." }))).code).toBe("CONFLICT");
  });
});

describe("the demo's rounds", () => {
  it("a demo with history has last month's closures audited and closed, and this month's being graded; the database's rules hold", async () => {
    await generateActivity(h.db, { ...DEMO_HISTORY, until: h.clock.now() });
    await seedAuditRounds(h.db, h.clock.now());
    const rounds = await h.db.auditRound.findMany({ orderBy: { createdAt: "asc" }, select: { id: true, state: true, title: true, _count: { select: { items: true, findings: true } } } });
    expect(rounds.map((r) => r.state)).toEqual(["CLOSED", "GRADING"]);
    expect(rounds[0]!.title).toBe("No further action closures, October 2026");
    expect(rounds[0]!._count).toEqual({ items: 8, findings: 2 });
    expect(rounds[1]!._count.items).toBeGreaterThan(0);
    // This month's round waits for the council (half way), not for the police (submitted).
    const council = (await h.caller(DEMO.councilAuditor)).caller;
    expect((await council.audits.list()).waiting.map((r) => r.id)).toEqual([rounds[1]!.id]);
    const police = (await h.caller(DEMO.policeAuditor)).caller;
    expect((await police.audits.list()).waiting).toEqual([]);
    const closed = await (await h.caller(DEMO.chair)).caller.audits.get({ roundId: rounds[0]!.id });
    expect(closed.items.every((i) => i.grades.length === 3 && i.agreed !== null)).toBe(true);
    expect(closed.items.some((i) => i.agreement && !i.agreement.levelRight.agree)).toBe(true);
  });
});
