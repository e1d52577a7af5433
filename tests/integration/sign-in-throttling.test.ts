// Sign-in guessing (security review, issue #10): one HTTP request buys at most one password
// check; parallel attempts on several nodes count each other; and the throttle slows guessers
// without locking the real owner out.
import { afterEach, describe, expect, it } from "vitest";
import { useHarness, DEMO } from "../support/harness";
import { useLiveServer } from "../support/live-server";
import { DEMO_PASSWORD } from "../../prisma/seed";
import { openDatabase, type Database } from "../../server/db/connect";
import { buildServices } from "../../server/services";
import { TEST_CONFIG } from "../support/harness";
import { login } from "../../server/domain/auth/login";
import { FREE_FAILURES_PER_PAIR, MAX_FAILURES_PER_ADDRESS, addressKey } from "../../server/domain/auth/throttle";
import { MAX_CALLS_PER_REQUEST } from "../../server/trpc/limits";
import { DomainError } from "../../server/domain/errors";

const h = useHarness();
const live = useLiveServer(h);

/** Send a tRPC batch: `calls` is a list of [procedure path, input]; queries go by GET, mutations by POST. */
function batch(calls: [string, unknown][], method: "GET" | "POST" = "POST") {
  const paths = calls.map(([path]) => path).join(",");
  const inputs = JSON.stringify(Object.fromEntries(calls.map(([, input], i) => [i, input])));
  if (method === "GET") return fetch(`${live.base}/trpc/${paths}?batch=1&input=${encodeURIComponent(inputs)}`);
  return fetch(`${live.base}/trpc/${paths}?batch=1`, { method, headers: { "content-type": "application/json", origin: live.base }, body: inputs });
}

/** Sign in through the domain from an address; the error's code, or "OK". */
async function attempt(services: ReturnType<typeof h.services>["services"], email: string, password: string, ipAddress: string): Promise<string> {
  try {
    await login(services, { email, password }, { ipAddress });
    return "OK";
  } catch (error) {
    if (error instanceof DomainError) return error.code;
    throw error;
  }
}

describe("one request, one password check", () => {
  it("refuses 50 sign-ins batched into one request without checking a single password", async () => {
    const guesses: [string, unknown][] = Array.from({ length: 50 }, (_, i) => ["auth.login", { email: DEMO.policeManager, password: i === 49 ? DEMO_PASSWORD : `guess-${i}` }]);
    const response = await batch(guesses);
    expect(response.status).toBe(400);
    expect(response.headers.getSetCookie()).toEqual([]);
    expect(await h.db.loginAttempt.count()).toBe(0);
    expect(await h.db.session.count()).toBe(0);
  });

  it("refuses a sign-in batched with anything else, with a message for a person, and checks nothing", async () => {
    const response = await batch([
      ["auth.logout", undefined],
      ["auth.login", { email: DEMO.policeManager, password: DEMO_PASSWORD }],
    ]);
    const [logout, signIn] = (await response.json()) as [{ error?: unknown }, { error?: { message: string } }];
    expect(logout.error).toBeDefined();
    expect(signIn.error?.message).toBe("Send a sign-in on its own, not together with other requests.");
    expect(await h.db.loginAttempt.count()).toBe(0);
    expect(await h.db.session.count()).toBe(0);
  });

  it("refuses an invitation acceptance (a sign-in too) batched with anything else, before reading it", async () => {
    const response = await batch([
      ["auth.logout", undefined],
      ["invitations.accept", { token: "a".repeat(43), password: "a long enough password", confirmPassword: "a long enough password" }],
    ]);
    const [, accept] = (await response.json()) as [unknown, { error?: { message: string } }];
    expect(accept.error?.message).toBe("Send a sign-in on its own, not together with other requests.");
    expect(response.headers.getSetCookie()).toEqual([]);
  });

  it("refuses any batch larger than the browser client ever sends", async () => {
    const calls = (n: number) => Array.from({ length: n }, (): [string, unknown] => ["auth.me", undefined]);
    expect((await batch(calls(MAX_CALLS_PER_REQUEST), "GET")).status).toBe(200);
    expect((await batch(calls(MAX_CALLS_PER_REQUEST + 1), "GET")).status).toBe(400);
    expect((await batch(calls(200), "GET")).status).toBe(400);
  });
});

