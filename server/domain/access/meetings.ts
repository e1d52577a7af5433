// Strategy meetings and their actions. Reach is data (role_permission): council children's social
// care staff hold "convene:meeting:any", "read:meeting:any" and "respond:meeting:any" (they record
// an answer given by phone); any other agency's practitioners and managers hold
// "read:meeting:invited" and "respond:meeting:own_agency".
import { forbidden } from "../errors";
import type { Actor } from "./actor";
import { accessOf, can } from "./permissions";

export function meetingReach(actor: Actor): "all" | "own_agency" | "none" {
  const access = accessOf(actor, "read", "meeting");
  return access === "any" ? "all" : access ? "own_agency" : "none";
}

/** Whether the actor may see a meeting, given the agencies invited to it. */
export function canSeeMeeting(actor: Actor, invitedAgencyIds: readonly string[]): boolean {
  const reach = meetingReach(actor);
  return reach === "all" || (reach === "own_agency" && invitedAgencyIds.includes(actor.agencyId));
}

/** A Prisma `where` for the meetings the actor may see. */
export function meetingFilter(actor: Actor) {
  const reach = meetingReach(actor);
  if (reach === "none") throw forbidden();
  return reach === "all" ? {} : { invitations: { some: { agencyId: actor.agencyId } } };
}

/**
 * What the actor may do with meetings, so pages offer only what will work; with a meeting, also
 * whether they chair it.
 */
export function meetingAbilities(actor: Actor, meeting?: { chairId: string }) {
  return {
    canConvene: can(actor, "convene", "meeting"),
    canSee: can(actor, "read", "meeting"),
    canCompleteActions: actionAbilities(actor).canComplete,
    /** Record the answer another invited agency gave by phone or email. */
    canRespondForOtherAgencies: accessOf(actor, "respond", "meeting") === "any",
    /** The council, which convenes, later records the outcome of a child's section 47 enquiry. */
    canRecordEnquiryOutcome: can(actor, "convene", "meeting"),
    ...(meeting ? { isChair: meeting.chairId === actor.userId } : {}),
  };
}
export type MeetingAbilities = ReturnType<typeof meetingAbilities>;

export function assertCanConveneMeeting(actor: Actor): void {
  if (!meetingAbilities(actor).canConvene) throw forbidden("Only council children's social care staff convene strategy meetings.");
}

export function assertCanRecordEnquiryOutcome(actor: Actor): void {
  if (!meetingAbilities(actor).canRecordEnquiryOutcome) throw forbidden("Only council children's social care staff record the outcome of a section 47 enquiry.");
}

/** Answer an agency's invitation, or join the meeting for one's own agency. */
export function canRespondForAgency(actor: Actor, agencyId: string): boolean {
  return can(actor, "respond", "meeting", { agencyId });
}

export function assertCanRespondForAgency(actor: Actor, agencyId: string): void {
  if (!canRespondForAgency(actor, agencyId)) throw forbidden("Only people of the invited agency can answer its invitation.");
}

export function assertIsMeetingChair(actor: Actor, meeting: { chairId: string }): void {
  if (!meetingAbilities(actor, meeting).isChair) throw forbidden("Only the meeting's chair can do that.");
}

/** Meeting actions: each agency marks its own actions done. */
export function actionAbilities(actor: Actor, action?: { owningAgencyId: string }) {
  return {
    canComplete: action ? can(actor, "complete", "action", { agencyId: action.owningAgencyId }) : can(actor, "complete", "action"),
  };
}

export function assertCanCompleteAction(actor: Actor, action: { owningAgencyId: string }): void {
  if (!actionAbilities(actor, action).canComplete) throw forbidden("Only the owning agency can mark this action done.");
}
