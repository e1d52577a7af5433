// Who must use a second factor at sign-in, and who may reset someone's. Like the rest of this
// folder, the only code that reads role names (decision 0015).
import { forbidden, invalid } from "../errors";
import type { Actor } from "./actor";
import { can } from "./permissions";
import type { RoleName } from "./roles";

/**
 * Roles that decide for others, administer the system or read across agencies: managers
 * (sign-offs, the ladder), partnership chairs (the whole partnership's figures), administrators
 * (accounts, settings), auditors (other agencies' contacts in audit rounds) and the scrutineer
 * (every disagreement's case reference). Their accounts must have an authenticator app (issue 15,
 * decision 0034; auditors and the scrutineer since decision 0038).
 */
const ROLES_NEEDING_SECOND_FACTOR: readonly RoleName[] = ["manager", "partnership_chair", "agency_admin", "system_admin", "auditor", "scrutineer"];

export interface SecondFactorPolicy {
  /** The setting "everyone uses two-factor sign-in". */
  everyone: boolean;
}

/** Whether this person must set up and use an authenticator app when signing in with a password. */
export function secondFactorRequired(person: { roles: readonly RoleName[] }, policy: SecondFactorPolicy): boolean {
  return policy.everyone || person.roles.some((role) => ROLES_NEEDING_SECOND_FACTOR.includes(role));
}

/** What the actor may do about another person's second factor. */
export function secondFactorAbilities(actor: Actor, target: { id: string }) {
  return { reset: target.id !== actor.userId && can(actor, "reset", "second_factor") };
}

export function assertCanResetSecondFactor(actor: Actor, target: { id: string }): void {
  if (!can(actor, "reset", "second_factor")) throw forbidden("Only a system administrator can reset someone's two-factor sign-in.");
  if (target.id === actor.userId) throw invalid("You cannot reset your own two-factor sign-in. Ask another system administrator.");
}
