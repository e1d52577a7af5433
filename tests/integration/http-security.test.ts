// What every HTTP response carries (helmet's headers, a fresh CSP nonce, no caching of anything
// that can hold case data) and what an error shows (never a stack trace outside development).
import { afterEach, describe, expect, it } from "vitest";
import type { ServerBuild } from "@remix-run/node";
import { useHarness, DEMO } from "../support/harness";
import { createConcordServer, type ConcordServer } from "../../server/http/create-server";
import { loadConfig, runMode, trustProxySetting } from "../../server/config";
import { buildServices } from "../../server/services";
import { TEST_CONFIG } from "../support/harness";
import { DEMO_PASSWORD } from "../../prisma/seed";

const h = useHarness();
const env = (vars: Record<string, string>) => vars as NodeJS.ProcessEnv;
const servers: ConcordServer[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await server.close();
});

async function start(options: Partial<Parameters<typeof createConcordServer>[0]> = {}) {
  const { services, realtime } = h.services();
  const server = createConcordServer({ services, realtime, mode: "test", ...options });
  servers.push(server);
  return `http://127.0.0.1:${await server.listen(0, "127.0.0.1")}`;
}

/** The CSP as a map of directive to its values. */
function csp(response: Response): Map<string, string[]> {
  const header = response.headers.get("content-security-policy") ?? "";
  return new Map(header.split(";").map((d) => d.trim().split(/\s+/)).filter((d) => d[0]).map(([name, ...values]) => [name!, values]));
}

/** A Remix server build of one route whose loader fails with a detail no user should see. */
function failingRemixBuild(): ServerBuild {
  const secret = "SECRET-DETAIL at loader (/srv/concord/app/routes/secret.tsx:12:34)";
  return {
    mode: "production",
    entry: { module: { default: () => new Response("<!doctype html><p>page</p>", { headers: { "Content-Type": "text/html" } }) } },
    routes: { root: { id: "root", path: "", module: { loader: () => { throw new Error(secret); }, default: () => null } } },
    assets: { url: "/build/manifest.js", version: "test", entry: { module: "/build/entry.client.js", imports: [] }, routes: { root: { id: "root", path: "", module: "/build/root.js", hasLoader: true, hasAction: false, hasClientLoader: false, hasClientAction: false, hasErrorBoundary: false } } },
    publicPath: "/build/",
    assetsBuildDirectory: "public/build",
    future: { v3_fetcherPersist: true, v3_relativeSplatPath: true, v3_throwAbortReason: true, v3_singleFetch: false, v3_lazyRouteDiscovery: false, unstable_optimizeDeps: false, v3_routeConfig: false },
    isSpaMode: false,
  } as unknown as ServerBuild;
}

