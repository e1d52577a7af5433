// Home is a task list: the work each person can act on, most urgent first, each section with its
// full count and the first few items. Which sections a person sees comes from their abilities
// (access/home.ts); every section reuses the same visibility filters as the lists it links to, so
// home never shows a record its list would hide. Reading case references here is audited once.
import { Prisma } from "../../db/generated/client";
import type { Db, Tx } from "../../db/connect";
import type { Services } from "../services";
import type { Actor } from "../access/actor";
import { contactFilter, disagreementFilter, meetingFilter, meetingReach } from "../access/policy";
import { homeSections, peopleScope, teamOverdueWork, type HomeSection } from "../access/home";
import { requestFilter } from "../access/requests";
import { roundsToGradeWhere, roundsToModerateWhere } from "../access/audit-rounds";
import { invitationAbilities } from "../access/users";
import type { RoleName } from "../access/roles";
import { recordAudit } from "../audit/audit";
import { addCalendarDays, fromLondon, londonDate } from "../calendar/working-days";
import { contactReferenceFor } from "../front-door/contacts";
import { OUTCOME_LABELS } from "../front-door/labels";
import { SUBJECT_LABELS } from "../disagreements/labels";
import { disagreementsAwaiting } from "../disagreements/disagreements";
import { accessReviewSettings, attendanceThreshold } from "../settings/settings";
import { accessReviewStatus } from "../users/access-review";
import { formatDate } from "../calendar/uk-format";
import { agencyLearningWhere, dueSoonLearningWhere, learningActionItems, overdueLearningWhere } from "../learning/learning-actions";

/** How many items each section lists; its count is always the full number. */
const SHOWN = 8;
/** A partner's "new decisions" are those of the last week. */
const NEW_DECISION_DAYS = 7;
/** An account not used for this long is worth a look (a fuller access review is its own work). */
/**
 * An administrator is warned this many days before the scheduled job suspends an account unused
 * for the access-review setting's number of days (docs/decisions/0036), so they can ask first.
 */
const SUSPENSION_WARNING_DAYS = 14;

export interface TaskItem {
  href: string;
  label: string;
  detail: string;
  /** The time that matters for the item: when it is due, when the meeting is, when it was decided. */
  when?: { label: "Due" | "Meeting at" | "Decided" | "Stage due" | "Link expires" | "Last signed in" | "Ended" | "Requested"; at: string };
  overdue?: boolean;
  /** The meeting's live room is open: offer Join. */
  joinHref?: string;
}

export interface TaskSection {
  key: HomeSection;
  title: string;
  count: number;
  items: TaskItem[];
  /** Where the full list is, when there is one. */
  viewAll?: { href: string; label: string };
  /** What the page says when there is nothing to do. */
  empty: string;
}

/** The start of the current quarter (January, April, July, October), as a UK date. */
function quarterStart(today: string): string {
  const [year, month] = today.split("-").map(Number) as [number, number];
  const first = Math.floor((month - 1) / 3) * 3 + 1;
  return `${year}-${String(first).padStart(2, "0")}-01`;
}

type Builder = (tx: Tx, actor: Actor, now: Date) => Promise<Omit<TaskSection, "key">>;
/** A section's count alone, by the same filter as its builder: what the navigation shows on every page. */
type Counter = (db: Tx | Db, actor: Actor, now: Date) => Promise<number>;

// Each section's filter, shared by its list (BUILDERS) and its count (COUNTERS), so the two agree.
const invitationsToAnswerWhere = (actor: Actor, now: Date): Prisma.MeetingInvitationWhereInput => ({
  agencyId: actor.agencyId,
  convening: false,
  currentResponse: null,
  attendedAt: null,
  meeting: { status: "SCHEDULED", scheduledStart: { gt: new Date(now.getTime() - 2 * 3600_000) } },
});
const meetingsSoonWhere = (actor: Actor, now: Date): Prisma.StrategyMeetingWhereInput => {
  const today = londonDate(now);
  return { ...meetingFilter(actor), endedAt: null, scheduledStart: { gte: fromLondon(today), lt: fromLondon(addCalendarDays(today, 7)) } };
};
const agencyActionsWhere = (actor: Actor, now: Date): Prisma.MeetingActionWhereInput => ({
  owningAgencyId: actor.agencyId,
  completedAt: null,
  dueDate: { lt: fromLondon(addCalendarDays(londonDate(now), 8)) },
});
const newDecisionsWhere = (actor: Actor, now: Date): Prisma.ContactWhereInput => ({
  ...contactFilter(actor),
  currentDecision: { is: { decidedAt: { gte: new Date(now.getTime() - NEW_DECISION_DAYS * 86_400_000) } } },
});
const contactsAwaitingDecisionWhere = (actor: Actor): Prisma.ContactWhereInput => ({ ...contactFilter(actor), currentDecisionId: null });
const decisionsNeedingMeetingWhere = (actor: Actor): Prisma.ContactWhereInput => ({
  ...contactFilter(actor),
  currentDecision: { is: { outcome: "STRATEGY_DISCUSSION" } },
  meetings: { none: {} },
});
const pendingRequestsWhere = (actor: Actor): Prisma.StrategyDiscussionRequestWhereInput => ({ ...requestFilter(actor), status: "PENDING" });
const overdueContactsWhere = (actor: Actor, now: Date): Prisma.ContactWhereInput => ({ ...contactFilter(actor), currentDecisionId: null, decisionDueAt: { lt: now } });
// A due date is the end of that day: overdue from the start of the next.
const overdueActionsWhere = (actor: Actor, now: Date): Prisma.MeetingActionWhereInput => ({ owningAgencyId: actor.agencyId, completedAt: null, dueDate: { lt: fromLondon(londonDate(now)) } });
// Someone else's decision: nobody signs off their own (the sign-off rule itself is in contacts.ts).
const awaitingSignOffWhere = (actor: Actor): Prisma.ContactWhereInput => ({
  ...contactFilter(actor),
  currentDecision: { is: { signedOffAt: null, decidedById: { not: actor.userId } } },
});
const invitationsPendingWhere = (actor: Actor, now: Date): Prisma.AccountInvitationWhereInput => ({ ...peopleScope(actor), acceptedAt: null, revokedAt: null, expiresAt: { gt: now } });
const invitationsAwaitingApprovalWhere = (actor: Actor, now: Date): Prisma.AccountInvitationWhereInput => ({
  acceptedAt: null,
  revokedAt: null,
  expiresAt: { gt: now },
  approvalRequired: true,
  approvedAt: null,
  invitedById: { not: actor.userId },
});

