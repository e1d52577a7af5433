// Signing in through an agency's identity provider: OpenID Connect authorization code flow with
// PKCE, state and nonce (openid-client). The provider proves who the person is; the account and
// its roles are Concord's. Matching (docs/decisions/0035-single-sign-on-per-agency.md):
//   1. (issuer, subject) already linked: that account, nothing else considered.
//   2. Otherwise, the first link: the provider says the email is verified, its domain is one the
//      agency's provider vouches for, and the address has an account in that agency with no
//      link to this provider yet (or an open invitation into that agency, accepted here).
//   3. Anyone else is refused and nothing is created.
// Every sign-in and every refusal is audited.
import { createHash, timingSafeEqual } from "node:crypto";
import { z } from "zod";
import * as oidc from "openid-client";
import type { Services } from "../services";
import type { Tx } from "../../db/connect";
import { loadActor } from "../access/actor";
import { landingPathFor } from "../access/roles";
import { recordAudit } from "../audit/audit";
import { DomainError, asDomainError, conflict, invalid, unauthenticated } from "../errors";
import { transaction } from "../../db/transaction";
import { enqueueEmails } from "../mail/outbox";
import { emailSchema } from "../auth/schemas";
import { startSession } from "../auth/sessions";
import { openSecret } from "../../auth/secret-box";
import { newBrowserKey, ssoCookie, blankSsoCookie } from "../../auth/sso-cookie";
import { ssoCallbackUrl } from "./identity-providers";

/** A sign-in must come back from the provider within this long. */
const SIGN_IN_TTL_MS = 10 * 60_000;
/** Seconds to wait for a provider before saying it is down. */
const PROVIDER_TIMEOUT_SECONDS = 8;

export const startSsoInputSchema = z.union([
  z.object({ email: emailSchema }),
  z.object({ agencyId: z.uuid({ error: "Choose your organisation" }) }),
], { error: "Enter your work email address, or choose your organisation" });
export type StartSsoInput = z.input<typeof startSsoInputSchema>;

export const completeSsoInputSchema = z.object({
  /** The query string the provider sent the browser back with ("?code=...&state=..."). */
  query: z.string().max(8000, "This sign-in link is too long to be ours. Start again."),
  /** The browser's key from the concord_sso cookie (null when it has none). */
  browserKey: z.string().max(100).nullable(),
});

/** What a person is told for each refusal. Written for them: what happened, what to do. */
export const SSO_REFUSALS = {
  no_provider: "Your organisation does not sign in to Concord through its own sign-in service. Sign in with your email address and password.",
  issuer_unreachable: "Concord could not reach your organisation's sign-in service just now. Try again in a few minutes. If it keeps happening, tell your IT service desk.",
  wrong_state: "This sign-in could not be finished: it was started in another browser, or too long ago. Start again from this page.",
  replayed: "This sign-in has already been used. Start again from this page.",
  provider_refused: "Your organisation's sign-in service did not sign you in. Start again, or ask your IT service desk if it keeps happening.",
  wrong_nonce: "This sign-in could not be checked: the answer from your organisation's sign-in service was not for this sign-in. Start again from this page.",
  wrong_audience: "This sign-in could not be checked: your organisation's sign-in service answered for a different application. Tell your agency's Concord administrator.",
  invalid_response: "This sign-in could not be checked: your organisation's sign-in service sent an answer Concord cannot trust. Start again, or tell your agency's Concord administrator.",
  unverified_email: "Your organisation's sign-in service has not confirmed your email address, so Concord cannot tell which account is yours. Ask your IT service desk to confirm it, then try again.",
  domain_not_vouched: "Your email address is not one your organisation signs in to Concord for. Sign in with your email address and password, or ask your agency's Concord administrator.",
  unknown_person: "There is no Concord account for you in this organisation. Accounts are created by invitation: ask your agency's Concord administrator to invite you.",
  other_subject: "Your Concord account is already linked to a different sign-in at your organisation. Sign in as that person, or ask your agency's Concord administrator.",
  other_agency: "Your Concord account belongs to a different organisation. Sign in through that organisation, or with your email address and password.",
  deactivated: "Your account has been deactivated. Contact your agency administrator.",
} as const;
export type SsoRefusal = keyof typeof SSO_REFUSALS;

