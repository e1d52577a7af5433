// Who may do what in the disagreement log. The only place (with policy.ts) that reads a role
// name or an agency kind for disagreements; the domain asks these functions and the UI renders
// the abilities they return. See docs/decisions/0018-agreed-outcomes-and-configurable-ladder.md.
//
//   seeing       the raising agency, the receiving agency, the council's front door and the
//                partnership see a disagreement; no one else.
//   acting       at each stage the ladder says who acts for each side (practitioner, manager,
//                named or designated lead, senior manager, partnership). A person acts for
//                their side when their standing reaches that rung: anyone who takes part in
//                disagreements is a practitioner; a line manager or a named or designated lead
//                stands on the second rung; a service or senior manager on the third, which is
//                also who speaks for an agency before the partnership.
//   agreeing     either side's acting person proposes an outcome; only the other side's acting
//                person accepts or declines it. Nobody closes a disagreement alone.
//   withdrawing  the raising side's acting person, or the person who raised it.
//   determining  the partnership (chair or business manager), at the last stage only.
//   changing     a changed threshold decision is recorded by the council (who decides
//                thresholds) and signed off by another council manager, on the front door.
import type { Prisma } from "../../db/generated/client";
import type { StageActor } from "../../db/generated/enums";
import { forbidden } from "../errors";
import type { Actor } from "./actor";
import { accessOf, can } from "./permissions";

/** Standing on the ladder, lowest first. */
const RUNG: Record<StageActor, number> = { PRACTITIONER: 1, MANAGER: 2, DESIGNATED_LEAD: 2, SENIOR_MANAGER: 3, PARTNERSHIP: 3 };

/** What the ladder needs to know about a person, loaded with them (not on every Actor). */
export interface LadderStanding {
  designatedLead: boolean;
  seniorManager: boolean;
}

function isPartnership(actor: Actor): boolean {
  return can(actor, "resolve", "disagreement");
}

/** The highest rung a person stands on. */
export function rungOf(actor: Actor, standing: LadderStanding): number {
  if (standing.seniorManager) return 3;
  // "manage:disagreement" is what a line manager holds (role_permission); named and designated leads are flagged per person.
  if (can(actor, "manage", "disagreement") || standing.designatedLead) return 2;
  return 1;
}

interface DisagreementParties {
  raisingAgencyId: string;
  receivingAgencyId: string;
}

export interface StageRule {
  stage: number;
  raisingActor: StageActor;
  receivingActor: StageActor;
}

export interface DisagreementState extends DisagreementParties {
  stage: number;
  status: "OPEN" | "RESOLVED";
  raisedById: string;
  outcome: string | null;
  contactId: string | null;
  subject: string;
}

export type Side = "raising" | "receiving";

export function disagreementSide(actor: Actor, d: DisagreementParties): Side | null {
  if (actor.agencyId === d.raisingAgencyId) return "raising";
  if (actor.agencyId === d.receivingAgencyId) return "receiving";
  return null;
}

export function otherSide(side: Side): Side {
  return side === "raising" ? "receiving" : "raising";
}

export function disagreementReach(actor: Actor): "all" | "own_agency" | "audited" | "none" {
  // Reach is data: the council's front door and the partnership hold "read:disagreement:any";
  // an auditor ("read:disagreement:audited") sees only those their agency raised from audit findings.
  const access = accessOf(actor, "read", "disagreement");
  return access === "any" ? "all" : access === "audited" ? "audited" : access ? "own_agency" : "none";
}

/** A disagreement's parties, and whether a joint audit finding started it (decision 0038). */
type SeenDisagreement = DisagreementParties & { auditFinding?: { id: string } | null };

export function canSeeDisagreement(actor: Actor, d: SeenDisagreement): boolean {
  const reach = disagreementReach(actor);
  if (reach === "audited") return d.raisingAgencyId === actor.agencyId && !!d.auditFinding;
  return reach === "all" || (reach === "own_agency" && disagreementSide(actor, d) !== null);
}

/** A Prisma `where` for the disagreements the actor may see. */
export function disagreementFilter(actor: Actor): Prisma.DisagreementWhereInput {
  const reach = disagreementReach(actor);
  if (reach === "none") throw forbidden();
  if (reach === "audited") return { raisingAgencyId: actor.agencyId, auditFinding: { isNot: null } };
  return reach === "all" ? {} : { OR: [{ raisingAgencyId: actor.agencyId }, { receivingAgencyId: actor.agencyId }] };
}

/**
 * An auditor raises disagreements only about decisions their agency graded in a joint audit round
 * ("raise:disagreement:audited"), with the agency that decided, never for their agency at large.
 */
export function raisesOnlyFromAudit(actor: Actor): boolean {
  return accessOf(actor, "raise", "disagreement") === "audited";
}

export function assertCanRaiseDisagreement(actor: Actor): void {
  if (!can(actor, "raise", "disagreement")) throw forbidden("You cannot raise a disagreement.");
}

/** Subjects about a front-door decision: an outcome that changes them changes the council's decision. */
export const DECISION_SUBJECTS = ["LEVEL_APPLIED", "OUTCOME", "CLOSURE"] as const;

/**
 * The agency a disagreement about a contact is with: the agency party to the disputed
 * decision. The contact's source agency disputes the deciding agency's decision; the deciding
 * agency (the council) challenges the source agency's referral; an agency whose auditors graded
 * the decision in a joint audit round disputes it with the deciding agency. Anyone else is not a party.
 */
