import { router, publicProcedure, protectedProcedure } from "../init";
import { loginInputSchema } from "../../domain/auth/schemas";
import { login, logout, logoutEverywhere } from "../../domain/auth/login";
import { describeActor } from "../../domain/home/home";

export const authRouter = router({
  me: publicProcedure.query(({ ctx }) => (ctx.actor ? describeActor(ctx.actor) : null)),
  login: publicProcedure.input(loginInputSchema).mutation(async ({ ctx, input }) => {
    const result = await login(ctx.services, input, { ipAddress: ctx.ipAddress, requestId: ctx.requestId });
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
});