/** A refusal: the person's message, and the reason the audit trail records. */
export class SsoRefused extends DomainError {
  constructor(readonly reason: SsoRefusal) {
    super(reason === "deactivated" || reason === "unknown_person" || reason === "other_subject" || reason === "other_agency" ? "UNAUTHENTICATED" : "INVALID", SSO_REFUSALS[reason]);
  }
}

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

interface ProviderRow {
  id: string;
  agencyId: string;
  issuer: string;
  clientId: string;
  clientSecret: string;
}

/** The provider's configuration (discovery), or "issuer_unreachable". */
async function discover(services: Services, provider: ProviderRow): Promise<oidc.Configuration> {
  const { secretKey, allowHttpIssuers } = services.settings.singleSignOn;
  const secret = secretKey ? openSecret(secretKey, provider.clientSecret, provider.agencyId) : null;
  // A secret that no longer opens (the key changed) is a configuration fault, not the person's.
  if (secret === null) throw new SsoRefused("invalid_response");
  const issuer = new URL(provider.issuer);
  try {
    return await oidc.discovery(issuer, provider.clientId, { redirect_uris: [ssoCallbackUrl(services)], response_types: ["code"] }, oidc.ClientSecretBasic(secret), {
      timeout: PROVIDER_TIMEOUT_SECONDS,
      execute: allowHttpIssuers && issuer.protocol === "http:" ? [oidc.allowInsecureRequests] : [],
    });
  } catch {
    throw new SsoRefused("issuer_unreachable");
  }
}

async function auditRefusal(services: Services, reason: SsoRefusal, where: { providerId?: string; agencyId?: string; userId?: string }, requestId?: string) {
  await services.db.$transaction((tx) =>
    recordAudit(tx, null, { action: "auth.sso_refused", entityType: "identity_provider", entityId: where.providerId ?? null, detail: { reason, agencyId: where.agencyId ?? null, userId: where.userId ?? null } }, requestId),
  );
}

/** Public: the organisations whose people may sign in through their own provider. */
export async function ssoOrganisations(services: Services) {
  const providers = await services.db.identityProvider.findMany({ select: { agency: { select: { id: true, name: true } } }, orderBy: { agency: { name: "asc" } } });
  return providers.map((p) => ({ agencyId: p.agency.id, name: p.agency.name }));
}

/**
 * Start a sign-in: find the agency's provider (by the email's domain, or the organisation the
 * person chose), remember state, nonce and PKCE verifier against this browser, and return the
 * provider's authorization URL and the cookie that binds the sign-in to this browser.
 */
export async function startSsoSignIn(services: Services, input: StartSsoInput, meta: { requestId?: string } = {}) {
  const data = startSsoInputSchema.parse(input);
  const { db, clock } = services;
  const select = { id: true, agencyId: true, issuer: true, clientId: true, clientSecret: true } as const;
  let provider: ProviderRow | null;
  let loginHint: string | undefined;
  if ("email" in data) {
    const domain = data.email.split("@")[1] ?? "";
    const matches = await db.identityProvider.findMany({ where: { domains: { some: { domain } } }, select });
    // A domain several organisations share (nhs.net): the person chooses theirs.
    if (matches.length > 1) throw invalid("Several organisations sign in with that email address. Choose yours from the list.", { agencyId: "Choose your organisation" });
    provider = matches[0] ?? null;
    if (!provider) throw invalid(SSO_REFUSALS.no_provider, { email: "Your organisation does not sign in to Concord this way: sign in with your email address and password" });
    loginHint = data.email;
  } else {
    provider = await db.identityProvider.findUnique({ where: { agencyId: data.agencyId }, select });
    if (!provider) throw invalid(SSO_REFUSALS.no_provider, { agencyId: "Choose your organisation from the list" });
  }
  let config: oidc.Configuration;
  try {
    config = await discover(services, provider);
  } catch (error) {
    if (error instanceof SsoRefused) await auditRefusal(services, error.reason, { providerId: provider.id, agencyId: provider.agencyId }, meta.requestId);
    throw error;
  }
  const state = oidc.randomState();
  const nonce = oidc.randomNonce();
  const codeVerifier = oidc.randomPKCECodeVerifier();
  const browserKey = newBrowserKey();
  await db.ssoSignIn.create({ data: { state, nonce, codeVerifier, browserKeyHash: sha256(browserKey), providerId: provider.id, createdAt: clock.now() } });
  const url = oidc.buildAuthorizationUrl(config, {
    redirect_uri: ssoCallbackUrl(services),
    scope: "openid email profile",
    response_type: "code",
    code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: "S256",
    state,
    nonce,
    ...(loginHint ? { login_hint: loginHint } : {}),
  });
  return { url: url.href, cookie: ssoCookie(browserKey, services.settings.sessions.secureCookies) };
}

