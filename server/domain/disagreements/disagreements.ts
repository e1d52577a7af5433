// The shared threshold-disagreement log. A disagreement is raised with the agency party to the
// disputed decision, climbs the partnership's ladder (the version it started on) on a
// working-day clock, and ends only by agreement: one side proposes an outcome and the other
// accepts it; or the raiser withdraws; or, at the last stage, the partnership determines it.
// When the outcome changes the council's threshold decision, the council records the new
// decision itself and another council manager signs it off at the front door.
// Every change is an appended event; `version` makes a change on a stale view fail with a
// conflict instead of winning (docs/decisions/0009 and 0018).
import type { z } from "zod";
import type { Prisma } from "../../db/generated/client";
import type { Db, Tx } from "../../db/connect";
import { transaction } from "../../db/transaction";
import type { Services } from "../services";
import type { Actor } from "../access/actor";
import { assertCanDecideThreshold, auditedContactWhere, auditRoundReach, canSeeContact, canSeeMeeting } from "../access/policy";
import {
  assertCanRaiseDisagreement,
  raisesOnlyFromAudit,
  canSeeDisagreement,
  changedDecisionSignOffWhere,
  contactCounterpart,
  DECISION_SUBJECTS,
  disagreementAbilities,
  disagreementFilter,
  disagreementSide,
  meetingPartiesValid,
  stageRecipientsWhere,
  type DisagreementAbilities,
  type LadderStanding,
} from "../access/disagreements";
import { recordAudit } from "../audit/audit";
import { assertClosureReasoned, contactReferenceFor, contactReferenceWhere, writeThresholdDecision } from "../front-door/contacts";
import { mapPage, readPage, type Segment } from "../lists/paging";
import { conflict, forbidden, invalid, notFound } from "../errors";
import { enqueueEmails } from "../mail/outbox";
import { CLOSING_OUTCOMES } from "../front-door/labels";
import { DISAGREEMENT_OUTCOME_LABELS } from "./labels";
import { currentLadder, describeStage, loadLadder, stageDueAt, stageOf, type Ladder, type LadderStage } from "./ladder";
import {
  acknowledgeInputSchema,
  answerInputSchema,
  changedDecisionInputSchema,
  commentInputSchema,
  determineInputSchema,
  escalateInputSchema,
  listDisagreementsInputSchema,
  nextStepInputSchema,
  positionInputSchema,
  proposeInputSchema,
  raiseDisagreementInputSchema,
  referenceInputSchema,
  tagThemesInputSchema,
  withdrawInputSchema,
  type RaiseDisagreementInput,
} from "./schemas";

type Meta = { requestId?: string };

/** Whether the actor's agency graded this contact in a joint audit round past grading. */
async function auditedByActorAgency(tx: Tx, actor: Actor, contactId: string): Promise<boolean> {
  const where = auditedContactWhere(actor, contactId);
  return where ? (await tx.auditItem.count({ where })) > 0 : false;
}
const MEETING_SUBJECTS = ["MEETING_DECISION", "NON_ATTENDANCE"] as const;

async function loadStanding(db: Db | Tx, actor: Actor): Promise<LadderStanding> {
  const row = await db.user.findUnique({ where: { id: actor.userId }, select: { designatedLead: true, seniorManager: true } });
  return row ?? { designatedLead: false, seniorManager: false };
}

/** Email the people who act at a stage (and the partnership at its stages). */
async function notifyStage(services: Services, tx: Tx, d: { id: string; raisingAgencyId: string; receivingAgencyId: string }, ladder: Ladder, rule: LadderStage, subject: string, now: Date) {
  const people = await tx.user.findMany({ where: stageRecipientsWhere(d, rule, ladder.stages.at(-1)!.stage), select: { email: true } });
  const url = `${services.settings.publicUrl ?? ""}/disagreements/${d.id}`;
  await enqueueEmails(tx, people.map((p) => ({ to: p.email, subject, body: `${subject}.\n\nSee the shared record in Concord:\n${url}\n\nThis email does not contain details of the child.` })), now);
}

async function appendEvent(tx: Tx, actor: Actor | null, d: { id: string }, seq: number, type: string, stage: number, now: Date, body?: string | null, payload?: Record<string, unknown>) {
  await tx.disagreementEvent.create({
    data: { disagreementId: d.id, seq, type, stage, body: body ?? null, payload: (payload ?? undefined) as never, actorId: actor?.userId ?? null, actorAgencyId: actor?.agencyId ?? null, occurredAt: now },
  });
}

/**
 * Raise a disagreement. `options.linkWithin` runs in the same transaction once it exists (an audit
 * finding links itself to the disagreement it started, decision 0038); if it throws, nothing is raised.
 */
