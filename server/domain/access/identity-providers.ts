// Who may configure an agency's single sign-on: its agency administrators (their own agency) and
// system administrators (any agency). Read and change alike: the page shows no secret.
import type { Actor } from "./actor";
import { can, scopeOf } from "./permissions";
import { forbidden } from "../errors";

/** The agencies whose identity provider the actor may configure: every agency, their own, or none. */
export function identityProviderScope(actor: Actor): { kind: "any" } | { kind: "agency"; agencyId: string } | { kind: "none" } {
  return scopeOf(actor, "manage", "identity_provider");
}

export function canManageIdentityProvider(actor: Actor, agency?: { agencyId: string }): boolean {
  return can(actor, "manage", "identity_provider", agency);
}

export function assertCanManageIdentityProvider(actor: Actor, agency?: { agencyId: string }): void {
  if (!canManageIdentityProvider(actor, agency)) throw forbidden();
}
