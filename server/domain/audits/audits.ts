// Joint audit rounds (issue 17, decision 0038). The partnership's business manager samples
// front-door decisions of a period; each taking-part agency's auditors grade every sampled
// decision without seeing the others' grades; when the last agency submits, the round moves to
// moderation in the same transaction; the business manager agrees the answers per contact and
// the round's findings, and closes it with a summary. A finding about one contact can start a
// threshold disagreement (raised by a partner agency's auditor, through the disagreement log's
// own raise) or a learning action (the learning actions' own form).
import type { z } from "zod";
import { Prisma } from "../../db/generated/client";
import type { AuditSampleRule } from "../../db/generated/enums";
import type { Tx } from "../../db/connect";
import { transaction } from "../../db/transaction";
import type { Services } from "../services";
import type { Actor } from "../access/actor";
import {
  assertCanCreateAuditRound,
  assertCanGrade,
  assertCanModerate,
  auditorsWhere,
  auditRoundAbilities,
  auditRoundFilter,
  canRaiseFromFinding,
  canSeeAuditRound,
  canSeeDisagreement,
  canSeeLearningAction,
  learningActionAbilities,
  mayTakePart,
  roundsToGradeWhere,
  seesAuditCaseDetail,
  takesPartByDefault,
  visibleGradeAgencies,
  type AuditRoundFacts,
} from "../access/policy";
import { recordAudit } from "../audit/audit";
import { londonDate } from "../calendar/working-days";
import { formatDate } from "../calendar/uk-format";
import { conflict, forbidden, invalid, notFound } from "../errors";
import { contactReferenceFor } from "../front-door/contacts";
import { CLOSING_OUTCOMES } from "../front-door/labels";
import { raiseDisagreement } from "../disagreements/disagreements";
import { SAMPLE_RULE_LABELS } from "./labels";
import {
  MAX_SAMPLE,
  closeRoundInputSchema,
  createRoundInputSchema,
  findingInputSchema,
  gradeInputSchema,
  itemInputSchema,
  moderateInputSchema,
  raiseFromFindingInputSchema,
  type CreateRoundInput,
  type GradeInput,
  type RaiseFromFindingInput,
} from "./schemas";

type Meta = { requestId?: string };

const ROUND_NOT_FOUND = "That audit round";
const ITEM_NOT_FOUND = "That contact in the audit round";

const factsSelect = { id: true, state: true, agencies: { select: { agencyId: true, submittedAt: true } } } satisfies Prisma.AuditRoundSelect;
type FactsRow = Prisma.AuditRoundGetPayload<{ select: typeof factsSelect }>;
const factsOf = (row: FactsRow): AuditRoundFacts => ({ state: row.state, agencies: row.agencies.map((a) => ({ agencyId: a.agencyId, submitted: a.submittedAt !== null })) });

/** The round, if the actor may see it; a refusal reads exactly like a missing round. */
async function visibleRound(db: Tx | Services["db"], actor: Actor, roundId: string): Promise<AuditRoundFacts & { id: string }> {
  const row = await db.auditRound.findUnique({ where: { id: roundId }, select: factsSelect });
  if (!row || !canSeeAuditRound(actor, factsOf(row))) throw notFound(ROUND_NOT_FOUND);
  return { id: row.id, ...factsOf(row) };
}

const isoDate = (d: Date) => d.toISOString().slice(0, 10);

// ---------------------------------------------------------------------------------------------
// Creating a round

/** What the "new round" form offers: the agencies that may take part (the core three ticked) and the sources. */
export async function newRoundForm(services: Services, actor: Actor) {
  assertCanCreateAuditRound(actor);
  const agencies = await services.db.agency.findMany({ orderBy: { name: "asc" }, select: { id: true, name: true, kind: true } });
  const withAuditors = new Set(
    (await services.db.user.findMany({ where: auditorsWhere(agencies.map((a) => a.id)), select: { agencyId: true } })).map((u) => u.agencyId),
  );
  return {
    today: londonDate(services.clock.now()),
    agencies: agencies
      .filter((a) => mayTakePart(a))
      .map((a) => ({ id: a.id, name: a.name, hasAuditor: withAuditors.has(a.id), ticked: takesPartByDefault(a) && withAuditors.has(a.id) })),
    sourceAgencies: agencies.filter((a) => mayTakePart(a)).map((a) => ({ id: a.id, name: a.name })),
  };
}

function ruleSql(rule: AuditSampleRule, sourceAgencyId: string | null, level: number | null): Prisma.Sql {
  switch (rule) {
    case "RANDOM":
      return Prisma.sql`TRUE`;
    case "NO_FURTHER_ACTION":
      return Prisma.sql`d.outcome = 'NO_FURTHER_ACTION'`;
    case "CLOSURES":
      return Prisma.sql`d.outcome::text IN (${Prisma.join([...CLOSING_OUTCOMES])})`;
    case "SOURCE_AGENCY":
      return Prisma.sql`c.source_agency_id = ${sourceAgencyId}::uuid`;
    case "THRESHOLD_LEVEL":
      return Prisma.sql`d.level_applied = ${level}::int`;
  }
}