export async function raiseDisagreement(services: Services, actor: Actor, input: RaiseDisagreementInput, meta: Meta = {}, options: { linkWithin?: (tx: Tx, disagreementId: string) => Promise<void> } = {}) {
  assertCanRaiseDisagreement(actor);
  // An auditor raises only from an audit finding (the finding's own door links it), never directly.
  if (raisesOnlyFromAudit(actor) && !options.linkWithin) throw forbidden("An auditor raises a threshold disagreement from a finding of a joint audit round.");
  const data = raiseDisagreementInputSchema.parse(input);
  const { db, clock } = services;
  const now = clock.now();
  const created = await db.$transaction(async (tx) => {
    let caseId: string | null = null;
    let receivingAgencyId: string;
    if (data.contactId) {
      if ((MEETING_SUBJECTS as readonly string[]).includes(data.subject)) {
        throw invalid("That subject is about a strategy meeting, not a front-door decision", { subject: "Choose what you disagree with about this decision" });
      }
      const contact = await tx.contact.findUnique({
        where: { id: data.contactId },
        select: { id: true, caseId: true, sourceAgencyId: true, currentDecision: { select: { outcome: true, decidedBy: { select: { agencyId: true } } } } },
      });
      // An agency that graded this contact in a joint audit round is a party too (decision 0038).
      const audited = contact ? await auditedByActorAgency(tx, actor, contact.id) : false;
      if (!contact || !(canSeeContact(actor, contact) || audited)) throw notFound("That contact");
      if (!contact.currentDecision) throw invalid("There is no decision to disagree with yet.");
      if (data.subject === "CLOSURE" && !CLOSING_OUTCOMES.includes(contact.currentDecision.outcome)) throw invalid("That decision did not close the contact.", { subject: "Choose another subject" });
      // The disagreement is with the agency party to the decision, whatever the form sent.
      const counterpart = contactCounterpart(actor, { sourceAgencyId: contact.sourceAgencyId, decidingAgencyId: contact.currentDecision.decidedBy.agencyId, auditedByActorAgency: audited });
      if (!counterpart) throw invalid("Only the agency that made the contact and the council that decided it are party to this decision.");
      if (data.receivingAgencyId && data.receivingAgencyId !== counterpart) {
        throw invalid("A disagreement about this decision is between the agency that made the contact and the council that decided it.", { receivingAgencyId: "Choose the agency party to the decision" });
      }
      caseId = contact.caseId;
      receivingAgencyId = counterpart;
    } else {
      if ((DECISION_SUBJECTS as readonly string[]).includes(data.subject) || data.subject === "REFERRAL_QUALITY") {
        throw invalid("That subject is about a front-door decision, not a meeting", { subject: "Choose what you disagree with about this meeting" });
      }
      const meeting = await tx.strategyMeeting.findUnique({ where: { id: data.meetingId! }, select: { caseId: true, chair: { select: { agencyId: true } }, invitations: { select: { agencyId: true } } } });
      const invited = meeting?.invitations.map((i) => i.agencyId) ?? [];
      if (!meeting || !canSeeMeeting(actor, invited)) throw notFound("That meeting");
      receivingAgencyId = data.receivingAgencyId ?? meeting.chair.agencyId;
      if (!meetingPartiesValid(actor, invited, receivingAgencyId)) {
        throw invalid("A disagreement about a meeting is between two agencies invited to it.", { receivingAgencyId: "Choose another agency invited to the meeting" });
      }
      caseId = meeting.caseId;
    }

    const ladder = await currentLadder(tx);
    const lastStage = ladder.stages.at(-1)!.stage;
    if (data.startStage > lastStage) throw invalid(`The ladder has ${lastStage} stages.`, { startStage: `Choose a stage from 1 to ${lastStage}` });
    const rule = stageOf(ladder, data.startStage);
    const d = await tx.disagreement.create({
      data: {
        caseId,
        contactId: data.contactId ?? null,
        meetingId: data.meetingId ?? null,
        raisingAgencyId: actor.agencyId,
        receivingAgencyId,
        raisedById: actor.userId,
        raisedAt: now,
        subject: data.subject,
        soughtLevel: data.soughtLevel ?? null,
        soughtOutcome: data.soughtOutcome,
        reasons: data.reasons,
        urgent: data.urgent,
        ladderVersion: ladder.version,
        stage: data.startStage,
        startStage: data.startStage,
        startReason: data.startStage > 1 ? data.startReason! : null,
        stageStartedAt: now,
        stageDueAt: await stageDueAt(tx, ladder, data.startStage, now, data.urgent),
        version: 1,
      },
      select: { id: true, raisingAgencyId: true, receivingAgencyId: true },
    });
    await appendEvent(tx, actor, d, 1, "raised", data.startStage, now, data.reasons, {
      subject: data.subject,
      soughtOutcome: data.soughtOutcome,
      soughtLevel: data.soughtLevel ?? null,
      urgent: data.urgent,
      startStage: data.startStage,
      startReason: data.startStage > 1 ? data.startReason : null,
      ladderVersion: ladder.version,
    });
    const subject = `${data.urgent ? "Urgent: a" : "A"} disagreement has been raised with your agency${data.startStage > 1 ? ` at stage ${data.startStage}` : ""}`;
    await notifyStage(services, tx, d, ladder, rule, subject, now);
    await recordAudit(tx, actor, { action: "disagreement.raise", entityType: "disagreement", entityId: d.id, detail: { receivingAgencyId, subject: data.subject, urgent: data.urgent, startStage: data.startStage } }, meta.requestId);
    if (options.linkWithin) await options.linkWithin(tx, d.id);
    return d;
  });
  services.realtime.disagreementChanged({ disagreementId: created.id, agencyIds: [created.raisingAgencyId, created.receivingAgencyId], change: "raised" });
  return { disagreementId: created.id };
}

const stateSelect = {
  id: true,
  /** Whether a joint audit finding started it: an auditor sees only those their agency raised so (decision 0038). */
  auditFinding: { select: { id: true } },
  raisingAgencyId: true,
  receivingAgencyId: true,
  raisedById: true,
  stage: true,
  status: true,
  outcome: true,
  version: true,
  urgent: true,
  subject: true,
  contactId: true,
  ladderVersion: true,
} satisfies Prisma.DisagreementSelect;
type DisagreementRow = Prisma.DisagreementGetPayload<{ select: typeof stateSelect }>;

