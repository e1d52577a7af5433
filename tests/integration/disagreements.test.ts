import { describe, expect, it } from "vitest";
import { TRPCError } from "@trpc/server";
import { useHarness, DEMO, rejection } from "../support/harness";
import { sweepOverdueDisagreements } from "../../server/domain/disagreements/disagreements";
import { conveneDemoMeeting, demoAgencies } from "../support/meetings";

const h = useHarness();


/** Riverside's DSL refers; the council closes it with no further action; the school disputes it. */
async function schoolDisputesNfa(options: { urgent?: boolean } = {}) {
  h.clock.set("2026-11-23T09:00:00Z"); // Monday
  const school = await h.caller(DEMO.schoolDsl);
  const { contactId } = await school.caller.contacts.record({
    referrerReference: "RPS/610001",
    receivedAt: new Date("2026-11-23T08:30:00Z"),
    concernCategory: "NEGLECT",
    referrerLevel: 3,
    summary: "Child arriving hungry and unkempt; younger sibling often left alone.",
  });
  const council = await h.caller(DEMO.councilPractitioner);
  await council.caller.contacts.decide({ contactId, levelApplied: 1, outcome: "NO_FURTHER_ACTION", rationale: "Universal services meeting needs.", closureReason: "School to monitor.", caseReference: "CSC-610001" });
  const { disagreementId } = await school.caller.disagreements.raise({
    contactId,
    subject: "OUTCOME",
    soughtLevel: 3,
    soughtOutcome: "Child-in-need assessment",
    reasons: "Pattern of neglect over two terms, not a single incident.",
    urgent: options.urgent ?? false,
  });
  return { contactId, disagreementId, school, council };
}

const version = async (disagreementId: string) => (await h.db.disagreement.findUniqueOrThrow({ where: { id: disagreementId }, select: { version: true } })).version;

describe("raising", () => {
  it("starts at stage 1, addressed to the council, due one working day later, with a timeline", async () => {
    const { disagreementId, school } = await schoolDisputesNfa();
    const d = await school.caller.disagreements.get({ disagreementId });
    // Each side names the child as it knows them: the school by its own reference, the council by its case record.
    expect(d).toMatchObject({ stage: 1, status: "OPEN", raisingAgencyName: "Riverside Primary School", receivingAgencyName: "Northshire Council Children's Social Care", caseReference: "RPS/610001" });
    expect((await (await h.caller(DEMO.councilManager)).caller.disagreements.get({ disagreementId })).caseReference).toBe("CSC-610001");
    expect(d.stageDueAt).toBe("2026-11-24T09:00:00.000Z");
    expect(d.timeline.map((e) => [e.seq, e.type, e.actorName])).toEqual([[1, "raised", "Dee Walker"]]);
    expect(await h.db.outboxEmail.count({ where: { subject: { contains: "disagreement has been raised" } } })).toBeGreaterThan(0);
  });

  it("shortens every clock for a child at immediate risk", async () => {
    const { disagreementId, school } = await schoolDisputesNfa({ urgent: true });
    expect((await school.caller.disagreements.get({ disagreementId })).stageDueAt).toBe("2026-11-24T00:00:00.000Z"); // end of Monday
  });

  it("lets the council challenge a partner's referral, naming the partner", async () => {
    const { contactId, council } = await schoolDisputesNfa();
    const riverside = await h.db.agency.findFirstOrThrow({ where: { name: "Riverside Primary School" } });
    expect((await rejection(council.caller.disagreements.raise({ contactId, subject: "REFERRAL_QUALITY", soughtOutcome: "x", reasons: "y" }))).code).toBe("BAD_REQUEST");
    const { disagreementId } = await council.caller.disagreements.raise({ contactId, receivingAgencyId: riverside.id, subject: "REFERRAL_QUALITY", soughtOutcome: "Referrals include the child's voice", reasons: "No account of the child's view." });
    expect((await council.caller.disagreements.get({ disagreementId })).receivingAgencyName).toBe("Riverside Primary School");
  });

  it("refuses the council naming an agency that took no part in the decision, which then sees nothing", async () => {
    const { contactId, council } = await schoolDisputesNfa();
    const { police } = await demoAgencies(h);
    const refused = await rejection(council.caller.disagreements.raise({ contactId, receivingAgencyId: police, subject: "REFERRAL_QUALITY", soughtOutcome: "x", reasons: "y" }));
    expect(refused.code).toBe("BAD_REQUEST");
    expect(refused.message).toMatch(/took no part/);
    expect(await h.db.disagreement.count({ where: { receivingAgencyId: police } })).toBe(0);
    expect(await (await h.caller(DEMO.policeManager)).caller.disagreements.list({})).toEqual([]);
  });

  it("on a meeting's decision, lets the council name only an agency invited to that meeting", async () => {
    const { meetingId, agencies } = await conveneDemoMeeting(h); // police, the ICB and Riverside invited
    const council = await h.caller(DEMO.councilPractitioner);
    const challenge = { meetingId, subject: "MEETING_DECISION" as const, soughtOutcome: "A joint section 47 enquiry", reasons: "The police hold relevant information." };
    expect((await rejection(council.caller.disagreements.raise({ ...challenge, receivingAgencyId: agencies.hillcrest }))).code).toBe("BAD_REQUEST");
    expect(await (await h.caller("tom.reid@hillcrest.example.org")).caller.disagreements.list({})).toEqual([]);
    const { disagreementId } = await council.caller.disagreements.raise({ ...challenge, receivingAgencyId: agencies.police });
    expect((await council.caller.disagreements.get({ disagreementId })).receivingAgencyName).toBe("Northshire Police");
  });

  it("refuses bad input and a contact the raiser cannot see, writing nothing", async () => {
    const { contactId } = await schoolDisputesNfa();
    const before = await h.db.disagreement.count();
    const police = await h.caller(DEMO.policePractitioner);
    expect((await rejection(police.caller.disagreements.raise({ contactId, subject: "OUTCOME", soughtOutcome: "x", reasons: "y" }))).code).toBe("NOT_FOUND");
    const school = await h.caller(DEMO.schoolDsl);
    expect((await rejection(school.caller.disagreements.raise({ contactId, subject: "OUTCOME", soughtOutcome: "", reasons: "" }))).code).toBe("BAD_REQUEST");
    expect((await rejection(school.caller.disagreements.raise({ contactId, subject: "NON_ATTENDANCE", soughtOutcome: "x", reasons: "y" }))).code).toBe("BAD_REQUEST");
    expect((await rejection(school.caller.disagreements.raise({ contactId, subject: "OUTCOME", soughtLevel: 7, soughtOutcome: "x", reasons: "y" }))).code).toBe("BAD_REQUEST");
    expect(await h.db.disagreement.count()).toBe(before);
  });
});

