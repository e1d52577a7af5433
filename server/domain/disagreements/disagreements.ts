// The shared threshold-disagreement log: raise, comment, escalate on the working-day clock,
// resolve with a written outcome, acknowledge, learn (themes). Every change is an appended
// event; `version` makes a change on a stale view fail with a conflict instead of winning.
import type { z } from "zod";
import type { Prisma } from "../../db/generated/client";
import type { Db, Tx } from "../../db/connect";
import type { Services } from "../services";
import type { Actor } from "../access/actor";
import {
  canSeeContact,
  canSeeDisagreement,
  canSeeMeeting,
  disagreementAbilities,
  disagreementFilter,
  disagreementStageAudienceWhere,
  raisingAbilities,
  assertCan,
  type DisagreementAbilities,
} from "../access/policy";
import { recordAudit } from "../audit/audit";
import { conflict, forbidden, invalid, notFound } from "../errors";
import { addWorkingDays, fromLondon, londonDate, nextWorkingDay } from "../calendar/working-days";
import { loadBankHolidays } from "../calendar/bank-holidays";
import { enqueueEmails } from "../mail/outbox";
import { CLOSING_OUTCOMES } from "../front-door/labels";
import { contactReferenceFor } from "../front-door/contacts";
import { DISAGREEMENT_OUTCOME_LABELS } from "./labels";
import {
  acknowledgeInputSchema,
  commentInputSchema,
  escalateInputSchema,
  escalationStageInputSchema,
  referenceInputSchema,
  listDisagreementsInputSchema,
  raiseDisagreementInputSchema,
  resolveInputSchema,
  tagThemesInputSchema,
  type RaiseDisagreementInput,
} from "./schemas";

type Meta = { requestId?: string };
const CONTACT_SUBJECTS = ["LEVEL_APPLIED", "OUTCOME", "CLOSURE"] as const;
const MEETING_SUBJECTS = ["MEETING_DECISION", "NON_ATTENDANCE"] as const;

export async function escalationLadder(db: Db | Tx) {
  return db.escalationStage.findMany({ orderBy: { stage: "asc" }, select: { stage: true, label: true, participants: true, workingDays: true } });
}

/**
 * When a stage is due: its working days from the start of the stage. For a child at immediate
 * risk every clock is halved, and a stage of one day is due by the end of the working day.
 */
export async function stageDueAt(db: Db | Tx, start: Date, stage: number, urgent: boolean): Promise<Date> {
  const ladder = await escalationLadder(db);
  const holidays = await loadBankHolidays(db);
  const days = ladder.find((s) => s.stage === stage)?.workingDays ?? 1;
  const effective = urgent ? Math.floor(days / 2) : days;
  if (effective === 0) return fromLondon(nextWorkingDay(londonDate(start), holidays));
  return addWorkingDays(start, effective, holidays);
}

/** Email the people who should act at a stage: the managers of both agencies, the chair at stage 4. */
async function notifyStage(services: Services, tx: Tx, d: { id: string; raisingAgencyId: string; receivingAgencyId: string }, stage: number, subject: string, now: Date) {
  const people = await tx.user.findMany({ where: await disagreementStageAudienceWhere(tx, d, stage), select: { email: true } });
  const url = `${services.settings.publicUrl ?? ""}/disagreements/${d.id}`;
  await enqueueEmails(tx, people.map((p) => ({ to: p.email, subject, body: `${subject}.\n\nSee the shared record in Concord:\n${url}\n\nThis email does not contain details of the child.` })), now);
}

async function appendEvent(tx: Tx, actor: Actor | null, d: { id: string }, seq: number, type: string, stage: number, now: Date, body?: string | null, payload?: Record<string, unknown>) {
  await tx.disagreementEvent.create({
    data: { disagreementId: d.id, seq, type, stage, body: body ?? null, payload: (payload ?? undefined) as never, actorId: actor?.userId ?? null, actorAgencyId: actor?.agencyId ?? null, occurredAt: now },
  });
}

