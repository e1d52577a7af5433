import { z } from "zod";
import { router, protectedProcedure } from "../init";
import { raisingAbilities } from "../../domain/access/policy";
import {
  acknowledgeOutcome,
  attachReference,
  commentOnDisagreement,
  escalateDisagreement,
  escalationLadder,
  getDisagreement,
  listDisagreements,
  listThemes,
  raiseDisagreement,
  resolveDisagreement,
  tagThemes,
  updateEscalationStage,
} from "../../domain/disagreements/disagreements";
import {
  acknowledgeInputSchema,
  commentInputSchema,
  escalateInputSchema,
  escalationStageInputSchema,
  referenceInputSchema,
  listDisagreementsInputSchema,
  raiseDisagreementInputSchema,
  resolveInputSchema,
  tagThemesInputSchema,
} from "../../domain/disagreements/schemas";

export const disagreementsRouter = router({
  list: protectedProcedure.input(listDisagreementsInputSchema).query(({ ctx, input }) => listDisagreements(ctx.services, ctx.actor, input, { requestId: ctx.requestId })),
  get: protectedProcedure.input(z.object({ disagreementId: z.uuid({ error: "That disagreement was not found" }) })).query(({ ctx, input }) => getDisagreement(ctx.services, ctx.actor, input.disagreementId, { requestId: ctx.requestId })),
  /** Whether the actor may raise one, and whether they name the agency they disagree with. */
  raising: protectedProcedure.query(({ ctx }) => raisingAbilities(ctx.actor)),
  raise: protectedProcedure.input(raiseDisagreementInputSchema).mutation(({ ctx, input }) => raiseDisagreement(ctx.services, ctx.actor, input, { requestId: ctx.requestId })),
  comment: protectedProcedure.input(commentInputSchema).mutation(({ ctx, input }) => commentOnDisagreement(ctx.services, ctx.actor, input, { requestId: ctx.requestId })),
  attachReference: protectedProcedure.input(referenceInputSchema).mutation(({ ctx, input }) => attachReference(ctx.services, ctx.actor, input, { requestId: ctx.requestId })),
  escalate: protectedProcedure.input(escalateInputSchema).mutation(({ ctx, input }) => escalateDisagreement(ctx.services, ctx.actor, input, { requestId: ctx.requestId })),
  resolve: protectedProcedure.input(resolveInputSchema).mutation(({ ctx, input }) => resolveDisagreement(ctx.services, ctx.actor, input, { requestId: ctx.requestId })),
  acknowledge: protectedProcedure.input(acknowledgeInputSchema).mutation(({ ctx, input }) => acknowledgeOutcome(ctx.services, ctx.actor, input, { requestId: ctx.requestId })),
  tagThemes: protectedProcedure.input(tagThemesInputSchema).mutation(({ ctx, input }) => tagThemes(ctx.services, ctx.actor, input, { requestId: ctx.requestId })),
  themes: protectedProcedure.query(({ ctx }) => listThemes(ctx.services)),
  ladder: protectedProcedure.query(({ ctx }) => escalationLadder(ctx.services.db)),
  setStageDays: protectedProcedure.input(escalationStageInputSchema).mutation(({ ctx, input }) => updateEscalationStage(ctx.services, ctx.actor, input, { requestId: ctx.requestId })),
});