const pendingSelect = { id: true, stage: true, outcome: true, statement: true, proposedById: true, proposedByAgencyId: true, proposedAt: true } satisfies Prisma.DisagreementProposalSelect;

/** What the rules need besides the row: its ladder, the pending proposal, what is recorded. */
async function loadContext(tx: Tx, actor: Actor, row: DisagreementRow) {
  const ladder = await loadLadder(tx, row.ladderVersion);
  const rule = stageOf(ladder, row.stage);
  const pending = await tx.disagreementProposal.findFirst({ where: { disagreementId: row.id, status: "PENDING" }, select: pendingSelect });
  const changedDecision = await tx.thresholdDecision.findFirst({ where: { disagreementId: row.id }, select: { id: true } });
  const acknowledgements = await tx.disagreementAcknowledgement.findMany({ where: { disagreementId: row.id }, select: { agencyId: true } });
  const standing = await loadStanding(tx, actor);
  const abilities = disagreementAbilities(actor, standing, row, rule, {
    lastStage: ladder.stages.at(-1)!.stage,
    pending,
    changedDecisionRecorded: !!changedDecision,
    acknowledgedAgencyIds: acknowledgements.map((a) => a.agencyId),
  });
  return { ladder, rule, pending, abilities, lastStage: ladder.stages.at(-1)!.stage };
}
type ActContext = Awaited<ReturnType<typeof loadContext>>;

interface Change {
  update?: Prisma.DisagreementUpdateInput;
  body?: string | null;
  payload?: Record<string, unknown>;
  stage?: number;
  notify?: { stage: number; subject: string };
  /** Front-door contact to tell live clients about, after commit. */
  contact?: { id: string; sourceAgencyId: string };
}

/**
 * One change to a disagreement, on the version the person saw. The ability check runs on the
 * fresh row inside the transaction. The version is claimed before anything else is written, so
 * of two people acting at once the second waits on the row, finds the version gone and gets a
 * conflict; nothing of theirs is written.
 */
async function act(
  services: Services,
  actor: Actor,
  input: { disagreementId: string; expectedVersion: number },
  options: { type: string; audit: string; allowed: (a: DisagreementAbilities, context: ActContext) => boolean; refusal: string; requestId?: string },
  change: (tx: Tx, row: DisagreementRow, context: ActContext, now: Date) => Promise<Change>,
) {
  const now = services.clock.now();
  const { row, result } = await transaction(services.db, async (tx) => {
    const current = await tx.disagreement.findUnique({ where: { id: input.disagreementId }, select: stateSelect });
    if (!current || !canSeeDisagreement(actor, current)) throw notFound("That disagreement");
    if (current.version !== input.expectedVersion) throw staleView(current);
    const context = await loadContext(tx, actor, current);
    if (!options.allowed(context.abilities, context)) throw forbidden(options.refusal);
    const claimed = await tx.disagreement.updateMany({ where: { id: current.id, version: input.expectedVersion }, data: { version: { increment: 1 } } });
    if (claimed.count !== 1) throw staleView((await tx.disagreement.findUnique({ where: { id: current.id }, select: { stage: true, status: true } })) ?? current);
    const result = await change(tx, current, context, now);
    if (result.update) await tx.disagreement.update({ where: { id: current.id }, data: result.update });
    await appendEvent(tx, actor, current, input.expectedVersion + 1, options.type, result.stage ?? current.stage, now, result.body, result.payload);
    if (result.notify) await notifyStage(services, tx, current, context.ladder, stageOf(context.ladder, result.notify.stage), result.notify.subject, now);
    await recordAudit(tx, actor, { action: options.audit, entityType: "disagreement", entityId: current.id, detail: { seq: input.expectedVersion + 1 } }, options.requestId);
    return { row: current, result };
  });
  services.realtime.disagreementChanged({ disagreementId: row.id, agencyIds: [row.raisingAgencyId, row.receivingAgencyId], change: options.type });
  if (result.contact) services.realtime.contactChanged({ contactId: result.contact.id, sourceAgencyId: result.contact.sourceAgencyId, change: "decided" });
  return { disagreementId: row.id, version: input.expectedVersion + 1 };
}

function staleView(current: { stage: number; status: string }) {
  return conflict(
    `Someone else changed this disagreement while you were looking at it (it is now ${current.status === "OPEN" ? `at stage ${current.stage}` : "resolved"}). Nothing you entered was saved: read the latest record, then try again if it still applies.`,
  );
}

/** Lapse the pending proposal (an escalation, withdrawal or determination overtakes it). */
async function lapsePending(tx: Tx, context: ActContext): Promise<string | null> {
  if (!context.pending) return null;
  await tx.disagreementProposal.update({ where: { id: context.pending.id }, data: { status: "LAPSED" } });
  return context.pending.id;
}

export async function commentOnDisagreement(services: Services, actor: Actor, input: z.input<typeof commentInputSchema>, meta: Meta = {}) {
  const data = commentInputSchema.parse(input);
  return act(services, actor, data, { type: "comment", audit: "disagreement.comment", allowed: (a) => a.comment, refusal: "You cannot comment on this disagreement.", requestId: meta.requestId }, async () => ({ body: data.body }));
}