describe("parallel attempts count each other", () => {
  const opened: Database[] = [];
  afterEach(async () => {
    for (const database of opened.splice(0)) await database.close();
  });

  /** Two nodes on one database: each with its own connection pool when there is a PostgreSQL server. */
  async function twoNodes() {
    const second = h.database.mode === "postgres" ? await openDatabase({ databaseUrl: h.database.url, poolSize: 5 }) : null;
    if (second) opened.push(second);
    return [buildServices(h.db, TEST_CONFIG, h.clock).services, buildServices(second?.db ?? h.db, TEST_CONFIG, h.clock).services];
  }

  it("40 parallel guesses at one account from one address, over two nodes, get only the free tries", async () => {
    const nodes = await twoNodes();
    const outcomes = await Promise.all(Array.from({ length: 40 }, (_, i) => attempt(nodes[i % 2]!, DEMO.policeManager, `guess-${i}`, "198.51.100.20")));
    expect(outcomes.filter((o) => o === "UNAUTHENTICATED")).toHaveLength(FREE_FAILURES_PER_PAIR);
    expect(outcomes.filter((o) => o === "TOO_MANY_REQUESTS")).toHaveLength(40 - FREE_FAILURES_PER_PAIR);
    expect(await h.db.loginAttempt.count()).toBe(FREE_FAILURES_PER_PAIR);
  });

  it("60 parallel guesses at different accounts from one address check no more passwords than the address's budget", async () => {
    const nodes = await twoNodes();
    const outcomes = await Promise.all(Array.from({ length: 60 }, (_, i) => attempt(nodes[i % 2]!, `guess${i}@example.org`, "a-guessed-password", "198.51.100.21")));
    expect(outcomes.filter((o) => o === "UNAUTHENTICATED")).toHaveLength(MAX_FAILURES_PER_ADDRESS);
    expect(await h.db.loginAttempt.count({ where: { ipAddress: "198.51.100.21" } })).toBe(MAX_FAILURES_PER_ADDRESS);
  });
});

