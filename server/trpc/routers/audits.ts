// Joint audit rounds (issue 17, decision 0038): a thin door onto server/domain/audits.
import { z } from "zod";
import { router, protectedProcedure } from "../init";
import {
  addFinding,
  closeRound,
  createRound,
  findingForDisagreement,
  getItem,
  getRound,
  gradeItem,
  listRounds,
  moderateItem,
  newRoundForm,
  raiseDisagreementFromFinding,
  submitGrades,
} from "../../domain/audits/audits";
import {
  closeRoundInputSchema,
  createRoundInputSchema,
  findingInputSchema,
  gradeInputSchema,
  itemInputSchema,
  moderateInputSchema,
  raiseFromFindingInputSchema,
  roundIdInputSchema,
} from "../../domain/audits/schemas";

const findingIdInputSchema = z.object({ findingId: z.uuid({ error: "That finding was not found" }) });

export const auditsRouter = router({
  list: protectedProcedure.query(({ ctx }) => listRounds(ctx.services, ctx.actor)),
  newRoundForm: protectedProcedure.query(({ ctx }) => newRoundForm(ctx.services, ctx.actor)),
  create: protectedProcedure.input(createRoundInputSchema).mutation(({ ctx, input }) => createRound(ctx.services, ctx.actor, input, { requestId: ctx.requestId })),
  get: protectedProcedure.input(roundIdInputSchema).query(({ ctx, input }) => getRound(ctx.services, ctx.actor, input.roundId, { requestId: ctx.requestId })),
  item: protectedProcedure.input(itemInputSchema).query(({ ctx, input }) => getItem(ctx.services, ctx.actor, input, { requestId: ctx.requestId })),
  grade: protectedProcedure.input(gradeInputSchema).mutation(({ ctx, input }) => gradeItem(ctx.services, ctx.actor, input, { requestId: ctx.requestId })),
  submit: protectedProcedure.input(roundIdInputSchema).mutation(({ ctx, input }) => submitGrades(ctx.services, ctx.actor, input.roundId, { requestId: ctx.requestId })),
  moderate: protectedProcedure.input(moderateInputSchema).mutation(({ ctx, input }) => moderateItem(ctx.services, ctx.actor, input, { requestId: ctx.requestId })),
  addFinding: protectedProcedure.input(findingInputSchema).mutation(({ ctx, input }) => addFinding(ctx.services, ctx.actor, input, { requestId: ctx.requestId })),
  close: protectedProcedure.input(closeRoundInputSchema).mutation(({ ctx, input }) => closeRound(ctx.services, ctx.actor, input, { requestId: ctx.requestId })),
  finding: protectedProcedure.input(findingIdInputSchema).query(({ ctx, input }) => findingForDisagreement(ctx.services, ctx.actor, input.findingId)),
  raiseDisagreement: protectedProcedure.input(raiseFromFindingInputSchema).mutation(({ ctx, input }) => raiseDisagreementFromFinding(ctx.services, ctx.actor, input, { requestId: ctx.requestId })),
});
