import { router, protectedProcedure } from "../init";
import { listParkedEmails, resendInputSchema, resendParkedEmail } from "../../domain/mail/parked";

export const mailRouter = router({
  parked: protectedProcedure.query(({ ctx }) => listParkedEmails(ctx.services, ctx.actor)),
  resend: protectedProcedure.input(resendInputSchema).mutation(({ ctx, input }) => resendParkedEmail(ctx.services, ctx.actor, input, { requestId: ctx.requestId })),
});
