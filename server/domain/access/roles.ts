// The roles Concord knows. Their permissions are data (tables role, permission,
// role_permission, seeded by migration); these names are what the code refers to.
import { z } from "zod";

export const ROLE_NAMES = ["practitioner", "manager", "agency_admin", "partnership_chair", "system_admin"] as const;
export type RoleName = (typeof ROLE_NAMES)[number];
export const roleNameSchema = z.enum(ROLE_NAMES);

export const ROLE_LABELS: Record<RoleName, string> = {
  practitioner: "Practitioner",
  manager: "Manager",
  agency_admin: "Agency administrator",
  partnership_chair: "Partnership chair",
  system_admin: "System administrator",
};

/** The page each role lands on after signing in, most senior first. */
const LANDING_PAGES: [RoleName, string][] = [
  ["system_admin", "/system/audit"],
  ["partnership_chair", "/partnership"],
  ["agency_admin", "/administration"],
  ["manager", "/team"],
  ["practitioner", "/work"],
];

export function landingPathFor(roles: readonly RoleName[]): string {
  return LANDING_PAGES.find(([role]) => roles.includes(role))?.[1] ?? "/account";
}
