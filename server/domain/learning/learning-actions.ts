// Learning actions (issue 17, item 4; docs/decisions/0039): what an agency will change because of
// what the partnership learned, set by the partnership's chair or business manager from exactly
// one source (an audit finding, a resolved disagreement, a theme across disagreements or a
// strategy meeting), owned by one agency, due by a date, and completed by that agency's managers
// with evidence. The database holds the rules too: one source, and no completion without
// evidence (CHECKs in 20261206140000_joint_audit_and_learning_actions).
import type { z } from "zod";
import type { Prisma } from "../../db/generated/client";
import type { Db, Tx } from "../../db/connect";
import type { Services } from "../services";
import type { Actor } from "../access/actor";
import {
  assertCanCompleteLearningAction,
  assertCanCreateLearningAction,
  canSeeDisagreement,
  canSeeLearningAction,
  canSeeMeeting,
  learningActionAbilities,
  learningActionFilter,
  learningActionReach,
  readsFindingText,
} from "../access/policy";
import { recordAudit } from "../audit/audit";
import { addCalendarDays, londonDate } from "../calendar/working-days";
import { formatDate } from "../calendar/uk-format";
import { conflict, forbidden, invalid, notFound } from "../errors";
import { mapPage, readPage, type Segment } from "../lists/paging";
import { SUBJECT_LABELS } from "../disagreements/labels";
import {
  changeDueDateInputSchema,
  completeLearningActionInputSchema,
  createLearningActionInputSchema,
  learningActionIdSchema,
  listLearningActionsInputSchema,
  sourceInputSchema,
  type SourceKind,
} from "./schemas";

type Meta = { requestId?: string };

/** Due soon: within the next four weeks (the chair's home follows these). */
export const DUE_SOON_DAYS = 28;

/** A calendar date as the @db.Date column holds it. */
const asDbDate = (date: string) => new Date(`${date}T00:00:00Z`);
const fromDbDate = (value: Date) => value.toISOString().slice(0, 10);

export const SOURCE_KIND_LABELS: Record<SourceKind, string> = {
  FINDING: "Audit finding",
  DISAGREEMENT: "Disagreement",
  THEME: "Theme across disagreements",
  MEETING: "Strategy meeting",
};

const sourceKindWhere = (kind: SourceKind): Prisma.LearningActionWhereInput =>
  ({
    FINDING: { auditFindingId: { not: null } },
    DISAGREEMENT: { disagreementId: { not: null } },
    THEME: { themeId: { not: null } },
    MEETING: { meetingId: { not: null } },
  })[kind];

/** What the page shows of a source: read-only words, and a link back where the viewer may follow it. */
export interface SourceView {
  kind: SourceKind;
  kindLabel: string;
  id: string;
  label: string;
  detail: string | null;
  href: string | null;
}

const sourceSelect = {
  auditFinding: { select: { id: true, itemId: true, summary: true, recordedAt: true, round: { select: { id: true, title: true } } } },
  disagreement: { select: { id: true, subject: true, status: true, resolvedAt: true, raisingAgencyId: true, receivingAgencyId: true, raisingAgency: { select: { name: true } }, receivingAgency: { select: { name: true } } } },
  theme: { select: { id: true, name: true, _count: { select: { disagreements: true } } } },
  meeting: { select: { id: true, scheduledStart: true, endedAt: true, invitations: { select: { agencyId: true } } } },
} as const;
type SourceRows = Prisma.LearningActionGetPayload<{ select: typeof sourceSelect }>;