function claimNamed(error: unknown): string | undefined {
  for (let cause = error, depth = 0; cause && typeof cause === "object" && depth < 5; cause = (cause as { cause?: unknown }).cause, depth++) {
    const claim = (cause as { claim?: unknown }).claim;
    if (typeof claim === "string") return claim;
  }
  return undefined;
}

/** Why the library refused the provider's answer, in our words. */
function refusalFor(error: unknown): SsoRefusal {
  if (error instanceof oidc.AuthorizationResponseError) return "provider_refused";
  if (error instanceof oidc.ResponseBodyError) return error.error === "invalid_grant" ? "replayed" : "provider_refused";
  const e = error as { code?: string; cause?: unknown; name?: string };
  if (e?.code === "OAUTH_JWT_CLAIM_COMPARISON_FAILED") {
    // openid-client wraps oauth4webapi's error, whose cause names the claim.
    const claim = claimNamed(error);
    if (claim === "nonce") return "wrong_nonce";
    if (claim === "aud" || claim === "azp") return "wrong_audience";
    return "invalid_response";
  }
  if (e?.code === "OAUTH_JSON_ATTRIBUTE_COMPARISON_FAILED" && JSON.stringify(e.cause ?? {}).includes("state")) return "wrong_state";
  // fetch failures, timeouts, refused connections
  if (error instanceof TypeError || e?.name === "AbortError" || e?.name === "TimeoutError") return "issuer_unreachable";
  return "invalid_response";
}

export interface SsoSignInResult {
  userId: string;
  sessionCookie: string;
  /** Removes the browser's sign-in key. */
  clearCookie: string;
  landingPath: string;
}

/**
 * Finish a sign-in the provider sent back. Every check comes before any change; a refusal is
 * audited and creates nothing (the used sign-in row excepted: it can never be used again).
 */