/** Attach a reference to a record or document (kept where it is; only the reference is shared). */
export async function attachReference(services: Services, actor: Actor, input: z.input<typeof referenceInputSchema>, meta: Meta = {}) {
  const data = referenceInputSchema.parse(input);
  return act(services, actor, data, { type: "reference", audit: "disagreement.reference", allowed: (a) => a.comment, refusal: "You cannot add to this disagreement.", requestId: meta.requestId }, async () => ({ body: data.reference }));
}

/** A side's written position at the current stage. */
export async function recordPosition(services: Services, actor: Actor, input: z.input<typeof positionInputSchema>, meta: Meta = {}) {
  const data = positionInputSchema.parse(input);
  return act(
    services,
    actor,
    data,
    { type: "position", audit: "disagreement.position", allowed: (a) => a.comment, refusal: "Only the two agencies record their positions.", requestId: meta.requestId },
    async (_tx, row) => {
      const side = disagreementSide(actor, row);
      if (!side) throw forbidden("Only the two agencies record their positions.");
      return { body: data.position, payload: { side } };
    },
  );
}

/** A dated next step of the current stage's plan: a conversation or a meeting, who, when. */
export async function addNextStep(services: Services, actor: Actor, input: z.input<typeof nextStepInputSchema>, meta: Meta = {}) {
  const data = nextStepInputSchema.parse(input);
  return act(
    services,
    actor,
    data,
    { type: "step", audit: "disagreement.step", allowed: (a) => a.comment, refusal: "You cannot add to this disagreement's plan.", requestId: meta.requestId },
    async () => ({ body: data.note ?? null, payload: { kind: data.kind, who: data.who, when: data.when.toISOString() } }),
  );
}

export async function proposeOutcome(services: Services, actor: Actor, input: z.input<typeof proposeInputSchema>, meta: Meta = {}) {
  const data = proposeInputSchema.parse(input);
  return act(
    services,
    actor,
    data,
    {
      type: "proposed",
      audit: "disagreement.propose",
      allowed: (a) => a.propose,
      refusal: "You cannot propose an outcome now: the people the ladder names for your agency at this stage propose, and a proposal already waiting must be answered first.",
      requestId: meta.requestId,
    },
    async (tx, row, _context, now) => {
      const proposal = await tx.disagreementProposal.create({
        data: { disagreementId: row.id, stage: row.stage, outcome: data.outcome, statement: data.statement, proposedById: actor.userId, proposedByAgencyId: actor.agencyId, proposedAt: now },
        select: { id: true },
      });
      return { body: data.statement, payload: { proposalId: proposal.id, outcome: data.outcome } };
    },
  );
}

/** The other side accepts (the disagreement is resolved by agreement) or declines with reasons. */
export async function answerProposal(services: Services, actor: Actor, input: z.input<typeof answerInputSchema>, meta: Meta = {}) {
  const data = answerInputSchema.parse(input);
  const accepting = data.answer === "ACCEPT";
  return act(
    services,
    actor,
    data,
    {
      type: accepting ? "resolved" : "declined",
      audit: accepting ? "disagreement.accept" : "disagreement.decline",
      allowed: (a) => a.answer,
      refusal: "Only the other agency's people named by the ladder at this stage can answer this proposal.",
      requestId: meta.requestId,
    },
    async (tx, row, context, now) => {
      const pending = context.pending;
      if (!pending || pending.id !== data.proposalId) throw conflict("That proposal is no longer waiting for an answer. Read the latest record.");
      const answered = await tx.disagreementProposal.updateMany({
        where: { id: pending.id, status: "PENDING" },
        data: { status: accepting ? "ACCEPTED" : "DECLINED", answeredById: actor.userId, answeredByAgencyId: actor.agencyId, answeredAt: now, declineReasons: accepting ? null : data.reasons! },
      });
      if (answered.count !== 1) throw conflict("That proposal has already been answered. Read the latest record.");
      if (!accepting) return { body: data.reasons!, payload: { proposalId: pending.id, outcome: pending.outcome } };
      return {
        update: { status: "RESOLVED", outcome: pending.outcome, resolution: "AGREED", outcomeStatement: pending.statement, resolvedAt: now, resolvedById: actor.userId, resolvedByAgencyId: actor.agencyId },
        body: pending.statement,
        payload: { how: "AGREED", outcome: pending.outcome, proposalId: pending.id, proposedById: pending.proposedById },
        notify: { stage: row.stage, subject: `A disagreement has been resolved by agreement: ${DISAGREEMENT_OUTCOME_LABELS[pending.outcome].toLowerCase()}` },
      };
    },
  );
}

export async function escalateDisagreement(services: Services, actor: Actor, input: z.input<typeof escalateInputSchema>, meta: Meta = {}) {
  const data = escalateInputSchema.parse(input);
  return act(
    services,
    actor,
    data,
    {
      type: "escalated",
      audit: "disagreement.escalate",
      allowed: (a) => a.escalate,
      refusal: "You cannot escalate this disagreement: the people the ladder names for your agency at this stage escalate, and the last stage goes no further.",
      requestId: meta.requestId,
    },
    async (tx, row, context, now) => {
      const stage = row.stage + 1;
      const lapsed = await lapsePending(tx, context);
      return {
        update: { stage, stageStartedAt: now, stageDueAt: await stageDueAt(tx, context.ladder, stage, now, row.urgent) },
        body: data.reason,
        stage,
        payload: { from: row.stage, to: stage, lapsedProposalId: lapsed },
        notify: { stage, subject: `A disagreement has been escalated to stage ${stage}: ${stageOf(context.ladder, stage).label}` },
      };
    },
  );
}

