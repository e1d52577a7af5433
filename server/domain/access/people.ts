// Who is told or may be chosen: people selected by the permissions they hold, read from the
// role_permission rows (a grant with an agency kind selects only people of agencies of that kind).
import type { Prisma } from "../../db/generated/client";
import type { Db, Tx } from "../../db/connect";
import type { Action, Entity } from "./permissions";

/** A Prisma `where` for active people holding `action` on `entity` (at any access). */
export async function holdersOf(db: Db | Tx, action: Action, entity: Entity): Promise<Prisma.UserWhereInput> {
  const grants = await db.rolePermission.findMany({ where: { permission: { action, entity } }, select: { roleId: true, agencyKind: true } });
  return {
    isActive: true,
    OR: grants.map((g) => ({ roles: { some: { roleId: g.roleId } }, ...(g.agencyKind ? { agency: { kind: g.agencyKind } } : {}) })),
  };
}

// Who may chair a strategy meeting: meetingChairsWhere in access/chairs.ts (a setting).

/** The people of the given agencies who take part in meetings: minutes and invitations go to them. */
export async function meetingParticipantsWhere(db: Db | Tx, agencyIds: readonly string[]): Promise<Prisma.UserWhereInput> {
  return { AND: [{ agencyId: { in: [...agencyIds] } }, await holdersOf(db, "respond", "meeting")] };
}

/** Invitation emails go to each agency's managers, or to its practitioners if it has no manager. */
export async function meetingInvitationRecipients(tx: Tx, agencyIds: readonly string[]): Promise<string[]> {
  const users = await tx.user.findMany({
    where: await meetingParticipantsWhere(tx, agencyIds),
    select: { email: true, agencyId: true, roles: { select: { role: { select: { name: true } } } } },
  });
  return agencyIds.flatMap((agencyId) => {
    const ofAgency = users.filter((u) => u.agencyId === agencyId);
    const managers = ofAgency.filter((u) => u.roles.some((r) => r.role.name === "manager"));
    return (managers.length ? managers : ofAgency).map((u) => u.email);
  });
}

/**
 * Who is told about a disagreement at a stage: at stage 1 the receiving agency's participants;
 * at stages 2 and 3 the managers (named leads) of both sides; at stage 4 also the partnership chair.
 */
export async function disagreementStageAudienceWhere(db: Db | Tx, d: { raisingAgencyId: string; receivingAgencyId: string }, stage: number): Promise<Prisma.UserWhereInput> {
  if (stage === 1) return { AND: [{ agencyId: d.receivingAgencyId }, await holdersOf(db, "raise", "disagreement")] };
  const leads: Prisma.UserWhereInput = { AND: [{ agencyId: { in: [d.raisingAgencyId, d.receivingAgencyId] } }, await holdersOf(db, "manage", "disagreement")] };
  return stage === 4 ? { OR: [leads, await holdersOf(db, "resolve", "disagreement")] } : leads;
}