export function contactCounterpart(actor: Actor, contact: { sourceAgencyId: string; decidingAgencyId: string; auditedByActorAgency?: boolean }): string | null {
  if (raisesOnlyFromAudit(actor)) return contact.auditedByActorAgency && actor.agencyId !== contact.decidingAgencyId ? contact.decidingAgencyId : null;
  if (actor.agencyId === contact.decidingAgencyId) return contact.sourceAgencyId === contact.decidingAgencyId ? null : contact.sourceAgencyId; // the council's own contact: no other party
  if (actor.agencyId === contact.sourceAgencyId) return contact.decidingAgencyId;
  // An agency that graded the decision in a joint audit round challenges it with the deciding agency (decision 0038).
  if (contact.auditedByActorAgency) return contact.decidingAgencyId;
  return null;
}

/** For a meeting: the raiser's agency and the agency it disagrees with must both be invited. */
export function meetingPartiesValid(actor: Actor, invitedAgencyIds: readonly string[], receivingAgencyId: string): boolean {
  return invitedAgencyIds.includes(actor.agencyId) && invitedAgencyIds.includes(receivingAgencyId) && receivingAgencyId !== actor.agencyId;
}

/** Whether the actor acts for their side at this stage. */
function actsAtStage(actor: Actor, standing: LadderStanding, side: Side | null, rule: StageRule): boolean {
  if (side === null || !can(actor, "raise", "disagreement")) return false;
  const needed = side === "raising" ? rule.raisingActor : rule.receivingActor;
  return rungOf(actor, standing) >= RUNG[needed];
}

export interface PendingProposal {
  proposedByAgencyId: string;
}

/**
 * Everything the actor may do to this disagreement now. `lastStage` is the ladder's last
 * stage (of the disagreement's own version); `pending` is the proposal awaiting an answer.
 */
export function disagreementAbilities(
  actor: Actor,
  standing: LadderStanding,
  d: DisagreementState,
  rule: StageRule,
  context: { lastStage: number; pending: PendingProposal | null; changedDecisionRecorded: boolean; acknowledgedAgencyIds: readonly string[] },
) {
  const side = disagreementSide(actor, d);
  const participant = side !== null && can(actor, "raise", "disagreement");
  const acts = d.status === "OPEN" && actsAtStage(actor, standing, side, rule);
  const open = d.status === "OPEN";
  const partnership = isPartnership(actor);
  const pendingFromOtherSide = !!context.pending && context.pending.proposedByAgencyId !== actor.agencyId;
  const changesDecision = !!d.contactId && (DECISION_SUBJECTS as readonly string[]).includes(d.subject) && (d.outcome === "CHANGED" || d.outcome === "PARTLY_CHANGED");
  return {
    /** Comment, attach a reference, record the side's position and the plan's next steps. */
    comment: open && (participant || (partnership && d.stage === context.lastStage)),
    propose: acts && !context.pending,
    answer: acts && pendingFromOtherSide,
    escalate: acts && d.stage < context.lastStage,
    withdraw: open && side === "raising" && (acts || d.raisedById === actor.userId),
    /** The partnership determines the outcome when the sides still do not agree at the last stage. */
    determine: open && partnership && d.stage === context.lastStage,
    /** The council records the changed decision itself; another council manager signs it off. */
    recordChangedDecision: d.status === "RESOLVED" && changesDecision && !context.changedDecisionRecorded && can(actor, "decide", "threshold"),
    acknowledge: d.status === "RESOLVED" && participant && !context.acknowledgedAgencyIds.includes(actor.agencyId),
    tag: d.status === "RESOLVED" && can(actor, "tag", "disagreement"),
  };
}
export type DisagreementAbilities = ReturnType<typeof disagreementAbilities>;

/** May the actor edit the partnership's escalation ladder? */
export function assertCanManageLadder(actor: Actor): void {
  if (!can(actor, "manage", "calendar")) throw forbidden("Only a system administrator can change the escalation ladder.");
}

/**
 * Who is emailed when a stage starts or goes overdue: the people of both agencies who act at
 * the stage (and, at a partnership stage or the last one, the partnership).
 */
export function stageRecipientsWhere(d: DisagreementParties, rule: StageRule, lastStage: number): Prisma.UserWhereInput {
  const forSide = (agencyId: string, needed: StageActor): Prisma.UserWhereInput => {
    const rung = RUNG[needed];
    // Auditors ("raise:disagreement:audited") are not told of their agency's disagreements at large (decision 0038).
    const base: Prisma.UserWhereInput = { agencyId, roles: { some: { role: { permissions: { some: { permission: { action: "raise", entity: "disagreement", access: { not: "audited" } } } } } } } };
    if (rung === 1) return base;
    if (rung === 2) return { AND: [base, { OR: [{ roles: { some: { role: { name: "manager" } } } }, { designatedLead: true }, { seniorManager: true }] }] };
    return { AND: [base, { seniorManager: true }] };
  };
  const partnershipToo = rule.stage === lastStage || rule.raisingActor === "PARTNERSHIP" || rule.receivingActor === "PARTNERSHIP";
  return {
    isActive: true,
    OR: [
      forSide(d.raisingAgencyId, rule.raisingActor),
      forSide(d.receivingAgencyId, rule.receivingActor),
      ...(partnershipToo ? [{ roles: { some: { role: { permissions: { some: { permission: { action: "resolve", entity: "disagreement", access: "any" } } } } } } }] : []),
    ],
  };
}

/** Who is asked to sign off a changed threshold decision: the council's sign-off people other than its recorder. */
export function changedDecisionSignOffWhere(recorder: Actor): Prisma.UserWhereInput {
  return {
    isActive: true,
    id: { not: recorder.userId },
    agency: { kind: "CHILDRENS_SOCIAL_CARE" },
    roles: { some: { role: { permissions: { some: { permission: { action: "signoff", entity: "threshold" } } } } } },
  };
}
