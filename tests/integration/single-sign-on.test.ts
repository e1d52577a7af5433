// Single sign-on through a real OpenID Connect provider (oidc-provider, in-process): the
// matching rules and every bad-input case, each driven through the provider's own pages with
// real HTTP. Refusals must say what happened, create nothing and be audited.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useHarness, DEMO, rejection } from "../support/harness";
import { startTestProvider, signInAtProvider, type TestProvider } from "../support/oidc-test-provider";
import { readSsoCookie } from "../../server/auth/sso-cookie";
import { ssoCallbackUrl } from "../../server/domain/sso/identity-providers";
import { SSO_REFUSALS } from "../../server/domain/sso/sign-in";
import { openSecret } from "../../server/auth/secret-box";
import { purgeExpired } from "../../server/domain/retention/purge";

const h = useHarness();
let idp: TestProvider;
let callbackUrl: string;

beforeAll(async () => {
  callbackUrl = ssoCallbackUrl(h.services().services);
  idp = await startTestProvider({
    redirectUris: [callbackUrl],
    accounts: [
      { id: "hana", email: DEMO.healthPractitioner, email_verified: true, name: "Hana Ali" },
      { id: "impostor", email: DEMO.healthPractitioner, email_verified: true },
      { id: "unverified", email: "grace.owen@icb.example.org", email_verified: false },
      { id: "stranger", email: "stranger@icb.example.org", email_verified: true },
      { id: "elsewhere", email: "grace.owen@elsewhere.example.com", email_verified: true },
      { id: "entra-style", email: "grace.owen@icb.example.org", xms_edov: true },
      { id: "new-nurse", email: "new.nurse@icb.example.org", email_verified: true, name: "Nia Evans" },
    ],
  });
});
afterAll(() => idp?.close());

async function icbId() {
  return (await h.db.agency.findFirstOrThrow({ where: { name: "Northshire Integrated Care Board" }, select: { id: true } })).id;
}

async function configureIcb(issuer = idp.issuer) {
  const { caller } = await h.caller(DEMO.systemAdmin);
  return caller.identityProviders.save({ agencyId: await icbId(), issuer, clientId: idp.clientId, clientSecret: idp.clientSecret, domains: "icb.example.org" });
}

/** A browser starts a sign-in on Concord: the provider's address and the browser's key. */
async function start(input: { email: string } | { agencyId: string }) {
  const { caller, cookies } = await h.caller();
  const { url } = await caller.sso.start(input);
  const browserKey = readSsoCookie(cookies.find((c) => c.startsWith("concord_sso=")) ?? "");
  expect(browserKey).not.toBeNull();
  return { url, browserKey };
}

/** The browser comes back from the provider to Concord. */
async function complete(query: string, browserKey: string | null) {
  const { caller, cookies } = await h.caller();
  const outcome = await caller.sso.complete({ query, browserKey }).then(
    (result) => ({ ok: true as const, result }),
    (error: unknown) => ({ ok: false as const, error: error as Error }),
  );
  return { ...outcome, sessionCookie: cookies.find((c) => c.startsWith("concord_session=") && !c.startsWith("concord_session=;")) };
}

async function signIn(login: string, email: string = DEMO.healthPractitioner) {
  const { url, browserKey } = await start({ email });
  const query = await signInAtProvider(url, login, callbackUrl);
  return { query, browserKey, ...(await complete(query, browserKey)) };
}

async function refusals(reason: string) {
  return h.db.auditEvent.count({ where: { action: "auth.sso_refused", detail: { path: ["reason"], equals: reason } } });
}

/** What a refusal must leave behind: its message, no session, nothing created, one audit entry. */
async function expectRefused(attempt: () => Promise<Awaited<ReturnType<typeof complete>>>, reason: keyof typeof SSO_REFUSALS) {
  const before = { users: await h.db.user.count(), identities: await h.db.userIdentity.count(), sessions: await h.db.session.count(), audited: await refusals(reason) };
  const outcome = await attempt();
  expect(outcome.ok).toBe(false);
  if (!outcome.ok) expect(outcome.error.message).toBe(SSO_REFUSALS[reason]);
  expect(outcome.sessionCookie).toBeUndefined();
  expect(await h.db.user.count()).toBe(before.users);
  expect(await h.db.userIdentity.count()).toBe(before.identities);
  expect(await refusals(reason)).toBe(before.audited + 1);
}