describe("security headers", () => {
  it("sends a nonce-based Content-Security-Policy, fresh for every response, that no site may frame", async () => {
    const base = await start();
    const [first, second] = [await fetch(`${base}/healthz`), await fetch(`${base}/healthz`)];
    const policy = csp(first);
    const nonce = policy.get("script-src")?.find((v) => v.startsWith("'nonce-"));
    expect(nonce).toMatch(/^'nonce-[A-Za-z0-9+/]{22}==?'$/);
    expect(csp(second).get("script-src")).not.toContain(nonce);
    expect(policy.get("script-src")).not.toContain("'unsafe-inline'");
    expect(policy.get("default-src")).toEqual(["'self'"]);
    expect(policy.get("connect-src")).toEqual(["'self'"]);
    expect(policy.get("style-src")).toEqual(["'self'"]);
    expect(policy.get("frame-ancestors")).toEqual(["'none'"]);
    expect(policy.get("object-src")).toEqual(["'none'"]);
    expect(policy.get("base-uri")).toEqual(["'none'"]);
    expect(first.headers.get("x-frame-options")).toBe("DENY");
    expect(first.headers.get("x-content-type-options")).toBe("nosniff");
    expect(first.headers.get("referrer-policy")).toBe("same-origin");
  });

  it("sends HSTS only over https in production, never to a developer's http://localhost", async () => {
    const production = await start({ mode: "production", trustProxy: 1 });
    const overHttps = await fetch(`${production}/healthz`, { headers: { "x-forwarded-proto": "https" } });
    expect(overHttps.headers.get("strict-transport-security")).toBe("max-age=31536000");
    expect(csp(overHttps).has("upgrade-insecure-requests")).toBe(true);
    const overHttp = await fetch(`${production}/healthz`);
    expect(overHttp.headers.get("strict-transport-security")).toBeNull();
    expect(csp(overHttp).has("upgrade-insecure-requests")).toBe(false);
    const behindTlsProxy = await start({ mode: "production", publicUrl: "https://concord.example.org" });
    expect((await fetch(`${behindTlsProxy}/healthz`)).headers.get("strict-transport-security")).toBe("max-age=31536000");
    const development = await start({ mode: "development", trustProxy: 1 });
    expect((await fetch(`${development}/healthz`, { headers: { "x-forwarded-proto": "https" } })).headers.get("strict-transport-security")).toBeNull();
  });

  it("marks every API response and live-connection poll no-store; static files keep their caching", async () => {
    const base = await start();
    const login = await fetch(`${base}/trpc/auth.login`, { method: "POST", headers: { "content-type": "application/json", origin: base }, body: JSON.stringify({ email: DEMO.policePractitioner, password: DEMO_PASSWORD }) });
    expect(login.status).toBe(200);
    expect(login.headers.get("cache-control")).toBe("no-store");
    const cookie = login.headers.getSetCookie().find((c) => c.startsWith("concord_session="))!.split(";")[0]!;
    // A query that returns case data, and a refusal: both no-store.
    const list = await fetch(`${base}/trpc/meetings.list`, { headers: { cookie } });
    expect(list.status).toBe(200);
    expect(list.headers.get("cache-control")).toBe("no-store");
    const refused = await fetch(`${base}/trpc/meetings.list`);
    expect(refused.status).toBe(401);
    expect(refused.headers.get("cache-control")).toBe("no-store");
    const poll = await fetch(`${base}/socket.io/?EIO=4&transport=polling`, { headers: { cookie } });
    expect(poll.status).toBe(200);
    expect(poll.headers.get("cache-control")).toBe("no-store");
    const favicon = await fetch(`${base}/favicon.svg`);
    expect(favicon.status).toBe(200);
    expect(favicon.headers.get("cache-control")).toBe("public, max-age=3600");
  });
});

describe("error display", () => {
  it("shows no error detail or stack trace when NODE_ENV is unset (as under `npm start`)", async () => {
    const base = await start({ mode: runMode(loadConfig(env({}))), loadRemixBuild: async () => failingRemixBuild() });
    const response = await fetch(`${base}/?_data=root`);
    expect(response.status).toBe(500);
    expect(response.headers.get("cache-control")).toBe("no-store");
    const body = await response.text();
    expect(body).not.toContain("SECRET-DETAIL");
    expect(body).not.toMatch(/\bat \S+ \(/);
  });
});

describe("client address behind a proxy (TRUST_PROXY)", () => {
  /** Fail a sign-in with this X-Forwarded-For; the address the throttle counted it against. */
  async function throttledAddress(base: string, forwardedFor: string): Promise<string | undefined> {
    await fetch(`${base}/trpc/auth.login`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: base, "x-forwarded-for": forwardedFor },
      body: JSON.stringify({ email: DEMO.policePractitioner, password: "not-the-password" }),
    });
    const attempts = await h.db.loginAttempt.findMany({ orderBy: { id: "desc" }, take: 1, select: { ipAddress: true } });
    return attempts[0]?.ipAddress;
  }

  it("counts a sign-in against the address the proxy saw, never the one the client wrote at the left of X-Forwarded-For", async () => {
    const oneHop = await start({ trustProxy: 1 });
    expect(await throttledAddress(oneHop, "198.51.100.66, 203.0.113.7")).toBe("203.0.113.7");
    const listed = await start({ trustProxy: ["loopback", "10.0.0.0/8"] });
    expect(await throttledAddress(listed, "198.51.100.66, 203.0.113.8")).toBe("203.0.113.8");
    const direct = await start();
    expect(await throttledAddress(direct, "198.51.100.66")).toBe("127.0.0.1");
  });

  it("refuses TRUST_PROXY=true at startup, saying what to set instead", () => {
    expect(() => loadConfig(env({ TRUST_PROXY: "true" }))).toThrow(/TRUST_PROXY: `true` would believe the client's own X-Forwarded-For.*TRUST_PROXY=1/);
    expect(() => loadConfig(env({ TRUST_PROXY: "proxy.example.org" }))).toThrow(/TRUST_PROXY: not a hop count or a list/);
    expect(() => loadConfig(env({ TRUST_PROXY: "10.0.0.0/33" }))).toThrow(/TRUST_PROXY/);
    expect(trustProxySetting(loadConfig(env({ TRUST_PROXY: "2" })))).toBe(2);
    expect(trustProxySetting(loadConfig(env({ TRUST_PROXY: "10.0.0.0/8, loopback,::1" })))).toEqual(["10.0.0.0/8", "loopback", "::1"]);
    expect(trustProxySetting(loadConfig(env({})))).toBe(false);
  });
});