export async function createRound(services: Services, actor: Actor, input: CreateRoundInput, meta: Meta = {}) {
  assertCanCreateAuditRound(actor);
  const data = createRoundInputSchema.parse(input);
  const { db, clock } = services;
  const now = clock.now();
  const today = londonDate(now);
  const errors: Record<string, string> = {};
  if (data.periodStart > today) errors.periodStart = "The start of the period must be today or in the past";
  if (data.periodEnd > today) errors.periodEnd = "The end of the period must be today or in the past";
  else if (data.periodStart > data.periodEnd) errors.periodEnd = "The end of the period must be the same as or after its start";
  if (data.sampleRule === "SOURCE_AGENCY" && !data.sourceAgencyId) errors.sourceAgencyId = "Choose the agency that made the contacts";
  if (data.sampleRule === "THRESHOLD_LEVEL" && !data.thresholdLevel) errors.thresholdLevel = "Choose the threshold level";
  const agencyIds = [...new Set(data.agencyIds)];
  const agencies = await db.agency.findMany({ where: { id: { in: agencyIds } }, select: { id: true, name: true, kind: true } });
  if (agencies.length !== agencyIds.length || agencies.some((a) => !mayTakePart(a))) errors.agencyIds = "Choose the agencies taking part from the list";
  else {
    for (const agency of agencies) {
      if ((await db.user.count({ where: auditorsWhere(agency.id) })) === 0) {
        errors.agencyIds = `${agency.name} has no auditor in Concord. Ask its administrator to give someone the auditor role, or leave it out`;
        break;
      }
    }
  }
  const sourceAgencyId = data.sampleRule === "SOURCE_AGENCY" ? (data.sourceAgencyId ?? null) : null;
  if (sourceAgencyId && !(await db.agency.findUnique({ where: { id: sourceAgencyId }, select: { id: true } }))) errors.sourceAgencyId = "Choose the agency that made the contacts from the list";
  const thresholdLevel = data.sampleRule === "THRESHOLD_LEVEL" ? (data.thresholdLevel ?? null) : null;
  const first = Object.values(errors)[0];
  if (first) throw invalid(first, errors);

  return transaction(db, async (tx) => {
    const round = await tx.auditRound.create({
      data: {
        title: data.title,
        periodStart: new Date(`${data.periodStart}T00:00:00Z`),
        periodEnd: new Date(`${data.periodEnd}T00:00:00Z`),
        sampleRule: data.sampleRule,
        sampleSize: data.sampleSize ?? null,
        sourceAgencyId,
        thresholdLevel,
        createdById: actor.userId,
        createdAt: now,
        agencies: { create: agencyIds.map((agencyId) => ({ agencyId })) },
      },
      select: { id: true },
    });
    // The sample, drawn by the database: contacts whose decision in force was made in the period
    // (London dates), matching the rule, at most N of them at random; numbered in decision order.
    const sampled = await tx.$executeRaw`
      INSERT INTO audit_item (round_id, contact_id, decision_id, position)
      SELECT ${round.id}::uuid, s.contact_id, s.decision_id, row_number() OVER (ORDER BY s.decided_at, s.contact_id)
      FROM (
        SELECT c.id AS contact_id, d.id AS decision_id, d.decided_at
        FROM contact c
        JOIN threshold_decision d ON d.id = c.current_decision_id
        WHERE c.anonymised_at IS NULL
          AND (d.decided_at AT TIME ZONE 'Europe/London')::date BETWEEN ${data.periodStart}::date AND ${data.periodEnd}::date
          AND ${ruleSql(data.sampleRule, sourceAgencyId, thresholdLevel)}
        ORDER BY random()
        LIMIT ${data.sampleSize ?? MAX_SAMPLE + 1}::int
      ) s`;
    // "All of them" is bounded too, so a round stays one that people can grade (and pages can load).
    if (!data.sampleSize && sampled > MAX_SAMPLE) {
      throw invalid(`More than ${MAX_SAMPLE} contacts match this rule in the period. Enter a sample size of ${MAX_SAMPLE} or fewer, or choose a shorter period; no round was created.`, {
        sampleSize: `Enter a sample size of ${MAX_SAMPLE} or fewer`,
      });
    }
    if (sampled === 0) {
      throw invalid(`No contacts match: none had ${describeRule(data.sampleRule, thresholdLevel).toLowerCase()} decided between ${formatDate(data.periodStart)} and ${formatDate(data.periodEnd)}. Choose another period or sample rule; no round was created.`, {
        sampleRule: "No contacts match this rule in the period",
      });
    }
    await recordAudit(tx, actor, { action: "audit_round.create", entityType: "audit_round", entityId: round.id, detail: { sampleRule: data.sampleRule, sampleSize: data.sampleSize ?? null, sampled, agencyIds, periodStart: data.periodStart, periodEnd: data.periodEnd } }, meta.requestId);
    return { roundId: round.id, sampled };
  });
}