describe("single sign-on: configuration", () => {
  it("stores the client secret encrypted, never shows it back, and audits the change without it", async () => {
    const view = await configureIcb();
    expect(view.provider).toMatchObject({ issuer: idp.issuer, clientId: idp.clientId, domains: ["icb.example.org"], hasSecret: true });
    expect(JSON.stringify(view)).not.toContain(idp.clientSecret);
    const row = await h.db.identityProvider.findFirstOrThrow({ select: { clientSecret: true, agencyId: true } });
    expect(row.clientSecret).not.toContain(idp.clientSecret);
    expect(openSecret(h.services().services.settings.singleSignOn.secretKey!, row.clientSecret, row.agencyId)).toBe(idp.clientSecret);
    // Sealed to its agency: copied to another agency's row, it does not open.
    expect(openSecret(h.services().services.settings.singleSignOn.secretKey!, row.clientSecret, "another-agency")).toBeNull();
    const audit = await h.db.auditEvent.findFirstOrThrow({ where: { action: "identity_provider.create" }, select: { detail: true } });
    expect(JSON.stringify(audit.detail)).not.toContain(idp.clientSecret);
    // Saving again with the secret left blank keeps it.
    const { caller } = await h.caller(DEMO.systemAdmin);
    await caller.identityProviders.save({ agencyId: await icbId(), issuer: idp.issuer, clientId: idp.clientId, clientSecret: "", domains: "icb.example.org nhs.net" });
    expect((await h.db.identityProvider.findFirstOrThrow({ select: { clientSecret: true } })).clientSecret).toBe(row.clientSecret);
  });

  it("an agency administrator configures only their own agency; others are refused", async () => {
    const { caller: policeAdmin } = await h.caller(DEMO.policeAdmin);
    const error = await rejection(policeAdmin.identityProviders.save({ agencyId: await icbId(), issuer: idp.issuer, clientId: "x", clientSecret: "y", domains: "icb.example.org" }));
    expect(error.code).toBe("FORBIDDEN");
    const { caller: practitioner } = await h.caller(DEMO.healthPractitioner);
    expect((await rejection(practitioner.identityProviders.get({ agencyId: await icbId() }))).code).toBe("FORBIDDEN");
    expect(await h.db.identityProvider.count()).toBe(0);
  });

  it("refuses an address that is not an issuer, and a domain written with the person's name", async () => {
    const { caller } = await h.caller(DEMO.systemAdmin);
    const error = await rejection(caller.identityProviders.save({ agencyId: await icbId(), issuer: "login dot example", clientId: "c", clientSecret: "s", domains: "hana.ali@icb.example.org" }));
    expect(error.code).toBe("BAD_REQUEST");
    expect(await h.db.identityProvider.count()).toBe(0);
  });
});

