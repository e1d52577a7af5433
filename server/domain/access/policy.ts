// The one place that decides who may do what. Every door reaches these functions through the
// domain; nothing else checks roles or agencies.
import { forbidden, unauthenticated } from "../errors";
import type { Actor } from "./actor";
import type { RoleName } from "./roles";

export type Action = "read" | "invite" | "deactivate" | "create" | "decide" | "signoff" | "manage" | "convene" | "respond" | "complete" | "raise" | "resolve" | "tag";
export type Entity = "agency" | "user" | "audit" | "figures" | "contact" | "threshold" | "calendar" | "meeting" | "action" | "disagreement";

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

// ---- The front door -------------------------------------------------------------------------
// Council children's social care is the front door: its staff see every contact, record
// contacts on behalf of other agencies, and decide thresholds. Everyone else sees only contacts
// their own agency made.

export function isCouncil(actor: Actor): boolean {
  return actor.agencyKind === "CHILDRENS_SOCIAL_CARE";
}

/** How far the actor's sight of contacts reaches: every contact, their agency's, or none. */
export function contactReach(actor: Actor): "all" | "own_agency" | "none" {
  if (scopeOf(actor, "read", "contact").kind === "none") return "none";
  return isCouncil(actor) ? "all" : "own_agency";
}

/** A Prisma `where` for the contacts the actor may see. */
export function contactFilter(actor: Actor): { sourceAgencyId?: string } {
  if (scopeOf(actor, "read", "contact").kind === "none") throw forbidden();
  return isCouncil(actor) ? {} : { sourceAgencyId: actor.agencyId };
}

export function canSeeContact(actor: Actor, contact: { sourceAgencyId: string }): boolean {
  if (scopeOf(actor, "read", "contact").kind === "none") return false;
  return isCouncil(actor) || contact.sourceAgencyId === actor.agencyId;
}

export function assertCanRecordContactFor(actor: Actor, sourceAgencyId: string): void {
  if (scopeOf(actor, "create", "contact").kind === "none") throw forbidden();
  if (sourceAgencyId !== actor.agencyId && !isCouncil(actor)) {
    throw forbidden("Only the council's front door can record a contact on behalf of another agency.");
  }
}

export function assertCanDecideThreshold(actor: Actor): void {
  if (!isCouncil(actor) || !can(actor, "decide", "threshold")) throw forbidden("Only council children's social care staff record threshold decisions.");
}

export function assertCanSignOffThreshold(actor: Actor): void {
  if (!isCouncil(actor) || !can(actor, "signoff", "threshold")) throw forbidden("Only a council manager can sign off a threshold decision.");
}

// ---- Strategy meetings ----------------------------------------------------------------------
// Council children's social care staff convene and see every meeting; any other agency's
// practitioners and managers see, answer and join only the meetings their agency is invited to.

export function meetingReach(actor: Actor): "all" | "own_agency" | "none" {
  if (scopeOf(actor, "read", "meeting").kind === "none") return "none";
  return isCouncil(actor) ? "all" : "own_agency";
}

export function assertCanConveneMeeting(actor: Actor): void {
  if (!isCouncil(actor) || !can(actor, "convene", "meeting")) throw forbidden("Only council children's social care staff convene strategy meetings.");
}

/** Whether the actor may see a meeting, given the agencies invited to it. */
export function canSeeMeeting(actor: Actor, invitedAgencyIds: readonly string[]): boolean {
  if (scopeOf(actor, "read", "meeting").kind === "none") return false;
  return isCouncil(actor) || invitedAgencyIds.includes(actor.agencyId);
}

/** A Prisma `where` for the meetings the actor may see. */
export function meetingFilter(actor: Actor) {
  if (scopeOf(actor, "read", "meeting").kind === "none") throw forbidden();
  return isCouncil(actor) ? {} : { invitations: { some: { agencyId: actor.agencyId } } };
}

export function assertCanRespondForAgency(actor: Actor, agencyId: string): void {
  if (!can(actor, "respond", "meeting", { agencyId })) throw forbidden("Only people of the invited agency can answer its invitation.");
}

export function assertIsMeetingChair(actor: Actor, meeting: { chairId: string }): void {
  if (meeting.chairId !== actor.userId) throw forbidden("Only the meeting's chair can do that.");
}

export function assertCanCompleteAction(actor: Actor, action: { owningAgencyId: string }): void {
  if (!can(actor, "complete", "action", { agencyId: action.owningAgencyId })) throw forbidden("Only the owning agency can mark this action done.");
}

// ---- Disagreements --------------------------------------------------------------------------
// Who sees and who acts on a disagreement, stage by stage of the partnership's ladder, lives in
// ./disagreements.ts (docs/decisions/0018); re-exported here for the other doors.
export { canSeeDisagreement, disagreementAbilities, disagreementFilter, disagreementReach, disagreementSide, type DisagreementAbilities } from "./disagreements";