/** Agencies below the attendance threshold this quarter, computed by the database, like the figures. */
async function agenciesBelowThresholdSql(db: Tx | Db, now: Date) {
  const threshold = await attendanceThreshold(db);
  const from = fromLondon(quarterStart(londonDate(now)));
  // Invitations to meetings held this quarter so far.
  const query = Prisma.sql`
    SELECT a.id AS "agencyId", a.name AS "agencyName", count(*)::int AS invited, count(i.attended_at)::int AS attended
    FROM meeting_invitation i JOIN strategy_meeting m ON m.id = i.meeting_id JOIN agency a ON a.id = i.agency_id
    WHERE m.scheduled_start >= ${from} AND m.scheduled_start <= ${now} AND NOT i.convening
    GROUP BY a.id, a.name
    HAVING count(i.attended_at) * 100 < ${threshold} * count(*)`;
  return { threshold, query };
}
const lastStage = Prisma.sql`(SELECT max(s.stage) FROM escalation_stage s WHERE s.ladder_version = g.ladder_version)`;
const disagreementsOverdueOrLastSql = (now: Date) => Prisma.sql`FROM disagreement g WHERE g.status = 'OPEN' AND (g.stage_due_at < ${now} OR g.stage = ${lastStage})`;
// The same rule as the figures: minutes are due 1 working day after the meeting ended.
const minutesOverdueSql = (now: Date) => Prisma.sql`FROM strategy_meeting m WHERE m.ended_at IS NOT NULL AND m.minutes_circulated_at IS NULL AND concord_working_days(m.ended_at, ${now}) > 1`;
/** How long without a sign-in puts an account on the administrator's list: two weeks before the job suspends it. */
async function unusedAccountWarningDays(db: Tx | Db): Promise<{ warnDays: number; unusedDays: number }> {
  const { unusedDays } = await accessReviewSettings(db);
  return { warnDays: Math.max(unusedDays - SUSPENSION_WARNING_DAYS, 1), unusedDays };
}
/** Active accounts with no sign-in (audited as auth.login) in `days` days and older than that. */
function unusedAccountsSql(actor: Actor, now: Date, days: number) {
  const since = new Date(now.getTime() - days * 86_400_000);
  const scope = peopleScope(actor);
  return Prisma.sql`FROM app_user u
      WHERE u.is_active AND u.created_at < ${since} ${scope.agencyId ? Prisma.sql`AND u.agency_id = ${scope.agencyId}::uuid` : Prisma.empty}
        AND NOT EXISTS (SELECT 1 FROM audit_event e WHERE e.actor_user_id = u.id AND e.action = 'auth.login' AND e.occurred_at >= ${since})`;
}
/** A learning action's home items: due by the end of its date. */
async function learningSection(tx: Tx, where: Prisma.LearningActionWhereInput, now: Date) {
  const [count, rows] = await Promise.all([tx.learningAction.count({ where }), learningActionItems(tx, where, now, SHOWN)]);
  const items: TaskItem[] = rows.map((r) => ({ href: r.href, label: r.label, detail: r.detail, when: { label: "Due", at: fromLondon(addCalendarDays(r.dueOn, 1)).toISOString() }, overdue: r.overdue }));
  return { count, items };
}
const countOf = async (db: Tx | Db, from: Prisma.Sql) => (await db.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n ${from}`)[0]!.n;

/** Joint audit rounds (decision 0038): waiting for the actor's agency's grades, or for moderation. */
const NO_ROUND: Prisma.AuditRoundWhereInput = { id: { in: [] } };
const auditRoundsToGradeWhere = (actor: Actor): Prisma.AuditRoundWhereInput => roundsToGradeWhere(actor) ?? NO_ROUND;
const auditRoundsToModerateWhere = (actor: Actor): Prisma.AuditRoundWhereInput => roundsToModerateWhere(actor) ?? NO_ROUND;
const roundListSelect = { id: true, title: true, periodStart: true, periodEnd: true, _count: { select: { items: true } } } satisfies Prisma.AuditRoundSelect;
const roundPeriod = (r: { periodStart: Date; periodEnd: Date }) => `${formatDate(r.periodStart.toISOString().slice(0, 10))} to ${formatDate(r.periodEnd.toISOString().slice(0, 10))}`;

const BUILDERS: Record<HomeSection, Builder> = {
  async auditRoundsToGrade(tx, actor) {
    const where = auditRoundsToGradeWhere(actor);
    const count = await tx.auditRound.count({ where });
    const rows = await tx.auditRound.findMany({ where, orderBy: { createdAt: "asc" }, take: SHOWN, select: roundListSelect });
    return {
      title: "Audit rounds waiting for your agency's grades",
      count,
      empty: "No audit round is waiting for your agency's grades.",
      viewAll: { href: "/audits", label: "All audit rounds" },
      items: rows.map((r) => ({ href: `/audits/${r.id}`, label: r.title, detail: `${r._count.items} ${r._count.items === 1 ? "contact" : "contacts"} decided ${roundPeriod(r)}` })),
    };
  },

  async auditRoundsToModerate(tx, actor) {
    const where = auditRoundsToModerateWhere(actor);
    const count = await tx.auditRound.count({ where });
    const rows = await tx.auditRound.findMany({ where, orderBy: { moderationStartedAt: "asc" }, take: SHOWN, select: roundListSelect });
    return {
      title: "Audit rounds ready for moderation",
      count,
      empty: "No audit round is waiting for moderation.",
      viewAll: { href: "/audits", label: "All audit rounds" },
      items: rows.map((r) => ({ href: `/audits/${r.id}/moderation`, label: r.title, detail: `Every agency has graded its ${r._count.items} ${r._count.items === 1 ? "contact" : "contacts"}: agree the answers and findings` })),
    };
  },

  async invitationsToAnswer(tx, actor, now) {
    const where = invitationsToAnswerWhere(actor, now);
    const [count, rows] = await Promise.all([
      tx.meetingInvitation.count({ where }),
      tx.meetingInvitation.findMany({ where, orderBy: { meeting: { scheduledStart: "asc" } }, take: SHOWN, select: { meeting: { select: { id: true, scheduledStart: true, urgency: true, case: { select: { reference: true } } } } } }),
    ]);
    return {
      title: "Invitations to answer",
      count,
      empty: "No strategy meeting is waiting for your agency's answer.",
      viewAll: { href: "/meetings", label: "All meetings" },
      items: rows.map(({ meeting: m }) => ({
        href: `/meetings/${m.id}`,
        label: `${m.case.reference} strategy meeting`,
        detail: m.urgency === "URGENT" ? "Urgent: say who will attend, or send apologies" : "Say who will attend, or send apologies",
        when: { label: "Meeting at", at: m.scheduledStart.toISOString() },
      })),
    };
  },

  async meetingsSoon(tx, actor, now) {
    const where = meetingsSoonWhere(actor, now);
    const [count, rows] = await Promise.all([
      tx.strategyMeeting.count({ where }),
      tx.strategyMeeting.findMany({ where, orderBy: { scheduledStart: "asc" }, take: SHOWN, select: { id: true, scheduledStart: true, startedAt: true, case: { select: { reference: true } }, chair: { select: { displayName: true } } } }),
    ]);
    return {
      title: "Meetings today and this week",
      count,
      empty: "No strategy meetings in the next seven days.",
      viewAll: { href: "/meetings", label: "All meetings" },
      items: rows.map((m) => ({
        href: `/meetings/${m.id}`,
        label: `${m.case.reference} strategy meeting`,
        detail: m.startedAt ? `In progress, chaired by ${m.chair.displayName}` : `Chaired by ${m.chair.displayName}`,
        when: { label: "Meeting at", at: m.scheduledStart.toISOString() },
        joinHref: m.startedAt ? `/meetings/${m.id}/room` : undefined,
      })),
    };
  },

  async agencyActions(tx, actor, now) {
    const where = agencyActionsWhere(actor, now);
    const today = fromLondon(londonDate(now));
    const [count, rows] = await Promise.all([
      tx.meetingAction.count({ where }),
      tx.meetingAction.findMany({ where, orderBy: { dueDate: "asc" }, take: SHOWN, select: { id: true, description: true, ownerName: true, dueDate: true, meeting: { select: { id: true, case: { select: { reference: true } } } } } }),
    ]);
    return {
      title: "Your agency's actions due this week or overdue",
      count,
      empty: "No action of your agency is due this week.",
      viewAll: { href: "/actions", label: "All your agency's actions" },
      items: rows.map((a) => ({
        href: `/meetings/${a.meeting.id}`,
        label: a.description.length > 90 ? `${a.description.slice(0, 87)}...` : a.description,
        detail: `${a.meeting.case.reference}, owner ${a.ownerName}`,
        // A due date is the end of that day.
        when: { label: "Due", at: fromLondon(addCalendarDays(a.dueDate.toISOString().slice(0, 10), 1)).toISOString() },
        overdue: a.dueDate < today,
      })),
    };
  },

  async disagreementsWaiting(tx, actor, now) {
    const waiting = await disagreementsAwaiting(tx, actor, now);
    return {
      title: "Disagreements waiting for you",
      count: waiting.length,
      empty: "No disagreement is waiting for you.",
      viewAll: { href: "/disagreements", label: "All disagreements" },
      items: waiting.slice(0, SHOWN).map((d) => ({
        href: `/disagreements/${d.id}`,
        label: `${d.caseReference ?? "Disagreement"}: ${SUBJECT_LABELS[d.subject]}`,
        detail: `Stage ${d.stage}, ${d.raisingAgencyName} and ${d.receivingAgencyName}: ${d.waitingFor}`,
        when: { label: "Stage due", at: d.stageDueAt.toISOString() },
        overdue: d.stageDueAt < now,
      })),
    };
  },

  async newDecisions(tx, actor, now) {
    const where = newDecisionsWhere(actor, now);
    const [count, rows] = await Promise.all([
      tx.contact.count({ where }),
      tx.contact.findMany({
        where,
        orderBy: { currentDecision: { decidedAt: "desc" } },
        take: SHOWN,
        select: { id: true, sourceAgencyId: true, referrerReference: true, case: { select: { reference: true } }, currentDecision: { select: { outcome: true, levelApplied: true, decidedAt: true } } },
      }),
    ]);
    return {
      title: "New decisions on your agency's contacts",
      count,
      empty: "No decision on your agency's contacts in the last week.",
      viewAll: { href: "/contacts", label: "All your agency's contacts" },
      items: rows.map((c) => ({
        href: `/contacts/${c.id}`,
        label: contactReferenceFor(actor, c) ?? "Contact",
        detail: `Level ${c.currentDecision!.levelApplied}: ${OUTCOME_LABELS[c.currentDecision!.outcome]}`,
        when: { label: "Decided", at: c.currentDecision!.decidedAt.toISOString() },
      })),
    };
  },

  async contactsAwaitingDecision(tx, actor, now) {
    const where = contactsAwaitingDecisionWhere(actor);
    const [count, rows] = await Promise.all([
      tx.contact.count({ where }),
      tx.contact.findMany({ where, orderBy: { decisionDueAt: "asc" }, take: SHOWN, select: { id: true, sourceAgencyId: true, referrerReference: true, decisionDueAt: true, case: { select: { reference: true } }, sourceAgency: { select: { name: true } } } }),
    ]);
    return {
      title: "Contacts awaiting a decision",
      count,
      empty: "Every contact has a decision.",
      viewAll: { href: "/contacts?status=AWAITING_DECISION", label: "All contacts awaiting a decision" },
      items: rows.map((c) => ({
        href: `/contacts/${c.id}`,
        label: contactReferenceFor(actor, c) ?? "Contact not yet linked to a case",
        detail: `From ${c.sourceAgency.name}`,
        when: { label: "Due", at: c.decisionDueAt.toISOString() },
        overdue: c.decisionDueAt < now,
      })),
    };
  },

  /** The person's own decisions whose referrer has not been told yet (the front door tells them within a working day). */
  async referrerNotTold(tx, actor) {
    const where = referrerNotToldWhere(actor);
    const [count, rows] = await Promise.all([
      tx.contact.count({ where }),
      tx.contact.findMany({ where, orderBy: { currentDecision: { decidedAt: "asc" } }, take: SHOWN, select: { id: true, sourceAgencyId: true, referrerReference: true, referrerName: true, case: { select: { reference: true } }, sourceAgency: { select: { name: true } }, currentDecision: { select: { decidedAt: true } } } }),
    ]);
    return {
      title: "Referrer not yet told",
      count,
      empty: "Every referrer you decided for has been told the decision.",
      items: rows.map((c) => ({
        href: `/contacts/${c.id}#feedback`,
        label: contactReferenceFor(actor, c) ?? "Contact not yet linked to a case",
        detail: `Tell ${c.referrerName}, ${c.sourceAgency.name}, and record it`,
        when: c.currentDecision ? { label: "Decided" as const, at: c.currentDecision.decidedAt.toISOString() } : undefined,
      })),
    };
  },

  async decisionsNeedingMeeting(tx, actor) {
    const where = decisionsNeedingMeetingWhere(actor);
    const [count, rows] = await Promise.all([
      tx.contact.count({ where }),
      tx.contact.findMany({ where, orderBy: { currentDecision: { decidedAt: "asc" } }, take: SHOWN, select: { id: true, sourceAgencyId: true, referrerReference: true, case: { select: { reference: true } }, sourceAgency: { select: { name: true } }, currentDecision: { select: { decidedAt: true } } } }),
    ]);
    return {
      title: "Decisions that need a strategy discussion but have no meeting",
      count,
      empty: "Every decision for a strategy discussion has a meeting.",
      items: rows.map((c) => ({
        href: `/meetings/new?contactId=${c.id}`,
        label: contactReferenceFor(actor, c) ?? "Contact not yet linked to a case",
        detail: `From ${c.sourceAgency.name}: convene the meeting`,
        when: { label: "Decided", at: c.currentDecision!.decidedAt.toISOString() },
      })),
    };
  },

  async discussionRequests(tx, actor) {
    const { count, rows } = await pendingRequests(tx, actor);
    return {
      title: "Requests for strategy discussions",
      count,
      empty: "No partner agency is waiting for an answer to a request for a strategy discussion.",
      viewAll: { href: "/meetings/requests", label: "All requests" },
      items: rows.map((r) => ({
        href: `/meetings/requests/${r.id}`,
        label: `${r.partnerReference ?? r.contact?.referrerReference ?? "Request"} from ${r.requestingAgency.name}`,
        detail: r.urgency === "URGENT" ? "Urgent: convene a meeting or decline with reasons" : "Convene a meeting or decline with reasons",
        when: { label: "Requested" as const, at: r.requestedAt.toISOString() },
      })),
    };
  },

  async teamOverdueWork(tx, actor, now) {
    const title = "Your team's overdue work";
    if (teamOverdueWork(actor) === "contacts") {
      const where = overdueContactsWhere(actor, now);
      const [count, rows] = await Promise.all([
        tx.contact.count({ where }),
        tx.contact.findMany({ where, orderBy: { decisionDueAt: "asc" }, take: SHOWN, select: { id: true, sourceAgencyId: true, referrerReference: true, decisionDueAt: true, case: { select: { reference: true } }, sourceAgency: { select: { name: true } } } }),
      ]);
      return {
        title,
        count,
        empty: "No contact is past its decision time.",
        viewAll: { href: "/contacts?status=AWAITING_DECISION", label: "All contacts awaiting a decision" },
        items: rows.map((c) => ({
          href: `/contacts/${c.id}`,
          label: contactReferenceFor(actor, c) ?? "Contact not yet linked to a case",
          detail: `From ${c.sourceAgency.name}: no decision yet`,
          when: { label: "Due" as const, at: c.decisionDueAt.toISOString() },
          overdue: true,
        })),
      };
    }
    const where = overdueActionsWhere(actor, now);
    const [count, rows] = await Promise.all([
      tx.meetingAction.count({ where }),
      tx.meetingAction.findMany({ where, orderBy: { dueDate: "asc" }, take: SHOWN, select: { id: true, description: true, ownerName: true, dueDate: true, meeting: { select: { id: true, case: { select: { reference: true } } } } } }),
    ]);
    return {
      title,
      count,
      empty: "No action of your agency is overdue.",
      viewAll: { href: "/actions", label: "All your agency's actions" },
      items: rows.map((a) => ({
        href: `/meetings/${a.meeting.id}`,
        label: a.description.length > 90 ? `${a.description.slice(0, 87)}...` : a.description,
        detail: `${a.meeting.case.reference}, owner ${a.ownerName}`,
        when: { label: "Due" as const, at: fromLondon(addCalendarDays(a.dueDate.toISOString().slice(0, 10), 1)).toISOString() },
        overdue: true,
      })),
    };
  },

  async decisionsAwaitingSignOff(tx, actor) {
    const where = awaitingSignOffWhere(actor);
    const [count, rows] = await Promise.all([
      tx.contact.count({ where }),
      tx.contact.findMany({ where, orderBy: { currentDecision: { decidedAt: "asc" } }, take: SHOWN, select: { id: true, sourceAgencyId: true, referrerReference: true, case: { select: { reference: true } }, currentDecision: { select: { outcome: true, decidedAt: true, decidedBy: { select: { displayName: true } } } } } }),
    ]);
    return {
      title: "Decisions awaiting your sign-off",
      count,
      empty: "No decision is waiting for sign-off.",
      viewAll: { href: "/contacts?status=AWAITING_SIGN_OFF", label: "All decisions awaiting sign-off" },
      items: rows.map((c) => ({
        href: `/contacts/${c.id}`,
        label: contactReferenceFor(actor, c) ?? "Contact",
        detail: `${OUTCOME_LABELS[c.currentDecision!.outcome]}, decided by ${c.currentDecision!.decidedBy.displayName}`,
        when: { label: "Decided", at: c.currentDecision!.decidedAt.toISOString() },
      })),
    };
  },

  async agenciesBelowThreshold(tx, _actor, now) {
    const { threshold, query } = await agenciesBelowThresholdSql(tx, now);
    const rows = await tx.$queryRaw<{ agencyId: string; agencyName: string; invited: number; attended: number }[]>`${query} ORDER BY count(i.attended_at)::float / count(*), a.name`;
    return {
      title: `Agencies below ${threshold}% attendance this quarter`,
      count: rows.length,
      empty: `Every invited agency has attended at least ${threshold}% of this quarter's meetings.`,
      viewAll: { href: "/figures", label: "Attendance figures" },
      items: rows.slice(0, SHOWN).map((r) => ({
        href: `/figures?agencyId=${r.agencyId}`,
        label: r.agencyName,
        detail: `Attended ${r.attended} of ${r.invited} meetings (${Math.round((100 * r.attended) / r.invited)}%)`,
      })),
    };
  },

  async disagreementsOverdueOrLast(tx, actor, now) {
    const rows = await tx.$queryRaw<{ id: string; stage: number; stageDueAt: Date; atLast: boolean }[]>`
      SELECT g.id, g.stage, g.stage_due_at AS "stageDueAt", g.stage = ${lastStage} AS "atLast"
      ${disagreementsOverdueOrLastSql(now)}
      ORDER BY g.stage_due_at`;
    const visible = await tx.disagreement.findMany({
      where: { ...disagreementFilter(actor), id: { in: rows.slice(0, SHOWN).map((r) => r.id) } },
      select: { id: true, subject: true, raisingAgency: { select: { name: true } }, receivingAgency: { select: { name: true } } },
    });
    const byId = new Map(visible.map((v) => [v.id, v]));
    return {
      title: "Disagreements overdue or at the partnership's stage",
      count: rows.length,
      empty: "No disagreement is overdue or waiting for the partnership.",
      viewAll: { href: "/disagreements?overdueOnly=true", label: "All overdue disagreements" },
      items: rows.flatMap((r) => {
        const d = byId.get(r.id);
        return d
          ? [{
              href: `/disagreements/${r.id}`,
              label: `${d.raisingAgency.name} and ${d.receivingAgency.name}`,
              detail: `${SUBJECT_LABELS[d.subject]}, stage ${r.stage}${r.atLast ? " (the partnership's stage)" : ""}`,
              when: { label: "Stage due" as const, at: r.stageDueAt.toISOString() },
              overdue: r.stageDueAt < now,
            }]
          : [];
      }),
    };
  },

  async minutesOverdue(tx, actor, now) {
    const rows = await tx.$queryRaw<{ id: string; endedAt: Date; chairName: string }[]>`
      SELECT m.id, m.ended_at AS "endedAt", (SELECT u.display_name FROM app_user u WHERE u.id = m.chair_id) AS "chairName"
      ${minutesOverdueSql(now)}
      ORDER BY m.ended_at`;
    // The partnership chair watches the timescale without reading the meetings themselves.
    const visible = meetingReach(actor) === "none" ? [] : await tx.strategyMeeting.findMany({ where: { ...meetingFilter(actor), id: { in: rows.slice(0, SHOWN).map((r) => r.id) } }, select: { id: true, case: { select: { reference: true } } } });
    const byId = new Map(visible.map((v) => [v.id, v]));
    return {
      title: "Minutes overdue",
      count: rows.length,
      empty: "Every meeting's minutes went out within 1 working day.",
      items: rows.flatMap((r) => {
        const m = byId.get(r.id);
        return [{ href: m ? `/meetings/${r.id}` : "/figures", label: m ? `${m.case.reference} strategy meeting` : "A strategy meeting", detail: `Chaired by ${r.chairName}`, when: { label: "Ended" as const, at: r.endedAt.toISOString() }, overdue: true }];
      }).slice(0, SHOWN),
    };
  },

  async learningActionsOverdue(tx, actor, now) {
    return {
      title: "Learning actions overdue",
      ...(await learningSection(tx, overdueLearningWhere(actor, now), now)),
      empty: "No learning action is overdue.",
      viewAll: { href: "/learning-actions?state=overdue", label: "All overdue learning actions" },
    };
  },

  async learningActionsDueSoon(tx, actor, now) {
    return {
      title: "Learning actions due in the next 4 weeks",
      ...(await learningSection(tx, dueSoonLearningWhere(actor, now), now)),
      empty: "No learning action is due in the next 4 weeks.",
      viewAll: { href: "/learning-actions?state=open", label: "All open learning actions" },
    };
  },

  async agencyLearningActions(tx, actor, now) {
    return {
      title: "Your agency's learning actions due or overdue",
      ...(await learningSection(tx, agencyLearningWhere(actor, now), now)),
      empty: "No learning action of your agency is due in the next 4 weeks.",
      viewAll: { href: "/learning-actions", label: "All your agency's learning actions" },
    };
  },

  async invitationsPending(tx, actor, now) {
    const where = invitationsPendingWhere(actor, now);
    const [count, rows] = await Promise.all([
      tx.accountInvitation.count({ where }),
      tx.accountInvitation.findMany({ where, orderBy: { expiresAt: "asc" }, take: SHOWN, select: { displayName: true, email: true, expiresAt: true, approvalRequired: true, approvedAt: true } }),
    ]);
    return {
      title: "Invitations not yet accepted",
      count,
      empty: "No invitation is waiting to be accepted.",
      viewAll: { href: "/admin/users", label: "People" },
      items: rows.map((i) => ({
        href: "/admin/users",
        label: i.displayName,
        detail: `${i.email}: ${i.approvalRequired && !i.approvedAt ? "waiting for a second person's approval" : "link sent, not yet used"}`,
        when: { label: "Link expires", at: i.expiresAt.toISOString() },
      })),
    };
  },

  async invitationsToApprove(tx, actor, now) {
    const rows = await tx.accountInvitation.findMany({
      where: invitationsAwaitingApprovalWhere(actor, now),
      orderBy: { createdAt: "asc" },
      select: { ...approvalSelect, displayName: true, email: true, createdAt: true, invitedBy: { select: { displayName: true } } },
    });
    const mine = rows.filter((i) => mayApprove(actor, i));
    return {
      title: "Invitations for you to approve",
      count: mine.length,
      empty: "No invitation needs your approval.",
      viewAll: { href: "/admin/users", label: "People" },
      items: mine.slice(0, SHOWN).map((i) => ({ href: "/admin/users", label: i.displayName, detail: `${i.email}, invited by ${i.invitedBy.displayName}` })),
    };
  },

  async accountsToReview(tx, actor, now) {
    const { warnDays, unusedDays } = await unusedAccountWarningDays(tx);
    const rows = await tx.$queryRaw<{ id: string; displayName: string; email: string; lastSignIn: Date | null }[]>`
      SELECT u.id, u.display_name AS "displayName", u.email,
        (SELECT max(e.occurred_at) FROM audit_event e WHERE e.actor_user_id = u.id AND e.action = 'auth.login') AS "lastSignIn"
      ${unusedAccountsSql(actor, now, warnDays)}
      ORDER BY 4 NULLS FIRST, u.display_name`;
    const suspended = `suspended after ${unusedDays} days without a sign-in`;
    return {
      title: `Accounts not used for ${warnDays} days`,
      count: rows.length,
      empty: `Everyone in your agency has signed in within ${warnDays} days.`,
      viewAll: { href: "/admin/users", label: "People" },
      items: rows.slice(0, SHOWN).map((u) => ({ href: "/admin/users", label: u.displayName, detail: u.lastSignIn ? `${u.email}: ${suspended}` : `${u.email}: never signed in, ${suspended}`, when: u.lastSignIn ? { label: "Last signed in" as const, at: u.lastSignIn.toISOString() } : undefined })),
    };
  },

  async accessReviewDue(tx, actor, now) {
    const { reviewDays } = await accessReviewSettings(tx);
    const status = await accessReviewStatus(tx, actor.agencyId, now, reviewDays);
    return {
      title: "Access review due",
      count: status.due ? 1 : 0,
      empty: status.dueAt ? `Your agency's next access review is due on ${formatDate(status.dueAt)}.` : "Your agency's access review is up to date.",
      viewAll: { href: "/admin/access-review", label: "Access review" },
      items: status.due
        ? [
            {
              href: "/admin/access-review",
              label: `Confirm who in ${actor.agencyName} still needs access`,
              detail: status.lastReviewedAt ? `Last reviewed by ${status.lastReviewedBy} on ${formatDate(status.lastReviewedAt)}; due every ${reviewDays} days` : `Not reviewed yet; due every ${reviewDays} days`,
              ...(status.dueAt ? { when: { label: "Due" as const, at: status.dueAt.toISOString() }, overdue: true } : {}),
            },
          ]
        : [],
    };
  },
};

