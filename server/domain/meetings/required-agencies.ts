// Who else a strategy meeting needs, beyond the three core agencies (convene.ts checks those):
// DOMAIN.md "Who chairs": add the fostering or residential provider when the child is looked
// after, and a paediatrician for a suspected non-accidental injury or a child in hospital. Also
// who to suggest: the referring agency and the child's school. Decision record 0020.
import type { Services } from "../services";
import type { Actor } from "../access/actor";
import { assertCanConveneMeeting, assertCanDecideRequest } from "../access/policy";
import { invalid, notFound } from "../errors";
import { SCHOOL_AGENCY_KIND } from "./labels";
import type { Db, Tx } from "../../db/connect";

/** The facts about the child that call for more agencies, as the convener gives them. */
export interface ChildFacts {
  childLookedAfter?: boolean;
  suspectedInjuryOrInHospital?: boolean;
}

export const PROMPTED = {
  CARE_PLACEMENTS: { label: "a fostering or residential provider", because: "the child is looked after" },
  PAEDIATRICS: { label: "a paediatrician (a health provider with paediatrics)", because: "there is a suspected non-accidental injury or the child is in hospital" },
} as const;
export type PromptedKind = keyof typeof PROMPTED;

/** Which of the prompted agencies the facts call for and the invitation list leaves out. */
export async function missingPromptedAgencies(db: Db | Tx, agencyIds: string[], facts: ChildFacts): Promise<PromptedKind[]> {
  const needed: PromptedKind[] = [...(facts.childLookedAfter ? (["CARE_PLACEMENTS"] as const) : []), ...(facts.suspectedInjuryOrInHospital ? (["PAEDIATRICS"] as const) : [])];
  if (!needed.length) return [];
  const invited = await db.agency.findMany({ where: { id: { in: agencyIds } }, select: { providesCarePlacements: true, providesPaediatrics: true } });
  return needed.filter((kind) => !invited.some((a) => (kind === "CARE_PLACEMENTS" ? a.providesCarePlacements : a.providesPaediatrics)));
}

/**
 * Refuses an invitation list that leaves out an agency the facts call for, unless the convener
 * confirmed sending without it (like the missing-core-agency confirmation). The field message
 * starts "Also invite", which the convene page shows its confirmation for.
 */
export async function assertPromptedAgencies(tx: Tx, agencyIds: string[], facts: ChildFacts, confirmed: boolean): Promise<PromptedKind[]> {
  const missing = await missingPromptedAgencies(tx, agencyIds, facts);
  if (missing.length && !confirmed) {
    const names = missing.map((kind) => PROMPTED[kind].label).join(" and ");
    const because = missing.map((kind) => PROMPTED[kind].because).join(", and ");
    throw invalid(`Because ${because}, also invite ${names}, or confirm you are sending without them.`, { agencyIds: `Also invite ${names}` });
  }
  return missing;
}

/**
 * The agencies to suggest (and preselect) on the convene form: the referring agency (the
 * contact's source or the request's agency) and the child's school, known when a contact about
 * the child (this one or another on the same case) came from a school. Also which agencies provide
 * care placements or paediatrics, so the form can say so.
 */
export async function conveneSuggestions(services: Services, actor: Actor, input: { contactId?: string; requestId?: string }) {
  assertCanConveneMeeting(actor);
  const { db } = services;
  let referringAgencyId: string | null = null;
  let contactId: string | null = input.contactId ?? null;
  const schoolIds = new Set<string>();
  if (input.requestId) {
    assertCanDecideRequest(actor);
    const request = await db.strategyDiscussionRequest.findUnique({ where: { id: input.requestId }, select: { requestingAgencyId: true, contactId: true, requestingAgency: { select: { kind: true } } } });
    if (!request) throw notFound("That request");
    referringAgencyId = request.requestingAgencyId;
    contactId ??= request.contactId;
    // A school asking about a child asks about its own pupil.
    if (request.requestingAgency.kind === SCHOOL_AGENCY_KIND) schoolIds.add(request.requestingAgencyId);
  }
  if (contactId) {
    const contact = await db.contact.findUnique({ where: { id: contactId }, select: { sourceAgencyId: true, caseId: true } });
    if (!contact) throw notFound("That contact");
    referringAgencyId ??= contact.sourceAgencyId;
    const schools = await db.contact.findMany({
      where: { sourceAgency: { kind: SCHOOL_AGENCY_KIND }, OR: [{ id: contactId }, ...(contact.caseId ? [{ caseId: contact.caseId }] : [])] },
      orderBy: { receivedAt: "desc" },
      select: { sourceAgencyId: true },
    });
    for (const s of schools) schoolIds.add(s.sourceAgencyId);
  }
  const providers = await db.agency.findMany({ where: { OR: [{ providesCarePlacements: true }, { providesPaediatrics: true }] }, select: { id: true, providesCarePlacements: true, providesPaediatrics: true } });
  const suggested: { agencyId: string; why: string }[] = [];
  if (referringAgencyId && referringAgencyId !== actor.agencyId) suggested.push({ agencyId: referringAgencyId, why: schoolIds.has(referringAgencyId) ? "referring agency and the child's school" : "referring agency" });
  for (const id of schoolIds) if (id !== referringAgencyId) suggested.push({ agencyId: id, why: "the child's school" });
  return {
    suggested,
    carePlacementIds: providers.filter((p) => p.providesCarePlacements).map((p) => p.id),
    paediatricsIds: providers.filter((p) => p.providesPaediatrics).map((p) => p.id),
  };
}