function describeRule(rule: AuditSampleRule, level: number | null): string {
  switch (rule) {
    case "RANDOM":
      return "A decision";
    case "NO_FURTHER_ACTION":
      return "A no further action decision";
    case "CLOSURES":
      return "A closing decision";
    case "SOURCE_AGENCY":
      return "A decision on a contact from that agency";
    case "THRESHOLD_LEVEL":
      return `A decision at level ${level}`;
  }
}

// ---------------------------------------------------------------------------------------------
// Reading rounds

export async function listRounds(services: Services, actor: Actor) {
  const where = auditRoundFilter(actor);
  const rows = await services.db.auditRound.findMany({
    where,
    orderBy: { createdAt: "desc" },
    take: 200,
    select: {
      id: true,
      title: true,
      state: true,
      periodStart: true,
      periodEnd: true,
      sampleRule: true,
      createdAt: true,
      _count: { select: { items: true } },
      agencies: { select: { agencyId: true, submittedAt: true, agency: { select: { name: true } } } },
    },
  });
  const toGrade = roundsToGradeWhere(actor);
  const rounds = rows.map((r) => {
    const own = r.agencies.find((a) => a.agencyId === actor.agencyId);
    return {
      id: r.id,
      title: r.title,
      state: r.state,
      periodStart: isoDate(r.periodStart),
      periodEnd: isoDate(r.periodEnd),
      sampleRuleLabel: SAMPLE_RULE_LABELS[r.sampleRule],
      createdAt: r.createdAt.toISOString(),
      contacts: r._count.items,
      agencies: r.agencies.map((a) => ({ name: a.agency.name, submitted: a.submittedAt !== null })),
      /** Waiting for the actor's agency's grades. */
      waitingForUs: !!toGrade && r.state === "GRADING" && !!own && own.submittedAt === null,
    };
  });
  return {
    abilities: auditRoundAbilities(actor),
    waiting: rounds.filter((r) => r.waitingForUs),
    rounds: rounds.filter((r) => !r.waitingForUs),
  };
}

const decisionSelect = {
  id: true,
  levelApplied: true,
  outcome: true,
  rationale: true,
  closureReason: true,
  decidedAt: true,
  signedOffAt: true,
  decidedBy: { select: { displayName: true, agencyId: true, agency: { select: { name: true } } } },
} satisfies Prisma.ThresholdDecisionSelect;

const gradeSelect = {
  agencyId: true,
  levelRight: true,
  outcomeSafe: true,
  rationaleRecorded: true,
  reason: true,
  gradedAt: true,
  gradedBy: { select: { displayName: true } },
  agency: { select: { name: true } },
} satisfies Prisma.AuditGradeSelect;
type GradeRow = Prisma.AuditGradeGetPayload<{ select: typeof gradeSelect }>;

function gradeView(g: GradeRow, detail: boolean) {
  return {
    agencyId: g.agencyId,
    agencyName: g.agency.name,
    levelRight: g.levelRight,
    outcomeSafe: g.outcomeSafe,
    rationaleRecorded: g.rationaleRecorded,
    /** The reason is free text about the case: not for the scrutineer. */
    reason: detail ? g.reason : null,
    gradedByName: detail ? g.gradedBy.displayName : null,
    gradedAt: g.gradedAt.toISOString(),
  };
}

/** How the agencies' answers to each question compare: all the same, or how many said each. */
function agreementOf(grades: readonly { levelRight: boolean; outcomeSafe: boolean; rationaleRecorded: boolean }[]) {
  const one = (key: "levelRight" | "outcomeSafe" | "rationaleRecorded") => {
    const yes = grades.filter((g) => g[key]).length;
    const no = grades.length - yes;
    return { yes, no, agree: grades.length > 0 && (yes === 0 || no === 0) };
  };
  return { levelRight: one("levelRight"), outcomeSafe: one("outcomeSafe"), rationaleRecorded: one("rationaleRecorded") };
}