function describeSource(actor: Actor, s: SourceRows): SourceView {
  if (s.auditFinding) {
    const f = s.auditFinding;
    // A finding about one contact is free text about a child: its words are for the moderators.
    const label = readsFindingText(actor, f) ? f.summary : "A finding about one of the round's sampled contacts";
    return { kind: "FINDING", kindLabel: SOURCE_KIND_LABELS.FINDING, id: f.id, label, detail: `From the audit round "${f.round.title}", recorded on ${formatDate(f.recordedAt)}`, href: `/audits/${f.round.id}` };
  }
  if (s.disagreement) {
    const d = s.disagreement;
    return {
      kind: "DISAGREEMENT",
      kindLabel: SOURCE_KIND_LABELS.DISAGREEMENT,
      id: d.id,
      label: `${d.raisingAgency.name} with ${d.receivingAgency.name}: ${SUBJECT_LABELS[d.subject]}`,
      detail: d.resolvedAt ? `Resolved on ${formatDate(d.resolvedAt)}` : "Not yet resolved",
      href: canSeeDisagreement(actor, d) ? `/disagreements/${d.id}` : null,
    };
  }
  if (s.theme) {
    const t = s.theme;
    const n = t._count.disagreements;
    return { kind: "THEME", kindLabel: SOURCE_KIND_LABELS.THEME, id: t.id, label: t.name, detail: `Tagged on ${n} ${n === 1 ? "disagreement" : "disagreements"}`, href: `/learning-actions?sourceKind=THEME` };
  }
  const m = s.meeting!;
  return {
    kind: "MEETING",
    kindLabel: SOURCE_KIND_LABELS.MEETING,
    id: m.id,
    label: `Strategy meeting on ${formatDate(m.scheduledStart)}`,
    detail: m.endedAt ? `Ended on ${formatDate(m.endedAt)}` : "Not yet held",
    // The partnership chair follows meetings through the figures, not the meetings themselves.
    href: canSeeMeeting(actor, m.invitations.map((i) => i.agencyId)) ? `/meetings/${m.id}` : null,
  };
}

/** Load and check the one source named; refuses a missing one, an unresolved disagreement, a meeting not yet ended. */
async function loadSource(db: Db | Tx, actor: Actor, input: { findingId?: string; disagreementId?: string; themeId?: string; meetingId?: string }): Promise<SourceView> {
  const empty = { auditFinding: null, disagreement: null, theme: null, meeting: null };
  if (input.findingId) {
    const auditFinding = await db.auditFinding.findUnique({ where: { id: input.findingId }, select: sourceSelect.auditFinding.select });
    if (!auditFinding) throw notFound("That audit finding");
    return describeSource(actor, { ...empty, auditFinding });
  }
  if (input.disagreementId) {
    const disagreement = await db.disagreement.findUnique({ where: { id: input.disagreementId }, select: sourceSelect.disagreement.select });
    if (!disagreement) throw notFound("That disagreement");
    if (disagreement.status !== "RESOLVED") throw invalid("Set a learning action from a disagreement once it is resolved.", { source: "Set a learning action from a disagreement once it is resolved" });
    return describeSource(actor, { ...empty, disagreement });
  }
  if (input.themeId) {
    const theme = await db.theme.findUnique({ where: { id: input.themeId }, select: sourceSelect.theme.select });
    if (!theme) throw notFound("That theme");
    return describeSource(actor, { ...empty, theme });
  }
  const meeting = await db.strategyMeeting.findUnique({ where: { id: input.meetingId! }, select: sourceSelect.meeting.select });
  if (!meeting) throw notFound("That meeting");
  if (!meeting.endedAt) throw invalid("Set a learning action from a strategy meeting once it has ended.", { source: "Set a learning action from a strategy meeting once it has ended" });
  return describeSource(actor, { ...empty, meeting });
}

/** The agencies that may own an action, for the form's select. */
async function owningAgencies(db: Db | Tx) {
  return db.agency.findMany({ orderBy: { name: "asc" }, select: { id: true, name: true } });
}

/**
 * The start of the form at /learning-actions/new: its source, described; or, without one, the
 * partnership's themes with how many disagreements each is tagged on, to start from a theme.
 */
export async function newLearningActionForm(services: Services, actor: Actor, input: z.input<typeof sourceInputSchema> | Record<string, never>) {
  assertCanCreateLearningAction(actor);
  const given = Object.values(input ?? {}).some(Boolean);
  const today = londonDate(services.clock.now());
  const agencies = await owningAgencies(services.db);
  if (!given) {
    const themes = await themesWithCounts(services.db);
    return { source: null, agencies, themes, today };
  }
  const parsed = sourceInputSchema.parse(input);
  const source = await loadSource(services.db, actor, parsed);
  return { source, agencies, themes: [], today };
}

/** Active themes with the number of disagreements tagged with each, most first (computed by the database). */
export async function themesWithCounts(db: Db | Tx) {
  const rows = await db.theme.findMany({ where: { active: true }, select: { id: true, name: true, _count: { select: { disagreements: true, learningActions: true } } } });
  return rows
    .map((t) => ({ id: t.id, name: t.name, disagreements: t._count.disagreements, learningActions: t._count.learningActions }))
    .sort((a, b) => b.disagreements - a.disagreements || a.name.localeCompare(b.name));
}