export async function completeSsoSignIn(
  services: Services,
  input: z.input<typeof completeSsoInputSchema>,
  meta: { requestId?: string; previousSessionId?: string | null } = {},
): Promise<SsoSignInResult> {
  const data = completeSsoInputSchema.parse(input);
  const { db, clock } = services;
  const params = new URLSearchParams(data.query.startsWith("?") ? data.query.slice(1) : data.query);
  const state = params.get("state") ?? "";
  const row = state.length > 0 && state.length <= 200 ? await db.ssoSignIn.findUnique({ where: { state }, select: { id: true, nonce: true, codeVerifier: true, browserKeyHash: true, createdAt: true, usedAt: true, provider: { select: { id: true, agencyId: true, issuer: true, clientId: true, clientSecret: true } } } }) : null;
  const refuse = async (reason: SsoRefusal, userId?: string): Promise<never> => {
    await auditRefusal(services, reason, { providerId: row?.provider.id, agencyId: row?.provider.agencyId, userId }, meta.requestId);
    throw new SsoRefused(reason);
  };
  // State: a sign-in this browser started (its key matches), not too old.
  const keyMatches = !!row && !!data.browserKey && timingSafeEqual(Buffer.from(row.browserKeyHash), Buffer.from(sha256(data.browserKey)));
  if (!row || !keyMatches) return refuse("wrong_state");
  const now = clock.now();
  if (row.usedAt) return refuse("replayed");
  if (now.getTime() - row.createdAt.getTime() > SIGN_IN_TTL_MS) return refuse("wrong_state");
  // Used once: of two callbacks racing with the same state, one goes on.
  const claimed = await db.ssoSignIn.updateMany({ where: { id: row.id, usedAt: null }, data: { usedAt: now } });
  if (claimed.count !== 1) return refuse("replayed");
  const provider = row.provider;

  let claims: oidc.IDToken | undefined;
  try {
    const config = await discover(services, provider);
    const tokens = await oidc.authorizationCodeGrant(config, new URL(`${ssoCallbackUrl(services)}?${params.toString()}`), {
      pkceCodeVerifier: row.codeVerifier,
      expectedState: state,
      expectedNonce: row.nonce,
      idTokenExpected: true,
    });
    claims = tokens.claims();
    // Providers that follow OpenID Connect's own advice (oidc-provider, NHS CIS2) give the email
    // only at the userinfo endpoint when an access token was issued: ask there, for the same subject.
    if (claims && claims.email === undefined && tokens.access_token) {
      const info = await oidc.fetchUserInfo(config, tokens.access_token, claims.sub);
      claims = { ...claims, email: info.email, email_verified: info.email_verified, xms_edov: info.xms_edov };
    }
  } catch (error) {
    return refuse(error instanceof SsoRefused ? error.reason : refusalFor(error));
  }
  if (!claims) return refuse("invalid_response");

  const issuer = claims.iss;
  const subject = claims.sub;
  const linked = await db.userIdentity.findUnique({ where: { issuer_subject: { issuer, subject } }, select: { id: true, providerId: true, user: { select: { id: true, agencyId: true, isActive: true } } } });
  let userId: string;
  if (linked) {
    // Matched by subject alone: the email the provider now gives plays no part.
    if (linked.providerId !== provider.id || linked.user.agencyId !== provider.agencyId) return refuse("other_agency", linked.user.id);
    if (!linked.user.isActive) return refuse("deactivated", linked.user.id);
    await db.userIdentity.update({ where: { id: linked.id }, data: { lastUsedAt: now } });
    userId = linked.user.id;
  } else {
    const parsedEmail = emailSchema.safeParse(claims.email);
    // Microsoft Entra ID never sends email_verified; its optional claim xms_edov says the tenant
    // has verified that it owns the email's domain, which is what the domain check relies on.
    const verified = claims.email_verified === true || claims.xms_edov === true;
    if (!verified || !parsedEmail.success) return refuse("unverified_email");
    const email = parsedEmail.data;
    const vouched = await db.identityProviderDomain.findUnique({ where: { providerId_domain: { providerId: provider.id, domain: email.split("@")[1] ?? "" } }, select: { domain: true } });
    if (!vouched) return refuse("domain_not_vouched");
    try {
      userId = await transaction(db, (tx) => linkFirstSignIn(tx, { provider, issuer, subject, email, now, requestId: meta.requestId }));
    } catch (error) {
      if (error instanceof SsoRefused) return refuse(error.reason, (error as SsoRefused & { userId?: string }).userId);
      // The (issuer, subject) or (user, provider) key: another sign-in linked it at the same moment.
      if (asDomainError(error)?.code === "CONFLICT") return refuse("other_subject");
      throw error;
    }
  }

  const { cookie } = await startSession(services, userId, { replacing: meta.previousSessionId });
  const actor = await loadActor(db, userId);
  if (!actor) throw unauthenticated();
  await db.$transaction((tx) =>
    recordAudit(tx, { userId, agencyId: actor.agencyId }, { action: "auth.login", entityType: "session", entityId: userId, detail: { via: "sso", providerId: provider.id } }, meta.requestId),
  );
  return { userId, sessionCookie: cookie, clearCookie: blankSsoCookie(services.settings.sessions.secureCookies), landingPath: landingPathFor(actor.roles) };
}

