import { router, publicProcedure, protectedProcedure, soloProcedure } from "../init";
import { loginInputSchema } from "../../domain/auth/schemas";
import { login, logout, logoutEverywhere } from "../../domain/auth/login";
import { sessionLifetimesSchema, updateSessionLifetimes, viewSessionLifetimes } from "../../domain/settings/settings";
import { describeActor } from "../../domain/home/home";

export const authRouter = router({
  me: publicProcedure.query(({ ctx }) => (ctx.actor ? describeActor(ctx.actor) : null)),
  login: soloProcedure.input(loginInputSchema).mutation(async ({ ctx, input }) => {
    const result = await login(ctx.services, input, { ipAddress: ctx.ipAddress, requestId: ctx.requestId, previousSessionId: ctx.session?.id });
    ctx.setCookie(result.sessionCookie);
    return { landingPath: result.landingPath };
  }),
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