export async function raiseDisagreement(services: Services, actor: Actor, input: RaiseDisagreementInput, meta: Meta = {}) {
  assertCan(actor, "raise", "disagreement");
  const { choosesReceivingAgency } = raisingAbilities(actor);
  const data = raiseDisagreementInputSchema.parse(input);
  const { db, clock } = services;
  const now = clock.now();
  const created = await db.$transaction(async (tx) => {
    let caseId: string | null = null;
    let counterpart: string;
    /** The agencies party to what is disputed: only one of them can be the other side. */
    let parties: string[];
    if (data.contactId) {
      if (!(CONTACT_SUBJECTS as readonly string[]).includes(data.subject) && data.subject !== "REFERRAL_QUALITY" && data.subject !== "OTHER") {
        throw invalid("That subject is about a strategy meeting, not a front-door decision", { subject: "Choose what you disagree with about this decision" });
      }
      const contact = await tx.contact.findUnique({
        where: { id: data.contactId },
        select: { id: true, caseId: true, sourceAgencyId: true, currentDecision: { select: { outcome: true, decidedBy: { select: { agencyId: true } } } } },
      });
      if (!contact || !canSeeContact(actor, contact)) throw notFound("That contact");
      if (!contact.currentDecision) throw invalid("There is no decision to disagree with yet.");
      if (data.subject === "CLOSURE" && !CLOSING_OUTCOMES.includes(contact.currentDecision.outcome)) throw invalid("That decision did not close the contact.", { subject: "Choose another subject" });
      caseId = contact.caseId;
      counterpart = contact.currentDecision.decidedBy.agencyId;
      // A front-door decision is between the agency that made the contact and the council.
      parties = [contact.sourceAgencyId, counterpart];
    } else {
      if (!(MEETING_SUBJECTS as readonly string[]).includes(data.subject) && data.subject !== "OTHER") {
        throw invalid("That subject is about a front-door decision, not a meeting", { subject: "Choose what you disagree with about this meeting" });
      }
      const meeting = await tx.strategyMeeting.findUnique({ where: { id: data.meetingId! }, select: { caseId: true, chair: { select: { agencyId: true } }, invitations: { select: { agencyId: true } } } });
      if (!meeting || !canSeeMeeting(actor, meeting.invitations.map((i) => i.agencyId))) throw notFound("That meeting");
      caseId = meeting.caseId;
      counterpart = meeting.chair.agencyId;
      // A meeting's decision is between the agencies invited to it.
      parties = meeting.invitations.map((i) => i.agencyId);
    }
    // The council, when it raises, names the partner agency it challenges: one that was party to
    // what is disputed, since the other side will read the case and may resolve it.
    const otherSides = [...new Set(parties)].filter((id) => id !== actor.agencyId);
    const receivingAgencyId = choosesReceivingAgency ? data.receivingAgencyId : counterpart;
    if (!receivingAgencyId) throw invalid("Choose the agency you disagree with", { receivingAgencyId: "Choose the agency you disagree with" });
    if (receivingAgencyId === actor.agencyId) throw invalid("A disagreement is with another agency", { receivingAgencyId: "Choose another agency" });
    if (!otherSides.includes(receivingAgencyId)) {
      throw invalid("That agency took no part in this decision: a disagreement is with an agency that did.", { receivingAgencyId: "Choose an agency that took part in this decision" });
    }

    const stageDue = await stageDueAt(tx, now, 1, data.urgent);
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
        stage: 1,
        stageStartedAt: now,
        stageDueAt: stageDue,
        version: 1,
      },
      select: { id: true, raisingAgencyId: true, receivingAgencyId: true },
    });
    await appendEvent(tx, actor, d, 1, "raised", 1, now, data.reasons, { subject: data.subject, soughtOutcome: data.soughtOutcome, soughtLevel: data.soughtLevel ?? null, urgent: data.urgent });
    await notifyStage(services, tx, d, 1, data.urgent ? "Urgent: a disagreement has been raised with your agency" : "A disagreement has been raised with your agency", now);
    await recordAudit(tx, actor, { action: "disagreement.raise", entityType: "disagreement", entityId: d.id, detail: { receivingAgencyId, subject: data.subject, urgent: data.urgent } }, meta.requestId);
    return d;
  });
  services.realtime.disagreementChanged({ disagreementId: created.id, agencyIds: [created.raisingAgencyId, created.receivingAgencyId], change: "raised" });
  return { disagreementId: created.id };
}

const stateSelect = {
  id: true,
  raisingAgencyId: true,
  receivingAgencyId: true,
  stage: true,
  status: true,
  resolvedByAgencyId: true,
  acknowledgedAt: true,
  version: true,
  urgent: true,
  subject: true,
  contactId: true,
} satisfies Prisma.DisagreementSelect;
type DisagreementRow = Prisma.DisagreementGetPayload<{ select: typeof stateSelect }>;

/**
 * One change to a disagreement, on the version the person saw. The ability check runs on the
 * fresh row inside the transaction; the version bump is conditional, so of two people acting
 * at once exactly one succeeds and the other gets a conflict.
 */