/** The first sign-in of (issuer, subject): link it to the account of that verified email, or accept an open invitation. */
async function linkFirstSignIn(tx: Tx, p: { provider: ProviderRow; issuer: string; subject: string; email: string; now: Date; requestId?: string }): Promise<string> {
  const { provider, issuer, subject, email, now } = p;
  const refuse = (reason: SsoRefusal, userId?: string) => Object.assign(new SsoRefused(reason), { userId });
  const user = await tx.user.findUnique({ where: { email }, select: { id: true, agencyId: true, isActive: true, identities: { where: { providerId: provider.id }, select: { id: true } } } });
  if (user) {
    if (user.agencyId !== provider.agencyId) throw refuse("other_agency", user.id);
    if (!user.isActive) throw refuse("deactivated", user.id);
    // Already linked to another subject: the same email from someone else is not them.
    if (user.identities.length > 0) throw refuse("other_subject", user.id);
    const identity = await tx.userIdentity.create({ data: { userId: user.id, providerId: provider.id, issuer, subject, linkedAt: now, lastUsedAt: now }, select: { id: true } });
    await recordAudit(tx, { userId: user.id, agencyId: user.agencyId }, { action: "auth.sso_link", entityType: "user_identity", entityId: identity.id, detail: { providerId: provider.id, issuer } }, p.requestId);
    // Whoever controls the agency's provider could link someone else's account: the owner hears of it.
    await enqueueEmails(
      tx,
      [
        {
          to: email,
          subject: "Your Concord account now signs in through your organisation",
          body:
            `Your Concord account was just linked to your organisation's sign-in service (${new URL(issuer).host}). From now on you can choose "Sign in with your organisation" on Concord's sign-in page.\n\n` +
            `If you did not just sign in to Concord, tell your agency's Concord administrator and the partnership's system administrator at once.`,
        },
      ],
      now,
    );
    return user.id;
  }
  // An invitation into this agency, approved where it needs approval (it then has a link), still open.
  const invitation = await tx.accountInvitation.findFirst({
    where: { email, agencyId: provider.agencyId, acceptedAt: null, revokedAt: null, tokenHash: { not: null }, expiresAt: { gt: now } },
    select: { id: true, displayName: true, jobTitle: true, team: true, agencyId: true, approvedById: true, roles: { select: { roleId: true } } },
  });
  if (!invitation) throw refuse("unknown_person");
  const claimed = await tx.accountInvitation.updateMany({ where: { id: invitation.id, acceptedAt: null, revokedAt: null }, data: { acceptedAt: now } });
  if (claimed.count !== 1) throw conflict("This invitation has already been used.");
  const created = await tx.user.create({
    data: {
      email,
      displayName: invitation.displayName,
      jobTitle: invitation.jobTitle,
      team: invitation.team,
      agencyId: invitation.agencyId,
      // No password: this person signs in through their organisation.
      passwordHash: null,
      createdAt: now,
      roles: { create: invitation.roles.map((r) => ({ roleId: r.roleId })) },
    },
    select: { id: true, agencyId: true },
  });
  await tx.accountInvitation.update({ where: { id: invitation.id }, data: { acceptedUserId: created.id } });
  const identity = await tx.userIdentity.create({ data: { userId: created.id, providerId: provider.id, issuer, subject, linkedAt: now, lastUsedAt: now }, select: { id: true } });
  await recordAudit(tx, { userId: created.id, agencyId: created.agencyId }, { action: "user.accept_invitation", entityType: "user", entityId: created.id, detail: { invitationId: invitation.id, approvedById: invitation.approvedById, via: "sso" } }, p.requestId);
  await recordAudit(tx, { userId: created.id, agencyId: created.agencyId }, { action: "auth.sso_link", entityType: "user_identity", entityId: identity.id, detail: { providerId: provider.id, issuer } }, p.requestId);
  return created.id;
}
