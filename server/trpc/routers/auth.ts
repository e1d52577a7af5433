import { router, publicProcedure, protectedProcedure, soloProcedure } from "../init";
import { loginInputSchema } from "../../domain/auth/schemas";
import { login, logout, logoutEverywhere } from "../../domain/auth/login";
import {
  secondFactorPolicyInputSchema,
  sessionLifetimesSchema,
  updateSecondFactorPolicy,
  updateSessionLifetimes,
  viewSecondFactorPolicy,
  viewSessionLifetimes,
} from "../../domain/settings/settings";
import {
  completeSignInWithCode,
  confirmEnrolment,
  confirmItsYou,
  confirmItsYouInputSchema,
  describePendingSignIn,
  enrolmentInputSchema,
  reauthenticationMethods,
  secondFactorInputSchema,
} from "../../domain/auth/second-factor";
import { describeActor } from "../../domain/home/home";
import { requireActor } from "../../domain/access/policy";

export const authRouter = router({
  me: publicProcedure.query(({ ctx }) => (ctx.actor ? describeActor(ctx.actor) : null)),
  login: soloProcedure.input(loginInputSchema).mutation(async ({ ctx, input }) => {
    const result = await login(ctx.services, input, { ipAddress: ctx.ipAddress, requestId: ctx.requestId, previousSessionId: ctx.session?.id });
    ctx.setCookie(result.sessionCookie);
    return { landingPath: result.landingPath, secondFactor: result.secondFactor };
  }),
  /** The second step of a two-factor sign-in in progress (enter a code, or set up an app), or null. */
  pendingSignIn: publicProcedure.query(({ ctx }) => describePendingSignIn(ctx.services, ctx.pendingSignInToken ?? null)),
  /** Finish a two-factor sign-in with a code from the authenticator app or a recovery code. */
  verifySecondFactor: soloProcedure.input(secondFactorInputSchema).mutation(async ({ ctx, input }) => {
    const result = await completeSignInWithCode(ctx.services, ctx.pendingSignInToken ?? null, input, { ipAddress: ctx.ipAddress, requestId: ctx.requestId, previousSessionId: ctx.session?.id });
    ctx.setCookie(result.clearPendingCookie);
    ctx.setCookie(result.sessionCookie);
    return { landingPath: result.landingPath, recoveryCodesLeft: result.recoveryCodesLeft };
  }),
  /** Confirm a new authenticator app; the recovery codes come back this once. */
  confirmEnrolment: soloProcedure.input(enrolmentInputSchema).mutation(async ({ ctx, input }) => {
    const result = await confirmEnrolment(ctx.services, ctx.pendingSignInToken ?? null, input, { ipAddress: ctx.ipAddress, requestId: ctx.requestId, previousSessionId: ctx.session?.id });
    ctx.setCookie(result.clearPendingCookie);
    ctx.setCookie(result.sessionCookie);
    return { landingPath: result.landingPath, recoveryCodes: result.recoveryCodes };
  }),
  /** What "Confirm it's you" asks this person for (password; a code when they have an app). */
  reauthenticationMethods: protectedProcedure.query(({ ctx }) => reauthenticationMethods(ctx.services, ctx.actor)),
  /** "Confirm it's you": sensitive actions are allowed for a few minutes after. */
  confirmItsYou: soloProcedure.input(confirmItsYouInputSchema).mutation(({ ctx, input }) => {
    const actor = requireActor(ctx.actor);
    return confirmItsYou(ctx.services, actor, ctx.session!.id, input, { ipAddress: ctx.ipAddress, requestId: ctx.requestId });
  }),
  /** Whether everyone (not only managers, chairs and administrators) must use two-factor sign-in. */
  secondFactorPolicy: protectedProcedure.query(({ ctx }) => viewSecondFactorPolicy(ctx.services, ctx.actor)),
  setSecondFactorPolicy: protectedProcedure
    .input(secondFactorPolicyInputSchema)
    .mutation(({ ctx, input }) => updateSecondFactorPolicy(ctx.services, ctx.actor, input, { requestId: ctx.requestId })),
  logout: protectedProcedure.mutation(async ({ ctx }) => {
    ctx.setCookie(await logout(ctx.services, ctx.actor, ctx.session.id, { requestId: ctx.requestId }));
    return { ok: true as const };
  }),
  logoutEverywhere: protectedProcedure.mutation(async ({ ctx }) => {
    ctx.setCookie(await logoutEverywhere(ctx.services, ctx.actor, { requestId: ctx.requestId }));
    return { ok: true as const };
  }),
  /** How long sessions last (for the system administrator's Settings page). */
  sessionLifetimes: protectedProcedure.query(({ ctx }) => viewSessionLifetimes(ctx.services, ctx.actor)),
  setSessionLifetimes: protectedProcedure.input(sessionLifetimesSchema).mutation(({ ctx, input }) => updateSessionLifetimes(ctx.services, ctx.actor, input, { requestId: ctx.requestId })),
});
