// The partnership's figures: the chair ("read:figures:any") sees every agency; a manager
// ("read:figures:own_agency") their own agency and the partnership totals; no one else any.
import { forbidden } from "../errors";
import type { Actor } from "./actor";
import { scopeOf } from "./permissions";

/** Which agency's figures the actor reads: every agency (optionally one chosen), or their own. */
export function figuresScope(actor: Actor, requestedAgencyId?: string) {
  const scope = scopeOf(actor, "read", "figures");
  if (scope.kind === "none") throw forbidden("The partnership's figures are for managers and the partnership chair.");
  if (scope.kind === "agency") {
    if (requestedAgencyId && requestedAgencyId !== scope.agencyId) throw forbidden("You can see your own agency's figures and the partnership's totals.");
    return { all: false, agencyId: scope.agencyId };
  }
  return { all: true, agencyId: requestedAgencyId };
}

/**
 * What the dashboard offers the actor. Teams are the council's front-door teams, so the team
 * filter is for those whose figures include the council's: the chair, and council managers.
 */
export function figuresAbilities(actor: Actor) {
  const scope = scopeOf(actor, "read", "figures");
  return {
    reach: scope.kind === "any" ? ("all" as const) : scope.kind === "agency" ? ("own_agency" as const) : ("none" as const),
    filterByCouncilTeam: scope.kind === "any" || (scope.kind === "agency" && actor.agencyKind === "CHILDRENS_SOCIAL_CARE"),
  };
}
