// The disagreement log through the tRPC router: raised with the agency party to the decision,
// resolved only by agreement (or withdrawal, or the partnership at the last stage), a changed
// decision recorded by the council with four eyes, and each stage written down.
import { describe, expect, it } from "vitest";
import { ZodError } from "zod";
import { useHarness, DEMO, rejection } from "../support/harness";
import { schoolDisputesNfa, versionOf } from "../support/disagreements";
import { conveneDemoMeeting } from "../support/meetings";
import { sweepOverdueDisagreements } from "../../server/domain/disagreements/disagreements";

const h = useHarness();

const get = async (email: string, disagreementId: string) => (await h.caller(email)).caller.disagreements.get({ disagreementId });

describe("raising", () => {
  it("starts at stage 1 of the current ladder, with the council that decided, due one working day later", async () => {
    const { disagreementId, school } = await schoolDisputesNfa(h);
    const d = await school.caller.disagreements.get({ disagreementId });
    expect(d).toMatchObject({ stage: 1, status: "OPEN", startStage: 1, ladderVersion: 1, onCurrentLadder: true, raisingAgencyName: "Riverside Primary School", receivingAgencyName: "Northshire Council Children's Social Care" });
    expect(d.stageDueAt).toBe("2026-11-24T09:00:00.000Z");
    expect(d.timeline.map((e) => [e.seq, e.type, e.actorName])).toEqual([[1, "raised", "Dee Walker"]]);
    expect(d.ladder.stages.map((s) => [s.stage, s.raisingActor, s.receivingActor])).toEqual([
      [1, "PRACTITIONER", "PRACTITIONER"],
      [2, "DESIGNATED_LEAD", "DESIGNATED_LEAD"],
      [3, "SENIOR_MANAGER", "SENIOR_MANAGER"],
      [4, "PARTNERSHIP", "PARTNERSHIP"],
    ]);
  });

  it("is with the agency party to the decision: the school cannot name the police, the council's challenge goes to the school", async () => {
    const { contactId, council, school } = await schoolDisputesNfa(h);
    const police = await h.db.agency.findFirstOrThrow({ where: { name: "Northshire Police" } });
    const before = await h.db.disagreement.count();
    const wrong = await rejection(school.caller.disagreements.raise({ contactId, receivingAgencyId: police.id, subject: "OUTCOME", soughtOutcome: "x", reasons: "y" }));
    expect(wrong.code).toBe("BAD_REQUEST");
    expect((await rejection(council.caller.disagreements.raise({ contactId, receivingAgencyId: police.id, subject: "REFERRAL_QUALITY", soughtOutcome: "x", reasons: "y" }))).code).toBe("BAD_REQUEST");
    expect(await h.db.disagreement.count()).toBe(before);
    // The council need not name anyone: the referral's agency is the other party.
    const { disagreementId } = await council.caller.disagreements.raise({ contactId, subject: "REFERRAL_QUALITY", soughtOutcome: "Referrals include the child's voice", reasons: "No account of the child's view." });
    expect((await council.caller.disagreements.get({ disagreementId })).receivingAgencyName).toBe("Riverside Primary School");
  });

  it("about a meeting, is between two agencies invited to it: the chair's agency by default, never an agency not invited", async () => {
    const { meetingId, agencies } = await conveneDemoMeeting(h);
    const police = await h.caller(DEMO.policePractitioner);
    const { disagreementId } = await police.caller.disagreements.raise({ meetingId, subject: "MEETING_DECISION", soughtOutcome: "A joint section 47 enquiry", reasons: "The disclosure meets the threshold." });
    expect((await police.caller.disagreements.get({ disagreementId })).receivingAgencyName).toBe("Northshire Council Children's Social Care");
    const named = await police.caller.disagreements.raise({ meetingId, receivingAgencyId: agencies.riverside, subject: "NON_ATTENDANCE", soughtOutcome: "The school attends", reasons: "No one came." });
    expect((await police.caller.disagreements.get({ disagreementId: named.disagreementId })).receivingAgencyName).toBe("Riverside Primary School");
    const before = await h.db.disagreement.count();
    expect((await rejection(police.caller.disagreements.raise({ meetingId, receivingAgencyId: agencies.hillcrest, subject: "NON_ATTENDANCE", soughtOutcome: "x", reasons: "y" }))).code).toBe("BAD_REQUEST");
    expect((await rejection(police.caller.disagreements.raise({ meetingId, receivingAgencyId: agencies.police, subject: "NON_ATTENDANCE", soughtOutcome: "x", reasons: "y" }))).code).toBe("BAD_REQUEST");
    expect(await h.db.disagreement.count()).toBe(before);
  });

  it("refuses bad input and a contact the raiser cannot see, writing nothing", async () => {
    const { contactId } = await schoolDisputesNfa(h);
    const before = await h.db.disagreement.count();
    const police = await h.caller(DEMO.policePractitioner);
    expect((await rejection(police.caller.disagreements.raise({ contactId, subject: "OUTCOME", soughtOutcome: "x", reasons: "y" }))).code).toBe("NOT_FOUND");
    const school = await h.caller(DEMO.schoolDsl);
    for (const input of [
      { contactId, subject: "OUTCOME" as const, soughtOutcome: "", reasons: "" },
      { contactId, subject: "NON_ATTENDANCE" as const, soughtOutcome: "x", reasons: "y" },
      { contactId, subject: "OUTCOME" as const, soughtLevel: 7, soughtOutcome: "x", reasons: "y" },
      { contactId, subject: "OUTCOME" as const, soughtOutcome: "x", reasons: "y", startStage: 9, urgent: true, startReason: "z" },
    ]) {
      const error = await rejection(school.caller.disagreements.raise(input));
      expect(error.code).toBe("BAD_REQUEST");
      const message = error.cause instanceof ZodError ? error.cause.issues[0]!.message : error.message;
      expect(message).not.toMatch(/invalid|expected|too_|^Too|^Number/i); // written for a person
    }
    expect(await h.db.disagreement.count()).toBe(before);
  });
});