/**
 * The requests for a strategy discussion still waiting for the front door, oldest first (urgent
 * ones before them). Read here, with the same filter as the requests list, so home needs nothing
 * from the requests module but its access rule.
 */
async function pendingRequests(tx: Tx, actor: Actor) {
  const where = pendingRequestsWhere(actor);
  const [count, rows] = await Promise.all([
    tx.strategyDiscussionRequest.count({ where }),
    tx.strategyDiscussionRequest.findMany({
      where,
      orderBy: [{ urgency: "asc" }, { requestedAt: "asc" }],
      take: SHOWN,
      select: { id: true, urgency: true, requestedAt: true, partnerReference: true, requestingAgency: { select: { name: true } }, contact: { select: { referrerReference: true } } },
    }),
  ]);
  return { count, rows };
}

/** The person's task list: every section their abilities open, with counts. */
export async function homeTasks(services: Services, actor: Actor, meta: { requestId?: string } = {}): Promise<{ sections: TaskSection[]; total: number }> {
  const wanted = homeSections(actor);
  const now = services.clock.now();
  return services.db.$transaction(async (tx) => {
    const sections: TaskSection[] = [];
    // One after another: a transaction's queries share one connection.
    for (const key of wanted) sections.push({ key, ...(await BUILDERS[key](tx, actor, now)) });
    const shown = sections.flatMap((s) => s.items.map((i) => i.href));
    await recordAudit(tx, actor, { action: "home.read", entityType: "home", detail: { sections: sections.map((s) => ({ key: s.key, count: s.count })), shown } }, meta.requestId);
    return { sections, total: sections.reduce((sum, s) => sum + s.count, 0) };
  });
}