export async function withdrawDisagreement(services: Services, actor: Actor, input: z.input<typeof withdrawInputSchema>, meta: Meta = {}) {
  const data = withdrawInputSchema.parse(input);
  return act(
    services,
    actor,
    data,
    { type: "resolved", audit: "disagreement.withdraw", allowed: (a) => a.withdraw, refusal: "Only the agency that raised it can withdraw a disagreement.", requestId: meta.requestId },
    async (tx, row, context, now) => {
      const lapsed = await lapsePending(tx, context);
      return {
        update: { status: "RESOLVED", outcome: "WITHDRAWN", resolution: "WITHDRAWN", outcomeStatement: data.statement, resolvedAt: now, resolvedById: actor.userId, resolvedByAgencyId: actor.agencyId },
        body: data.statement,
        payload: { how: "WITHDRAWN", outcome: "WITHDRAWN", lapsedProposalId: lapsed },
        notify: { stage: row.stage, subject: "A disagreement has been withdrawn" },
      };
    },
  );
}

/** At the last stage, when the sides still do not agree, the partnership determines the outcome. */
export async function determineOutcome(services: Services, actor: Actor, input: z.input<typeof determineInputSchema>, meta: Meta = {}) {
  const data = determineInputSchema.parse(input);
  return act(
    services,
    actor,
    data,
    { type: "resolved", audit: "disagreement.determine", allowed: (a) => a.determine, refusal: "The partnership determines an outcome only at the last stage of the ladder.", requestId: meta.requestId },
    async (tx, row, context, now) => {
      const lapsed = await lapsePending(tx, context);
      return {
        update: { status: "RESOLVED", outcome: data.outcome, resolution: "PARTNERSHIP_DETERMINED", outcomeStatement: data.statement, resolvedAt: now, resolvedById: actor.userId, resolvedByAgencyId: actor.agencyId },
        body: data.statement,
        payload: { how: "PARTNERSHIP_DETERMINED", outcome: data.outcome, lapsedProposalId: lapsed },
        notify: { stage: row.stage, subject: `The partnership has determined a disagreement: ${DISAGREEMENT_OUTCOME_LABELS[data.outcome].toLowerCase()}` },
      };
    },
  );
}

/**
 * The council records the decision the outcome calls for, as a later decision on the contact
 * caused by the disagreement. It awaits sign-off by a council manager other than the person
 * who recorded it (the front door's four-eyes rule, which the database also enforces).
 */
export async function recordChangedDecision(services: Services, actor: Actor, input: z.input<typeof changedDecisionInputSchema>, meta: Meta = {}) {
  const data = changedDecisionInputSchema.parse(input);
  assertCanDecideThreshold(actor);
  assertClosureReasoned(data);
  return act(
    services,
    actor,
    data,
    {
      type: "decision.changed",
      audit: "disagreement.changed_decision",
      allowed: (a) => a.recordChangedDecision,
      refusal: "The council records a changed decision once the disagreement's outcome has changed it, and only once.",
      requestId: meta.requestId,
    },
    async (tx, row, _context, now) => {
      const contact = await tx.contact.findUniqueOrThrow({ where: { id: row.contactId! }, select: { id: true, sourceAgencyId: true, currentDecisionId: true } });
      // A later decision caused by the disagreement; the first one stays in the contact's history.
      const decision = await writeThresholdDecision(tx, actor, contact.id, data, now, {
        expectedCurrentDecisionId: contact.currentDecisionId,
        conflictMessage: "The front-door decision changed meanwhile. Read the latest record and try again.",
        disagreementId: row.id,
      });
      // Sent after commit by the outbox worker; the email names no child.
      const signers = await tx.user.findMany({ where: changedDecisionSignOffWhere(actor), select: { email: true } });
      const url = `${services.settings.publicUrl ?? ""}/contacts/${contact.id}`;
      const subject = "A threshold decision changed after a disagreement needs your sign-off";
      await enqueueEmails(tx, signers.map((p) => ({ to: p.email, subject, body: `${subject}. It was recorded by ${actor.displayName}, who cannot sign it off.\n\n${url}\n\nThis email does not contain details of the child.` })), now);
      return {
        body: data.rationale,
        payload: { decisionId: decision.id, levelApplied: data.levelApplied, outcome: data.outcome },
        contact: { id: contact.id, sourceAgencyId: contact.sourceAgencyId },
      };
    },
  );
}

/** Each agency acknowledges the outcome record once, as placed on its own case record. */
export async function acknowledgeOutcome(services: Services, actor: Actor, input: z.input<typeof acknowledgeInputSchema>, meta: Meta = {}) {
  const data = acknowledgeInputSchema.parse(input);
  return act(
    services,
    actor,
    data,
    { type: "acknowledged", audit: "disagreement.acknowledge", allowed: (a) => a.acknowledge, refusal: "Each agency acknowledges the outcome once, after it is resolved.", requestId: meta.requestId },
    async (tx, row, _context, now) => {
      await tx.disagreementAcknowledgement.create({ data: { disagreementId: row.id, agencyId: actor.agencyId, userId: actor.userId, acknowledgedAt: now } });
      return { payload: { agencyId: actor.agencyId } };
    },
  );
}

