// Joint audit rounds (issue 17, decision 0038). Reach is data (role_permission):
// - the partnership chair and business manager ("manage:audit_round:any") create rounds, moderate
//   them and agree findings; they and the scrutineer ("read:audit_round:any") read every round;
// - an agency's auditor ("grade:audit_round:own_agency", "read:audit_round:own_agency") reads the
//   rounds their agency takes part in and grades for their agency until it submits.
// Grades are independent: before every taking-part agency has submitted, a reader sees only their
// own agency's grades (a reader from no taking-part agency sees none).
import type { Prisma } from "../../db/generated/client";
import type { AgencyKind } from "../../db/generated/enums";
import { forbidden } from "../errors";
import type { Actor } from "./actor";
import { accessOf, can } from "./permissions";

export interface AuditRoundFacts {
  state: "GRADING" | "MODERATION" | "CLOSED";
  /** Agencies taking part, with whether each has submitted its grades. */
  agencies: readonly { agencyId: string; submitted: boolean }[];
}

export function auditRoundReach(actor: Actor): "all" | "taking_part" | "none" {
  const access = accessOf(actor, "read", "audit_round");
  return access === "any" ? "all" : access ? "taking_part" : "none";
}

/** A Prisma `where` for the rounds the actor may see. */
export function auditRoundFilter(actor: Actor): { agencies?: { some: { agencyId: string } } } {
  const reach = auditRoundReach(actor);
  if (reach === "none") throw forbidden();
  return reach === "all" ? {} : { agencies: { some: { agencyId: actor.agencyId } } };
}

export function canSeeAuditRound(actor: Actor, round: AuditRoundFacts): boolean {
  const reach = auditRoundReach(actor);
  return reach === "all" || (reach === "taking_part" && round.agencies.some((a) => a.agencyId === actor.agencyId));
}

/** Whose grades the actor may read in this round: everyone's once all have submitted, else only their own agency's. */
export function visibleGradeAgencies(actor: Actor, round: AuditRoundFacts): "all" | { agencyId: string } | "none" {
  if (!canSeeAuditRound(actor, round)) return "none";
  if (round.state !== "GRADING") return "all";
  return round.agencies.some((a) => a.agencyId === actor.agencyId) ? { agencyId: actor.agencyId } : "none";
}

/**
 * Whether the actor sees the sampled contacts' details (summary, decision rationale, what
 * followed): the auditors of taking-part agencies and the moderators do; the independent
 * scrutineer reads rounds with case references only (issue 17, item 6).
 */
export function seesAuditCaseDetail(actor: Actor, round: AuditRoundFacts): boolean {
  return can(actor, "manage", "audit_round") || (can(actor, "grade", "audit_round") && round.agencies.some((a) => a.agencyId === actor.agencyId));
}

/**
 * Whether a finding's words are shown where its round's case detail is not (a learning action's
 * source): a finding about one sampled contact is free text about a child, for the moderators; a
 * finding about the whole round is for everyone who reads the round or its learning actions.
 */
export function readsFindingText(actor: Actor, finding: { itemId: string | null }): boolean {
  return finding.itemId === null || can(actor, "manage", "audit_round");
}

/** What the actor may do with one round (or, without one, with rounds in general). */
export function auditRoundAbilities(actor: Actor, round?: AuditRoundFacts) {
  const manages = can(actor, "manage", "audit_round");
  const ownPart = round?.agencies.find((a) => a.agencyId === actor.agencyId);
  const gradesHere = !!round && round.state === "GRADING" && !!ownPart && !ownPart.submitted && can(actor, "grade", "audit_round");
  return {
    canSee: auditRoundReach(actor) !== "none",
    /** Grades for their agency in the rounds it takes part in (an auditor). */
    gradesForAgency: can(actor, "grade", "audit_round"),
    canCreate: manages,
    canGrade: gradesHere,
    canSubmit: gradesHere,
    canModerate: manages && round?.state === "MODERATION",
    /** A finding may start a disagreement or a learning action while the round is in moderation or closed. */
    canActOnFindings: manages && !!round && round.state !== "GRADING",
  };
}
export type AuditRoundAbilities = ReturnType<typeof auditRoundAbilities>;

export function assertCanCreateAuditRound(actor: Actor): void {
  if (!can(actor, "manage", "audit_round")) throw forbidden("Only the partnership's business manager or chair creates audit rounds.");
}

export function assertCanGrade(actor: Actor, round: AuditRoundFacts): void {
  if (!can(actor, "grade", "audit_round") || !round.agencies.some((a) => a.agencyId === actor.agencyId)) throw forbidden("Only an auditor of an agency taking part grades this round.");
}

export function assertCanModerate(actor: Actor): void {
  if (!can(actor, "manage", "audit_round")) throw forbidden("Only the partnership's business manager or chair moderates audit rounds.");
}

/** People who grade for an agency: active, holding "grade:audit_round" (a round needs one per taking-part agency). */
export function auditorsWhere(agencyId: string | readonly string[]): Prisma.UserWhereInput {
  return { isActive: true, agencyId: typeof agencyId === "string" ? agencyId : { in: [...agencyId] }, roles: { some: { role: { permissions: { some: { permission: { action: "grade", entity: "audit_round" } } } } } } };
}

/** The agencies a new round offers ticked: the three core agencies of Working Together (council, police, health). */
export function takesPartByDefault(agency: { kind: AgencyKind }): boolean {
  return agency.kind === "CHILDRENS_SOCIAL_CARE" || agency.kind === "POLICE" || agency.kind === "HEALTH";
}

/** Agencies that may take part in a round: those whose staff grade front-door decisions (not the partnership itself). */
export function mayTakePart(agency: { kind: AgencyKind }): boolean {
  return agency.kind !== "PARTNERSHIP";
}

/** Rounds waiting for the actor's agency's grades (the auditor's home section). */
export function roundsToGradeWhere(actor: Actor): Prisma.AuditRoundWhereInput | null {
  if (!can(actor, "grade", "audit_round")) return null;
  return { state: "GRADING", agencies: { some: { agencyId: actor.agencyId, submittedAt: null } } };
}

/**
 * A contact the actor's agency audited in a round that has left grading: the agency took part and
 * may challenge the decision it graded (decision 0038). Null when the actor grades no rounds.
 */
export function auditedContactWhere(actor: Actor, contactId: string): Prisma.AuditItemWhereInput | null {
  if (!can(actor, "grade", "audit_round")) return null;
  return { contactId, round: { state: { not: "GRADING" }, agencies: { some: { agencyId: actor.agencyId } } } };
}

/**
 * Whether the actor may raise a threshold disagreement from a finding: a person of a taking-part
 * agency other than the one that decided (the council), who raises disagreements for their
 * agency, about a finding on one contact not yet linked to a disagreement.
 */
export function canRaiseFromFinding(actor: Actor, round: AuditRoundFacts, finding: { itemId: string | null; disagreementId: string | null; decidingAgencyId: string | null }): boolean {
  return (
    round.state !== "GRADING" &&
    can(actor, "grade", "audit_round") &&
    can(actor, "raise", "disagreement") &&
    round.agencies.some((a) => a.agencyId === actor.agencyId) &&
    !!finding.itemId &&
    !finding.disagreementId &&
    !!finding.decidingAgencyId &&
    finding.decidingAgencyId !== actor.agencyId
  );
}

/** Rounds every agency has graded, waiting for the partnership's moderation (the business manager's and chair's home section). */
export function roundsToModerateWhere(actor: Actor): Prisma.AuditRoundWhereInput | null {
  return can(actor, "manage", "audit_round") ? { state: "MODERATION" } : null;
}
