// The access review (issue 16, item 5; docs/decisions/0036): every `reviewDays` (a setting) each
// agency's managers and administrators confirm, person by person, who still needs access, and
// take it away from those who do not; and the scheduled job suspends accounts with no sign-in for
// `unusedDays` (a setting). Both are audited. Who may do what is decided in access/users.ts.
import { z } from "zod";
import { Prisma } from "../../db/generated/client";
import type { Db, Tx } from "../../db/connect";
import type { Services } from "../services";
import type { Actor } from "../access/actor";
import { assertCanDeactivateInReview, assertCanReviewAccess, lockActiveSystemAdmins, loadAccountsContext, mayAutoSuspend, reviewAbilities, rolesOfUsers } from "../access/users";
import { ROLE_LABELS, type RoleName } from "../access/roles";
import { recordAudit } from "../audit/audit";
import { conflict, invalid } from "../errors";
import { accessReviewSettings } from "../settings/settings";

const DAY_MS = 86_400_000;
export const REVIEW_DEACTIVATION_REASON = "Access review: no longer needs access";
export const unusedReason = (days: number) => `Suspended automatically: no sign-in for ${days} days`;

export interface AccessReviewStatus {
  lastReviewedAt: Date | null;
  lastReviewedBy: string | null;
  dueAt: Date | null;
  due: boolean;
}

/** When the agency's access review is next due: a review never made is due now. */
export async function accessReviewStatus(db: Db | Tx, agencyId: string, now: Date, reviewDays?: number): Promise<AccessReviewStatus> {
  const days = reviewDays ?? (await accessReviewSettings(db)).reviewDays;
  const last = await db.accessReview.findFirst({ where: { agencyId }, orderBy: { reviewedAt: "desc" }, select: { reviewedAt: true, reviewedBy: { select: { displayName: true } } } });
  if (!last) return { lastReviewedAt: null, lastReviewedBy: null, dueAt: null, due: true };
  const dueAt = new Date(last.reviewedAt.getTime() + days * DAY_MS);
  return { lastReviewedAt: last.reviewedAt, lastReviewedBy: last.reviewedBy.displayName, dueAt, due: dueAt.getTime() <= now.getTime() };
}

/**
 * When each person last signed in (the audit trail's auth.login), for the review page. The same
 * rule decides "unused" for the scheduled suspension.
 */
async function lastSignIns(db: Db | Tx, userIds: readonly string[]): Promise<Map<string, Date>> {
  if (userIds.length === 0) return new Map();
  const rows = await db.$queryRaw<{ id: string; at: Date }[]>`
    SELECT e.actor_user_id::text AS id, max(e.occurred_at) AS at FROM audit_event e
    WHERE e.action = 'auth.login' AND e.actor_user_id = ANY (${[...userIds]}::uuid[]) GROUP BY e.actor_user_id`;
  return new Map(rows.map((r) => [r.id, r.at]));
}

export async function viewAccessReview(services: Services, actor: Actor) {
  assertCanReviewAccess(actor, actor.agencyId);
  const { db, clock } = services;
  const now = clock.now();
  const settings = await accessReviewSettings(db);
  const [status, people, context] = await Promise.all([
    accessReviewStatus(db, actor.agencyId, now, settings.reviewDays),
    db.user.findMany({
      where: { agencyId: actor.agencyId, isActive: true },
      orderBy: [{ displayName: "asc" }, { id: "asc" }],
      select: { id: true, displayName: true, email: true, jobTitle: true, agencyId: true, isActive: true },
    }),
    loadAccountsContext(db),
  ]);
  const signIns = await lastSignIns(db, people.map((p) => p.id));
  const rolesOf = await rolesOfUsers(db, people.map((p) => p.id));
  return {
    agencyName: actor.agencyName,
    reviewDays: settings.reviewDays,
    unusedDays: settings.unusedDays,
    ...status,
    people: people.map((p) => {
      const roles = rolesOf.get(p.id) ?? [];
      return {
        id: p.id,
        displayName: p.displayName,
        email: p.email,
        jobTitle: p.jobTitle,
        roleLabels: roles.map((r) => ROLE_LABELS[r]),
        lastSignInAt: signIns.get(p.id) ?? null,
        self: p.id === actor.userId,
        abilities: reviewAbilities(actor, { id: p.id, agencyId: p.agencyId, isActive: p.isActive, roles }, context),
      };
    }),
  };
}

