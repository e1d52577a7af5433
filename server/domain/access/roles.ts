// The roles Concord knows. Their permissions are data (tables role, permission,
// role_permission, seeded by migration); these names are what the code refers to.
import { z } from "zod";

export const ROLE_NAMES = ["practitioner", "manager", "agency_admin", "partnership_chair", "system_admin", "auditor", "scrutineer"] as const;
export type RoleName = (typeof ROLE_NAMES)[number];
export const roleNameSchema = z.enum(ROLE_NAMES);

export const ROLE_LABELS: Record<RoleName, string> = {
  practitioner: "Practitioner",
  manager: "Manager",
  agency_admin: "Agency administrator",
  partnership_chair: "Partnership chair",
  system_admin: "System administrator",
  auditor: "Auditor",
  scrutineer: "Scrutineer",
};

/** The page each role lands on after signing in, most senior first. */
const LANDING_PAGES: [RoleName, string][] = [
  ["system_admin", "/system/audit"],
  ["partnership_chair", "/partnership"],
  ["agency_admin", "/administration"],
  ["manager", "/team"],
  ["practitioner", "/work"],
  // Joint audit (decision 0038): auditors land on the rounds waiting for their grades; the
  // independent scrutineer on the read-only scrutiny overview.
  ["auditor", "/audits"],
  ["scrutineer", "/scrutiny"],
];

export function landingPathFor(roles: readonly RoleName[]): string {
  return LANDING_PAGES.find(([role]) => roles.includes(role))?.[1] ?? "/account";
}