export async function createLearningAction(services: Services, actor: Actor, input: z.input<typeof createLearningActionInputSchema>, meta: Meta = {}) {
  assertCanCreateLearningAction(actor);
  const parsed = createLearningActionInputSchema.parse(input);
  const now = services.clock.now();
  const today = londonDate(now);
  if (parsed.dueOn < today) throw invalid("The due date cannot be in the past.", { dueOn: "The due date must be today or in the future" });
  return services.db.$transaction(async (tx) => {
    const source = await loadSource(tx, actor, parsed);
    const agency = await tx.agency.findUnique({ where: { id: parsed.owningAgencyId }, select: { id: true } });
    if (!agency) throw invalid("Choose the agency that owns the action.", { owningAgencyId: "Choose the agency that owns the action" });
    const created = await tx.learningAction.create({
      data: {
        title: parsed.title,
        description: parsed.description,
        owningAgencyId: parsed.owningAgencyId,
        dueOn: asDbDate(parsed.dueOn),
        createdById: actor.userId,
        createdAt: now,
        auditFindingId: parsed.findingId ?? null,
        disagreementId: parsed.disagreementId ?? null,
        themeId: parsed.themeId ?? null,
        meetingId: parsed.meetingId ?? null,
      },
      select: { id: true },
    });
    await recordAudit(tx, actor, { action: "learning_action.create", entityType: "learning_action", entityId: created.id, detail: { sourceKind: source.kind, sourceId: source.id, owningAgencyId: parsed.owningAgencyId, dueOn: parsed.dueOn } }, meta.requestId);
    return { learningActionId: created.id };
  });
}

const listSelect = {
  id: true,
  title: true,
  dueOn: true,
  state: true,
  completedAt: true,
  owningAgencyId: true,
  owningAgency: { select: { name: true } },
  auditFindingId: true,
  disagreementId: true,
  themeId: true,
  meetingId: true,
} as const;
type ListRow = Prisma.LearningActionGetPayload<{ select: typeof listSelect }>;

const kindOf = (r: { auditFindingId: string | null; disagreementId: string | null; themeId: string | null }): SourceKind =>
  r.auditFindingId ? "FINDING" : r.disagreementId ? "DISAGREEMENT" : r.themeId ? "THEME" : "MEETING";

function toListItem(r: ListRow, today: string) {
  const dueOn = fromDbDate(r.dueOn);
  const sourceKind = kindOf(r);
  return {
    id: r.id,
    title: r.title,
    owningAgencyId: r.owningAgencyId,
    owningAgencyName: r.owningAgency.name,
    dueOn,
    state: r.state,
    completedAt: r.completedAt?.toISOString() ?? null,
    overdue: r.state === "OPEN" && dueOn < today,
    sourceKind,
    sourceKindLabel: SOURCE_KIND_LABELS[sourceKind],
  };
}

/** The learning actions the actor may see, a page at a time: open ones first (overdue, then soonest due), then completed, latest first. */
export async function listLearningActions(services: Services, actor: Actor, input: z.input<typeof listLearningActionsInputSchema> = {}) {
  const scope = learningActionFilter(actor);
  const { state, sourceKind, owningAgencyId, search, page } = listLearningActionsInputSchema.parse(input);
  const today = londonDate(services.clock.now());
  const base: Prisma.LearningActionWhereInput = {
    ...(owningAgencyId ? { owningAgencyId } : {}),
    // The actor's scope last, so an agency filter can never widen it.
    ...scope,
    ...(sourceKind ? sourceKindWhere(sourceKind) : {}),
    ...(search ? { title: { contains: search, mode: "insensitive" as const } } : {}),
  };
  const open: Prisma.LearningActionWhereInput = { ...base, state: "OPEN", ...(state === "overdue" ? { dueOn: { lt: asDbDate(today) } } : {}) };
  const completed: Prisma.LearningActionWhereInput = { ...base, state: "COMPLETED" };
  const segments: Segment<ListRow>[] = [];
  if (state !== "completed") {
    segments.push({
      count: () => services.db.learningAction.count({ where: open }),
      find: (skip, take) => services.db.learningAction.findMany({ where: open, orderBy: [{ dueOn: "asc" }, { createdAt: "asc" }, { id: "asc" }], skip, take, select: listSelect }),
    });
  }
  if (state === "all" || state === "completed") {
    segments.push({
      count: () => services.db.learningAction.count({ where: completed }),
      find: (skip, take) => services.db.learningAction.findMany({ where: completed, orderBy: [{ completedAt: "desc" }, { id: "asc" }], skip, take, select: listSelect }),
    });
  }
  const found = await readPage(segments, page);
  const agencies = learningActionReach(actor) === "all" ? await owningAgencies(services.db) : [];
  return { ...mapPage(found, (r) => toListItem(r, today)), agencies, abilities: learningActionAbilities(actor) };
}