describe("browser tests' controls (CONCORD_TEST_CLOCK)", () => {
  it("refuses to start with the test clock unless listening only on a loopback address", () => {
    // HOST defaults to every address.
    expect(() => loadConfig(env({ CONCORD_TEST_CLOCK: "true" }))).toThrow(/CONCORD_TEST_CLOCK .* only runs on a server listening on 127\.0\.0\.1, ::1 or localhost \(HOST is "0\.0\.0\.0"\)/);
    expect(() => loadConfig(env({ CONCORD_TEST_CLOCK: "true", HOST: "::" }))).toThrow(/HOST is "::"/);
    expect(() => loadConfig(env({ CONCORD_TEST_CLOCK: "true", HOST: "concord.example.org" }))).toThrow(/CONCORD_TEST_CLOCK/);
    // As scripts/e2e-server.mjs starts it:
    expect(loadConfig(env({ CONCORD_TEST_CLOCK: "true", HOST: "127.0.0.1" })).CONCORD_TEST_CLOCK).toBe("true");
    expect(loadConfig(env({ CONCORD_TEST_CLOCK: "true", HOST: "::1" })).HOST).toBe("::1");
    expect(loadConfig(env({ HOST: "0.0.0.0" })).HOST).toBe("0.0.0.0");
  });

  it("a server holding the test routes will not listen beyond loopback, and on loopback serves them", async () => {
    const { services, realtime } = h.services();
    const testClock = { now: () => h.clock.now(), advance: async () => undefined, reset: () => undefined };
    const exposed = createConcordServer({ services, realtime, mode: "test", testClock });
    servers.push(exposed);
    await expect(exposed.listen(0, "0.0.0.0")).rejects.toThrow(/CONCORD_TEST_CLOCK/);
    await expect(exposed.listen(0)).rejects.toThrow(/CONCORD_TEST_CLOCK/);
    expect(exposed.httpServer.listening).toBe(false);
    const base = await start({ testClock });
    expect((await fetch(`${base}/__test/clock`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ reset: true }) })).status).toBe(200);
  });
});

describe("the session cookie's Secure flag", () => {
  /** Sign in on a server configured like this; the session cookie it sets. */
  async function sessionCookie(config: { NODE_ENV?: "production" | "development"; PUBLIC_URL?: string }): Promise<string> {
    const { services, realtime } = buildServices(h.db, { ...TEST_CONFIG, ...config }, h.clock);
    const server = createConcordServer({ services, realtime, mode: "test" });
    servers.push(server);
    const base = `http://127.0.0.1:${await server.listen(0, "127.0.0.1")}`;
    const response = await fetch(`${base}/trpc/auth.login`, { method: "POST", headers: { "content-type": "application/json", origin: base }, body: JSON.stringify({ email: DEMO.policePractitioner, password: DEMO_PASSWORD }) });
    return response.headers.getSetCookie().find((c) => c.startsWith("concord_session=")) ?? "";
  }

  it("is Secure whenever Concord runs as production (NODE_ENV unset too), unless PUBLIC_URL is explicitly http://", async () => {
    expect(await sessionCookie({ NODE_ENV: undefined })).toMatch(/; Secure/);
    expect(await sessionCookie({ NODE_ENV: undefined, PUBLIC_URL: "https://concord.example.org" })).toMatch(/; Secure/);
    expect(await sessionCookie({ NODE_ENV: "production" })).toMatch(/; Secure/);
    expect(await sessionCookie({ NODE_ENV: undefined, PUBLIC_URL: "http://localhost:3000" })).not.toMatch(/Secure/);
    expect(await sessionCookie({ NODE_ENV: "development" })).not.toMatch(/Secure/);
  });
});

