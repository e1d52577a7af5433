// Learning actions (issue 17, decision 0038). Reach is data (role_permission):
// - the partnership chair and business manager ("manage:learning_action:any") create them for any
//   agency, from an audit finding, a disagreement, a theme or a meeting, and read them all, as does
//   the scrutineer ("read:learning_action:any");
// - an agency's managers ("read:learning_action:own_agency", "complete:learning_action:own_agency")
//   see their agency's actions and record the evidence that completes them.
import { forbidden } from "../errors";
import type { Actor } from "./actor";
import { accessOf, can } from "./permissions";

export function learningActionReach(actor: Actor): "all" | "own_agency" | "none" {
  const access = accessOf(actor, "read", "learning_action");
  return access === "any" ? "all" : access ? "own_agency" : "none";
}

/** A Prisma `where` for the learning actions the actor may see. */
export function learningActionFilter(actor: Actor): { owningAgencyId?: string } {
  const reach = learningActionReach(actor);
  if (reach === "none") throw forbidden();
  return reach === "all" ? {} : { owningAgencyId: actor.agencyId };
}

export function canSeeLearningAction(actor: Actor, action: { owningAgencyId: string }): boolean {
  const reach = learningActionReach(actor);
  return reach === "all" || (reach === "own_agency" && action.owningAgencyId === actor.agencyId);
}

export function learningActionAbilities(actor: Actor, action?: { owningAgencyId: string; state: "OPEN" | "COMPLETED" }) {
  return {
    canSee: learningActionReach(actor) !== "none",
    canCreate: can(actor, "manage", "learning_action"),
    canComplete: !!action && action.state === "OPEN" && accessOf(actor, "complete", "learning_action") !== null && action.owningAgencyId === actor.agencyId,
  };
}
export type LearningActionAbilities = ReturnType<typeof learningActionAbilities>;

export function assertCanCreateLearningAction(actor: Actor): void {
  if (!can(actor, "manage", "learning_action")) throw forbidden("Only the partnership's business manager or chair sets learning actions.");
}

export function assertCanCompleteLearningAction(actor: Actor, action: { owningAgencyId: string }): void {
  if (accessOf(actor, "complete", "learning_action") === null || action.owningAgencyId !== actor.agencyId) {
    throw forbidden("Only a manager of the owning agency records that a learning action is complete.");
  }
}