export const accessReviewInputSchema = z.object({
  decisions: z
    .array(
      z.object({
        userId: z.uuid({ error: "Choose a person" }),
        decision: z.enum(["CONFIRM", "DEACTIVATE"], { error: "Choose whether this person still needs access" }),
      }),
      { error: "Confirm or end each person's access" },
    )
    .min(1, "Confirm or end each person's access")
    .max(1000, "Review at most 1,000 people at once"),
});

/**
 * Records the review: every active person of the reviewer's agency is confirmed or loses access
 * (deactivated, sessions ended). Refused, with nothing changed, if anyone is left out or the
 * agency's people changed since the page was shown.
 */
export async function recordAccessReview(services: Services, actor: Actor, input: z.input<typeof accessReviewInputSchema>, meta: { requestId?: string } = {}) {
  assertCanReviewAccess(actor, actor.agencyId);
  const { decisions } = accessReviewInputSchema.parse(input);
  const chosen = new Map(decisions.map((d) => [d.userId, d.decision]));
  if (chosen.size !== decisions.length) throw invalid("Each person appears once in the review.");
  const { db, clock } = services;
  const result = await db.$transaction(async (tx) => {
    const context = await lockActiveSystemAdmins(tx);
    const people = await tx.$queryRaw<{ id: string; displayName: string }[]>`
      SELECT id::text AS id, display_name AS "displayName" FROM app_user WHERE agency_id = ${actor.agencyId}::uuid AND is_active ORDER BY display_name FOR UPDATE`;
    const missing = people.filter((p) => !chosen.has(p.id));
    const extra = [...chosen.keys()].filter((id) => !people.some((p) => p.id === id));
    if (extra.length > 0) throw conflict("Your agency's people changed while you were reviewing. Reload the page and review again.");
    if (missing.length > 0) {
      throw invalid(
        missing.length === 1 ? `Choose whether ${missing[0]!.displayName} still needs access` : `Choose whether each person still needs access: ${missing.length} have no answer`,
        Object.fromEntries(missing.map((p) => [`decision.${p.id}`, `Choose whether ${p.displayName} still needs access`])),
      );
    }
    const roleMap = await rolesOfUsers(tx, people.map((p) => p.id));
    const rolesOf = (id: string) => roleMap.get(id) ?? [];
    const ending = people.filter((p) => chosen.get(p.id) === "DEACTIVATE");
    for (const p of ending) assertCanDeactivateInReview(actor, { id: p.id, agencyId: actor.agencyId, isActive: true, roles: rolesOf(p.id) }, context);
    const now = clock.now();
    for (const p of people) {
      if (chosen.get(p.id) === "DEACTIVATE") {
        await tx.user.update({ where: { id: p.id }, data: { isActive: false, deactivatedAt: now, deactivationReason: REVIEW_DEACTIVATION_REASON } });
        await tx.session.deleteMany({ where: { userId: p.id } });
        await tx.accountInvitation.updateMany({ where: { invitedById: p.id, acceptedAt: null, revokedAt: null, expiresAt: { gt: now } }, data: { revokedAt: now } });
        await recordAudit(tx, actor, { action: "access_review.deactivate", entityType: "user", entityId: p.id, detail: { agencyId: actor.agencyId, roles: rolesOf(p.id) } }, meta.requestId);
      } else {
        await recordAudit(tx, actor, { action: "access_review.confirm", entityType: "user", entityId: p.id, detail: { agencyId: actor.agencyId } }, meta.requestId);
      }
    }
    const review = await tx.accessReview.create({
      data: { agencyId: actor.agencyId, reviewedById: actor.userId, reviewedAt: now, confirmed: people.length - ending.length, deactivated: ending.length },
      select: { id: true, confirmed: true, deactivated: true },
    });
    await recordAudit(tx, actor, { action: "access_review.record", entityType: "access_review", entityId: review.id, detail: { agencyId: actor.agencyId, confirmed: review.confirmed, deactivated: review.deactivated } }, meta.requestId);
    return { reviewId: review.id, confirmed: review.confirmed, deactivated: review.deactivated, ended: ending.map((p) => p.id) };
  });
  for (const userId of result.ended) services.realtime.endUserConnections(userId, "deactivated");
  services.realtime.agencyUsersChanged(actor.agencyId);
  return { reviewId: result.reviewId, confirmed: result.confirmed, deactivated: result.deactivated };
}