describe("single sign-on: matching", () => {
  it("links on the first sign-in by verified email, then matches by subject alone", async () => {
    await configureIcb();
    const first = await signIn("hana");
    expect(first.ok && first.result.landingPath).toBe("/work");
    expect(first.sessionCookie).toBeDefined();
    const hana = await h.actor(DEMO.healthPractitioner);
    const identity = await h.db.userIdentity.findFirstOrThrow({ select: { userId: true, issuer: true, subject: true } });
    expect(identity).toEqual({ userId: hana.userId, issuer: idp.issuer, subject: "hana" });
    expect(await h.db.auditEvent.count({ where: { action: "auth.sso_link", actorUserId: hana.userId } })).toBe(1);
    // The owner of the account is told it was linked (in case it was not them).
    expect(await h.db.outboxEmail.count({ where: { toAddress: DEMO.healthPractitioner, subject: "Your Concord account now signs in through your organisation" } })).toBe(1);
    expect(await h.db.auditEvent.count({ where: { action: "auth.login", actorUserId: hana.userId, detail: { path: ["via"], equals: "sso" } } })).toBe(1);

    // Later the provider reports another (even unverified) email: the subject decides.
    idp.accounts.set("hana", { id: "hana", email: "h.ali@elsewhere.example.com", email_verified: false });
    try {
      const again = await signIn("hana");
      expect(again.ok).toBe(true);
      expect(await h.db.auditEvent.count({ where: { action: "auth.login", actorUserId: hana.userId, detail: { path: ["via"], equals: "sso" } } })).toBe(2);
    } finally {
      idp.accounts.set("hana", { id: "hana", email: DEMO.healthPractitioner, email_verified: true });
    }
  });

  it("refuses another subject with the same verified email once the account is linked", async () => {
    await configureIcb();
    expect((await signIn("hana")).ok).toBe(true);
    await expectRefused(() => signIn("impostor"), "other_subject");
  });

  it("refuses someone with no account and no invitation, and creates nothing", async () => {
    await configureIcb();
    await expectRefused(() => signIn("stranger", "stranger@icb.example.org"), "unknown_person");
    expect(await h.db.user.count({ where: { email: "stranger@icb.example.org" } })).toBe(0);
  });

  it("an invited person's first sign-in through the provider accepts the invitation, with Concord's roles", async () => {
    await configureIcb();
    const { caller: admin } = await h.caller(DEMO.systemAdmin);
    const { invitationId } = await admin.users.invite({ email: "new.nurse@icb.example.org", displayName: "Nia Evans", roles: ["practitioner"], agencyId: await icbId() });
    // Case access needs a second person's approval first (decision 0013): until then, no account.
    await expectRefused(() => signIn("new-nurse", "new.nurse@icb.example.org"), "unknown_person");
    const { caller: icbManager } = await h.caller("grace.owen@icb.example.org");
    await icbManager.users.approveInvitation({ invitationId });
    const outcome = await signIn("new-nurse", "new.nurse@icb.example.org");
    expect(outcome.ok ? outcome.result.landingPath : outcome.error.message).toBe("/work");
    const user = await h.db.user.findUniqueOrThrow({ where: { email: "new.nurse@icb.example.org" }, select: { id: true, passwordHash: true, roles: { select: { role: { select: { name: true } } } } } });
    expect(user.passwordHash).toBeNull();
    expect(user.roles.map((r) => r.role.name)).toEqual(["practitioner"]);
    const invitation = await h.db.accountInvitation.findFirstOrThrow({ where: { email: "new.nurse@icb.example.org" }, select: { acceptedUserId: true } });
    expect(invitation.acceptedUserId).toBe(user.id);
  });

  it("refuses an unverified email on the first link", async () => {
    await configureIcb();
    await expectRefused(() => signIn("unverified", "grace.owen@icb.example.org"), "unverified_email");
  });

  it("accepts Entra ID's xms_edov (the tenant owns the email's domain) in place of email_verified", async () => {
    await configureIcb();
    const outcome = await signIn("entra-style", "grace.owen@icb.example.org");
    expect(outcome.ok ? outcome.result.landingPath : outcome.error.message).toBe("/team");
  });

  it("refuses a verified email of a domain the agency's provider does not vouch for", async () => {
    await configureIcb();
    await expectRefused(() => signIn("elsewhere"), "domain_not_vouched");
  });

  it("refuses a linked person whose account was deactivated", async () => {
    await configureIcb();
    expect((await signIn("hana")).ok).toBe(true);
    await h.db.user.update({ where: { email: DEMO.healthPractitioner }, data: { isActive: false, deactivatedAt: h.clock.now() } });
    await expectRefused(() => signIn("hana"), "deactivated");
  });
});

