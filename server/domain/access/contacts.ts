// The front door. Who holds which reach is data (role_permission): council children's social
// care staff hold "read:contact:any", "create:contact:any" and "decide:threshold:any"; a
// practitioner elsewhere holds "read:contact:own_agency", i.e. the contacts their agency made.
import { forbidden } from "../errors";
import type { Actor } from "./actor";
import { accessOf, can } from "./permissions";

/** How far the actor's sight of contacts reaches: every contact, their agency's, or none. */
export function contactReach(actor: Actor): "all" | "own_agency" | "none" {
  const access = accessOf(actor, "read", "contact");
  return access === "any" ? "all" : access ? "own_agency" : "none";
}

/** The front door: those who see every contact, link contacts to case records and see those links. */
export function isFrontDoor(actor: Actor): boolean {
  return contactReach(actor) === "all";
}

/** A Prisma `where` for the contacts the actor may see. */
export function contactFilter(actor: Actor): { sourceAgencyId?: string } {
  const reach = contactReach(actor);
  if (reach === "none") throw forbidden();
  return reach === "all" ? {} : { sourceAgencyId: actor.agencyId };
}

export function canSeeContact(actor: Actor, contact: { sourceAgencyId: string }): boolean {
  const reach = contactReach(actor);
  return reach === "all" || (reach === "own_agency" && contact.sourceAgencyId === actor.agencyId);
}

/**
 * What the actor may do at the front door, so pages offer only the forms that will work; with a
 * contact, also whether they may see that one.
 */
export function contactAbilities(actor: Actor, contact?: { sourceAgencyId: string }) {
  return {
    reach: contactReach(actor),
    canRecord: can(actor, "create", "contact"),
    canRecordOnBehalf: accessOf(actor, "create", "contact") === "any",
    /** Gives the council's case reference, linking a contact to the case record. */
    canLinkCase: isFrontDoor(actor),
    canDecide: can(actor, "decide", "threshold"),
    canSignOff: can(actor, "signoff", "threshold"),
    /** Records that the referrer was told the decision (the front door's own follow-through). */
    canRecordFeedback: can(actor, "decide", "threshold"),
    ...(contact ? { canSee: canSeeContact(actor, contact) } : {}),
  };
}
export type ContactAbilities = ReturnType<typeof contactAbilities>;

export function assertCanRecordContactFor(actor: Actor, sourceAgencyId: string): void {
  const abilities = contactAbilities(actor);
  if (!abilities.canRecord) throw forbidden();
  if (sourceAgencyId !== actor.agencyId && !abilities.canRecordOnBehalf) {
    throw forbidden("Only the council's front door can record a contact on behalf of another agency.");
  }
}

export function assertCanDecideThreshold(actor: Actor): void {
  if (!contactAbilities(actor).canDecide) throw forbidden("Only council children's social care staff record threshold decisions.");
}

export function assertCanSignOffThreshold(actor: Actor): void {
  if (!contactAbilities(actor).canSignOff) throw forbidden("Only a council manager can sign off a threshold decision.");
}