export async function getLearningAction(services: Services, actor: Actor, input: z.input<typeof learningActionIdSchema>, meta: Meta = {}) {
  const { learningActionId } = learningActionIdSchema.parse(input);
  const today = londonDate(services.clock.now());
  return services.db.$transaction(async (tx) => {
    const a = await tx.learningAction.findUnique({
      where: { id: learningActionId },
      select: {
        ...listSelect,
        description: true,
        evidence: true,
        version: true,
        createdAt: true,
        createdBy: { select: { displayName: true } },
        completedBy: { select: { displayName: true } },
        ...sourceSelect,
      },
    });
    // Someone who may not see it learns nothing: exactly as for an id that does not exist.
    if (!a || !canSeeLearningAction(actor, a)) throw notFound("That learning action");
    await recordAudit(tx, actor, { action: "learning_action.read", entityType: "learning_action", entityId: a.id }, meta.requestId);
    const changes = await tx.auditEvent.findMany({
      where: { entityType: "learning_action", entityId: a.id, action: "learning_action.due_change" },
      orderBy: { id: "asc" },
      select: { occurredAt: true, detail: true, actorUser: { select: { displayName: true } } },
    });
    const history = [
      { at: a.createdAt.toISOString(), what: "Set", by: a.createdBy.displayName, detail: `Due on ${formatDate(changes.length ? String((changes[0]!.detail as { from?: string } | null)?.from ?? fromDbDate(a.dueOn)) : fromDbDate(a.dueOn))}` },
      ...changes.map((c) => {
        const d = (c.detail ?? {}) as { from?: string; to?: string; reason?: string };
        return { at: c.occurredAt.toISOString(), what: "Due date changed", by: c.actorUser?.displayName ?? "Concord", detail: `From ${d.from ? formatDate(d.from) : "?"} to ${d.to ? formatDate(d.to) : "?"}${d.reason ? `: ${d.reason}` : ""}` };
      }),
      ...(a.completedAt ? [{ at: a.completedAt.toISOString(), what: "Completed", by: a.completedBy?.displayName ?? "Unknown", detail: null as string | null }] : []),
    ];
    return {
      ...toListItem(a, today),
      description: a.description,
      evidence: a.evidence,
      version: a.version,
      createdAt: a.createdAt.toISOString(),
      createdByName: a.createdBy.displayName,
      completedByName: a.completedBy?.displayName ?? null,
      source: describeSource(actor, a),
      history,
      today,
      abilities: { ...learningActionAbilities(actor, a), canChangeDueDate: learningActionAbilities(actor).canCreate && a.state === "OPEN" },
    };
  });
}

/** Loads an action for a change: refused as missing to anyone who may not see it. */
async function loadForChange(db: Db | Tx, actor: Actor, learningActionId: string) {
  const a = await db.learningAction.findUnique({ where: { id: learningActionId }, select: { id: true, owningAgencyId: true, state: true, version: true, dueOn: true } });
  if (!a || !canSeeLearningAction(actor, a)) throw notFound("That learning action");
  return a;
}

const ALREADY_COMPLETE = "This learning action has already been completed. Reload the page to see who completed it.";

