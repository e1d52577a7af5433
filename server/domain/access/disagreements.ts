// Disagreements. The raising agency, the receiving agency, the council's front door and the
// partnership chair see a disagreement; no one else ("read:disagreement:party" for partners,
// "read:disagreement:any" for the council and the chair). Who may act depends on side,
// permission, stage and state:
//   stage 1      practitioners and managers of either side comment, escalate and resolve;
//   stages 2-3   those holding "manage:disagreement" (managers) escalate and resolve; practitioners comment;
//   stage 4      the partnership chair ("resolve:disagreement") resolves; both sides comment; no further escalation;
//   withdrawal   only the raising side (a manager after stage 1);
//   acknowledge  the side that did not resolve it, once;   themes  the chair, once resolved.
import { forbidden } from "../errors";
import type { Actor } from "./actor";
import { accessOf, can } from "./permissions";

interface DisagreementParties {
  raisingAgencyId: string;
  receivingAgencyId: string;
}
interface DisagreementState extends DisagreementParties {
  stage: number;
  status: "OPEN" | "RESOLVED";
  resolvedByAgencyId: string | null;
  acknowledgedAt: Date | string | null;
}

export function disagreementSide(actor: Actor, d: DisagreementParties): "raising" | "receiving" | null {
  if (actor.agencyId === d.raisingAgencyId) return "raising";
  if (actor.agencyId === d.receivingAgencyId) return "receiving";
  return null;
}

export function disagreementReach(actor: Actor): "all" | "own_agency" | "none" {
  const access = accessOf(actor, "read", "disagreement");
  return access === "any" ? "all" : access ? "own_agency" : "none";
}

export function canSeeDisagreement(actor: Actor, d: DisagreementParties): boolean {
  const reach = disagreementReach(actor);
  return reach === "all" || (reach === "own_agency" && disagreementSide(actor, d) !== null);
}

/** A Prisma `where` for the disagreements the actor may see. */
export function disagreementFilter(actor: Actor) {
  const reach = disagreementReach(actor);
  if (reach === "none") throw forbidden();
  return reach === "all" ? {} : { OR: [{ raisingAgencyId: actor.agencyId }, { receivingAgencyId: actor.agencyId }] };
}

/**
 * Raising one: everyone holding "raise:disagreement" raises for their agency; with "any" access
 * (the council's front door) they also name the agency they disagree with, otherwise it is the
 * agency that made the decision or chaired the meeting.
 */
export function raisingAbilities(actor: Actor) {
  return {
    canRaise: can(actor, "raise", "disagreement"),
    choosesReceivingAgency: accessOf(actor, "raise", "disagreement") === "any",
  };
}

export function disagreementAbilities(actor: Actor, d: DisagreementState) {
  const side = disagreementSide(actor, d);
  const participant = side !== null && can(actor, "raise", "disagreement");
  const senior = d.stage === 1 ? participant : participant && can(actor, "manage", "disagreement");
  const chair = can(actor, "resolve", "disagreement");
  const open = d.status === "OPEN";
  return {
    comment: open && (participant || (chair && d.stage === 4)),
    escalate: open && d.stage < 4 && senior,
    resolve: open && (d.stage < 4 ? senior : chair),
    withdraw: open && side === "raising" && senior,
    acknowledge: d.status === "RESOLVED" && !d.acknowledgedAt && participant && actor.agencyId !== d.resolvedByAgencyId,
    tag: d.status === "RESOLVED" && can(actor, "tag", "disagreement"),
    /**
     * Resolving as "changed" rewrites the council's front-door decision: those who decide
     * thresholds (the council) or the partnership chair.
     */
    changeDecision: can(actor, "decide", "threshold") || chair,
    /** A decision changed by a manager or the chair needs no further sign-off. */
    changedDecisionSignedOff: can(actor, "signoff", "threshold") || chair,
  };
}
export type DisagreementAbilities = ReturnType<typeof disagreementAbilities>;