async function act(
  services: Services,
  actor: Actor,
  input: { disagreementId: string; expectedVersion: number },
  options: { type: string; audit: string; allowed: (a: DisagreementAbilities, row: DisagreementRow) => boolean; refusal: string; requestId?: string },
  change: (tx: Tx, row: DisagreementRow, now: Date) => Promise<{ update?: Prisma.DisagreementUpdateManyMutationInput; body?: string | null; payload?: Record<string, unknown>; stage?: number; notify?: { stage: number; subject: string } }>,
) {
  const now = services.clock.now();
  const row = await services.db.$transaction(async (tx) => {
    const current = await tx.disagreement.findUnique({ where: { id: input.disagreementId }, select: stateSelect });
    if (!current || !canSeeDisagreement(actor, current)) throw notFound("That disagreement");
    if (current.version !== input.expectedVersion) throw staleView(current);
    if (!options.allowed(disagreementAbilities(actor, current), current)) throw forbidden(options.refusal);
    const result = await change(tx, current, now);
    const bumped = await tx.disagreement.updateMany({
      where: { id: current.id, version: input.expectedVersion },
      data: { ...result.update, version: { increment: 1 } },
    });
    if (bumped.count !== 1) throw staleView(current);
    await appendEvent(tx, actor, current, input.expectedVersion + 1, options.type, result.stage ?? current.stage, now, result.body, result.payload);
    if (result.notify) await notifyStage(services, tx, current, result.notify.stage, result.notify.subject, now);
    await recordAudit(tx, actor, { action: options.audit, entityType: "disagreement", entityId: current.id, detail: { seq: input.expectedVersion + 1 } }, options.requestId);
    return current;
  });
  services.realtime.disagreementChanged({ disagreementId: row.id, agencyIds: [row.raisingAgencyId, row.receivingAgencyId], change: options.type });
  return { disagreementId: row.id, version: input.expectedVersion + 1 };
}

function staleView(current: { stage: number; status: string }) {
  return conflict(
    `Someone else changed this disagreement while you were looking at it (it is now ${current.status === "OPEN" ? `at stage ${current.stage}` : "resolved"}). Nothing you entered was saved: read the latest record, then try again if it still applies.`,
  );
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
      refusal: "You cannot escalate this disagreement: after stage 1 a manager escalates, and stage 4 is the last.",
      requestId: meta.requestId,
    },
    async (tx, row, now) => {
      if (row.status !== "OPEN") throw conflict("This disagreement is resolved.");
      if (row.stage >= 4) throw invalid("Stage 4, the partnership, is the last stage.");
      const stage = row.stage + 1;
      return {
        update: { stage, stageStartedAt: now, stageDueAt: await stageDueAt(tx, now, stage, row.urgent) },
        body: data.reason,
        stage,
        payload: { from: row.stage, to: stage },
        notify: { stage, subject: stage === 4 ? "A disagreement has been escalated to the partnership (stage 4)" : `A disagreement has been escalated to stage ${stage}` },
      };
    },
  );
}