/** The person's own decided contacts whose referrer has no recorded feedback yet. */
function referrerNotToldWhere(actor: Actor): Prisma.ContactWhereInput {
  return { ...contactFilter(actor), decisions: { some: { decidedById: actor.userId } }, referrerFeedback: { none: {} } };
}

/** What an approver needs to know of an invitation to decide whether they may approve it. */
const approvalSelect = { agencyId: true, invitedById: true, approvalRequired: true, approvedAt: true, roles: { select: { role: { select: { name: true } } } } } as const;
function mayApprove(actor: Actor, invitation: Prisma.AccountInvitationGetPayload<{ select: typeof approvalSelect }>): boolean {
  return invitationAbilities(actor, { ...invitation, roles: invitation.roles.map((r) => r.role.name as RoleName) }).approve;
}

/**
 * Each section's count without its items: one count query each (the builders read the first
 * items, their case references and names too). Where a section's list is filtered by abilities in
 * code (disagreements waiting for this person, invitations they may approve), the count loads
 * just what that needs.
 */
const COUNTERS: Record<HomeSection, Counter> = {
  auditRoundsToGrade: (db, actor) => db.auditRound.count({ where: auditRoundsToGradeWhere(actor) }),
  auditRoundsToModerate: (db, actor) => db.auditRound.count({ where: auditRoundsToModerateWhere(actor) }),
  invitationsToAnswer: (db, actor, now) => db.meetingInvitation.count({ where: invitationsToAnswerWhere(actor, now) }),
  meetingsSoon: (db, actor, now) => db.strategyMeeting.count({ where: meetingsSoonWhere(actor, now) }),
  agencyActions: (db, actor, now) => db.meetingAction.count({ where: agencyActionsWhere(actor, now) }),
  disagreementsWaiting: async (db, actor, now) => (await disagreementsAwaiting(db as Tx, actor, now)).length,
  newDecisions: (db, actor, now) => db.contact.count({ where: newDecisionsWhere(actor, now) }),
  contactsAwaitingDecision: (db, actor) => db.contact.count({ where: contactsAwaitingDecisionWhere(actor) }),
  decisionsNeedingMeeting: (db, actor) => db.contact.count({ where: decisionsNeedingMeetingWhere(actor) }),
  discussionRequests: (db, actor) => db.strategyDiscussionRequest.count({ where: pendingRequestsWhere(actor) }),
  teamOverdueWork: (db, actor, now) =>
    teamOverdueWork(actor) === "contacts" ? db.contact.count({ where: overdueContactsWhere(actor, now) }) : db.meetingAction.count({ where: overdueActionsWhere(actor, now) }),
  decisionsAwaitingSignOff: (db, actor) => db.contact.count({ where: awaitingSignOffWhere(actor) }),
  agenciesBelowThreshold: async (db, _actor, now) => countOf(db, Prisma.sql`FROM (${(await agenciesBelowThresholdSql(db, now)).query}) AS below`),
  disagreementsOverdueOrLast: (db, _actor, now) => countOf(db, disagreementsOverdueOrLastSql(now)),
  minutesOverdue: (db, _actor, now) => countOf(db, minutesOverdueSql(now)),
  learningActionsOverdue: (db, actor, now) => db.learningAction.count({ where: overdueLearningWhere(actor, now) }),
  learningActionsDueSoon: (db, actor, now) => db.learningAction.count({ where: dueSoonLearningWhere(actor, now) }),
  agencyLearningActions: (db, actor, now) => db.learningAction.count({ where: agencyLearningWhere(actor, now) }),
  invitationsPending: (db, actor, now) => db.accountInvitation.count({ where: invitationsPendingWhere(actor, now) }),
  invitationsToApprove: async (db, actor, now) => {
    const rows = await db.accountInvitation.findMany({ where: invitationsAwaitingApprovalWhere(actor, now), select: approvalSelect });
    return rows.filter((i) => mayApprove(actor, i)).length;
  },
  accountsToReview: async (db, actor, now) => countOf(db, unusedAccountsSql(actor, now, (await unusedAccountWarningDays(db)).warnDays)),
  referrerNotTold: (db, actor) => db.contact.count({ where: referrerNotToldWhere(actor) }),
  accessReviewDue: async (db, actor, now) => {
    const { reviewDays } = await accessReviewSettings(db);
    return (await accessReviewStatus(db, actor.agencyId, now, reviewDays)).due ? 1 : 0;
  },
};

/** Each of the person's sections' counts, without building the sections (no case data, so not audited). */
export async function homeTaskCounts(services: Services, actor: Actor): Promise<Partial<Record<HomeSection, number>>> {
  const now = services.clock.now();
  const counts: Partial<Record<HomeSection, number>> = {};
  // No transaction: plain reads, one after another, each on whichever pooled connection is free.
  for (const key of homeSections(actor)) counts[key] = await COUNTERS[key](services.db, actor, now);
  return counts;
}

/**
 * Just the number of things waiting, for the navigation on every page: the sum of the sections'
 * counts, each read by a count query (before, every page load built the whole task list).
 */
export async function homeTaskCount(services: Services, actor: Actor): Promise<number> {
  const counts = await homeTaskCounts(services, actor);
  return Object.values(counts).reduce((sum, n) => sum + n, 0);
}
