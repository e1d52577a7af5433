import { router, publicProcedure, protectedProcedure, soloProcedure } from "../init";
import { completeSsoInputSchema, completeSsoSignIn, ssoOrganisations, startSsoInputSchema, startSsoSignIn } from "../../domain/sso/sign-in";
import {
  agencyIdInputSchema,
  listConfigurableAgencies,
  removeIdentityProvider,
  saveIdentityProvider,
  saveIdentityProviderInputSchema,
  viewIdentityProvider,
} from "../../domain/sso/identity-providers";

/** Signing in through an agency's own identity provider (OpenID Connect). */
export const ssoRouter = router({
  /** The organisations that sign their people in this way, for the sign-in page's list. */
  organisations: publicProcedure.query(({ ctx }) => ssoOrganisations(ctx.services)),
  /** Returns the provider's sign-in address; the browser goes there with the cookie set here. */
  start: soloProcedure.input(startSsoInputSchema).mutation(async ({ ctx, input }) => {
    const { url, cookie } = await startSsoSignIn(ctx.services, input, { requestId: ctx.requestId });
    ctx.setCookie(cookie);
    return { url };
  }),
  /** The provider's answer: signs the person in, ending any session this browser held. */
  complete: soloProcedure.input(completeSsoInputSchema).mutation(async ({ ctx, input }) => {
    const result = await completeSsoSignIn(ctx.services, input, { requestId: ctx.requestId, previousSessionId: ctx.session?.id });
    ctx.setCookie(result.clearCookie);
    ctx.setCookie(result.sessionCookie);
    return { landingPath: result.landingPath };
  }),
});

/** An agency's identity provider, for its administrators and system administrators. */
export const identityProvidersRouter = router({
  agencies: protectedProcedure.query(({ ctx }) => listConfigurableAgencies(ctx.services, ctx.actor)),
  get: protectedProcedure.input(agencyIdInputSchema).query(({ ctx, input }) => viewIdentityProvider(ctx.services, ctx.actor, input)),
  save: protectedProcedure.input(saveIdentityProviderInputSchema).mutation(({ ctx, input }) => saveIdentityProvider(ctx.services, ctx.actor, input, { requestId: ctx.requestId })),
  remove: protectedProcedure.input(agencyIdInputSchema).mutation(({ ctx, input }) => removeIdentityProvider(ctx.services, ctx.actor, input, { requestId: ctx.requestId })),
});
