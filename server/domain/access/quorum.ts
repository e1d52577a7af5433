// A strategy meeting's quorum: council, police and health in the room (Working Together 2023).
// It reads agency kinds, so it lives here with the other rules that do (decision 0015). Pure, with
// type-only and label imports, because the room page runs it in the browser too (decision 0033).
import { AGENCY_KIND_SHORT, REQUIRED_AGENCY_KINDS } from "../meetings/labels";

/** An invited agency as the quorum needs it. */
export type QuorumAgency = { agencyId: string; agencyName: string; agencyKind: string };

/** The required kinds of agency none of whose people is counted, with the invited agencies of each kind. */
export function absentRequiredAgencies(invitations: readonly QuorumAgency[], countedAgencyIds: Iterable<string>) {
  const kindOf = new Map(invitations.map((i) => [i.agencyId, i.agencyKind]));
  const presentKinds = new Set(Array.from(countedAgencyIds, (id) => kindOf.get(id)));
  return REQUIRED_AGENCY_KINDS.filter((kind) => !presentKinds.has(kind)).map((kind) => ({
    kind,
    label: AGENCY_KIND_SHORT[kind],
    agencies: invitations.filter((i) => i.agencyKind === kind).map((i) => i.agencyName),
  }));
}