describe("agreed outcomes", () => {
  /** Who acts for each side at each stage of the default ladder. */
  const ACTORS: Record<number, { school: string; council: string; schoolBelow?: string }> = {
    1: { school: DEMO.schoolDsl, council: DEMO.councilPractitioner },
    2: { school: DEMO.schoolDsl, council: DEMO.councilManager },
    3: { school: DEMO.headTeacher, council: DEMO.councilServiceManager, schoolBelow: DEMO.schoolDsl },
    4: { school: DEMO.headTeacher, council: DEMO.councilServiceManager, schoolBelow: DEMO.schoolDsl },
  };

  for (const stage of [1, 2, 3, 4]) {
    it(`at stage ${stage}, one side cannot resolve it alone: the other side's acting person must accept`, async () => {
      const { disagreementId } = await schoolDisputesNfa(h);
      for (let s = 1; s < stage; s++) {
        const { caller } = await h.caller(ACTORS[s]!.school);
        await caller.disagreements.escalate({ disagreementId, expectedVersion: await versionOf(h, disagreementId), reason: `Needs stage ${s + 1}.` });
      }
      const council = await h.caller(ACTORS[stage]!.council);
      let v = await versionOf(h, disagreementId);
      await council.caller.disagreements.propose({ disagreementId, expectedVersion: v, outcome: "UPHELD", statement: "The decision stands; the school re-refers on any new concern." });
      v++;
      const { pendingProposal } = await council.caller.disagreements.get({ disagreementId });
      expect(pendingProposal).toMatchObject({ outcome: "UPHELD", status: "PENDING", proposedBy: { name: expect.any(String) } });
      // The proposing side cannot accept its own proposal, nor can anyone else on its side.
      expect((await rejection(council.caller.disagreements.answer({ disagreementId, expectedVersion: v, proposalId: pendingProposal!.id, answer: "ACCEPT" }))).code).toBe("FORBIDDEN");
      const councilColleague = await h.caller(stage === 1 ? DEMO.councilManager : DEMO.councilServiceManager);
      expect((await rejection(councilColleague.caller.disagreements.answer({ disagreementId, expectedVersion: v, proposalId: pendingProposal!.id, answer: "ACCEPT" }))).code).toBe("FORBIDDEN");
      // While it waits, no one proposes over it; and there is no way to close it one-sidedly.
      expect((await rejection(council.caller.disagreements.propose({ disagreementId, expectedVersion: v, outcome: "PARTLY_CHANGED", statement: "x" }))).code).toBe("FORBIDDEN");
      expect((await rejection(council.caller.disagreements.withdraw({ disagreementId, expectedVersion: v, statement: "x" }))).code).toBe("FORBIDDEN");
      expect((await rejection(council.caller.disagreements.determine({ disagreementId, expectedVersion: v, outcome: "UPHELD", statement: "x" }))).code).toBe("FORBIDDEN");
      // Someone of the school below the stage's rung cannot answer for it either.
      if (ACTORS[stage]!.schoolBelow) {
        const below = await h.caller(ACTORS[stage]!.schoolBelow!);
        expect((await rejection(below.caller.disagreements.answer({ disagreementId, expectedVersion: v, proposalId: pendingProposal!.id, answer: "ACCEPT" }))).code).toBe("FORBIDDEN");
      }
      expect((await get(DEMO.chair, disagreementId)).status).toBe("OPEN");

      const school = await h.caller(ACTORS[stage]!.school);
      await school.caller.disagreements.answer({ disagreementId, expectedVersion: v, proposalId: pendingProposal!.id, answer: "ACCEPT" });
      const d = await school.caller.disagreements.get({ disagreementId });
      expect(d).toMatchObject({ status: "RESOLVED", stage, outcome: "UPHELD", resolution: "AGREED", outcomeStatement: "The decision stands; the school re-refers on any new concern." });
      expect(d.agreement!.proposedBy.agencyName).toBe("Northshire Council Children's Social Care");
      expect(d.agreement!.answeredBy!.agencyName).toBe("Riverside Primary School");
      expect(d.timeline.at(-1)).toMatchObject({ type: "resolved", stage });
    });
  }

  it("the other side declines with reasons; it stays open and the decliner escalates", async () => {
    const { disagreementId, school, council } = await schoolDisputesNfa(h);
    await council.caller.disagreements.propose({ disagreementId, expectedVersion: 1, outcome: "UPHELD", statement: "NFA stands." });
    const proposalId = (await school.caller.disagreements.get({ disagreementId })).pendingProposal!.id;
    expect((await rejection(school.caller.disagreements.answer({ disagreementId, expectedVersion: 2, proposalId, answer: "DECLINE" }))).code).toBe("BAD_REQUEST"); // reasons needed
    await school.caller.disagreements.answer({ disagreementId, expectedVersion: 2, proposalId, answer: "DECLINE", reasons: "The pattern over two terms is not addressed." });
    let d = await school.caller.disagreements.get({ disagreementId });
    expect(d).toMatchObject({ status: "OPEN", pendingProposal: null });
    expect(d.proposals.map((p) => [p.status, p.declineReasons])).toEqual([["DECLINED", "The pattern over two terms is not addressed."]]);
    await school.caller.disagreements.escalate({ disagreementId, expectedVersion: 3, reason: "Declined at stage 1." });
    d = await school.caller.disagreements.get({ disagreementId });
    expect(d).toMatchObject({ stage: 2, stageLabel: "Line managers and named leads" });
    expect(d.timeline.map((e) => e.type)).toEqual(["raised", "proposed", "declined", "escalated"]);
  });

  it("an escalation lapses a proposal still waiting; the raiser may withdraw at any stage, the receiver may not", async () => {
    const { disagreementId, school, council } = await schoolDisputesNfa(h);
    await school.caller.disagreements.propose({ disagreementId, expectedVersion: 1, outcome: "CHANGED", statement: "Assessment to start." });
    await school.caller.disagreements.escalate({ disagreementId, expectedVersion: 2, reason: "No answer." });
    expect((await school.caller.disagreements.get({ disagreementId })).proposals.map((p) => p.status)).toEqual(["LAPSED"]);
    expect((await rejection(council.caller.disagreements.withdraw({ disagreementId, expectedVersion: 3, statement: "x" }))).code).toBe("FORBIDDEN");
    await school.caller.disagreements.withdraw({ disagreementId, expectedVersion: 3, statement: "New information from the GP resolves our concern." });
    const d = await school.caller.disagreements.get({ disagreementId });
    expect(d).toMatchObject({ status: "RESOLVED", outcome: "WITHDRAWN", resolution: "WITHDRAWN" });
    expect((await rejection(school.caller.disagreements.comment({ disagreementId, expectedVersion: 4, body: "one more thing" }))).code).toBe("FORBIDDEN");
    expect(await versionOf(h, disagreementId)).toBe(4);
  });

  it("at the last stage the partnership determines it when the sides do not agree; never earlier", async () => {
    const { disagreementId, school } = await schoolDisputesNfa(h);
    const chair = await h.caller(DEMO.chair);
    expect((await rejection(chair.caller.disagreements.determine({ disagreementId, expectedVersion: 1, outcome: "UPHELD", statement: "x" }))).code).toBe("FORBIDDEN");
    const head = await h.caller(DEMO.headTeacher);
    await school.caller.disagreements.escalate({ disagreementId, expectedVersion: 1, reason: "No response." });
    await school.caller.disagreements.escalate({ disagreementId, expectedVersion: 2, reason: "Managers disagree." });
    await head.caller.disagreements.escalate({ disagreementId, expectedVersion: 3, reason: "For the partnership." });
    expect(await h.db.outboxEmail.count({ where: { subject: { contains: "stage 4" }, toAddress: DEMO.chair } })).toBe(1);
    expect((await rejection(head.caller.disagreements.escalate({ disagreementId, expectedVersion: 4, reason: "Again" }))).code).toBe("FORBIDDEN");
    expect((await chair.caller.disagreements.get({ disagreementId })).abilities).toMatchObject({ determine: true, comment: true, escalate: false, propose: false, withdraw: false });
    await chair.caller.disagreements.determine({ disagreementId, expectedVersion: 4, outcome: "PARTLY_CHANGED", statement: "Early help plan with school and health; review in 6 weeks." });
    const d = await chair.caller.disagreements.get({ disagreementId });
    expect(d).toMatchObject({ status: "RESOLVED", resolution: "PARTNERSHIP_DETERMINED", outcome: "PARTLY_CHANGED" });
    // The partnership recommends; it does not write the council's decision.
    expect(d.changedDecisions).toEqual([]);
    expect((await get(DEMO.councilManager, disagreementId)).abilities.recordChangedDecision).toBe(true);
    expect((await get(DEMO.chair, disagreementId)).abilities.recordChangedDecision).toBe(false);
  });
});