export async function tagThemes(services: Services, actor: Actor, input: z.input<typeof tagThemesInputSchema>, meta: Meta = {}) {
  const data = tagThemesInputSchema.parse(input);
  return act(
    services,
    actor,
    data,
    { type: "themes", audit: "disagreement.themes", allowed: (a) => a.tag, refusal: "The partnership chair tags resolved disagreements with themes.", requestId: meta.requestId },
    async (tx, row) => {
      const themes = await tx.theme.findMany({ where: { id: { in: data.themeIds }, active: true }, select: { id: true, name: true } });
      if (themes.length !== new Set(data.themeIds).size) throw invalid("Choose themes from the list", { themeIds: "Choose themes from the list" });
      await tx.disagreementTheme.deleteMany({ where: { disagreementId: row.id } });
      await tx.disagreementTheme.createMany({ data: themes.map((t) => ({ disagreementId: row.id, themeId: t.id })) });
      return { payload: { themes: themes.map((t) => t.name) } };
    },
  );
}

/**
 * Flag every open stage past its due date, once per stage: an event on the timeline, email to
 * the people who act at the stage, a live notice. Run by the server's timer and by tests directly.
 */
export async function sweepOverdueDisagreements(services: Services): Promise<number> {
  const now = services.clock.now();
  const due = await services.db.disagreement.findMany({
    where: { status: "OPEN", stageDueAt: { lt: now } },
    select: { id: true, stage: true, version: true, overdueNotifiedStage: true, raisingAgencyId: true, receivingAgencyId: true, ladderVersion: true },
  });
  let flagged = 0;
  for (const d of due.filter((row) => row.overdueNotifiedStage !== row.stage)) {
    const done = await services.db.$transaction(async (tx) => {
      const claimed = await tx.disagreement.updateMany({ where: { id: d.id, version: d.version, stage: d.stage }, data: { overdueNotifiedStage: d.stage, version: { increment: 1 } } });
      if (claimed.count !== 1) return false; // changed meanwhile: the next sweep looks again
      await appendEvent(tx, null, d, d.version + 1, "stage.overdue", d.stage, now, null, { stage: d.stage });
      const ladder = await loadLadder(tx, d.ladderVersion);
      await notifyStage(services, tx, d, ladder, stageOf(ladder, d.stage), `A disagreement is overdue at stage ${d.stage}`, now);
      return true;
    });
    if (done) {
      flagged++;
      services.realtime.disagreementChanged({ disagreementId: d.id, agencyIds: [d.raisingAgencyId, d.receivingAgencyId], change: "stage.overdue" });
    }
  }
  return flagged;
}

const listSelect = {
  id: true,
  subject: true,
  stage: true,
  stageDueAt: true,
  status: true,
  outcome: true,
  resolution: true,
  urgent: true,
  raisedAt: true,
  raisingAgency: { select: { name: true } },
  receivingAgency: { select: { name: true } },
  contact: { select: { id: true, sourceAgencyId: true, referrerReference: true, case: { select: { reference: true } } } },
  meeting: { select: { case: { select: { reference: true } } } },
  proposals: { where: { status: "PENDING" }, select: { proposedByAgencyId: true } },
} satisfies Prisma.DisagreementSelect;
type ListRow = Prisma.DisagreementGetPayload<{ select: typeof listSelect }>;

export async function listDisagreements(services: Services, actor: Actor, input: z.input<typeof listDisagreementsInputSchema> = {}, meta: Meta = {}) {
  const { status, overdueOnly, urgentOnly, agencyId, search, page } = listDisagreementsInputSchema.parse(input);
  const now = services.clock.now();
  const where: Prisma.DisagreementWhereInput = {
    AND: [
      disagreementFilter(actor),
      status ? { status } : {},
      overdueOnly ? { status: "OPEN", stageDueAt: { lt: now } } : {},
      urgentOnly ? { urgent: true } : {},
      agencyId ? { OR: [{ raisingAgencyId: agencyId }, { receivingAgencyId: agencyId }] } : {},
      // The reference shown in the list: the contact's (as this viewer knows it) or the meeting's case.
      search ? { OR: [{ contact: { is: contactReferenceWhere(actor, search) } }, { meeting: { is: { case: { reference: { contains: search } } } } }] } : {},
    ],
  };
  return services.db.$transaction(async (tx) => {
    const segment = (part: Prisma.DisagreementWhereInput, orderBy: Prisma.DisagreementOrderByWithRelationInput[]): Segment<ListRow> => ({
      count: () => tx.disagreement.count({ where: { AND: [where, part] } }),
      find: (skip, take) => tx.disagreement.findMany({ where: { AND: [where, part] }, orderBy, skip, take, select: listSelect }),
    });
    const rows = await readPage(
      [
        // Open: overdue and soonest due first; urgent before others due at the same time.
        segment({ status: "OPEN" }, [{ stageDueAt: "asc" }, { urgent: "desc" }, { id: "asc" }]),
        segment({ status: { not: "OPEN" } }, [{ raisedAt: "desc" }, { id: "asc" }]),
      ],
      page,
    );
    await recordAudit(tx, actor, { action: "disagreement.list", entityType: "disagreement", detail: { searched: search !== undefined, page: rows.page, disagreementIds: rows.items.map((r) => r.id) } }, meta.requestId);
    return mapPage(rows, (r) => ({
      id: r.id,
      subject: r.subject,
      stage: r.stage,
      stageDueAt: r.stageDueAt.toISOString(),
      overdue: r.status === "OPEN" && r.stageDueAt < now,
      status: r.status,
      outcome: r.outcome,
      resolution: r.resolution,
      /** An outcome proposed and waiting for the other side's answer. */
      proposalWaiting: r.proposals.length > 0,
      urgent: r.urgent,
      raisedAt: r.raisedAt.toISOString(),
      raisingAgencyName: r.raisingAgency.name,
      receivingAgencyName: r.receivingAgency.name,
      caseReference: r.contact ? contactReferenceFor(actor, r.contact) : (r.meeting?.case.reference ?? null),
    }));
  });
}