describe("the ladder", () => {
  it("a school disputes NFA, the council responds, the school escalates; a council manager takes stage 2, which goes overdue; stage 3 resolves with the decision changed", async () => {
    const { disagreementId, contactId, school, council } = await schoolDisputesNfa();
    await council.caller.disagreements.comment({ disagreementId, expectedVersion: 1, body: "The GP reports no concerns; we stand by NFA." });
    await school.caller.disagreements.attachReference({ disagreementId, expectedVersion: 2, reference: "Riverside safeguarding log entries 14-22 (CPOMS)" });
    await school.caller.disagreements.escalate({ disagreementId, expectedVersion: 3, reason: "The response does not address the pattern." });
    const manager = await h.caller(DEMO.councilManager);
    let d = await manager.caller.disagreements.get({ disagreementId });
    expect(d).toMatchObject({ stage: 2, stageDueAt: "2026-11-24T09:00:00.000Z", overdue: false });
    expect(d.abilities).toMatchObject({ escalate: true, resolve: true });
    // Stage 2 is for managers: the practitioners may only comment now.
    expect((await school.caller.disagreements.get({ disagreementId })).abilities).toMatchObject({ comment: true, escalate: false, resolve: false });
    expect((await rejection(council.caller.disagreements.resolve({ disagreementId, expectedVersion: 4, outcome: "UPHELD", statement: "x" }))).code).toBe("FORBIDDEN");

    h.clock.set("2026-11-24T10:00:00Z");
    expect(await sweepOverdueDisagreements(h.services().services)).toBe(1);
    expect(await sweepOverdueDisagreements(h.services().services)).toBe(0); // flagged once per stage
    d = await manager.caller.disagreements.get({ disagreementId });
    expect(d.overdue).toBe(true);
    expect(d.timeline.at(-1)).toMatchObject({ type: "stage.overdue", actorName: "Concord" });
    expect((await manager.caller.disagreements.list({ overdueOnly: true })).map((x) => x.id)).toEqual([disagreementId]);

    await manager.caller.disagreements.escalate({ disagreementId, expectedVersion: d.version, reason: "Needs a service manager view." });
    d = await manager.caller.disagreements.get({ disagreementId });
    expect(d).toMatchObject({ stage: 3, stageDueAt: "2026-12-01T10:00:00.000Z", overdue: false }); // 5 working days
    await manager.caller.disagreements.resolve({ disagreementId, expectedVersion: d.version, outcome: "CHANGED", statement: "Agreed: a child-in-need assessment will start.", newLevel: 3, newDecisionOutcome: "CHILD_IN_NEED_ASSESSMENT" });

    // The front-door record shows the new decision, linked to the disagreement; timeliness stays with the first.
    const contact = await school.caller.contacts.get({ contactId });
    expect(contact.decision).toMatchObject({ outcome: "CHILD_IN_NEED_ASSESSMENT", levelApplied: 3, disagreementId, signedOffByName: "Maria Jones" });
    expect(contact.timeliness.decidedInTime).toBe(true);
    expect(await h.db.thresholdDecision.count({ where: { contactId } })).toBe(2);

    // Both sides see the same timeline; the school acknowledges the outcome.
    const [fromSchool, fromCouncil] = await Promise.all([school.caller.disagreements.get({ disagreementId }), manager.caller.disagreements.get({ disagreementId })]);
    expect(fromSchool.timeline).toEqual(fromCouncil.timeline);
    expect(fromSchool.timeline.map((e) => e.type)).toEqual(["raised", "comment", "reference", "escalated", "stage.overdue", "escalated", "resolved"]);
    expect(fromCouncil.abilities.acknowledge).toBe(false); // the resolving side does not acknowledge its own outcome
    await school.caller.disagreements.acknowledge({ disagreementId, expectedVersion: fromSchool.version });
    expect((await school.caller.disagreements.get({ disagreementId })).acknowledgedAt).not.toBeNull();
  });

  it("stage 4 goes to the partnership chair, who alone resolves it; nothing goes past stage 4", async () => {
    const { disagreementId, school } = await schoolDisputesNfa();
    const manager = await h.caller(DEMO.councilManager);
    await school.caller.disagreements.escalate({ disagreementId, expectedVersion: 1, reason: "No response." });
    await manager.caller.disagreements.escalate({ disagreementId, expectedVersion: 2, reason: "Service manager review." });
    await manager.caller.disagreements.escalate({ disagreementId, expectedVersion: 3, reason: "For the partnership." });
    expect(await h.db.outboxEmail.count({ where: { subject: { contains: "partnership (stage 4)" }, toAddress: DEMO.chair } })).toBe(1);
    expect((await rejection(manager.caller.disagreements.escalate({ disagreementId, expectedVersion: 4, reason: "Again" }))).code).toBe("FORBIDDEN");
    expect((await rejection(manager.caller.disagreements.resolve({ disagreementId, expectedVersion: 4, outcome: "UPHELD", statement: "x" }))).code).toBe("FORBIDDEN");
    const chair = await h.caller(DEMO.chair);
    expect((await chair.caller.disagreements.get({ disagreementId })).abilities).toMatchObject({ resolve: true, comment: true, escalate: false, withdraw: false });
    await chair.caller.disagreements.resolve({ disagreementId, expectedVersion: 4, outcome: "PARTLY_CHANGED", statement: "Early help plan with school and health; review in 6 weeks.", newLevel: 2, newDecisionOutcome: "STEP_DOWN_EARLY_HELP" });
    expect((await chair.caller.disagreements.get({ disagreementId })).status).toBe("RESOLVED");
  });

  it("refuses resolving twice, an outcome without a statement, a comment on a resolved one, and withdrawal by the receiver", async () => {
    const { disagreementId, school, council } = await schoolDisputesNfa();
    expect((await rejection(council.caller.disagreements.resolve({ disagreementId, expectedVersion: 1, outcome: "WITHDRAWN", statement: "x" }))).code).toBe("FORBIDDEN");
    expect((await rejection(council.caller.disagreements.resolve({ disagreementId, expectedVersion: 1, outcome: "UPHELD", statement: "" }))).code).toBe("BAD_REQUEST");
    expect((await rejection(council.caller.disagreements.resolve({ disagreementId, expectedVersion: 1, outcome: "CHANGED", statement: "Changing it" }))).code).toBe("BAD_REQUEST"); // needs the new decision
    await school.caller.disagreements.resolve({ disagreementId, expectedVersion: 1, outcome: "WITHDRAWN", statement: "New information from the GP resolves our concern." });
    expect((await rejection(council.caller.disagreements.resolve({ disagreementId, expectedVersion: 2, outcome: "UPHELD", statement: "x" }))).code).toBe("FORBIDDEN");
    expect((await rejection(school.caller.disagreements.comment({ disagreementId, expectedVersion: 2, body: "one more thing" }))).code).toBe("FORBIDDEN");
    expect((await rejection(school.caller.disagreements.escalate({ disagreementId, expectedVersion: 2, reason: "x" }))).code).toBe("FORBIDDEN");
    expect(await version(disagreementId)).toBe(2);
    expect(await h.db.disagreementEvent.count({ where: { disagreementId } })).toBe(2);
  });

  it("lets only the chair tag themes, once resolved", async () => {
    const { disagreementId, council } = await schoolDisputesNfa();
    const chair = await h.caller(DEMO.chair);
    const themes = await chair.caller.disagreements.themes();
    const neglect = themes.find((t) => t.name === "Neglect")!;
    expect((await rejection(chair.caller.disagreements.tagThemes({ disagreementId, expectedVersion: 1, themeIds: [neglect.id] }))).code).toBe("FORBIDDEN");
    await council.caller.disagreements.resolve({ disagreementId, expectedVersion: 1, outcome: "UPHELD", statement: "NFA stands; school to re-refer on any new concern." });
    expect((await rejection(council.caller.disagreements.tagThemes({ disagreementId, expectedVersion: 2, themeIds: [neglect.id] }))).code).toBe("FORBIDDEN");
    await chair.caller.disagreements.tagThemes({ disagreementId, expectedVersion: 2, themeIds: [neglect.id, themes.find((t) => t.name === "Threshold interpretation")!.id] });
    expect((await chair.caller.disagreements.get({ disagreementId })).themes.map((t) => t.name).sort()).toEqual(["Neglect", "Threshold interpretation"]);
  });
});

