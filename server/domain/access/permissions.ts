// Permissions as data: "action:entity:access" strings loaded with the actor (see actor.ts and the
// role_permission table). Everything else in this folder reads them through these functions.
import { forbidden, unauthenticated } from "../errors";
import type { Actor } from "./actor";

export type Action = "read" | "invite" | "approve" | "deactivate" | "reactivate" | "create" | "decide" | "signoff" | "manage" | "convene" | "respond" | "complete" | "raise" | "resolve" | "tag" | "export" | "review" | "reset" | "grade";
export type Entity = "agency" | "user" | "audit" | "identity_provider" | "figures" | "contact" | "threshold" | "calendar" | "meeting" | "action" | "disagreement" | "request" | "case" | "access_log" | "hold" | "second_factor" | "audit_round" | "learning_action" | "disagreement_summary";

/**
 * How far a permission reaches, as the data names it: every record, the actor's agency's records,
 * the meetings their agency is invited to, the disagreements their agency is a party to, the
 * decisions their agency graded in a joint audit round (an auditor's disagreements, decision 0038).
 */
export type Access = "any" | "own_agency" | "invited" | "party" | "audited";
const NARROW: readonly Access[] = ["own_agency", "invited", "party", "audited"];

/** The widest access the actor holds for `action` on `entity`, or null if none. */
export function accessOf(actor: Actor, action: Action, entity: Entity): Access | null {
  if (actor.permissions.has(`${action}:${entity}:any`)) return "any";
  return NARROW.find((access) => actor.permissions.has(`${action}:${entity}:${access}`)) ?? null;
}

/** How far an actor's permission reaches: every agency, only their own, or not at all. */
export type Scope = { kind: "any" } | { kind: "agency"; agencyId: string } | { kind: "none" };

export function scopeOf(actor: Actor, action: Action, entity: Entity): Scope {
  const access = accessOf(actor, action, entity);
  if (access === "any") return { kind: "any" };
  if (access) return { kind: "agency", agencyId: actor.agencyId };
  return { kind: "none" };
}

/** May the actor do this at all (to some agency's records)? */
export function can(actor: Actor, action: Action, entity: Entity, target?: { agencyId: string }): boolean {
  const scope = scopeOf(actor, action, entity);
  if (scope.kind === "none") return false;
  if (scope.kind === "agency" && target) return target.agencyId === scope.agencyId;
  return true;
}

export function assertCan(actor: Actor, action: Action, entity: Entity, target?: { agencyId: string }): void {
  if (!can(actor, action, entity, target)) throw forbidden();
}

/** A Prisma `where` fragment limiting rows with an `agencyId` column to the actor's scope. */
export function agencyFilter(actor: Actor, action: Action, entity: Entity): { agencyId?: string } {
  const scope = scopeOf(actor, action, entity);
  if (scope.kind === "none") throw forbidden();
  return scope.kind === "agency" ? { agencyId: scope.agencyId } : {};
}

export function requireActor(actor: Actor | null): Actor {
  if (!actor) throw unauthenticated();
  return actor;
}