describe("a changed decision", () => {
  async function agreedChanged() {
    const { disagreementId, contactId, school } = await schoolDisputesNfa(h);
    await school.caller.disagreements.escalate({ disagreementId, expectedVersion: 1, reason: "Not addressed." });
    const manager = await h.caller(DEMO.councilManager);
    await manager.caller.disagreements.propose({ disagreementId, expectedVersion: 2, outcome: "CHANGED", statement: "Agreed: a child-in-need assessment will start this week." });
    const proposalId = (await school.caller.disagreements.get({ disagreementId })).pendingProposal!.id;
    await school.caller.disagreements.answer({ disagreementId, expectedVersion: 3, proposalId, answer: "ACCEPT" });
    return { disagreementId, contactId, school, manager };
  }

  it("is recorded by the council, not by the other side, and only once", async () => {
    const { disagreementId, school, manager } = await agreedChanged();
    const input = { disagreementId, expectedVersion: 4, levelApplied: 3, outcome: "CHILD_IN_NEED_ASSESSMENT" as const, rationale: "Pattern of neglect; assessment agreed at stage 2." };
    expect((await rejection(school.caller.disagreements.recordChangedDecision(input))).code).toBe("FORBIDDEN");
    expect((await rejection(manager.caller.disagreements.recordChangedDecision({ ...input, outcome: "NO_FURTHER_ACTION" }))).code).toBe("BAD_REQUEST"); // a closure needs its reason
    await manager.caller.disagreements.recordChangedDecision(input);
    expect((await rejection(manager.caller.disagreements.recordChangedDecision({ ...input, expectedVersion: 5 }))).code).toBe("FORBIDDEN");
    expect((await manager.caller.disagreements.get({ disagreementId })).timeline.at(-1)).toMatchObject({ type: "decision.changed", actorName: "Maria Jones" });
  });

  it("needs four eyes: the manager who recorded it cannot sign it off; another council manager does", async () => {
    const { disagreementId, contactId, school, manager } = await agreedChanged();
    await manager.caller.disagreements.recordChangedDecision({ disagreementId, expectedVersion: 4, levelApplied: 3, outcome: "CHILD_IN_NEED_ASSESSMENT", rationale: "Assessment agreed at stage 2." });
    let contact = await school.caller.contacts.get({ contactId });
    expect(contact).toMatchObject({ status: "AWAITING_SIGN_OFF", decision: { outcome: "CHILD_IN_NEED_ASSESSMENT", disagreementId, signedOffAt: null } });
    expect((await rejection(manager.caller.contacts.signOff({ contactId, decisionId: contact.decision!.id }))).code).toBe("FORBIDDEN");
    // The database holds the same rule, whatever code runs.
    await expect(h.db.thresholdDecision.update({ where: { id: contact.decision!.id }, data: { signedOffAt: h.clock.now(), signedOffById: contact.decision!.decidedById } })).rejects.toThrow();

    const asked = await h.db.outboxEmail.findMany({ where: { subject: { contains: "needs your sign-off" } }, select: { toAddress: true } });
    expect(asked.map((e) => e.toAddress)).toContain(DEMO.councilServiceManager);
    expect(asked.map((e) => e.toAddress)).not.toContain(DEMO.councilManager);
    const second = await h.caller(DEMO.councilServiceManager);
    await second.caller.contacts.signOff({ contactId, decisionId: contact.decision!.id });
    contact = await school.caller.contacts.get({ contactId });
    expect(contact.decision).toMatchObject({ signedOffByName: "Olu Adeyemi", decidedByName: "Maria Jones" });
    // The contact keeps its first decision and its timeliness; the change is a later decision caused by the disagreement.
    expect(contact.timeliness.decidedInTime).toBe(true);
    expect(contact.history.map((x) => [x.outcome, x.disagreementId, x.decidedByName])).toEqual([
      ["NO_FURTHER_ACTION", null, "Sam Patel"],
      ["CHILD_IN_NEED_ASSESSMENT", disagreementId, "Maria Jones"],
    ]);
    expect((await school.caller.disagreements.get({ disagreementId })).changedDecisions).toMatchObject([{ decidedByName: "Maria Jones", signedOffByName: "Olu Adeyemi" }]);
  });

  it("no longer signs itself off when an outcome changes the decision (the old bypass)", async () => {
    const { disagreementId } = await agreedChanged();
    expect(await h.db.thresholdDecision.count({ where: { disagreementId } })).toBe(0);
    expect(await h.db.thresholdDecision.count({ where: { signedOffById: { not: null }, disagreementId: { not: null } } })).toBe(0);
  });
});