export async function resolveDisagreement(services: Services, actor: Actor, input: z.input<typeof resolveInputSchema>, meta: Meta = {}) {
  const data = resolveInputSchema.parse(input);
  const withdrawing = data.outcome === "WITHDRAWN";
  return act(
    services,
    actor,
    data,
    {
      type: "resolved",
      audit: "disagreement.resolve",
      allowed: (a) => (withdrawing ? a.withdraw : a.resolve),
      refusal: withdrawing ? "Only the agency that raised it can withdraw a disagreement." : "You cannot resolve this disagreement at its current stage.",
      requestId: meta.requestId,
    },
    async (tx, row, now) => {
      if (row.status !== "OPEN") throw conflict("This disagreement is already resolved.");
      const changesDecision = (data.outcome === "CHANGED" || data.outcome === "PARTLY_CHANGED") && row.contactId && (CONTACT_SUBJECTS as readonly string[]).includes(row.subject);
      let newDecisionId: string | null = null;
      if (changesDecision) {
        // The council's front-door decision changes: recorded on the contact, linked here.
        const abilities = disagreementAbilities(actor, row);
        if (!abilities.changeDecision) throw forbidden("Only the council or the partnership chair can change the council's decision.");
        if (!data.newLevel || !data.newDecisionOutcome) throw invalid("Record the decision as it now stands", { newLevel: "Choose the level that now applies", newDecisionOutcome: "Choose the outcome that now applies" });
        const contact = await tx.contact.findUniqueOrThrow({ where: { id: row.contactId! }, select: { currentDecisionId: true } });
        const senior = abilities.changedDecisionSignedOff;
        const decision = await tx.thresholdDecision.create({
          data: {
            contactId: row.contactId!,
            levelApplied: data.newLevel,
            outcome: data.newDecisionOutcome,
            rationale: data.statement,
            closureReason: CLOSING_OUTCOMES.includes(data.newDecisionOutcome) ? data.statement : null,
            decidedById: actor.userId,
            decidedAt: now,
            signedOffById: senior ? actor.userId : null,
            signedOffAt: senior ? now : null,
            disagreementId: row.id,
          },
          select: { id: true },
        });
        const swapped = await tx.contact.updateMany({ where: { id: row.contactId!, currentDecisionId: contact.currentDecisionId }, data: { currentDecisionId: decision.id } });
        if (swapped.count !== 1) throw conflict("The front-door decision changed meanwhile. Read the latest record and try again.");
        newDecisionId = decision.id;
      }
      return {
        update: { status: "RESOLVED", outcome: data.outcome, outcomeStatement: data.statement, resolvedAt: now, resolvedById: actor.userId, resolvedByAgencyId: actor.agencyId },
        body: data.statement,
        payload: { outcome: data.outcome, newDecisionId, newLevel: data.newLevel ?? null, newDecisionOutcome: data.newDecisionOutcome ?? null },
        notify: { stage: Math.max(row.stage, 2), subject: `A disagreement has been resolved: ${DISAGREEMENT_OUTCOME_LABELS[data.outcome].toLowerCase()}` },
      };
    },
  ).then(async (result) => {
    const contact = await services.db.disagreement.findUnique({ where: { id: data.disagreementId }, select: { contact: { select: { id: true, sourceAgencyId: true } } } });
    if (contact?.contact) services.realtime.contactChanged({ contactId: contact.contact.id, sourceAgencyId: contact.contact.sourceAgencyId, change: "decided" });
    return result;
  });
}

