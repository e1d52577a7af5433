// People of an agency: listing, deactivation and reactivation. Who may act on whom is decided
// in server/domain/access/users.ts; each record carries the abilities the page renders.
import { z } from "zod";
import type { Services } from "../services";
import type { Actor } from "../access/actor";
import { agencyFilter, assertCan } from "../access/policy";
import {
  assertCanChangeAccount,
  invitationAbilities,
  loadAccountsContext,
  lockActiveSystemAdmins,
  peopleAbilities,
  userAbilities,
  canSeePeopleOf,
} from "../access/users";
import { ROLE_LABELS, type RoleName } from "../access/roles";
import { assertCanResetSecondFactor, secondFactorAbilities } from "../access/second-factor";
import { assertRecentlyAuthenticated } from "../auth/reauthentication";
import { recordAudit } from "../audit/audit";
import { conflict, notFound } from "../errors";
import { PAGE_SIZE, pageSchema } from "../lists/paging";

export const listUsersInputSchema = z.object({ agencyId: z.uuid().optional(), page: pageSchema }).default({ page: 1 });

export async function listUsers(services: Services, actor: Actor, input: z.input<typeof listUsersInputSchema> = {}) {
  const { agencyId, page: requestedPage } = listUsersInputSchema.parse(input);
  const scope = agencyFilter(actor, "read", "user");
  if (agencyId && scope.agencyId && agencyId !== scope.agencyId) assertCan(actor, "read", "user", { agencyId });
  const where = { ...scope, ...(agencyId ? { agencyId } : {}) };
  // People a page at a time (active first, by name); pending invitations are few and all shown.
  const total = await services.db.user.count({ where });
  const pageCount = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const page = Math.min(requestedPage, pageCount);
  const [users, invitations, context] = await Promise.all([
    services.db.user.findMany({
      where,
      orderBy: [{ isActive: "desc" }, { displayName: "asc" }, { id: "asc" }],
      skip: (page - 1) * PAGE_SIZE,
      take: PAGE_SIZE,
      select: {
        id: true,
        displayName: true,
        email: true,
        jobTitle: true,
        isActive: true,
        agency: { select: { id: true, name: true } },
        roles: { select: { role: { select: { name: true } } } },
        totpCredential: { select: { enrolledAt: true } },
      },
    }),
    services.db.accountInvitation.findMany({
      where: { ...where, acceptedAt: null, revokedAt: null, expiresAt: { gt: services.clock.now() } },
      orderBy: { createdAt: "desc" },
      select: {
        id: true,
        displayName: true,
        email: true,
        expiresAt: true,
        agencyId: true,
        invitedById: true,
        approvalRequired: true,
        approvedAt: true,
        invitedBy: { select: { displayName: true } },
        agency: { select: { name: true } },
        roles: { select: { role: { select: { name: true } } } },
      },
    }),
    loadAccountsContext(services.db),
  ]);
  return {
    abilities: peopleAbilities(actor),
    /** How the page names each role: the roles themselves are the server's business. */
    roleLabels: ROLE_LABELS,
    usersPage: { total, page, pageSize: PAGE_SIZE, pageCount },
    users: users.map(({ totpCredential, ...u }) => {
      const roles = u.roles.map((r) => r.role.name as RoleName);
      const secondFactorSetUp = !!totpCredential;
      return {
        ...u,
        roles,
        secondFactorSetUp,
        abilities: { ...userAbilities(actor, { id: u.id, agencyId: u.agency.id, isActive: u.isActive, roles }, context), resetSecondFactor: secondFactorSetUp && secondFactorAbilities(actor, u).reset },
      };
    }),
    pendingInvitations: invitations.map((i) => {
      const roles = i.roles.map((r) => r.role.name as RoleName);
      return {
        id: i.id,
        displayName: i.displayName,
        email: i.email,
        expiresAt: i.expiresAt,
        agency: i.agency,
        invitedByName: i.invitedBy.displayName,
        roles,
        /** Waiting for a second person to approve; no link has been sent yet. */
        awaitingApproval: i.approvalRequired && !i.approvedAt,
        abilities: invitationAbilities(actor, { ...i, roles }),
      };
    }),
  };
}

export const changeAccountInputSchema = z.object({ userId: z.uuid({ error: "Choose a person" }) });

async function loadTarget(services: Services, actor: Actor, userId: string) {
  const target = await services.db.user.findUnique({
    where: { id: userId },
    select: { id: true, agencyId: true, isActive: true, roles: { select: { role: { select: { name: true } } } } },
  });
  // Someone outside the actor's reach gets "not found", not a hint that the account exists.
  if (!target || !canSeePeopleOf(actor, target)) throw notFound("That person");
  return { ...target, roles: target.roles.map((r) => r.role.name as RoleName) };
}