/** A round: its sample, each agency's progress, the grades the actor may see, moderation and findings. */
export async function getRound(services: Services, actor: Actor, roundId: string, meta: Meta = {}) {
  return services.db.$transaction(async (tx) => {
    const facts = await visibleRound(tx, actor, roundId);
    const round = await tx.auditRound.findUniqueOrThrow({
      where: { id: roundId },
      select: {
        id: true,
        title: true,
        state: true,
        periodStart: true,
        periodEnd: true,
        sampleRule: true,
        sampleSize: true,
        thresholdLevel: true,
        sourceAgency: { select: { name: true } },
        createdAt: true,
        createdBy: { select: { displayName: true } },
        moderationStartedAt: true,
        closedAt: true,
        closedBy: { select: { displayName: true } },
        summary: true,
        agencies: { orderBy: { agency: { name: "asc" } }, select: { agencyId: true, submittedAt: true, submittedBy: { select: { displayName: true } }, agency: { select: { name: true } } } },
      },
    });
    const detail = seesAuditCaseDetail(actor, facts);
    const visible = visibleGradeAgencies(actor, facts);
    const gradeWhere: Prisma.AuditGradeWhereInput | null = visible === "all" ? { roundId } : visible === "none" ? null : { roundId, agencyId: visible.agencyId };
    const items = await tx.auditItem.findMany({
      where: { roundId },
      orderBy: { position: "asc" },
      select: {
        id: true,
        position: true,
        agreedLevelRight: true,
        agreedOutcomeSafe: true,
        agreedRationaleRecorded: true,
        moderationNote: true,
        moderatedAt: true,
        moderatedBy: { select: { displayName: true } },
        decision: { select: decisionSelect },
        contact: { select: { id: true, sourceAgencyId: true, referrerReference: true, case: { select: { reference: true } }, sourceAgency: { select: { name: true } } } },
      },
    });
    const grades = gradeWhere ? await tx.auditGrade.findMany({ where: gradeWhere, orderBy: { agency: { name: "asc" } }, select: { itemId: true, ...gradeSelect } }) : [];
    // Progress is counts only: how many each agency has graded, never what it said.
    const progress = await tx.auditGrade.groupBy({ by: ["agencyId"], where: { roundId }, _count: { _all: true } });
    const graded = new Map(progress.map((p) => [p.agencyId, p._count._all]));
    const findings = await tx.auditFinding.findMany({
      where: { roundId },
      orderBy: { recordedAt: "asc" },
      select: {
        id: true,
        itemId: true,
        summary: true,
        recordedAt: true,
        recordedBy: { select: { displayName: true } },
        disagreementId: true,
        disagreement: { select: { status: true, stage: true, raisingAgencyId: true, receivingAgencyId: true, auditFinding: { select: { id: true } } } },
        themes: { select: { theme: { select: { id: true, name: true } } } },
        learningActions: { orderBy: { createdAt: "asc" }, select: { id: true, title: true, state: true, dueOn: true, owningAgencyId: true, owningAgency: { select: { name: true } } } },
      },
    });
    const themes = round.state === "MODERATION" && auditRoundAbilities(actor, facts).canModerate ? await tx.theme.findMany({ where: { active: true }, orderBy: { name: "asc" }, select: { id: true, name: true } }) : [];
    const itemById = new Map(items.map((i) => [i.id, i]));
    const shown = items.map((i) => i.id);
    await recordAudit(tx, actor, { action: "audit_round.read", entityType: "audit_round", entityId: roundId, detail: { items: shown.length, grades: visible === "all" ? "all" : visible === "none" ? "none" : "own_agency", caseDetail: detail } }, meta.requestId);
    const abilities = auditRoundAbilities(actor, facts);
    const learning = learningActionAbilities(actor);
    return {
      id: round.id,
      title: round.title,
      state: round.state,
      periodStart: isoDate(round.periodStart),
      periodEnd: isoDate(round.periodEnd),
      sampleRule: round.sampleRule,
      sampleRuleLabel: SAMPLE_RULE_LABELS[round.sampleRule],
      sampleSize: round.sampleSize,
      thresholdLevel: round.thresholdLevel,
      sourceAgencyName: round.sourceAgency?.name ?? null,
      createdAt: round.createdAt.toISOString(),
      createdByName: round.createdBy.displayName,
      moderationStartedAt: round.moderationStartedAt?.toISOString() ?? null,
      closedAt: round.closedAt?.toISOString() ?? null,
      closedByName: round.closedBy?.displayName ?? null,
      summary: round.summary,
      abilities,
      seesCaseDetail: detail,
      /** Whose grades the page shows: everyone's, the actor's agency's, or none yet. */
      gradesShown: visible === "all" ? ("all" as const) : visible === "none" ? ("none" as const) : ("own" as const),
      ownAgencyId: round.agencies.some((a) => a.agencyId === actor.agencyId) ? actor.agencyId : null,
      agencies: round.agencies.map((a) => ({
        agencyId: a.agencyId,
        name: a.agency.name,
        graded: graded.get(a.agencyId) ?? 0,
        submittedAt: a.submittedAt?.toISOString() ?? null,
        submittedByName: a.submittedBy?.displayName ?? null,
      })),
      items: items.map((i) => {
        const own = grades.filter((g) => g.itemId === i.id);
        return {
          id: i.id,
          position: i.position,
          caseReference: contactReferenceFor(actor, i.contact),
          decision: detail
            ? { levelApplied: i.decision.levelApplied, outcome: i.decision.outcome, decidedAt: i.decision.decidedAt.toISOString(), decidedByName: i.decision.decidedBy.displayName, sourceAgencyName: i.contact.sourceAgency.name }
            : null,
          grades: own.map((g) => gradeView(g, detail)),
          agreement: visible === "all" ? agreementOf(own) : null,
          moderated: i.moderatedAt !== null,
          agreed: i.moderatedAt
            ? { levelRight: i.agreedLevelRight!, outcomeSafe: i.agreedOutcomeSafe!, rationaleRecorded: i.agreedRationaleRecorded!, note: detail ? i.moderationNote : null, moderatedByName: i.moderatedBy?.displayName ?? null, moderatedAt: i.moderatedAt.toISOString() }
            : null,
        };
      }),
      findings: findings.map((f) => {
        const item = f.itemId ? itemById.get(f.itemId) : undefined;
        return {
          id: f.id,
          itemId: f.itemId,
          itemPosition: item?.position ?? null,
          caseReference: item ? contactReferenceFor(actor, item.contact) : null,
          // A finding about one contact is case detail: the scrutineer reads round findings only.
          summary: detail || !f.itemId ? f.summary : "A finding about this contact (its words are for the auditors and moderators).",
          recordedAt: f.recordedAt.toISOString(),
          recordedByName: f.recordedBy.displayName,
          themes: f.themes.map((t) => t.theme),
          // A reader who may not open the disagreement learns only that one was raised (decision 0038).
          disagreement: f.disagreementId ? (f.disagreement && canSeeDisagreement(actor, f.disagreement) ? { id: f.disagreementId, status: f.disagreement.status, stage: f.disagreement.stage } : { id: null, status: null, stage: null }) : null,
          // Only the learning actions the reader may see (an auditor sees none of another agency's).
          learningActions: f.learningActions.filter((l) => canSeeLearningAction(actor, l)).map((l) => ({ id: l.id, title: l.title, state: l.state, dueOn: isoDate(l.dueOn), owningAgencyName: l.owningAgency.name })),
          canRaiseDisagreement: canRaiseFromFinding(actor, facts, { itemId: f.itemId, disagreementId: f.disagreementId, decidingAgencyId: item?.decision.decidedBy.agencyId ?? null }),
          canStartLearningAction: learning.canCreate && round.state !== "GRADING",
        };
      }),
      themes,
    };
  });
}

