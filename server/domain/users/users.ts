// People of an agency: listing and deactivation. An agency administrator acts on their own
// agency only; a system administrator on every agency.
import { z } from "zod";
import type { Services } from "../services";
import type { Actor } from "../access/actor";
import { agencyFilter, assertCan, scopeOf } from "../access/policy";
import type { RoleName } from "../access/roles";
import { recordAudit } from "../audit/audit";
import { conflict, invalid, notFound } from "../errors";

export const listUsersInputSchema = z.object({ agencyId: z.uuid().optional() }).default({});

export async function listUsers(services: Services, actor: Actor, input: z.input<typeof listUsersInputSchema> = {}) {
  const { agencyId } = listUsersInputSchema.parse(input);
  const scope = agencyFilter(actor, "read", "user");
  if (agencyId && scope.agencyId && agencyId !== scope.agencyId) assertCan(actor, "read", "user", { agencyId });
  const where = { ...scope, ...(agencyId ? { agencyId } : {}) };
  const [users, invitations] = await Promise.all([
    services.db.user.findMany({
      where,
      orderBy: [{ isActive: "desc" }, { displayName: "asc" }],
      select: {
        id: true,
        displayName: true,
        email: true,
        jobTitle: true,
        isActive: true,
        agency: { select: { id: true, name: true } },
        roles: { select: { role: { select: { name: true } } } },
      },
    }),
    services.db.accountInvitation.findMany({
      where: { ...where, acceptedAt: null, revokedAt: null, expiresAt: { gt: services.clock.now() } },
      orderBy: { createdAt: "desc" },
      select: { id: true, displayName: true, email: true, expiresAt: true, agency: { select: { name: true } }, roles: { select: { role: { select: { name: true } } } } },
    }),
  ]);
  return {
    canInvite: scopeOf(actor, "invite", "user").kind !== "none",
    canDeactivate: scopeOf(actor, "deactivate", "user").kind !== "none",
    users: users.map((u) => ({ ...u, roles: u.roles.map((r) => r.role.name as RoleName) })),
    pendingInvitations: invitations.map((i) => ({ ...i, roles: i.roles.map((r) => r.role.name as RoleName) })),
  };
}

export const deactivateUserInputSchema = z.object({ userId: z.uuid({ error: "Choose a person" }) });

/** Deactivate a user: their sessions end and their live connections close at once. */
export async function deactivateUser(services: Services, actor: Actor, input: z.input<typeof deactivateUserInputSchema>, meta: { requestId?: string } = {}) {
  const { userId } = deactivateUserInputSchema.parse(input);
  const { db, clock } = services;
  const target = await db.user.findUnique({ where: { id: userId }, select: { id: true, agencyId: true, isActive: true } });
  // Someone outside the actor's reach gets "not found", not a hint that the account exists.
  if (!target || scopeOf(actor, "read", "user").kind === "none") throw notFound("That person");
  assertCan(actor, "deactivate", "user", { agencyId: target.agencyId });
  if (target.id === actor.userId) throw invalid("You cannot deactivate your own account.");
  await db.$transaction(async (tx) => {
    const changed = await tx.user.updateMany({ where: { id: userId, isActive: true }, data: { isActive: false, deactivatedAt: clock.now() } });
    if (changed.count !== 1) throw conflict("That account is already deactivated.");
    await tx.session.deleteMany({ where: { userId } });
    await recordAudit(tx, actor, { action: "user.deactivate", entityType: "user", entityId: userId, detail: { agencyId: target.agencyId } }, meta.requestId);
  });
  services.realtime.endUserConnections(userId, "deactivated");
  services.realtime.agencyUsersChanged(target.agencyId);
  return { userId };
}
