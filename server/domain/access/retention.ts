// Retention and legal holds (docs/decisions/0036). A legal hold keeps a case's records past the
// retention schedule: the system administrator and the council's managers (who know which cases
// are in litigation, a practice review or a police investigation) place and lift them
// ("manage:hold:any" in role_permission). The schedule itself, and the partnership-wide hold, are
// partnership settings: whoever manages the settings ("manage:calendar") changes them.
import { forbidden } from "../errors";
import type { Actor } from "./actor";
import { can } from "./permissions";

export function holdAbilities(actor: Actor) {
  return {
    /** Place and lift holds on single cases. */
    manageHolds: can(actor, "manage", "hold"),
    /** Turn the partnership-wide hold on or off (a partnership setting). */
    partnershipHold: can(actor, "manage", "calendar"),
  };
}
export type HoldAbilities = ReturnType<typeof holdAbilities>;

export function assertCanManageHolds(actor: Actor): void {
  if (!can(actor, "manage", "hold")) throw forbidden("Legal holds are placed by the council's managers and the system administrator.");
}

export function assertCanSetPartnershipHold(actor: Actor): void {
  if (!can(actor, "manage", "calendar")) throw forbidden("Only a system administrator can change the partnership-wide hold.");
}

export function assertCanManageRetention(actor: Actor): void {
  if (!can(actor, "manage", "calendar")) throw forbidden("Only a system administrator can change the retention schedule.");
}