describe("the written record", () => {
  it("each side records its position and the plan's dated next steps, shown per stage to both sides", async () => {
    const { disagreementId, school, council } = await schoolDisputesNfa(h);
    await school.caller.disagreements.recordPosition({ disagreementId, expectedVersion: 1, position: "Two terms of neglect indicators; level 3 at least." });
    await council.caller.disagreements.recordPosition({ disagreementId, expectedVersion: 2, position: "GP reports no concerns; universal services suffice." });
    await council.caller.disagreements.addNextStep({ disagreementId, expectedVersion: 3, kind: "CONVERSATION", who: "Sam Patel and Dee Walker", when: new Date("2026-11-23T14:00:00Z"), note: "Phone call" });
    expect((await rejection(council.caller.disagreements.addNextStep({ disagreementId, expectedVersion: 4, kind: "MEETING", who: "", when: new Date("2026-11-24T10:00:00Z") }))).code).toBe("BAD_REQUEST");
    const chair = await h.caller(DEMO.chair);
    expect((await rejection(chair.caller.disagreements.recordPosition({ disagreementId, expectedVersion: 4, position: "x" }))).code).toBe("FORBIDDEN");
    const [fromSchool, fromCouncil] = await Promise.all([school.caller.disagreements.get({ disagreementId }), council.caller.disagreements.get({ disagreementId })]);
    expect(fromSchool.stageRecords).toEqual(fromCouncil.stageRecords);
    const [record] = fromSchool.stageRecords;
    expect(record!.positions.map((p) => [p.side, p.actorAgencyName, p.body])).toEqual([
      ["raising", "Riverside Primary School", "Two terms of neglect indicators; level 3 at least."],
      ["receiving", "Northshire Council Children's Social Care", "GP reports no concerns; universal services suffice."],
    ]);
    expect(record!.steps.map((s) => s.payload)).toEqual([{ kind: "CONVERSATION", who: "Sam Patel and Dee Walker", when: "2026-11-23T14:00:00.000Z" }]);
  });

  it("each agency acknowledges the outcome once", async () => {
    const { disagreementId, school, council } = await schoolDisputesNfa(h);
    await council.caller.disagreements.propose({ disagreementId, expectedVersion: 1, outcome: "UPHELD", statement: "NFA stands." });
    const proposalId = (await school.caller.disagreements.get({ disagreementId })).pendingProposal!.id;
    expect((await rejection(school.caller.disagreements.acknowledge({ disagreementId, expectedVersion: 2 }))).code).toBe("FORBIDDEN"); // not resolved yet
    await school.caller.disagreements.answer({ disagreementId, expectedVersion: 2, proposalId, answer: "ACCEPT" });
    await school.caller.disagreements.acknowledge({ disagreementId, expectedVersion: 3 });
    expect((await rejection(school.caller.disagreements.acknowledge({ disagreementId, expectedVersion: 4 }))).code).toBe("FORBIDDEN");
    const manager = await h.caller(DEMO.councilManager);
    await manager.caller.disagreements.acknowledge({ disagreementId, expectedVersion: 4 });
    expect((await council.caller.disagreements.get({ disagreementId })).acknowledgements.map((a) => [a.agencyName, a.name])).toEqual([
      ["Riverside Primary School", "Dee Walker"],
      ["Northshire Council Children's Social Care", "Maria Jones"],
    ]);
  });

  it("flags an overdue stage once, on the timeline, to the people who act at it", async () => {
    const { disagreementId, school } = await schoolDisputesNfa(h);
    await school.caller.disagreements.escalate({ disagreementId, expectedVersion: 1, reason: "No response." });
    h.clock.set("2026-11-24T10:00:00Z");
    expect(await sweepOverdueDisagreements(h.services().services)).toBe(1);
    expect(await sweepOverdueDisagreements(h.services().services)).toBe(0);
    const d = await get(DEMO.councilManager, disagreementId);
    expect(d.overdue).toBe(true);
    expect(d.timeline.at(-1)).toMatchObject({ type: "stage.overdue", actorName: "Concord" });
    const notified = await h.db.outboxEmail.findMany({ where: { subject: { contains: "overdue at stage 2" } }, select: { toAddress: true } });
    expect(notified.map((n) => n.toAddress).sort()).toEqual(expect.arrayContaining([DEMO.councilManager, DEMO.schoolDsl]));
    expect(notified.map((n) => n.toAddress)).not.toContain(DEMO.councilPractitioner);
  });

  it("lets only the chair tag themes, once resolved", async () => {
    const { disagreementId, school, council } = await schoolDisputesNfa(h);
    const chair = await h.caller(DEMO.chair);
    const themes = await chair.caller.disagreements.themes();
    const neglect = themes.find((t) => t.name === "Neglect")!;
    expect((await rejection(chair.caller.disagreements.tagThemes({ disagreementId, expectedVersion: 1, themeIds: [neglect.id] }))).code).toBe("FORBIDDEN");
    await school.caller.disagreements.withdraw({ disagreementId, expectedVersion: 1, statement: "Resolved by a conversation." });
    expect((await rejection(council.caller.disagreements.tagThemes({ disagreementId, expectedVersion: 2, themeIds: [neglect.id] }))).code).toBe("FORBIDDEN");
    await chair.caller.disagreements.tagThemes({ disagreementId, expectedVersion: 2, themeIds: [neglect.id] });
    expect((await chair.caller.disagreements.get({ disagreementId })).themes.map((t) => t.name)).toEqual(["Neglect"]);
  });
});

describe("scope", () => {
  it("is seen by both sides, the council and the chair; no one else, in lists or by id", async () => {
    const { disagreementId } = await schoolDisputesNfa(h);
    for (const email of [DEMO.schoolDsl, DEMO.councilPractitioner, DEMO.councilManager, DEMO.chair]) {
      expect((await (await h.caller(email)).caller.disagreements.list({})).items.map((d) => d.id)).toEqual([disagreementId]);
    }
    for (const email of [DEMO.policePractitioner, DEMO.healthPractitioner, "tom.reid@hillcrest.example.org"]) {
      const { caller } = await h.caller(email);
      expect((await caller.disagreements.list({})).items).toEqual([]);
      expect((await rejection(caller.disagreements.get({ disagreementId }))).code).toBe("NOT_FOUND");
      expect((await rejection(caller.disagreements.comment({ disagreementId, expectedVersion: 1, body: "x" }))).code).toBe("NOT_FOUND");
    }
  });
});
