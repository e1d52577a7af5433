// Who chairs a strategy meeting (decision record 0020): a children's social care manager
// (DOMAIN.md, "Who chairs"). Which roles may chair is a partnership setting, `meeting.chairRoles`,
// chosen among the roles that may convene a meeting; the default is managers.
import type { Prisma } from "../../db/generated/client";
import type { Db, Tx } from "../../db/connect";
import { ROLE_LABELS, roleNameSchema, type RoleName } from "./roles";
import { holdersOf } from "./people";

export const MEETING_CHAIR_ROLES = "meeting.chairRoles";
export const DEFAULT_MEETING_CHAIR_ROLES: readonly RoleName[] = ["manager"];

/** The roles that may be chosen to chair: those that hold "convene:meeting" somewhere. */
export async function chairRoleOptions(db: Db | Tx): Promise<{ name: RoleName; label: string }[]> {
  const grants = await db.rolePermission.findMany({ where: { permission: { action: "convene", entity: "meeting" } }, select: { role: { select: { name: true } } } });
  const names = new Set(grants.map((g) => g.role.name));
  return roleNameSchema.options.filter((name) => names.has(name)).map((name) => ({ name, label: ROLE_LABELS[name] }));
}

/** The roles that chair, as set; the default when unset or no longer valid. */
export async function meetingChairRoles(db: Db | Tx): Promise<RoleName[]> {
  const row = await db.setting.findUnique({ where: { key: MEETING_CHAIR_ROLES }, select: { value: true } });
  const parsed = roleNameSchema.array().safeParse(row?.value);
  const options = new Set((await chairRoleOptions(db)).map((o) => o.name));
  const roles = parsed.success ? parsed.data.filter((name) => options.has(name)) : [];
  return roles.length ? roles : [...DEFAULT_MEETING_CHAIR_ROLES];
}

/** "manager", "practitioner or manager": the chair roles, for messages. */
export function describeChairRoles(roles: readonly RoleName[]): string {
  const labels = roles.map((name) => ROLE_LABELS[name].toLowerCase());
  return labels.length > 1 ? `${labels.slice(0, -1).join(", ")} or ${labels.at(-1)}` : (labels[0] ?? "");
}

/** A Prisma `where` for who may chair: active people who may convene and hold a chair role. */
export async function meetingChairsWhere(db: Db | Tx): Promise<Prisma.UserWhereInput> {
  const roles = await meetingChairRoles(db);
  return { AND: [await holdersOf(db, "convene", "meeting"), { roles: { some: { role: { name: { in: roles } } } } }] };
}