/** One sampled contact: the decision graded, what followed (data-minimised), and the grades the actor may see. */
export async function getItem(services: Services, actor: Actor, input: z.input<typeof itemInputSchema>, meta: Meta = {}) {
  const { roundId, itemId } = itemInputSchema.parse(input);
  return services.db.$transaction(async (tx) => {
    const facts = await visibleRound(tx, actor, roundId);
    const item = await tx.auditItem.findFirst({
      where: { id: itemId, roundId },
      select: {
        id: true,
        position: true,
        decision: { select: decisionSelect },
        contact: { select: { id: true, sourceAgencyId: true, referrerReference: true, receivedAt: true, case: { select: { reference: true } }, sourceAgency: { select: { name: true } } } },
        round: { select: { title: true, _count: { select: { items: true } } } },
      },
    });
    if (!item) throw notFound(ITEM_NOT_FOUND);
    const detail = seesAuditCaseDetail(actor, facts);
    const visible = visibleGradeAgencies(actor, facts);
    const grades =
      visible === "none" ? [] : await tx.auditGrade.findMany({ where: { itemId, ...(visible === "all" ? {} : { agencyId: visible.agencyId }) }, orderBy: { agency: { name: "asc" } }, select: gradeSelect });
    const neighbours = await tx.auditItem.findMany({ where: { roundId, position: { in: [item.position - 1, item.position + 1] } }, select: { id: true, position: true } });
    // What followed the graded decision, data-minimised: kinds, dates and states, no free text.
    const followed = detail
      ? {
          laterDecisions: (
            await tx.thresholdDecision.findMany({
              where: { contactId: item.contact.id, decidedAt: { gt: item.decision.decidedAt } },
              orderBy: { decidedAt: "asc" },
              select: { levelApplied: true, outcome: true, decidedAt: true, disagreementId: true },
            })
          ).map((d) => ({ levelApplied: d.levelApplied, outcome: d.outcome, decidedAt: d.decidedAt.toISOString(), afterDisagreement: d.disagreementId !== null })),
          meetings: (
            await tx.strategyMeeting.findMany({ where: { contactId: item.contact.id }, orderBy: { scheduledStart: "asc" }, select: { scheduledStart: true, status: true } })
          ).map((m) => ({ scheduledStart: m.scheduledStart.toISOString(), held: m.status === "CLOSED" })),
          disagreements: (
            await tx.disagreement.findMany({
              where: { contactId: item.contact.id },
              orderBy: { raisedAt: "asc" },
              select: { subject: true, stage: true, status: true, outcome: true, raisedAt: true, raisingAgency: { select: { name: true } }, receivingAgency: { select: { name: true } } },
            })
          ).map((d) => ({ subject: d.subject, stage: d.stage, status: d.status, outcome: d.outcome, raisedAt: d.raisedAt.toISOString(), raisingAgencyName: d.raisingAgency.name, receivingAgencyName: d.receivingAgency.name })),
        }
      : null;
    await recordAudit(tx, actor, { action: "audit_item.read", entityType: "audit_item", entityId: itemId, detail: { roundId, caseDetail: detail } }, meta.requestId);
    const abilities = auditRoundAbilities(actor, facts);
    const own = visible !== "none" && visible !== "all" ? grades[0] : grades.find((g) => g.agencyId === actor.agencyId);
    return {
      id: item.id,
      roundId,
      roundTitle: item.round.title,
      roundState: facts.state,
      position: item.position,
      of: item.round._count.items,
      previousId: neighbours.find((n) => n.position === item.position - 1)?.id ?? null,
      nextId: neighbours.find((n) => n.position === item.position + 1)?.id ?? null,
      caseReference: contactReferenceFor(actor, item.contact),
      decision: detail
        ? {
            levelApplied: item.decision.levelApplied,
            outcome: item.decision.outcome,
            rationale: item.decision.rationale,
            closureReason: item.decision.closureReason,
            decidedAt: item.decision.decidedAt.toISOString(),
            decidedByName: item.decision.decidedBy.displayName,
            decidingAgencyName: item.decision.decidedBy.agency.name,
            signedOffAt: item.decision.signedOffAt?.toISOString() ?? null,
            sourceAgencyName: item.contact.sourceAgency.name,
            receivedAt: item.contact.receivedAt.toISOString(),
          }
        : null,
      followed,
      abilities,
      /** The actor's agency's grade, editable while `abilities.canGrade`. */
      ownGrade: own && own.agencyId === actor.agencyId ? gradeView(own, true) : null,
      grades: visible === "all" ? grades.map((g) => gradeView(g, detail)) : [],
    };
  });
}

