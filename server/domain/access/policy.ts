// The one place that decides who may do what. Every door reaches these functions through the
// domain; nothing else checks roles or agencies.
import { forbidden, unauthenticated } from "../errors";
import type { Actor } from "./actor";
import type { RoleName } from "./roles";

export type Action = "read" | "invite" | "deactivate";
export type Entity = "agency" | "user" | "audit" | "figures";

/** How far an actor's permission reaches: every agency, only their own, or not at all. */
export type Scope = { kind: "any" } | { kind: "agency"; agencyId: string } | { kind: "none" };

export function scopeOf(actor: Actor, action: Action, entity: Entity): Scope {
  if (actor.permissions.has(`${action}:${entity}:any`)) return { kind: "any" };
  if (actor.permissions.has(`${action}:${entity}:own_agency`)) return { kind: "agency", agencyId: actor.agencyId };
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

export function hasRole(actor: Actor, role: RoleName): boolean {
  return actor.roles.includes(role);
}

export function assertRole(actor: Actor, role: RoleName): void {
  if (!hasRole(actor, role)) throw forbidden("This page is for another role.");
}

export function requireActor(actor: Actor | null): Actor {
  if (!actor) throw unauthenticated();
  return actor;
}
