import { router, protectedProcedure } from "../init";
import { figuresInputSchema, figuresOptions, meetingsBehind, meetingsBehindInputSchema, partnershipFigures } from "../../domain/figures/figures";

export const figuresRouter = router({
  partnership: protectedProcedure.input(figuresInputSchema).query(({ ctx, input }) => partnershipFigures(ctx.services, ctx.actor, input)),
  meetingsBehind: protectedProcedure.input(meetingsBehindInputSchema).query(({ ctx, input }) => meetingsBehind(ctx.services, ctx.actor, input, { requestId: ctx.requestId })),
  options: protectedProcedure.query(({ ctx }) => figuresOptions(ctx.services, ctx.actor)),
});