// ---------------------------------------------------------------------------------------------
// Grading

async function itemFacts(services: Services, actor: Actor, itemId: string) {
  const item = await services.db.auditItem.findUnique({ where: { id: itemId }, select: { id: true, roundId: true, round: { select: factsSelect } } });
  if (!item || !canSeeAuditRound(actor, factsOf(item.round))) throw notFound(ITEM_NOT_FOUND);
  return { itemId: item.id, roundId: item.roundId, facts: factsOf(item.round) };
}

const MOVED_ON = "This round has moved on from grading, so grades can no longer be changed. Reload the page to see it.";
const ALREADY_SUBMITTED = "Your agency has already submitted its grades for this round, so they can no longer be changed.";

/** Record (or change) the actor's agency's grade of one sampled decision, until the agency submits. */
export async function gradeItem(services: Services, actor: Actor, input: GradeInput, meta: Meta = {}) {
  const data = gradeInputSchema.parse(input);
  const { roundId, facts } = await itemFacts(services, actor, data.itemId);
  assertCanGrade(actor, facts);
  const now = services.clock.now();
  return transaction(services.db, async (tx) => {
    // The agency's row first: a submission takes it too, so a grade never lands after one.
    const [part] = await tx.$queryRaw<{ submitted_at: Date | null }[]>`SELECT submitted_at FROM audit_round_agency WHERE round_id = ${roundId}::uuid AND agency_id = ${actor.agencyId}::uuid FOR UPDATE`;
    const [round] = await tx.$queryRaw<{ state: string }[]>`SELECT state::text FROM audit_round WHERE id = ${roundId}::uuid`;
    if (!part || !round) throw notFound(ITEM_NOT_FOUND);
    if (round.state !== "GRADING") throw conflict(MOVED_ON);
    if (part.submitted_at) throw conflict(ALREADY_SUBMITTED);
    const answers = { levelRight: data.levelRight, outcomeSafe: data.outcomeSafe, rationaleRecorded: data.rationaleRecorded, reason: data.reason, gradedById: actor.userId, gradedAt: now };
    await tx.auditGrade.upsert({
      where: { itemId_agencyId: { itemId: data.itemId, agencyId: actor.agencyId } },
      create: { itemId: data.itemId, roundId, agencyId: actor.agencyId, ...answers },
      update: answers,
      select: { id: true },
    });
    await recordAudit(tx, actor, { action: "audit_grade.record", entityType: "audit_item", entityId: data.itemId, detail: { roundId } }, meta.requestId);
    return { itemId: data.itemId };
  });
}

/**
 * Submit the actor's agency's grades: then final. Every sampled contact must be graded. When the
 * last taking-part agency submits, the round moves to moderation in the same transaction.
 */
