// Legal holds (docs/data-protection/retention-schedule.md, "Legal holds come first"): a hold on
// one case keeps everything about it past the schedule; the partnership-wide hold (on unless a
// system administrator turned it off, following the IICSA instruction) keeps every case record.
import { assertRecentlyAuthenticated } from "../auth/reauthentication";
import { z } from "zod";
import type { Db, Tx } from "../../db/connect";
import type { Services } from "../services";
import type { Actor } from "../access/actor";
import { assertCanManageHolds, assertCanSetPartnershipHold, holdAbilities } from "../access/policy";
import { recordAudit } from "../audit/audit";
import { conflict, invalid, notFound } from "../errors";
import { freeText } from "../validation";
import { caseReferenceSchema } from "../front-door/schemas";

export const PARTNERSHIP_HOLD = "retention.partnershipHold";

/** The partnership-wide hold: on unless turned off (a missing or unreadable setting keeps it on). */
export async function partnershipHoldOn(db: Db | Tx): Promise<boolean> {
  const row = await db.setting.findUnique({ where: { key: PARTNERSHIP_HOLD }, select: { value: true } });
  return row?.value !== false;
}

export const placeHoldInputSchema = z.object({
  caseReference: caseReferenceSchema,
  reason: freeText("the reason for the hold", { multiline: true })
    .min(1, "Enter the reason for the hold, such as litigation, a practice review or a police investigation")
    .max(500, "The reason must be 500 characters or fewer"),
});
export const liftHoldInputSchema = z.object({ holdId: z.uuid({ error: "Choose a hold to lift" }) });
export const partnershipHoldInputSchema = z.object({
  on: z.boolean({ error: "Choose whether the partnership-wide hold is on or off" }),
  reason: freeText("the reason").max(500, "The reason must be 500 characters or fewer").optional(),
});

export async function listHolds(services: Services, actor: Actor) {
  assertCanManageHolds(actor);
  const [holds, partnershipHold] = await Promise.all([
    services.db.legalHold.findMany({
      where: { liftedAt: null },
      orderBy: { placedAt: "desc" },
      select: { id: true, reason: true, placedAt: true, case: { select: { reference: true } }, placedBy: { select: { displayName: true, agency: { select: { name: true } } } } },
    }),
    partnershipHoldOn(services.db),
  ]);
  return {
    abilities: holdAbilities(actor),
    partnershipHold,
    holds: holds.map((h) => ({ id: h.id, caseReference: h.case.reference, reason: h.reason, placedAt: h.placedAt, placedBy: h.placedBy.displayName, placedByAgency: h.placedBy.agency.name })),
  };
}

export async function placeHold(services: Services, actor: Actor, input: z.input<typeof placeHoldInputSchema>, meta: { requestId?: string } = {}) {
  assertCanManageHolds(actor);
  const { caseReference, reason } = placeHoldInputSchema.parse(input);
  return services.db.$transaction(async (tx) => {
    const found = await tx.childCase.findUnique({ where: { reference: caseReference }, select: { id: true, anonymisedAt: true } });
    if (!found) throw invalid(`Concord holds no case with the reference ${caseReference}. Check the council's case reference and try again.`, { caseReference: `Concord holds no case with the reference ${caseReference}` });
    const standing = await tx.legalHold.findFirst({ where: { caseId: found.id, liftedAt: null }, select: { id: true } });
    if (standing) throw conflict(`The case ${caseReference} is already on hold. Lift that hold first if its reason has changed.`);
    const hold = await tx.legalHold.create({ data: { caseId: found.id, reason, placedById: actor.userId, placedAt: services.clock.now() }, select: { id: true } });
    // The audit names the case record, never the reason (free text).
    await recordAudit(tx, actor, { action: "retention.hold_placed", entityType: "legal_hold", entityId: hold.id, detail: { caseId: found.id } }, meta.requestId);
    return { holdId: hold.id };
  });
}

export async function liftHold(services: Services, actor: Actor, input: z.input<typeof liftHoldInputSchema>, meta: { requestId?: string } = {}) {
  assertCanManageHolds(actor);
  const { holdId } = liftHoldInputSchema.parse(input);
  return services.db.$transaction(async (tx) => {
    const hold = await tx.legalHold.findUnique({ where: { id: holdId }, select: { caseId: true } });
    if (!hold) throw notFound("That hold");
    const lifted = await tx.legalHold.updateMany({ where: { id: holdId, liftedAt: null }, data: { liftedAt: services.clock.now(), liftedById: actor.userId } });
    if (lifted.count !== 1) throw conflict("That hold has already been lifted.");
    await recordAudit(tx, actor, { action: "retention.hold_lifted", entityType: "legal_hold", entityId: holdId, detail: { caseId: hold.caseId } }, meta.requestId);
    return { holdId };
  });
}

export async function setPartnershipHold(services: Services, actor: Actor, input: z.input<typeof partnershipHoldInputSchema>, meta: { requestId?: string } = {}) {
  assertCanSetPartnershipHold(actor);
  const { on, reason } = partnershipHoldInputSchema.parse(input);
  if (!on && !reason) throw invalid("Say why the partnership-wide hold can be turned off (for example, the DPO's written advice)", { reason: "Enter why the hold can be turned off" });
  assertRecentlyAuthenticated(services, actor);
  await services.db.$transaction(async (tx) => {
    const was = await partnershipHoldOn(tx);
    if (was === on) throw conflict(`The partnership-wide hold is already ${on ? "on" : "off"}.`);
    await tx.setting.upsert({ where: { key: PARTNERSHIP_HOLD }, create: { key: PARTNERSHIP_HOLD, value: on }, update: { value: on } });
    await recordAudit(tx, actor, { action: on ? "retention.partnership_hold_on" : "retention.partnership_hold_off", entityType: "setting", entityId: PARTNERSHIP_HOLD, detail: { on, ...(reason ? { reason } : {}) } }, meta.requestId);
  });
  return { on };
}
