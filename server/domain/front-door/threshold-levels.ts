// The partnership's own labels for the four levels of its continuum of need.
import type { z } from "zod";
import type { Services } from "../services";
import type { Actor } from "../access/actor";
import { assertCan } from "../access/policy";
import { recordAudit } from "../audit/audit";
import { thresholdLevelInputSchema } from "./schemas";
import { assertRecentlyAuthenticated } from "../auth/reauthentication";

export async function updateThresholdLevel(services: Services, actor: Actor, input: z.input<typeof thresholdLevelInputSchema>, meta: { requestId?: string } = {}) {
  assertCan(actor, "manage", "calendar");
  const data = thresholdLevelInputSchema.parse(input);
  assertRecentlyAuthenticated(services, actor);
  await services.db.$transaction(async (tx) => {
    const before = await tx.thresholdLevel.findUniqueOrThrow({ where: { level: data.level }, select: { label: true } });
    await tx.thresholdLevel.update({ where: { level: data.level }, data: { label: data.label, description: data.description } });
    await recordAudit(tx, actor, { action: "settings.threshold_level", entityType: "threshold_level", entityId: String(data.level), detail: { from: before.label, to: data.label } }, meta.requestId);
  });
  return data;
}