export async function submitGrades(services: Services, actor: Actor, roundId: string, meta: Meta = {}) {
  const facts = await visibleRound(services.db, actor, roundId);
  assertCanGrade(actor, facts);
  const now = services.clock.now();
  return transaction(services.db, async (tx) => {
    // The round's row serialises the agencies' submissions, so exactly one sees itself last.
    const [round] = await tx.$queryRaw<{ state: string }[]>`SELECT state::text FROM audit_round WHERE id = ${roundId}::uuid FOR UPDATE`;
    const [part] = await tx.$queryRaw<{ submitted_at: Date | null }[]>`SELECT submitted_at FROM audit_round_agency WHERE round_id = ${roundId}::uuid AND agency_id = ${actor.agencyId}::uuid FOR UPDATE`;
    if (!round || !part) throw notFound(ROUND_NOT_FOUND);
    if (part.submitted_at) throw conflict("Your agency's grades for this round were already submitted. Reload the page to see them.");
    if (round.state !== "GRADING") throw conflict(MOVED_ON);
    const items = await tx.auditItem.count({ where: { roundId } });
    const graded = await tx.auditGrade.count({ where: { roundId, agencyId: actor.agencyId } });
    if (graded < items) throw invalid(`Grade every contact before you submit: your agency has graded ${graded} of ${items}.`);
    await tx.auditRoundAgency.update({ where: { roundId_agencyId: { roundId, agencyId: actor.agencyId } }, data: { submittedAt: now, submittedById: actor.userId }, select: { roundId: true } });
    const waiting = await tx.auditRoundAgency.count({ where: { roundId, submittedAt: null } });
    if (waiting === 0) await tx.auditRound.update({ where: { id: roundId }, data: { state: "MODERATION", moderationStartedAt: now, version: { increment: 1 } }, select: { id: true } });
    await recordAudit(tx, actor, { action: "audit_round.submit", entityType: "audit_round", entityId: roundId, detail: { graded, movedToModeration: waiting === 0 } }, meta.requestId);
    return { roundId, state: waiting === 0 ? ("MODERATION" as const) : ("GRADING" as const) };
  });
}

// ---------------------------------------------------------------------------------------------
// Moderation

/** Lock the round against closing while a moderation change is written; refuse unless in moderation. */
async function inModeration(tx: Tx, roundId: string) {
  const [round] = await tx.$queryRaw<{ state: string }[]>`SELECT state::text FROM audit_round WHERE id = ${roundId}::uuid FOR SHARE`;
  if (!round) throw notFound(ROUND_NOT_FOUND);
  if (round.state === "GRADING") throw conflict("This round is still being graded: moderation starts when every agency has submitted.");
  if (round.state === "CLOSED") throw conflict("This round is closed: its moderation can no longer be changed.");
}

export async function moderateItem(services: Services, actor: Actor, input: z.input<typeof moderateInputSchema>, meta: Meta = {}) {
  const data = moderateInputSchema.parse(input);
  const { roundId } = await itemFacts(services, actor, data.itemId);
  assertCanModerate(actor);
  const now = services.clock.now();
  return transaction(services.db, async (tx) => {
    await inModeration(tx, roundId);
    await tx.auditItem.update({
      where: { id: data.itemId },
      data: { agreedLevelRight: data.agreedLevelRight, agreedOutcomeSafe: data.agreedOutcomeSafe, agreedRationaleRecorded: data.agreedRationaleRecorded, moderationNote: data.note ?? null, moderatedAt: now, moderatedById: actor.userId },
      select: { id: true },
    });
    await recordAudit(tx, actor, { action: "audit_item.moderate", entityType: "audit_item", entityId: data.itemId, detail: { roundId } }, meta.requestId);
    return { itemId: data.itemId };
  });
}

export async function addFinding(services: Services, actor: Actor, input: z.input<typeof findingInputSchema>, meta: Meta = {}) {
  const data = findingInputSchema.parse(input);
  await visibleRound(services.db, actor, data.roundId);
  assertCanModerate(actor);
  const themeIds = [...new Set(data.themeIds)];
  const now = services.clock.now();
  return transaction(services.db, async (tx) => {
    await inModeration(tx, data.roundId);
    if (data.itemId && !(await tx.auditItem.findFirst({ where: { id: data.itemId, roundId: data.roundId }, select: { id: true } }))) {
      throw invalid("Choose the contact the finding is about from this round, or the whole round", { itemId: "Choose a contact from this round, or the whole round" });
    }
    if ((await tx.theme.count({ where: { id: { in: themeIds }, active: true } })) !== themeIds.length) throw invalid("Choose themes from the list", { themeIds: "Choose themes from the list" });
    const finding = await tx.auditFinding.create({
      data: { roundId: data.roundId, itemId: data.itemId ?? null, summary: data.summary, recordedById: actor.userId, recordedAt: now, themes: { create: themeIds.map((themeId) => ({ themeId })) } },
      select: { id: true },
    });
    await recordAudit(tx, actor, { action: "audit_finding.record", entityType: "audit_finding", entityId: finding.id, detail: { roundId: data.roundId, itemId: data.itemId ?? null, themeIds } }, meta.requestId);
    return { findingId: finding.id };
  });
}

