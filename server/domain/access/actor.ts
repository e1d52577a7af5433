// The signed-in person, as every policy decision sees them.
import type { AgencyKind } from "../../db/generated/enums";
import type { Db } from "../../db/connect";
import type { RoleName } from "./roles";

export interface Actor {
  userId: string;
  displayName: string;
  email: string;
  agencyId: string;
  agencyName: string;
  agencyKind: AgencyKind;
  roles: RoleName[];
  /** "action:entity:access", e.g. "invite:user:own_agency": only the grants for this agency's kind. */
  permissions: ReadonlySet<string>;
  /**
   * When this session last proved who the person is (sign-in, or "Confirm it's you"); set by
   * the session check, absent for an actor loaded without a session. Sensitive actions need it
   * recent (../auth/reauthentication.ts).
   */
  authenticatedAt?: Date;
}

/** Load an active user with their roles and permissions in one query; null if inactive or gone. */
export async function loadActor(db: Db, userId: string): Promise<Actor | null> {
  const user = await db.user.findFirst({
    where: { id: userId, isActive: true },
    select: {
      id: true,
      displayName: true,
      email: true,
      agency: { select: { id: true, name: true, kind: true } },
      roles: {
        select: {
          role: {
            select: { name: true, permissions: { select: { agencyKind: true, permission: { select: { action: true, entity: true, access: true } } } } },
          },
        },
      },
    },
  });
  if (!user) return null;
  const permissions = new Set<string>();
  for (const { role } of user.roles) {
    // A grant with an agency kind applies only to people of agencies of that kind.
    for (const { agencyKind, permission } of role.permissions) {
      if (agencyKind === null || agencyKind === user.agency.kind) permissions.add(`${permission.action}:${permission.entity}:${permission.access}`);
    }
  }
  return {
    userId: user.id,
    displayName: user.displayName,
    email: user.email,
    agencyId: user.agency.id,
    agencyName: user.agency.name,
    agencyKind: user.agency.kind,
    roles: user.roles.map(({ role }) => role.name as RoleName),
    permissions,
  };
}

/** Whether two loads of one person grant the same access (agency, roles, permissions). */
export function sameAccess(a: Actor, b: Actor): boolean {
  const sorted = (values: Iterable<string>) => [...values].sort().join("\n");
  return a.userId === b.userId && a.agencyId === b.agencyId && sorted(a.roles) === sorted(b.roles) && sorted(a.permissions) === sorted(b.permissions);
}
