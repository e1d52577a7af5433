// What every HTTP response carries (helmet's headers, a fresh CSP nonce, no caching of anything
// that can hold case data) and what an error shows (never a stack trace outside development).
import { afterEach, describe, expect, it } from "vitest";
import type { ServerBuild } from "@remix-run/node";
import { useHarness, DEMO } from "../support/harness";
import { createConcordServer, type ConcordServer } from "../../server/http/create-server";
import { loadConfig, runMode } from "../../server/config";
import { DEMO_PASSWORD } from "../../prisma/seed";

const h = useHarness();
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
    const production = await start({ mode: "production", trustProxy: true });
    const overHttps = await fetch(`${production}/healthz`, { headers: { "x-forwarded-proto": "https" } });
    expect(overHttps.headers.get("strict-transport-security")).toBe("max-age=31536000");
    expect(csp(overHttps).has("upgrade-insecure-requests")).toBe(true);
    const overHttp = await fetch(`${production}/healthz`);
    expect(overHttp.headers.get("strict-transport-security")).toBeNull();
    expect(csp(overHttp).has("upgrade-insecure-requests")).toBe(false);
    const behindTlsProxy = await start({ mode: "production", publicUrl: "https://concord.example.org" });
    expect((await fetch(`${behindTlsProxy}/healthz`)).headers.get("strict-transport-security")).toBe("max-age=31536000");
    const development = await start({ mode: "development", trustProxy: true });
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
    const base = await start({ mode: runMode(loadConfig({} as NodeJS.ProcessEnv)), loadRemixBuild: async () => failingRemixBuild() });
    const response = await fetch(`${base}/?_data=root`);
    expect(response.status).toBe(500);
    expect(response.headers.get("cache-control")).toBe("no-store");
    const body = await response.text();
    expect(body).not.toContain("SECRET-DETAIL");
    expect(body).not.toMatch(/\bat \S+ \(/);
  });
});