describe("concurrency", () => {
  it("of an escalation and a resolution racing on the same view, exactly one wins and no event is lost", async () => {
    const { disagreementId, school, council } = await schoolDisputesNfa();
    const results = await Promise.allSettled([
      school.caller.disagreements.escalate({ disagreementId, expectedVersion: 1, reason: "Escalating" }),
      council.caller.disagreements.resolve({ disagreementId, expectedVersion: 1, outcome: "UPHELD", statement: "Upheld" }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const loser = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect((loser.reason as TRPCError).code).toBe("CONFLICT");
    expect((loser.reason as TRPCError).message).toMatch(/Someone else changed this disagreement/);
    const events = await h.db.disagreementEvent.findMany({ where: { disagreementId }, orderBy: { seq: "asc" }, select: { seq: true } });
    expect(events.map((e) => e.seq)).toEqual([1, 2]);
    expect(await version(disagreementId)).toBe(2);
  });

  it("ten comments at once on one view: one lands, the rest are told to reload", async () => {
    const { disagreementId, school } = await schoolDisputesNfa();
    const results = await Promise.allSettled(Array.from({ length: 10 }, (_, i) => school.caller.disagreements.comment({ disagreementId, expectedVersion: 1, body: `comment ${i}` })));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(await h.db.disagreementEvent.count({ where: { disagreementId } })).toBe(2);
  });
});

describe("scope", () => {
  it("is seen by both sides, the council and the chair; no one else, in lists or by id", async () => {
    const { disagreementId } = await schoolDisputesNfa();
    for (const email of [DEMO.schoolDsl, DEMO.councilPractitioner, DEMO.councilManager, DEMO.chair]) {
      expect((await (await h.caller(email)).caller.disagreements.list({})).map((d) => d.id)).toEqual([disagreementId]);
    }
    for (const email of [DEMO.policePractitioner, DEMO.healthPractitioner, "tom.reid@hillcrest.example.org"]) {
      const { caller } = await h.caller(email);
      expect(await caller.disagreements.list({})).toEqual([]);
      expect((await rejection(caller.disagreements.get({ disagreementId }))).code).toBe("NOT_FOUND");
      expect((await rejection(caller.disagreements.comment({ disagreementId, expectedVersion: 1, body: "x" }))).code).toBe("NOT_FOUND");
    }
  });
});