describe("throttling without a lockout", () => {
  it("a few wrong passwords from one address cost a short wait that doubles, told in words", async () => {
    const { services } = h.services();
    const from = "192.0.2.10";
    for (let i = 0; i < FREE_FAILURES_PER_PAIR; i++) expect(await attempt(services, DEMO.policePractitioner, `wrong-${i}`, from)).toBe("UNAUTHENTICATED");

    // Even the right password waits: otherwise the wait would tell a guesser when they hit it.
    const refused = await login(services, { email: DEMO.policePractitioner, password: DEMO_PASSWORD }, { ipAddress: from }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(DomainError);
    expect((refused as DomainError).code).toBe("TOO_MANY_REQUESTS");
    expect((refused as DomainError).message).toBe("Too many failed attempts to sign in with this email address. Wait 15 seconds, then try again.");

    h.clock.advance(15_000);
    expect(await attempt(services, DEMO.policePractitioner, "wrong-again", from)).toBe("UNAUTHENTICATED");
    const doubled = await login(services, { email: DEMO.policePractitioner, password: DEMO_PASSWORD }, { ipAddress: from }).catch((e: unknown) => e);
    expect((doubled as DomainError).message).toBe("Too many failed attempts to sign in with this email address. Wait 30 seconds, then try again.");

    // The owner at another address is not slowed by these failures at all.
    expect(await attempt(services, DEMO.policePractitioner, DEMO_PASSWORD, "203.0.113.9")).toBe("OK");
    // And once the wait is over, this address may sign in too.
    h.clock.advance(30_000);
    expect(await attempt(services, DEMO.policePractitioner, DEMO_PASSWORD, from)).toBe("OK");
  });

  it("guesses spread over many addresses slow the guessers down but never lock the owner out at their usual address", async () => {
    const { services } = h.services();
    const usual = "203.0.113.9";
    expect(await attempt(services, DEMO.policeManager, DEMO_PASSWORD, usual)).toBe("OK");

    const outcomes: string[] = [];
    for (let i = 0; i < 40; i++) {
      outcomes.push(await attempt(services, DEMO.policeManager, `guess-${i}`, `198.51.100.${100 + (i % 20)}`));
      h.clock.advance(10_000);
    }
    // The account's slowdown refused many of the guesses from unfamiliar addresses...
    expect(outcomes.filter((o) => o === "TOO_MANY_REQUESTS").length).toBeGreaterThan(10);
    expect(outcomes.filter((o) => o === "UNAUTHENTICATED").length).toBeLessThan(20);
    const fromNewPlace = await login(services, { email: DEMO.policeManager, password: DEMO_PASSWORD }, { ipAddress: "192.0.2.99" }).catch((e: unknown) => e);
    expect((fromNewPlace as DomainError).message).toMatch(/^Too many failed attempts to sign in with this email address\. Wait \d+ (seconds|minutes?), then try again\.$/);
    // ...but the owner at their usual address signs in straight away.
    expect(await attempt(services, DEMO.policeManager, DEMO_PASSWORD, usual)).toBe("OK");
  });

  it("an address that fails at many accounts waits for its budget to refill", async () => {
    const { services } = h.services();
    const from = "192.0.2.50";
    for (let i = 0; i < MAX_FAILURES_PER_ADDRESS; i++) {
      expect(await attempt(services, `guess${i}@example.org`, "a-guessed-password", from)).toBe("UNAUTHENTICATED");
      h.clock.advance(10_000);
    }
    const refused = await login(services, { email: DEMO.healthPractitioner, password: DEMO_PASSWORD }, { ipAddress: from }).catch((e: unknown) => e);
    // The first of the 30 failures was 300 s ago: it leaves the 15-minute window in 10 minutes.
    expect((refused as DomainError).message).toBe("Too many failed attempts to sign in from your network. Wait 10 minutes, then try again.");
    h.clock.advance(10 * 60_000);
    expect(await attempt(services, DEMO.healthPractitioner, DEMO_PASSWORD, from)).toBe("OK");
  });

  it("a guesser behind an agency's shared address cannot keep out colleagues who signed in from it recently", async () => {
    const { services } = h.services();
    const sharedNat = "192.0.2.60";
    expect(await attempt(services, DEMO.policeManager, DEMO_PASSWORD, sharedNat)).toBe("OK");
    h.clock.advance(60 * 60_000);
    for (let i = 0; i < MAX_FAILURES_PER_ADDRESS; i++) {
      expect(await attempt(services, `guess${i}@example.org`, "a-guessed-password", sharedNat)).toBe("UNAUTHENTICATED");
    }
    // Someone new from that address waits for the budget to refill...
    const newcomer = await login(services, { email: DEMO.healthPractitioner, password: DEMO_PASSWORD }, { ipAddress: sharedNat }).catch((e: unknown) => e);
    expect((newcomer as DomainError).message).toMatch(/^Too many failed attempts to sign in from your network\./);
    // ...but a colleague who signs in from it every day does not, even after a typo or two.
    expect(await attempt(services, DEMO.policeManager, "a-typo", sharedNat)).toBe("UNAUTHENTICATED");
    expect(await attempt(services, DEMO.policeManager, DEMO_PASSWORD, sharedNat)).toBe("OK");
  });

  it("counts an IPv6 address by its /64, so a guesser cannot buy a fresh budget with each of its addresses", async () => {
    const { services } = h.services();
    for (let i = 0; i < MAX_FAILURES_PER_ADDRESS; i++) {
      expect(await attempt(services, `guess${i}@example.org`, "a-guessed-password", `2001:db8:5:6::${(i + 1).toString(16)}`)).toBe("UNAUTHENTICATED");
    }
    const sameNetwork = await login(services, { email: DEMO.healthPractitioner, password: DEMO_PASSWORD }, { ipAddress: "2001:0db8:0005:0006:ffff:1:2:3" }).catch((e: unknown) => e);
    expect((sameNetwork as DomainError).message).toMatch(/^Too many failed attempts to sign in from your network\./);
    expect(await attempt(services, DEMO.healthPractitioner, DEMO_PASSWORD, "2001:db8:5:7::1")).toBe("OK");
  });

  it("knows an address by one spelling: IPv4 as itself (also IPv4-mapped), IPv6 as its /64", () => {
    expect(addressKey("192.0.2.7")).toBe("192.0.2.7");
    expect(addressKey("::ffff:192.0.2.7")).toBe("192.0.2.7");
    expect(addressKey("2001:DB8:0:1:aaaa:bbbb:cccc:dddd")).toBe("2001:db8:0:1::/64");
    expect(addressKey("2001:db8::1")).toBe("2001:db8:0:0::/64");
    expect(addressKey("fe80::1%eth0")).toBe("fe80:0:0:0::/64");
    expect(addressKey("::1")).toBe("0:0:0:0::/64");
  });
});