/** A manager of the owning agency records the evidence that completes the action. One completion wins; the rest are told it is done. */
export async function completeLearningAction(services: Services, actor: Actor, input: z.input<typeof completeLearningActionInputSchema>, meta: Meta = {}) {
  const { learningActionId } = learningActionIdSchema.parse({ learningActionId: (input as { learningActionId?: unknown })?.learningActionId });
  const action = await loadForChange(services.db, actor, learningActionId);
  assertCanCompleteLearningAction(actor, action);
  const { evidence, expectedVersion } = completeLearningActionInputSchema.parse(input);
  const now = services.clock.now();
  return services.db.$transaction(async (tx) => {
    // The state check is the race's referee: only one UPDATE finds the action still open.
    const done = await tx.learningAction.updateMany({
      where: { id: learningActionId, state: "OPEN", ...(expectedVersion !== undefined ? { version: expectedVersion } : {}) },
      data: { state: "COMPLETED", evidence, completedAt: now, completedById: actor.userId, version: { increment: 1 } },
    });
    if (done.count !== 1) {
      const current = await tx.learningAction.findUniqueOrThrow({ where: { id: learningActionId }, select: { state: true } });
      throw conflict(current.state === "COMPLETED" ? ALREADY_COMPLETE : "This learning action changed while you were looking at it. Reload the page and try again.");
    }
    await recordAudit(tx, actor, { action: "learning_action.complete", entityType: "learning_action", entityId: learningActionId, detail: { owningAgencyId: action.owningAgencyId } }, meta.requestId);
    return { learningActionId, completedAt: now.toISOString() };
  });
}

/** The chair or business manager moves an open action's due date, with a reason (kept in the audit trail and shown in its history). */
export async function changeLearningActionDueDate(services: Services, actor: Actor, input: z.input<typeof changeDueDateInputSchema>, meta: Meta = {}) {
  const { learningActionId } = learningActionIdSchema.parse({ learningActionId: (input as { learningActionId?: unknown })?.learningActionId });
  const action = await loadForChange(services.db, actor, learningActionId);
  if (!learningActionAbilities(actor).canCreate) throw forbidden("Only the partnership's business manager or chair changes a learning action's due date.");
  const { dueOn, reason, expectedVersion } = changeDueDateInputSchema.parse(input);
  const today = londonDate(services.clock.now());
  if (action.state !== "OPEN") throw conflict(ALREADY_COMPLETE);
  if (dueOn < today) throw invalid("The due date cannot be in the past.", { dueOn: "The new due date must be today or in the future" });
  return services.db.$transaction(async (tx) => {
    const changed = await tx.learningAction.updateMany({ where: { id: learningActionId, state: "OPEN", version: expectedVersion }, data: { dueOn: asDbDate(dueOn), version: { increment: 1 } } });
    if (changed.count !== 1) throw conflict("This learning action changed while you were looking at it. Reload the page and try again.");
    await recordAudit(tx, actor, { action: "learning_action.due_change", entityType: "learning_action", entityId: learningActionId, detail: { from: fromDbDate(action.dueOn), to: dueOn, reason } }, meta.requestId);
    return { learningActionId, dueOn };
  });
}

// ---- Home page sections ------------------------------------------------------------------------

/** Open, due before today: overdue (a due date is the end of that day). */
export const overdueLearningWhere = (actor: Actor, now: Date, agencyOnly = false): Prisma.LearningActionWhereInput => ({
  ...(agencyOnly ? { owningAgencyId: actor.agencyId } : learningActionFilter(actor)),
  state: "OPEN",
  dueOn: { lt: asDbDate(londonDate(now)) },
});
/** Open, due today or within the next four weeks. */
export const dueSoonLearningWhere = (actor: Actor, now: Date): Prisma.LearningActionWhereInput => {
  const today = londonDate(now);
  return { ...learningActionFilter(actor), state: "OPEN", dueOn: { gte: asDbDate(today), lt: asDbDate(addCalendarDays(today, DUE_SOON_DAYS)) } };
};
/** The actor's own agency's open actions, overdue or due within four weeks. */
export const agencyLearningWhere = (actor: Actor, now: Date): Prisma.LearningActionWhereInput => ({
  owningAgencyId: actor.agencyId,
  state: "OPEN",
  dueOn: { lt: asDbDate(addCalendarDays(londonDate(now), DUE_SOON_DAYS)) },
});

/** The first few actions of a home section, soonest due first. */
export async function learningActionItems(db: Db | Tx, where: Prisma.LearningActionWhereInput, now: Date, take: number) {
  const today = londonDate(now);
  const rows = await db.learningAction.findMany({ where, orderBy: [{ dueOn: "asc" }, { id: "asc" }], take, select: listSelect });
  return rows.map((r) => {
    const item = toListItem(r, today);
    return {
      href: `/learning-actions/${r.id}`,
      label: r.title.length > 90 ? `${r.title.slice(0, 87)}...` : r.title,
      detail: `${item.owningAgencyName}, from a ${item.sourceKindLabel.toLowerCase()}`,
      // A due date is the end of that day.
      dueOn: item.dueOn,
      overdue: item.overdue,
    };
  });
}