export async function getDisagreement(services: Services, actor: Actor, disagreementId: string, meta: Meta = {}) {
  const now = services.clock.now();
  return services.db.$transaction(async (tx) => {
    const d = await tx.disagreement.findUnique({
      where: { id: disagreementId },
      select: {
        ...stateSelect,
        ...listSelect,
        soughtLevel: true,
        soughtOutcome: true,
        reasons: true,
        startStage: true,
        startReason: true,
        stageStartedAt: true,
        outcomeStatement: true,
        resolvedAt: true,
        resolvedById: true,
        resolvedByAgencyId: true,
        meetingId: true,
        raisedBy: { select: { displayName: true } },
        contact: { select: { id: true, sourceAgencyId: true, referrerReference: true, case: { select: { reference: true } } } },
        themes: { select: { theme: { select: { id: true, name: true } } } },
        auditFinding: { select: { id: true, roundId: true, round: { select: { title: true } } } },
        proposals: { orderBy: { proposedAt: "asc" }, select: { ...pendingSelect, status: true, answeredById: true, answeredByAgencyId: true, answeredAt: true, declineReasons: true } },
        acknowledgements: { orderBy: { acknowledgedAt: "asc" }, select: { agencyId: true, userId: true, acknowledgedAt: true } },
        newDecisions: {
          orderBy: { decidedAt: "asc" },
          select: { id: true, levelApplied: true, outcome: true, rationale: true, decidedAt: true, decidedById: true, signedOffAt: true, signedOffById: true },
        },
        events: { orderBy: { seq: "asc" }, select: { seq: true, type: true, stage: true, body: true, payload: true, actorId: true, actorAgencyId: true, occurredAt: true } },
      },
    });
    if (!d || !canSeeDisagreement(actor, d)) throw notFound("That disagreement");
    await recordAudit(tx, actor, { action: "disagreement.read", entityType: "disagreement", entityId: d.id }, meta.requestId);
    const userIds = new Set<string>();
    const agencyIds = new Set<string>([d.raisingAgencyId, d.receivingAgencyId]);
    for (const e of d.events) {
      if (e.actorId) userIds.add(e.actorId);
      if (e.actorAgencyId) agencyIds.add(e.actorAgencyId);
    }
    for (const p of d.proposals) {
      userIds.add(p.proposedById);
      agencyIds.add(p.proposedByAgencyId);
      if (p.answeredById) userIds.add(p.answeredById);
    }
    for (const a of d.acknowledgements) userIds.add(a.userId);
    for (const n of d.newDecisions) {
      userIds.add(n.decidedById);
      if (n.signedOffById) userIds.add(n.signedOffById);
    }
    if (d.resolvedById) userIds.add(d.resolvedById);
    if (d.resolvedByAgencyId) agencyIds.add(d.resolvedByAgencyId);
    // One after another: a transaction's queries share one connection.
    const people = await tx.user.findMany({ where: { id: { in: [...userIds] } }, select: { id: true, displayName: true, jobTitle: true } });
    const agencies = await tx.agency.findMany({ where: { id: { in: [...agencyIds] } }, select: { id: true, name: true } });
    const ladder = await loadLadder(tx, d.ladderVersion);
    const latest = await currentLadder(tx);
    const context = await loadContext(tx, actor, d);
    const person = new Map(people.map((p) => [p.id, p]));
    const agency = new Map(agencies.map((a) => [a.id, a.name]));
    const nameOf = (id: string | null) => (id ? (person.get(id)?.displayName ?? "Unknown") : "Concord");
    const signatory = (id: string) => ({ name: nameOf(id), jobTitle: person.get(id)?.jobTitle ?? null });
    const sideOf = (agencyId: string | null) => (agencyId === d.raisingAgencyId ? "raising" : agencyId === d.receivingAgencyId ? "receiving" : null);
    const timeline = d.events.map((e) => ({
      seq: e.seq,
      type: e.type,
      stage: e.stage,
      body: e.body,
      payload: e.payload as Record<string, unknown> | null,
      actorName: nameOf(e.actorId),
      actorAgencyName: e.actorAgencyId ? (agency.get(e.actorAgencyId) ?? null) : null,
      side: sideOf(e.actorAgencyId),
      occurredAt: e.occurredAt.toISOString(),
    }));
    const accepted = d.proposals.find((p) => p.status === "ACCEPTED");
    const pending = d.proposals.find((p) => p.status === "PENDING");
    const proposalView = (p: (typeof d.proposals)[number]) => ({
      id: p.id,
      stage: p.stage,
      outcome: p.outcome,
      statement: p.statement,
      status: p.status,
      proposedBy: { ...signatory(p.proposedById), agencyName: agency.get(p.proposedByAgencyId) ?? "" },
      proposedAt: p.proposedAt.toISOString(),
      answeredBy: p.answeredById ? { ...signatory(p.answeredById), agencyName: agency.get(p.answeredByAgencyId!) ?? "" } : null,
      answeredAt: p.answeredAt?.toISOString() ?? null,
      declineReasons: p.declineReasons,
    });
    const stagesReached = ladder.stages.filter((s) => s.stage >= d.startStage && s.stage <= d.stage);
    return {
      id: d.id,
      version: d.version,
      subject: d.subject,
      status: d.status,
      stage: d.stage,
      stageLabel: stageOf(ladder, d.stage).label,
      stageStartedAt: d.stageStartedAt.toISOString(),
      stageDueAt: d.stageDueAt.toISOString(),
      overdue: d.status === "OPEN" && d.stageDueAt < now,
      urgent: d.urgent,
      startStage: d.startStage,
      startReason: d.startReason,
      raisedAt: d.raisedAt.toISOString(),
      raisedByName: d.raisedBy.displayName,
      raisingAgencyId: d.raisingAgencyId,
      receivingAgencyId: d.receivingAgencyId,
      raisingAgencyName: d.raisingAgency.name,
      receivingAgencyName: d.receivingAgency.name,
      caseReference: d.contact ? contactReferenceFor(actor, d.contact) : (d.meeting?.case.reference ?? null),
      /** A link to the front-door record, for those who may see it. */
      contactId: d.contact && canSeeContact(actor, d.contact) ? d.contact.id : null,
      changesDecision: !!d.contactId && (DECISION_SUBJECTS as readonly string[]).includes(d.subject),
      meetingId: d.meetingId,
      soughtLevel: d.soughtLevel,
      soughtOutcome: d.soughtOutcome,
      reasons: d.reasons,
      outcome: d.outcome,
      resolution: d.resolution,
      outcomeStatement: d.outcomeStatement,
      resolvedAt: d.resolvedAt?.toISOString() ?? null,
      resolvedBy: d.resolvedById ? { ...signatory(d.resolvedById), agencyName: agency.get(d.resolvedByAgencyId!) ?? "" } : null,
      /** For an agreed outcome: who proposed it and who accepted it, one from each side. */
      agreement: accepted ? proposalView(accepted) : null,
      pendingProposal: pending ? proposalView(pending) : null,
      proposals: d.proposals.map(proposalView),
      changedDecisions: d.newDecisions.map((n) => ({
        id: n.id,
        levelApplied: n.levelApplied,
        outcome: n.outcome,
        rationale: n.rationale,
        decidedAt: n.decidedAt.toISOString(),
        decidedByName: nameOf(n.decidedById),
        signedOffAt: n.signedOffAt?.toISOString() ?? null,
        signedOffByName: n.signedOffById ? nameOf(n.signedOffById) : null,
      })),
      acknowledgements: d.acknowledgements.map((a) => ({ agencyId: a.agencyId, agencyName: agency.get(a.agencyId) ?? "", ...signatory(a.userId), acknowledgedAt: a.acknowledgedAt.toISOString() })),
      themes: d.themes.map((t) => t.theme),
      /** The joint audit finding that started it, if one did (decision 0038). */
      auditFinding: d.auditFinding ? { id: d.auditFinding.id, roundId: d.auditFinding.roundId, roundTitle: d.auditFinding.round.title, canOpenRound: auditRoundReach(actor) !== "none" } : null,
      ladderVersion: d.ladderVersion,
      onCurrentLadder: d.ladderVersion === latest.version,
      ladder: { version: ladder.version, urgentCutoff: ladder.urgentCutoff, workingDayEnd: ladder.workingDayEnd, stages: ladder.stages.map(describeStage) },
      /** Each stage reached: both sides' positions and the plan's dated next steps. */
      stageRecords: stagesReached.map((s) => ({
        stage: s.stage,
        label: s.label,
        positions: timeline.filter((e) => e.stage === s.stage && e.type === "position"),
        steps: timeline.filter((e) => e.stage === s.stage && e.type === "step"),
      })),
      timeline,
      abilities: context.abilities,
      viewerSide: disagreementSide(actor, d),
    };
  });
}