/** Deactivate a user: their sessions end and their live connections close at once. */
export async function deactivateUser(services: Services, actor: Actor, input: z.input<typeof changeAccountInputSchema>, meta: { requestId?: string } = {}) {
  const { userId } = changeAccountInputSchema.parse(input);
  const { db, clock } = services;
  const target = await loadTarget(services, actor, userId);
  assertCanChangeAccount(actor, "deactivate", target, await loadAccountsContext(db));
  assertRecentlyAuthenticated(services, actor);
  const revokedIn = await db.$transaction(async (tx) => {
    // Checked again under lock: two system administrators deactivating each other at once
    // must not leave the partnership with none.
    assertCanChangeAccount(actor, "deactivate", target, await lockActiveSystemAdmins(tx));
    const now = clock.now();
    const changed = await tx.user.updateMany({ where: { id: userId, isActive: true }, data: { isActive: false, deactivatedAt: now } });
    if (changed.count !== 1) throw conflict("That account is already deactivated.");
    await tx.session.deleteMany({ where: { userId } });
    await tx.pendingSignIn.deleteMany({ where: { userId } });
    await recordAudit(tx, actor, { action: "user.deactivate", entityType: "user", entityId: userId, detail: { agencyId: target.agencyId, roles: target.roles } }, meta.requestId);
    // Invitations they sent that nobody has used die with their account: a departed
    // administrator's word must not still let someone in.
    const open = await tx.accountInvitation.findMany({
      where: { invitedById: userId, acceptedAt: null, revokedAt: null, expiresAt: { gt: now } },
      select: { id: true, agencyId: true },
    });
    const revoked = await tx.accountInvitation.updateManyAndReturn({
      where: { id: { in: open.map((invitation) => invitation.id) }, acceptedAt: null, revokedAt: null },
      data: { revokedAt: now },
      select: { id: true, agencyId: true },
    });
    for (const invitation of revoked) {
      await recordAudit(tx, actor, { action: "user.revoke_invitation", entityType: "invitation", entityId: invitation.id, detail: { agencyId: invitation.agencyId, reason: "inviter_deactivated", invitedById: userId } }, meta.requestId);
    }
    return new Set(revoked.map((invitation) => invitation.agencyId));
  });
  services.realtime.endUserConnections(userId, "deactivated");
  for (const agencyId of new Set([target.agencyId, ...revokedIn])) services.realtime.agencyUsersChanged(agencyId);
  return { userId };
}

/** Reactivate a deactivated user, under the same rules as deactivation. They sign in with their password. */
export async function reactivateUser(services: Services, actor: Actor, input: z.input<typeof changeAccountInputSchema>, meta: { requestId?: string } = {}) {
  const { userId } = changeAccountInputSchema.parse(input);
  const { db } = services;
  const target = await loadTarget(services, actor, userId);
  assertCanChangeAccount(actor, "reactivate", target, await loadAccountsContext(db));
  if (target.isActive) throw conflict("That account is already active.");
  await db.$transaction(async (tx) => {
    const changed = await tx.user.updateMany({ where: { id: userId, isActive: false }, data: { isActive: true, deactivatedAt: null, deactivationReason: null } });
    if (changed.count !== 1) throw conflict("That account is already active.");
    await recordAudit(tx, actor, { action: "user.reactivate", entityType: "user", entityId: userId, detail: { agencyId: target.agencyId, roles: target.roles } }, meta.requestId);
  });
  services.realtime.agencyUsersChanged(target.agencyId);
  return { userId };
}

/**
 * Reset a person's second factor (a lost phone): their authenticator app and recovery codes are
 * removed and their sessions end; at their next sign-in they set up an app again. A system
 * administrator's action, audited, and only just after they confirmed it's them.
 */
export async function resetSecondFactor(services: Services, actor: Actor, input: z.input<typeof changeAccountInputSchema>, meta: { requestId?: string } = {}) {
  const { userId } = changeAccountInputSchema.parse(input);
  const target = await loadTarget(services, actor, userId);
  assertCanResetSecondFactor(actor, target);
  assertRecentlyAuthenticated(services, actor);
  await services.db.$transaction(async (tx) => {
    const removed = await tx.totpCredential.deleteMany({ where: { userId } });
    if (removed.count !== 1) throw conflict("That person has no two-factor sign-in to reset. They set it up at their next sign-in.");
    const codes = await tx.recoveryCode.deleteMany({ where: { userId } });
    await tx.totpUsedStep.deleteMany({ where: { userId } });
    await tx.pendingSignIn.deleteMany({ where: { userId } });
    await tx.session.deleteMany({ where: { userId } });
    await recordAudit(tx, actor, { action: "user.reset_second_factor", entityType: "user", entityId: userId, detail: { agencyId: target.agencyId, recoveryCodesRemoved: codes.count } }, meta.requestId);
  });
  services.realtime.endUserConnections(userId, "second-factor-reset");
  services.realtime.agencyUsersChanged(target.agencyId);
  return { userId };
}
