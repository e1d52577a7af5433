// The signed-in person, as every policy decision sees them.
import type { AgencyKind } from "../../db/generated/enums";
import { Prisma } from "../../db/generated/client";
import { preparedQuery, type Db } from "../../db/connect";
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

/** A session row as validation needs it, with its user's standing and the settings asked for. */
export interface SessionWithActor {
  session: { id: string; userId: string; createdAt: Date; lastSeenAt: Date; authenticatedAt: Date };
  userIsActive: boolean;
  /** The stored values of the setting keys asked for (absent when not stored). */
  settings: Record<string, unknown>;
  /** The session's user with their roles and permissions; null when they are deactivated. */
  actor: Actor | null;
}

interface SessionActorRow {
  id: string;
  user_id: string;
  created_at: Date;
  last_seen_at: Date;
  authenticated_at: Date;
  is_active: boolean;
  display_name: string;
  email: string;
  agency_id: string;
  agency_name: string;
  agency_kind: AgencyKind;
  roles: string[];
  permissions: string[];
  settings: Record<string, unknown> | null;
}

/**
 * The session, its user's roles and permissions (the grants for their agency's kind only, as
 * `loadActor`) and the given settings, in one round trip to the database. Every request and
 * socket event validates its session, so this is the hottest query Concord has: three queries
 * (session, settings, actor) were most of a list request's cost. Nothing is cached: a role
 * change, a deactivation or a sign-out applies to the very next request, on any node.
 * See docs/decisions/0032-api-request-cost.md.
 */
export async function loadSessionWithActor(db: Db, sessionId: string, settingKeys: readonly string[]): Promise<SessionWithActor | null> {
  // A prepared statement: every API request and every socket event runs it (decision 0043).
  const rows = await preparedQuery<SessionActorRow>(db, Prisma.sql`
    SELECT s.id, s.user_id, s.created_at, s.last_seen_at, s.authenticated_at,
           u.is_active, u.display_name, u.email, a.id AS agency_id, a.name AS agency_name, a.kind::text AS agency_kind,
           ARRAY(SELECT r.name FROM user_role ur JOIN role r ON r.id = ur.role_id WHERE ur.user_id = u.id ORDER BY r.name) AS roles,
           ARRAY(SELECT DISTINCT p.action || ':' || p.entity || ':' || p.access
                 FROM user_role ur JOIN role_permission rp ON rp.role_id = ur.role_id JOIN permission p ON p.id = rp.permission_id
                 WHERE ur.user_id = u.id AND (rp.agency_kind IS NULL OR rp.agency_kind = a.kind)) AS permissions,
           (SELECT jsonb_object_agg(st.key, st.value) FROM setting st WHERE st.key = ANY(${[...settingKeys]}::text[])) AS settings
    FROM "session" s JOIN app_user u ON u.id = s.user_id JOIN agency a ON a.id = u.agency_id
    WHERE s.id = ${sessionId}`);
  const row = rows[0];
  if (!row) return null;
  return {
    session: { id: row.id, userId: row.user_id, createdAt: row.created_at, lastSeenAt: row.last_seen_at, authenticatedAt: row.authenticated_at },
    userIsActive: row.is_active,
    settings: row.settings ?? {},
    actor: row.is_active
      ? {
          userId: row.user_id,
          displayName: row.display_name,
          email: row.email,
          agencyId: row.agency_id,
          agencyName: row.agency_name,
          agencyKind: row.agency_kind,
          roles: row.roles as RoleName[],
          permissions: new Set(row.permissions),
          authenticatedAt: row.authenticated_at,
        }
      : null,
  };
}

/** Whether two loads of one person grant the same access (agency, roles, permissions). */
export function sameAccess(a: Actor, b: Actor): boolean {
  const sorted = (values: Iterable<string>) => [...values].sort().join("\n");
  return a.userId === b.userId && a.agencyId === b.agencyId && sorted(a.roles) === sorted(b.roles) && sorted(a.permissions) === sorted(b.permissions);
}
