// Independent scrutiny, the audit figures and the yearly report (issue 17, decision 0040).
// Reach is data (role_permission):
// - the audit figures and the yearly report are the partnership's: whoever reads every agency's
//   figures ("read:figures:any": the chair, the business manager, the scrutineer). An agency's
//   managers ("read:figures:own_agency") do not: the grades judge the front door's decisions
//   across agencies, and their own agency's slice would be a handful of contacts (decision 0040);
// - disagreement summaries ("read:disagreement_summary:any"): case reference, agencies, stage,
//   outcome, themes and dates, never reasons, positions, statements or anything the parties wrote;
// - the scrutiny home is the scrutineer role's landing page.
import { forbidden } from "../errors";
import type { Actor } from "./actor";
import { accessOf, can } from "./permissions";
import { learningActionReach } from "./learning-actions";
import { auditRoundReach } from "./audit-rounds";
import { assertRole } from "./navigation";

export function canReadAuditFigures(actor: Actor): boolean {
  return accessOf(actor, "read", "figures") === "any";
}

export function assertCanReadAuditFigures(actor: Actor): void {
  if (!canReadAuditFigures(actor)) throw forbidden("The audit figures are for the partnership chair, its business manager and its scrutineer.");
}

/** The yearly report shows every agency's figures and every learning action. */
export function assertCanReadYearlyReport(actor: Actor): void {
  if (!canReadAuditFigures(actor) || learningActionReach(actor) !== "all") throw forbidden("The yearly report is for the partnership chair, its business manager and its scrutineer.");
}

export function assertCanReadDisagreementSummaries(actor: Actor): void {
  if (!can(actor, "read", "disagreement_summary")) throw forbidden("Disagreement summaries are for the partnership and its scrutineer.");
}

/** What the scrutiny pages and the yearly report may show this reader. */
export function scrutinyAbilities(actor: Actor) {
  return {
    auditFigures: canReadAuditFigures(actor),
    yearlyReport: canReadAuditFigures(actor) && learningActionReach(actor) === "all",
    disagreementSummaries: can(actor, "read", "disagreement_summary"),
    auditRounds: auditRoundReach(actor) === "all",
    learningActions: learningActionReach(actor) === "all",
  };
}
export type ScrutinyAbilities = ReturnType<typeof scrutinyAbilities>;

/** The scrutiny home reads the whole partnership without changing anything: it needs every one of these. */
export function assertCanScrutinise(actor: Actor): void {
  const a = scrutinyAbilities(actor);
  if (!(a.auditFigures && a.disagreementSummaries && a.auditRounds && a.learningActions)) throw forbidden("This page is for the partnership's independent scrutineer.");
}

/** The scrutiny page is the scrutineer role's home (a role's home is for people with that role). */
export function assertScrutineerHome(actor: Actor): void {
  assertRole(actor, "scrutineer");
}
