// Audit rounds, grades and learning actions written straight to the database for the audit
// figures, scrutiny and yearly report tests (decision 0040); the audit and learning helpers' own
// domain code is not needed to read them.
import type { useHarness } from "./harness";
import { DEMO } from "./harness";

type H = ReturnType<typeof useHarness>;
export type Answers = [levelRight: boolean, outcomeSafe: boolean, rationaleRecorded: boolean];
type Outcome = "NO_FURTHER_ACTION" | "ADVICE_AND_INFORMATION" | "STEP_DOWN_EARLY_HELP" | "STRATEGY_DISCUSSION" | "CHILD_IN_NEED_ASSESSMENT";

export async function auditPeople(h: H) {
  return {
    manager: await h.actor(DEMO.businessManager),
    sam: await h.actor(DEMO.councilPractitioner),
    council: await h.actor(DEMO.councilAuditor),
    police: await h.actor(DEMO.policeAuditor),
    health: await h.actor(DEMO.healthAuditor),
  };
}

let sequence = 0;
/** A decided contact from a source agency, decided on `decidedAt`. */
export async function decidedContact(h: H, o: { source: string; outcome: Outcome; level: number; decidedAt: string }) {
  const { sam } = await auditPeople(h);
  const at = new Date(o.decidedAt);
  sequence += 1;
  const child = await h.db.childCase.create({ data: { reference: `CSC-8${String(sequence).padStart(5, "0")}${Math.floor(Math.random() * 1000)}` } });
  const contact = await h.db.contact.create({ data: { caseId: child.id, sourceAgencyId: o.source, referrerName: "Referrer", receivedAt: at, channel: "ONLINE", concernCategory: "NEGLECT", referrerLevel: 3, summary: "Concern about home conditions.", recordedById: sam.userId, recordedAt: at, decisionDueAt: new Date(at.getTime() + 86_400_000) } });
  const closing = o.outcome !== "STRATEGY_DISCUSSION" && o.outcome !== "CHILD_IN_NEED_ASSESSMENT";
  const decision = await h.db.thresholdDecision.create({ data: { contactId: contact.id, levelApplied: o.level, outcome: o.outcome, rationale: "Rationale.", closureReason: closing ? "Closed at the front door." : null, decidedById: sam.userId, decidedAt: at } });
  await h.db.contact.update({ where: { id: contact.id }, data: { currentDecisionId: decision.id } });
  return { contactId: contact.id, decisionId: decision.id, caseReference: child.reference };
}

export interface ItemSpec {
  source: string;
  outcome: Outcome;
  level?: number;
  /** Each agency's grade, keyed by agency id. */
  grades: Record<string, Answers>;
  /** Moderation's agreed answers; absent while unmoderated. */
  agreed?: Answers;
}

/** A round with its agencies (submitted unless it is still grading), items, grades and moderation. */
export async function auditRound(h: H, o: { title: string; periodStart: string; periodEnd: string; state: "GRADING" | "MODERATION" | "CLOSED"; agencies: string[]; items: ItemSpec[]; createdAt?: string }) {
  const people = await auditPeople(h);
  const graderOf = (agencyId: string) => [people.council, people.police, people.health].find((p) => p.agencyId === agencyId)?.userId ?? people.manager.userId;
  const createdAt = new Date(o.createdAt ?? `${o.periodEnd}T12:00:00Z`);
  const round = await h.db.auditRound.create({
    data: {
      title: o.title, periodStart: new Date(`${o.periodStart}T00:00:00Z`), periodEnd: new Date(`${o.periodEnd}T00:00:00Z`), sampleRule: "CLOSURES", state: o.state,
      createdById: people.manager.userId, createdAt,
      moderationStartedAt: o.state === "GRADING" ? null : createdAt,
      closedAt: o.state === "CLOSED" ? createdAt : null, closedById: o.state === "CLOSED" ? people.manager.userId : null, summary: o.state === "CLOSED" ? "Findings agreed." : null,
      agencies: { create: o.agencies.map((agencyId) => ({ agencyId, submittedAt: o.state === "GRADING" ? null : createdAt, submittedById: o.state === "GRADING" ? null : graderOf(agencyId) })) },
    },
  });
  const itemIds: string[] = [];
  for (const [index, spec] of o.items.entries()) {
    const decided = await decidedContact(h, { source: spec.source, outcome: spec.outcome, level: spec.level ?? 1, decidedAt: `${o.periodStart}T10:00:00Z` });
    const item = await h.db.auditItem.create({
      data: {
        roundId: round.id, contactId: decided.contactId, decisionId: decided.decisionId, position: index + 1,
        ...(spec.agreed ? { agreedLevelRight: spec.agreed[0], agreedOutcomeSafe: spec.agreed[1], agreedRationaleRecorded: spec.agreed[2], moderatedAt: createdAt, moderatedById: people.manager.userId } : {}),
      },
    });
    for (const [agencyId, [levelRight, outcomeSafe, rationaleRecorded]] of Object.entries(spec.grades)) {
      await h.db.auditGrade.create({ data: { itemId: item.id, roundId: round.id, agencyId, gradedById: graderOf(agencyId), levelRight, outcomeSafe, rationaleRecorded, reason: "Graded against the threshold document.", gradedAt: createdAt } });
    }
    itemIds.push(item.id);
  }
  return { roundId: round.id, itemIds };
}

/** A learning action from a theme (the simplest source), open or completed. */
export async function learningAction(h: H, o: { title: string; owningAgencyId: string; dueOn: string; createdAt: string; completedAt?: string }) {
  const people = await auditPeople(h);
  const theme = await h.db.theme.findFirstOrThrow({ select: { id: true } });
  return h.db.learningAction.create({
    data: {
      title: o.title, description: "What the agency will change.", owningAgencyId: o.owningAgencyId, dueOn: new Date(`${o.dueOn}T00:00:00Z`), createdById: people.manager.userId, createdAt: new Date(o.createdAt), themeId: theme.id,
      ...(o.completedAt ? { state: "COMPLETED" as const, evidence: "Training delivered to every team.", completedAt: new Date(o.completedAt), completedById: people.manager.userId } : {}),
    },
  });
}
