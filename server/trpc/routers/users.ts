import { z } from "zod";
import { router, publicProcedure, protectedProcedure } from "../init";
import { inviteUser, inviteUserInputSchema, describeInvitation, acceptInvitation, acceptInvitationInputSchema } from "../../domain/users/invitations";
import { listUsers, listUsersInputSchema, deactivateUser, deactivateUserInputSchema } from "../../domain/users/users";
import { login } from "../../domain/auth/login";

export const usersRouter = router({
  list: protectedProcedure.input(listUsersInputSchema).query(({ ctx, input }) => listUsers(ctx.services, ctx.actor, input)),
  invite: protectedProcedure
    .input(inviteUserInputSchema)
    .mutation(({ ctx, input }) => inviteUser(ctx.services, ctx.actor, input, { requestId: ctx.requestId })),
  deactivate: protectedProcedure
    .input(deactivateUserInputSchema)
    .mutation(({ ctx, input }) => deactivateUser(ctx.services, ctx.actor, input, { requestId: ctx.requestId })),
});

export const invitationsRouter = router({
  describe: publicProcedure
    .input(z.object({ token: z.string().min(1).max(200) }))
    .query(({ ctx, input }) => describeInvitation(ctx.services, input.token)),
  /** Sets the password, creates the account and signs the new user in. */
  accept: publicProcedure.input(acceptInvitationInputSchema).mutation(async ({ ctx, input }) => {
    const invitation = await describeInvitation(ctx.services, input.token);
    await acceptInvitation(ctx.services, input, { requestId: ctx.requestId });
    const session = await login(ctx.services, { email: invitation.email, password: input.password }, { ipAddress: ctx.ipAddress, requestId: ctx.requestId });
    ctx.setCookie(session.sessionCookie);
    return { ok: true as const };
  }),
});