/** Close the round: every contact moderated, and a summary. Then read-only. */
export async function closeRound(services: Services, actor: Actor, input: z.input<typeof closeRoundInputSchema>, meta: Meta = {}) {
  const data = closeRoundInputSchema.parse(input);
  await visibleRound(services.db, actor, data.roundId);
  assertCanModerate(actor);
  const now = services.clock.now();
  return transaction(services.db, async (tx) => {
    const [round] = await tx.$queryRaw<{ state: string }[]>`SELECT state::text FROM audit_round WHERE id = ${data.roundId}::uuid FOR UPDATE`;
    if (!round) throw notFound(ROUND_NOT_FOUND);
    if (round.state === "CLOSED") throw conflict("This round was already closed. Reload the page to see it.");
    if (round.state === "GRADING") throw conflict("This round is still being graded: moderation starts when every agency has submitted.");
    const open = await tx.auditItem.count({ where: { roundId: data.roundId, moderatedAt: null } });
    if (open > 0) throw invalid(`Moderate every contact before closing the round: ${open} ${open === 1 ? "is" : "are"} not yet moderated.`);
    await tx.auditRound.update({ where: { id: data.roundId }, data: { state: "CLOSED", closedAt: now, closedById: actor.userId, summary: data.summary, version: { increment: 1 } }, select: { id: true } });
    await recordAudit(tx, actor, { action: "audit_round.close", entityType: "audit_round", entityId: data.roundId }, meta.requestId);
    return { roundId: data.roundId };
  });
}

// ---------------------------------------------------------------------------------------------
// From a finding to a disagreement

/** What the "raise a disagreement" form needs: the finding and the decision it is about. */
export async function findingForDisagreement(services: Services, actor: Actor, findingId: string) {
  const finding = await loadFinding(services, actor, findingId);
  if (!finding.allowed) throw forbidden(RAISE_REFUSED);
  return { findingId: finding.id, roundId: finding.roundId, roundTitle: finding.roundTitle, summary: finding.summary, caseReference: finding.caseReference, decision: finding.decision };
}

const RAISE_REFUSED = "Only an auditor of a partner agency that took part in the round raises a disagreement from a finding about one contact, once.";

async function loadFinding(services: Services, actor: Actor, findingId: string) {
  const finding = await services.db.auditFinding.findUnique({
    where: { id: findingId },
    select: {
      id: true,
      roundId: true,
      itemId: true,
      summary: true,
      disagreementId: true,
      round: { select: { ...factsSelect, title: true } },
      item: { select: { contactId: true, contact: { select: { sourceAgencyId: true, referrerReference: true, case: { select: { reference: true } } } }, decision: { select: { levelApplied: true, outcome: true, decidedBy: { select: { agencyId: true } } } } } },
    },
  });
  if (!finding || !canSeeAuditRound(actor, factsOf(finding.round))) throw notFound("That finding");
  const facts = factsOf(finding.round);
  return {
    id: finding.id,
    roundId: finding.roundId,
    roundTitle: finding.round.title,
    summary: finding.summary,
    contactId: finding.item?.contactId ?? null,
    disagreementId: finding.disagreementId,
    caseReference: finding.item ? contactReferenceFor(actor, finding.item.contact) : null,
    decision: finding.item ? { levelApplied: finding.item.decision.levelApplied, outcome: finding.item.decision.outcome } : null,
    allowed: canRaiseFromFinding(actor, facts, { itemId: finding.itemId, disagreementId: finding.disagreementId, decidingAgencyId: finding.item?.decision.decidedBy.agencyId ?? null }),
  };
}

/**
 * A partner agency's auditor raises a threshold disagreement with the deciding agency about the
 * contact a finding is about. The disagreement log's own raise does the work (its checks, ladder,
 * emails, audit); the finding links to it in the same transaction, once.
 */
export async function raiseDisagreementFromFinding(services: Services, actor: Actor, input: RaiseFromFindingInput, meta: Meta = {}) {
  const data = raiseFromFindingInputSchema.parse(input);
  const finding = await loadFinding(services, actor, data.findingId);
  if (finding.disagreementId) throw conflict("This finding has already started a disagreement. Reload the page to follow it.");
  if (!finding.allowed || !finding.contactId) throw forbidden(RAISE_REFUSED);
  return raiseDisagreement(
    services,
    actor,
    { contactId: finding.contactId, subject: data.subject, soughtLevel: data.soughtLevel, soughtOutcome: data.soughtOutcome, reasons: data.reasons, urgent: data.urgent, startStage: 1 },
    meta,
    {
      linkWithin: async (tx, disagreementId) => {
        const linked = await tx.auditFinding.updateMany({ where: { id: finding.id, disagreementId: null }, data: { disagreementId } });
        if (linked.count === 0) throw conflict("Someone else raised a disagreement from this finding at the same moment. Reload the page to follow it.");
        await recordAudit(tx, actor, { action: "audit_finding.raise_disagreement", entityType: "audit_finding", entityId: finding.id, detail: { disagreementId, roundId: finding.roundId } }, meta.requestId);
      },
    },
  );
}