export async function acknowledgeOutcome(services: Services, actor: Actor, input: z.input<typeof acknowledgeInputSchema>, meta: Meta = {}) {
  const data = acknowledgeInputSchema.parse(input);
  return act(
    services,
    actor,
    data,
    { type: "acknowledged", audit: "disagreement.acknowledge", allowed: (a) => a.acknowledge, refusal: "The other side acknowledges the outcome, once it is resolved.", requestId: meta.requestId },
    async (_tx, _row, now) => ({ update: { acknowledgedAt: now, acknowledgedById: actor.userId } }),
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
 * the managers involved, a live notice. Run by the server's timer and by tests directly.
 */
export async function sweepOverdueDisagreements(services: Services): Promise<number> {
  const now = services.clock.now();
  const due = await services.db.disagreement.findMany({
    where: { status: "OPEN", stageDueAt: { lt: now } },
    select: { id: true, stage: true, version: true, overdueNotifiedStage: true, raisingAgencyId: true, receivingAgencyId: true },
  });
  let flagged = 0;
  for (const d of due.filter((row) => row.overdueNotifiedStage !== row.stage)) {
    const done = await services.db.$transaction(async (tx) => {
      const claimed = await tx.disagreement.updateMany({ where: { id: d.id, version: d.version, stage: d.stage }, data: { overdueNotifiedStage: d.stage, version: { increment: 1 } } });
      if (claimed.count !== 1) return false; // changed meanwhile: the next sweep looks again
      await appendEvent(tx, null, d, d.version + 1, "stage.overdue", d.stage, now, null, { stage: d.stage });
      await notifyStage(services, tx, d, Math.max(d.stage, 2), `A disagreement is overdue at stage ${d.stage}`, now);
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
  urgent: true,
  raisedAt: true,
  raisingAgency: { select: { name: true } },
  receivingAgency: { select: { name: true } },
  contact: { select: { id: true, sourceAgencyId: true, referrerReference: true, case: { select: { reference: true } } } },
  meeting: { select: { case: { select: { reference: true } } } },
} satisfies Prisma.DisagreementSelect;

export async function listDisagreements(services: Services, actor: Actor, input: z.input<typeof listDisagreementsInputSchema> = {}, meta: Meta = {}) {
  const { status, overdueOnly } = listDisagreementsInputSchema.parse(input);
  const now = services.clock.now();
  const where: Prisma.DisagreementWhereInput = {
    ...disagreementFilter(actor),
    ...(status ? { status } : {}),
    ...(overdueOnly ? { status: "OPEN", stageDueAt: { lt: now } } : {}),
  };
  return services.db.$transaction(async (tx) => {
    const rows = await tx.disagreement.findMany({ where, orderBy: [{ status: "asc" }, { stageDueAt: "asc" }], take: 200, select: listSelect });
    await recordAudit(tx, actor, { action: "disagreement.list", entityType: "disagreement", detail: { disagreementIds: rows.map((r) => r.id) } }, meta.requestId);
    return rows.map((r) => ({
      id: r.id,
      subject: r.subject,
      stage: r.stage,
      stageDueAt: r.stageDueAt.toISOString(),
      overdue: r.status === "OPEN" && r.stageDueAt < now,
      status: r.status,
      outcome: r.outcome,
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
        stageStartedAt: true,
        outcomeStatement: true,
        resolvedAt: true,
        meetingId: true,
        raisedBy: { select: { displayName: true } },
        themes: { select: { theme: { select: { id: true, name: true } } } },
        events: { orderBy: { seq: "asc" }, select: { seq: true, type: true, stage: true, body: true, payload: true, actorId: true, actorAgencyId: true, occurredAt: true } },
      },
    });
    if (!d || !canSeeDisagreement(actor, d)) throw notFound("That disagreement");
    await recordAudit(tx, actor, { action: "disagreement.read", entityType: "disagreement", entityId: d.id }, meta.requestId);
    const actorIds = [...new Set(d.events.map((e) => e.actorId).filter((id): id is string => !!id))];
    const agencyIds = [...new Set(d.events.map((e) => e.actorAgencyId).filter((id): id is string => !!id))];
    // One after another: a transaction's queries share one connection.
    const people = await tx.user.findMany({ where: { id: { in: actorIds } }, select: { id: true, displayName: true } });
    const agencies = await tx.agency.findMany({ where: { id: { in: agencyIds } }, select: { id: true, name: true } });
    const ladder = await escalationLadder(tx);
    const person = new Map(people.map((p) => [p.id, p.displayName]));
    const agency = new Map(agencies.map((a) => [a.id, a.name]));
    return {
      id: d.id,
      version: d.version,
      subject: d.subject,
      status: d.status,
      stage: d.stage,
      stageLabel: ladder.find((s) => s.stage === d.stage)?.label ?? "",
      stageStartedAt: d.stageStartedAt.toISOString(),
      stageDueAt: d.stageDueAt.toISOString(),
      overdue: d.status === "OPEN" && d.stageDueAt < now,
      urgent: d.urgent,
      raisedAt: d.raisedAt.toISOString(),
      raisedByName: d.raisedBy.displayName,
      raisingAgencyId: d.raisingAgencyId,
      receivingAgencyId: d.receivingAgencyId,
      raisingAgencyName: d.raisingAgency.name,
      receivingAgencyName: d.receivingAgency.name,
      caseReference: d.contact ? contactReferenceFor(actor, d.contact) : (d.meeting?.case.reference ?? null),
      /** A link to the front-door record, for those who may see it. */
      contactId: d.contact && canSeeContact(actor, d.contact) ? d.contact.id : null,
      meetingId: d.meetingId,
      soughtLevel: d.soughtLevel,
      soughtOutcome: d.soughtOutcome,
      reasons: d.reasons,
      outcome: d.outcome,
      outcomeStatement: d.outcomeStatement,
      resolvedAt: d.resolvedAt?.toISOString() ?? null,
      acknowledgedAt: d.acknowledgedAt ? d.acknowledgedAt.toISOString() : null,
      themes: d.themes.map((t) => t.theme),
      ladder,
      timeline: d.events.map((e) => ({
        seq: e.seq,
        type: e.type,
        stage: e.stage,
        body: e.body,
        payload: e.payload as Record<string, unknown> | null,
        actorName: e.actorId ? (person.get(e.actorId) ?? "Unknown") : "Concord",
        actorAgencyName: e.actorAgencyId ? (agency.get(e.actorAgencyId) ?? null) : null,
        occurredAt: e.occurredAt.toISOString(),
      })),
      abilities: disagreementAbilities(actor, d),
    };
  });
}

export async function listThemes(services: Services) {
  return services.db.theme.findMany({ where: { active: true }, orderBy: { name: "asc" }, select: { id: true, name: true } });
}

export async function updateEscalationStage(services: Services, actor: Actor, input: z.input<typeof escalationStageInputSchema>, meta: Meta = {}) {
  assertCan(actor, "manage", "calendar");
  const data = escalationStageInputSchema.parse(input);
  await services.db.$transaction(async (tx) => {
    await tx.escalationStage.update({ where: { stage: data.stage }, data: { workingDays: data.workingDays } });
    await recordAudit(tx, actor, { action: "settings.escalation_stage", entityType: "escalation_stage", entityId: String(data.stage), detail: { workingDays: data.workingDays } }, meta.requestId);
  });
  return data;
}
