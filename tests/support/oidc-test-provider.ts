// A real OpenID Connect provider for tests (the oidc-provider package), in-process on a random
// port of 127.0.0.1, with one confidential test client and test accounts whose email and
// email_verified the test chooses. Its sign-in pages are oidc-provider's development
// interactions: any password, the login field is the account id. Consent is granted silently.
// Used by the vitest SSO tests and, through scripts/e2e-server.mjs, by the browser tests.
// Node 24 runs this file directly (type stripping): keep to erasable TypeScript.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import Provider from "oidc-provider";
import { SignJWT, decodeJwt, exportJWK, generateKeyPair } from "jose";

export interface TestAccount {
  /** The account id typed into the provider's login form; the provider uses it as the subject. */
  id: string;
  email?: string;
  email_verified?: boolean;
  /** Microsoft Entra ID's "the tenant owns this email's domain" (it sends no email_verified). */
  xms_edov?: boolean;
  name?: string;
}

export interface TestProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  accounts: Map<string, TestAccount>;
  /** Misbehave on purpose: the next id tokens name another audience. */
  tamper: { idTokenAudience?: string };
  close(): Promise<void>;
}

export async function startTestProvider(options: { redirectUris: string[]; accounts: TestAccount[]; port?: number; clientId?: string; clientSecret?: string }): Promise<TestProvider> {
  const clientId = options.clientId ?? "concord-test";
  const clientSecret = options.clientSecret ?? "concord-test-secret-0123456789abcdef";
  const accounts = new Map(options.accounts.map((a) => [a.id, a]));
  const tamper: TestProvider["tamper"] = {};
  const { privateKey } = await generateKeyPair("RS256", { extractable: true });
  const jwk = { ...(await exportJWK(privateKey)), kid: "test-key", alg: "RS256", use: "sig" };

  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, "127.0.0.1", resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const provider = new Provider(issuer, {
    clients: [{ client_id: clientId, client_secret: clientSecret, redirect_uris: options.redirectUris, response_types: ["code"], grant_types: ["authorization_code"], token_endpoint_auth_method: "client_secret_basic" }],
    jwks: { keys: [jwk as never] },
    cookies: { keys: ["test-cookie-key-not-secret"] },
    claims: { openid: ["sub"], email: ["email", "email_verified", "xms_edov"], profile: ["name"] },
    pkce: { required: () => true },
    ttl: { AccessToken: 600, AuthorizationCode: 60, IdToken: 600, Interaction: 600, Grant: 600, Session: 600 },
    features: { devInteractions: { enabled: true } },
    async findAccount(_ctx, id) {
      const account = accounts.get(id);
      if (!account) return undefined;
      return {
        accountId: id,
        async claims() {
          return { sub: id, email: account.email, email_verified: account.email_verified, xms_edov: account.xms_edov, name: account.name };
        },
      };
    },
    // No consent screen: the test client is first-party.
    async loadExistingGrant(ctx) {
      const oidcCtx = ctx.oidc;
      const grantId = oidcCtx.result?.consent?.grantId ?? oidcCtx.session!.grantIdFor(oidcCtx.client!.clientId);
      if (grantId) return oidcCtx.provider.Grant.find(grantId);
      const grant = new oidcCtx.provider.Grant({ clientId: oidcCtx.client!.clientId, accountId: oidcCtx.session!.accountId });
      grant.addOIDCScope("openid email profile");
      await grant.save();
      return grant;
    },
  });
  // A provider that answers for another client: re-sign the id token with another audience.
  provider.use(async (ctx, next) => {
    await next();
    const body = ctx.body as { id_token?: string } | undefined;
    if (ctx.path === "/token" && tamper.idTokenAudience && body?.id_token) {
      const claims = decodeJwt(body.id_token);
      body.id_token = await new SignJWT({ ...claims, aud: tamper.idTokenAudience }).setProtectedHeader({ alg: "RS256", kid: "test-key" }).sign(privateKey);
    }
  });
  server.on("request", provider.callback());
  return {
    issuer,
    clientId,
    clientSecret,
    accounts,
    tamper,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * Drive a browser's trip through the provider with plain HTTP: open the authorization URL, sign
 * in on the login form as `login`, and follow redirects until the provider sends the browser
 * back to `callbackUrl`. Returns the query string it came back with.
 */
export async function signInAtProvider(authorizationUrl: string, login: string, callbackUrl: string): Promise<string> {
  const jar = new Map<string, string>();
  const cookieHeader = () => [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
  const remember = (response: Response) => {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(";");
      const at = pair!.indexOf("=");
      jar.set(pair!.slice(0, at), pair!.slice(at + 1));
    }
  };
  let url = authorizationUrl;
  let method = "GET";
  let body: string | undefined;
  for (let hop = 0; hop < 20; hop++) {
    if (url.startsWith(callbackUrl)) return new URL(url).search;
    const response = await fetch(url, { method, body, redirect: "manual", headers: { cookie: cookieHeader(), ...(body ? { "content-type": "application/x-www-form-urlencoded" } : {}) } });
    remember(response);
    const location = response.headers.get("location");
    if (location) {
      url = new URL(location, url).href;
      method = "GET";
      body = undefined;
      continue;
    }
    const html = await response.text();
    const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
    if (!action || !html.includes('name="login"')) throw new Error(`The provider answered ${response.status} without a login form: ${html.slice(0, 300)}`);
    url = new URL(action.replace(/&amp;/g, "&"), url).href;
    method = "POST";
    body = new URLSearchParams({ prompt: "login", login, password: "any password" }).toString();
  }
  throw new Error("Too many redirects at the provider");
}
