// What a person's home page lists: the kinds of work their permissions let them act on. The home
// domain (server/domain/home/tasks.ts) asks this, never the roles, so one person holding two roles
// (a chair who is also the business manager and an administrator) sees both sets of work.
import type { Actor } from "./actor";
import { accessOf, can } from "./permissions";
import { contactReach } from "./contacts";
import { meetingReach } from "./meetings";
import { requestAbilities } from "./requests";

export const HOME_SECTIONS = [
  // Partners (and anyone whose agency is invited to meetings).
  "invitationsToAnswer",
  "meetingsSoon",
  "agencyActions",
  "disagreementsWaiting",
  "newDecisions",
  // The council's front door.
  "contactsAwaitingDecision",
  "decisionsNeedingMeeting",
  "referrerNotTold",
  "discussionRequests",
  // Managers.
  "decisionsAwaitingSignOff",
  "teamOverdueWork",
  // An agency's managers: the learning actions their agency owns (docs/decisions/0039).
  "agencyLearningActions",
  // The partnership chair.
  "agenciesBelowThreshold",
  "disagreementsOverdueOrLast",
  "minutesOverdue",
  // The partnership chair and business manager follow the learning actions they set.
  "learningActionsOverdue",
  "learningActionsDueSoon",
  // Agency administrators.
  "invitationsPending",
  "invitationsToApprove",
  "accountsToReview",
  // Each agency's managers and administrators: the periodic access review.
  "accessReviewDue",
  // Joint audit (decision 0038): auditors grade; the partnership moderates.
  "auditRoundsToGrade",
  "auditRoundsToModerate",
] as const;
export type HomeSection = (typeof HOME_SECTIONS)[number];

/** The sections of work this person can act on, in the order the page shows them. */
export function homeSections(actor: Actor): Set<HomeSection> {
  const sections = new Set<HomeSection>();
  const add = (when: boolean, ...names: HomeSection[]) => when && names.forEach((n) => sections.add(n));
  const answersForOwnAgency = accessOf(actor, "respond", "meeting") === "own_agency";
  // Council staff record answers for any agency; their own agency convenes, so it has nothing to answer.
  add(answersForOwnAgency, "invitationsToAnswer");
  add(meetingReach(actor) !== "none", "meetingsSoon");
  add(can(actor, "complete", "action"), "agencyActions");
  add(can(actor, "raise", "disagreement"), "disagreementsWaiting");
  add(contactReach(actor) === "own_agency", "newDecisions");
  add(can(actor, "decide", "threshold"), "contactsAwaitingDecision");
  add(can(actor, "convene", "meeting"), "decisionsNeedingMeeting");
  // Whoever decides on contacts tells the referrer (docs/decisions/0037).
  add(can(actor, "decide", "threshold"), "referrerNotTold");
  add(requestAbilities(actor).canDecide, "discussionRequests");
  add(can(actor, "signoff", "threshold"), "decisionsAwaitingSignOff");
  add(teamOverdueWork(actor) !== null, "teamOverdueWork");
  // The partnership watches the whole partnership: it determines disagreements and reads every figure.
  add(can(actor, "resolve", "disagreement"), "disagreementsOverdueOrLast", "agenciesBelowThreshold", "minutesOverdue");
  add(accessOf(actor, "complete", "learning_action") !== null, "agencyLearningActions");
  add(can(actor, "manage", "learning_action"), "learningActionsOverdue", "learningActionsDueSoon");
  add(can(actor, "invite", "user"), "invitationsPending", "accountsToReview");
  add(can(actor, "approve", "user"), "invitationsToApprove");
  add(can(actor, "review", "user"), "accessReviewDue");
  add(can(actor, "grade", "audit_round"), "auditRoundsToGrade");
  add(can(actor, "manage", "audit_round"), "auditRoundsToModerate");
  return sections;
}

/** Whose invitations and accounts an administrator looks after: their own agency's, or everyone's. */
export function peopleScope(actor: Actor): { agencyId?: string } {
  return accessOf(actor, "invite", "user") === "any" ? {} : { agencyId: actor.agencyId };
}

/**
 * What a manager watches as their team's overdue work: a front-door manager (who signs off
 * threshold decisions) the contacts past their decision time; a partner agency's manager their
 * agency's actions past their due date. A manager is whoever reads their own agency's figures.
 */
export function teamOverdueWork(actor: Actor): "contacts" | "actions" | null {
  if (accessOf(actor, "read", "figures") !== "own_agency") return null;
  if (can(actor, "signoff", "threshold")) return "contacts";
  if (can(actor, "complete", "action")) return "actions";
  return null;
}