export async function listThemes(services: Services) {
  return services.db.theme.findMany({ where: { active: true }, orderBy: { name: "asc" }, select: { id: true, name: true } });
}

/**
 * The open disagreements waiting for this person to act: the other side proposed an outcome for
 * them to answer, or they act for their side at this stage and nothing is proposed yet, or the
 * partnership must determine one at the last stage. Most overdue first. For the home page.
 */
export async function disagreementsAwaiting(tx: Tx, actor: Actor, now: Date) {
  const rows = await tx.disagreement.findMany({
    where: { ...disagreementFilter(actor), status: "OPEN" },
    orderBy: { stageDueAt: "asc" },
    select: { ...stateSelect, ...listSelect },
  });
  const waiting = [];
  for (const row of rows) {
    const { abilities } = await loadContext(tx, actor, row);
    const waitingFor = abilities.answer
      ? "the other side proposed an outcome: accept or decline it"
      : abilities.determine
        ? "the sides have not agreed at the last stage: the partnership determines the outcome"
        : abilities.propose
          ? `your side acts at this stage: propose an outcome${abilities.escalate ? " or escalate" : ""}`
          : null;
    if (!waitingFor) continue;
    waiting.push({
      id: row.id,
      subject: row.subject,
      stage: row.stage,
      stageDueAt: row.stageDueAt,
      raisingAgencyName: row.raisingAgency.name,
      receivingAgencyName: row.receivingAgency.name,
      caseReference: row.contact ? contactReferenceFor(actor, row.contact) : (row.meeting?.case.reference ?? null),
      waitingFor,
      overdue: row.stageDueAt < now,
    });
  }
  return waiting;
}
