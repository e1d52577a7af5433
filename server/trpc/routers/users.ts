import { z } from "zod";
import { router, publicProcedure, protectedProcedure, soloProcedure } from "../init";
import {
  inviteUser,
  inviteUserInputSchema,
  approveInvitation,
  approveInvitationInputSchema,
  withdrawInvitation,
  withdrawInvitationInputSchema,
  describeInvitation,
  acceptInvitationAndSignIn,
  acceptInvitationInputSchema,
  INVITATION_LINK,
} from "../../domain/users/invitations";
import { listUsers, listUsersInputSchema, deactivateUser, reactivateUser, changeAccountInputSchema, resetSecondFactor } from "../../domain/users/users";

export const usersRouter = router({
  list: protectedProcedure.input(listUsersInputSchema).query(({ ctx, input }) => listUsers(ctx.services, ctx.actor, input)),
  /** Creates an invitation; its link goes only to the invited address, by email. */
  invite: protectedProcedure
    .input(inviteUserInputSchema)
    .mutation(({ ctx, input }) => inviteUser(ctx.services, ctx.actor, input, { requestId: ctx.requestId })),
  approveInvitation: protectedProcedure
    .input(approveInvitationInputSchema)
    .mutation(({ ctx, input }) => approveInvitation(ctx.services, ctx.actor, input, { requestId: ctx.requestId })),
  /** Withdraws an unused invitation: its link stops working. */
  withdrawInvitation: protectedProcedure
    .input(withdrawInvitationInputSchema)
    .mutation(({ ctx, input }) => withdrawInvitation(ctx.services, ctx.actor, input, { requestId: ctx.requestId })),
  deactivate: protectedProcedure
    .input(changeAccountInputSchema)
    .mutation(({ ctx, input }) => deactivateUser(ctx.services, ctx.actor, input, { requestId: ctx.requestId })),
  reactivate: protectedProcedure
    .input(changeAccountInputSchema)
    .mutation(({ ctx, input }) => reactivateUser(ctx.services, ctx.actor, input, { requestId: ctx.requestId })),
  /** Removes a person's authenticator app and recovery codes (a lost phone); they set up again at sign-in. */
  resetSecondFactor: protectedProcedure
    .input(changeAccountInputSchema)
    .mutation(({ ctx, input }) => resetSecondFactor(ctx.services, ctx.actor, input, { requestId: ctx.requestId })),
});

export const invitationsRouter = router({
  describe: publicProcedure
    .input(z.object({ token: z.string({ error: INVITATION_LINK }).min(1, INVITATION_LINK).max(200, INVITATION_LINK).regex(/^[\x21-\x7e]+$/, INVITATION_LINK) }))
    .query(({ ctx, input }) => describeInvitation(ctx.services, input.token)),
  /**
   * Sets the password, creates the account and signs the new user in, ending any session this
   * browser held. Solo like auth.login: a sign-in is never batched with other calls.
   */
  accept: soloProcedure.input(acceptInvitationInputSchema).mutation(async ({ ctx, input }) => {
    const session = await acceptInvitationAndSignIn(ctx.services, input, { ipAddress: ctx.ipAddress, requestId: ctx.requestId, previousSessionId: ctx.session?.id });
    ctx.setCookie(session.sessionCookie);
    // Someone who must use two-factor sign-in goes on to set up their authenticator app.
    return { ok: true as const, next: session.secondFactor ? session.landingPath : null };
  }),
});