/**
 * Active accounts with no sign-in for `days`: created before then, no sign-in (auth.login in the
 * audit trail) and no reactivation since. Used by the scheduled suspension.
 */
export async function unusedAccounts(db: Db | Tx, since: Date, agencyId?: string): Promise<{ id: string; agencyId: string }[]> {
  return db.$queryRaw<{ id: string; agencyId: string }[]>`
    SELECT u.id::text AS id, u.agency_id::text AS "agencyId" FROM app_user u
    WHERE u.is_active AND u.created_at < ${since} ${agencyId ? Prisma.sql`AND u.agency_id = ${agencyId}::uuid` : Prisma.empty}
      AND NOT EXISTS (SELECT 1 FROM audit_event e WHERE e.actor_user_id = u.id AND e.action = 'auth.login' AND e.occurred_at >= ${since})
      AND NOT EXISTS (SELECT 1 FROM audit_event e WHERE e.entity_type = 'user' AND e.entity_id = u.id::text AND e.action = 'user.reactivate' AND e.occurred_at >= ${since})
      AND NOT EXISTS (SELECT 1 FROM session s WHERE s.user_id = u.id AND s.last_seen_at >= ${since})
    ORDER BY u.created_at`;
}

/**
 * Suspends every account unused for the set time (the scheduled job): deactivated with a reason,
 * sessions ended, live connections closed, audited. Never the last active system administrator.
 * Safe on several nodes: each account is changed only while still active.
 */
export async function suspendUnusedAccounts(services: Services): Promise<{ suspended: string[] }> {
  const { db, clock } = services;
  const now = clock.now();
  const { unusedDays } = await accessReviewSettings(db);
  const since = new Date(now.getTime() - unusedDays * DAY_MS);
  const suspended: { id: string; agencyId: string }[] = [];
  for (const candidate of await unusedAccounts(db, since)) {
    const done = await db.$transaction(async (tx) => {
      const context = await lockActiveSystemAdmins(tx);
      const [still] = await unusedAccounts(tx, since).then((rows) => rows.filter((r) => r.id === candidate.id));
      if (!still) return false;
      const roles = (await rolesOfUsers(tx, [candidate.id])).get(candidate.id) ?? [];
      if (!mayAutoSuspend({ id: candidate.id, agencyId: candidate.agencyId, isActive: true, roles }, context)) return false;
      const changed = await tx.user.updateMany({ where: { id: candidate.id, isActive: true }, data: { isActive: false, deactivatedAt: now, deactivationReason: unusedReason(unusedDays) } });
      if (changed.count !== 1) return false;
      await tx.session.deleteMany({ where: { userId: candidate.id } });
      await tx.accountInvitation.updateMany({ where: { invitedById: candidate.id, acceptedAt: null, revokedAt: null, expiresAt: { gt: now } }, data: { revokedAt: now } });
      await recordAudit(tx, null, { action: "user.suspend_unused", entityType: "user", entityId: candidate.id, detail: { agencyId: candidate.agencyId, roles, unusedDays } });
      return true;
    });
    if (done) suspended.push(candidate);
  }
  for (const { id } of suspended) services.realtime.endUserConnections(id, "deactivated");
  for (const agencyId of new Set(suspended.map((s) => s.agencyId))) services.realtime.agencyUsersChanged(agencyId);
  return { suspended: suspended.map((s) => s.id) };
}
