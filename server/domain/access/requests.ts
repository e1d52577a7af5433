// Strategy discussion requests (decision record 0020). Reach is data (role_permission): any
// practitioner or manager holds "create:request:own_agency" and "read:request:own_agency" (their
// agency's requests); council children's social care staff hold "read:request:any" and
// "decide:request:any" (the front door sees every request and convenes or declines it).
import { forbidden } from "../errors";
import type { Actor } from "./actor";
import { accessOf, can } from "./permissions";

export function requestReach(actor: Actor): "all" | "own_agency" | "none" {
  const access = accessOf(actor, "read", "request");
  return access === "any" ? "all" : access ? "own_agency" : "none";
}

/** A Prisma `where` for the requests the actor may see. */
export function requestFilter(actor: Actor): { requestingAgencyId?: string } {
  const reach = requestReach(actor);
  if (reach === "none") throw forbidden();
  return reach === "all" ? {} : { requestingAgencyId: actor.agencyId };
}

export function canSeeRequest(actor: Actor, request: { requestingAgencyId: string }): boolean {
  const reach = requestReach(actor);
  return reach === "all" || (reach === "own_agency" && request.requestingAgencyId === actor.agencyId);
}

/**
 * What the actor may do with requests. The front door, which decides whether to hold a
 * discussion, does not ask itself for one: it convenes.
 */
export function requestAbilities(actor: Actor) {
  const canDecide = can(actor, "decide", "request");
  return {
    canSee: requestReach(actor) !== "none",
    canRequest: can(actor, "create", "request") && !canDecide,
    canDecide,
  };
}
export type RequestAbilities = ReturnType<typeof requestAbilities>;

export function assertCanRequestDiscussion(actor: Actor): void {
  if (!requestAbilities(actor).canRequest) throw forbidden("Only a partner agency's practitioners ask the council for a strategy discussion.");
}

export function assertCanDecideRequest(actor: Actor): void {
  if (!requestAbilities(actor).canDecide) throw forbidden("Only the council's front door convenes or declines a strategy discussion request.");
}
