// Data protection (docs/decisions/0037). Who exports everything Concord holds about a case
// ("export:case:any": council managers and system administrators, as data in role_permission), who
// reads which agency's access log ("read:access_log:own_agency": an agency's managers and
// administrators, their own agency only), and who records feedback to a referrer (whoever
// records the front door's decisions).
import type { AgencyKind } from "../../db/generated/enums";
import { forbidden } from "../errors";
import type { Actor } from "./actor";
import { accessOf, can } from "./permissions";

export function dataProtectionAbilities(actor: Actor) {
  return {
    /** Export a case for a subject access request: every contact, meeting and disagreement about it. */
    canExportCase: accessOf(actor, "export", "case") === "any",
    /** See who viewed or changed their own agency's records. */
    canReadAccessLog: can(actor, "read", "access_log"),
  };
}
export type DataProtectionAbilities = ReturnType<typeof dataProtectionAbilities>;

/**
 * Refused before any case is looked up, so a refusal says nothing about whether a reference
 * exists: only those who may export every case learn that one is unknown.
 */
export function assertCanExportCase(actor: Actor): void {
  if (!dataProtectionAbilities(actor).canExportCase) {
    throw forbidden("Only a council manager or a system administrator can export a case for a subject access request.");
  }
}

/** The agency whose access log the actor reads: always their own. */
export function accessLogAgency(actor: Actor): string {
  if (!dataProtectionAbilities(actor).canReadAccessLog) throw forbidden("Only your agency's managers and administrators can see who looked at its records.");
  return actor.agencyId;
}

/** Feedback to the referrer is the front door's: whoever records its decisions records it. */
export function assertCanRecordFeedback(actor: Actor): void {
  if (!can(actor, "decide", "threshold")) throw forbidden("Only the council's front door records feedback to the referrer.");
}

/**
 * Whether an entry was written by the council, which holds the case record and answers a subject
 * access request for it; anything an agency of another kind wrote is a third party's, marked
 * for redaction review in the export.
 */
export function writtenByCaseHolder(agency: { kind: AgencyKind }): boolean {
  return agency.kind === "CHILDRENS_SOCIAL_CARE";
}