describe("single sign-on: bad answers", () => {
  it("refuses a wrong state: another browser's callback, or a state Concord never issued", async () => {
    await configureIcb();
    const { url, browserKey } = await start({ email: DEMO.healthPractitioner });
    const query = await signInAtProvider(url, "hana", callbackUrl);
    const otherBrowser = (await start({ email: DEMO.healthPractitioner })).browserKey;
    await expectRefused(() => complete(query, otherBrowser), "wrong_state");
    await expectRefused(() => complete(query, null), "wrong_state");
    await expectRefused(() => complete(query.replace(/state=[^&]+/, "state=made-up"), browserKey), "wrong_state");
  });

  it("refuses a replayed callback, and a replayed code under a fresh state", async () => {
    await configureIcb();
    const { url, browserKey } = await start({ email: DEMO.healthPractitioner });
    const query = await signInAtProvider(url, "hana", callbackUrl);
    expect((await complete(query, browserKey)).ok).toBe(true);
    await expectRefused(() => complete(query, browserKey), "replayed");
    // The used code, carried back under a new sign-in's state: the provider refuses it.
    const fresh = await start({ email: DEMO.healthPractitioner });
    const freshQuery = new URLSearchParams((await signInAtProvider(fresh.url, "hana", callbackUrl)).slice(1));
    freshQuery.set("code", new URLSearchParams(query.slice(1)).get("code")!);
    await expectRefused(() => complete(`?${freshQuery}`, fresh.browserKey), "replayed");
  });

  it("refuses an id token whose nonce is not the one this sign-in sent", async () => {
    await configureIcb();
    const { url, browserKey } = await start({ email: DEMO.healthPractitioner });
    const tampered = new URL(url);
    tampered.searchParams.set("nonce", "a-nonce-concord-never-sent");
    const query = await signInAtProvider(tampered.href, "hana", callbackUrl);
    await expectRefused(() => complete(query, browserKey), "wrong_nonce");
  });

  it("refuses an id token issued for another client", async () => {
    await configureIcb();
    idp.tamper.idTokenAudience = "someone-elses-app";
    try {
      await expectRefused(() => signIn("hana"), "wrong_audience");
    } finally {
      delete idp.tamper.idTokenAudience;
    }
  });

  it("says so when the provider is down, at the start and on the way back", async () => {
    const down = await startTestProvider({ redirectUris: [callbackUrl], accounts: [{ id: "hana", email: DEMO.healthPractitioner, email_verified: true }] });
    await configureIcb(down.issuer);
    const { caller: admin } = await h.caller(DEMO.systemAdmin);
    await admin.identityProviders.save({ agencyId: await icbId(), issuer: down.issuer, clientId: down.clientId, clientSecret: down.clientSecret, domains: "icb.example.org" });
    const { url, browserKey } = await start({ email: DEMO.healthPractitioner });
    const query = await signInAtProvider(url, "hana", callbackUrl);
    await down.close();
    await expectRefused(() => complete(query, browserKey), "issuer_unreachable");

    const before = await refusals("issuer_unreachable");
    const { caller } = await h.caller();
    const error = await rejection(caller.sso.start({ email: DEMO.healthPractitioner }));
    expect(error.message).toBe(SSO_REFUSALS.issuer_unreachable);
    expect(await refusals("issuer_unreachable")).toBe(before + 1);
    expect(await h.db.ssoSignIn.count({ where: { usedAt: null } })).toBe(0);
  });

  it("forgets sign-ins a day after they started, used or abandoned", async () => {
    await configureIcb();
    const { url, browserKey } = await start({ email: DEMO.healthPractitioner });
    expect((await complete(await signInAtProvider(url, "hana", callbackUrl), browserKey)).ok).toBe(true);
    await start({ email: DEMO.healthPractitioner });
    h.clock.advance(23 * 3_600_000);
    expect((await purgeExpired(h.services().services)).ssoSignIns).toBe(0);
    h.clock.advance(3_600_000 + 1);
    expect((await purgeExpired(h.services().services)).ssoSignIns).toBe(2);
    expect(await h.db.ssoSignIn.count()).toBe(0);
  });

  it("tells a person whose organisation does not sign in this way to use their password", async () => {
    const { caller } = await h.caller();
    const error = await rejection(caller.sso.start({ email: DEMO.policePractitioner }));
    expect(error.code).toBe("BAD_REQUEST");
    expect(error.message).toBe(SSO_REFUSALS.no_provider);
  });
});
