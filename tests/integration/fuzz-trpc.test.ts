// Property-based fuzzing of every tRPC procedure over real HTTP. The procedures are read from
// the router, so a new one is fuzzed without anyone remembering to add it. For every input:
// never a 5xx; every refusal's message is written for a person (not a library default); and a
// refused request changes nothing in the database.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import type { z } from "zod";
import { appRouter } from "../../server/trpc/root";
import { useHarness, DEMO } from "../support/harness";
import { useLiveServer } from "../support/live-server";
import { databaseFingerprint, expectWrittenForAPerson } from "../support/input";
import { buildFuzzWorld, FUZZ_RUNS, FUZZ_SEED, inputsFor } from "../support/fuzz";

const h = useHarness();
const live = useLiveServer(h);

interface ProcedureDef {
  type: "query" | "mutation" | "subscription";
  inputs: z.ZodType[];
}
const procedures = Object.entries(appRouter._def.procedures as unknown as Record<string, { _def: ProcedureDef }>).map(([path, procedure]) => ({
  path,
  type: procedure._def.type,
  schema: procedure._def.inputs[0],
}));

/** Ending the fuzzer's own session would leave every later input refused before validation. */
const ENDS_THE_SESSION = new Set(["auth.logout", "auth.logoutEverywhere"]);
/** A refused sign-in is still recorded, for throttling: that write is the point. */
const WRITES_WHEN_REFUSED: Record<string, string[]> = {
  "auth.login": ["login_attempt"],
  "invitations.accept": ["login_attempt"],
  // Every refused single sign-on is audited (and a sign-in it names is used up): that is the point.
  "sso.start": ["audit_event"],
  "sso.complete": ["audit_event", "sso_sign_in"],
  // "Confirm it's you" counts wrong passwords and wrong codes like sign-in does.
  "auth.confirmItsYou": ["login_attempt", "second_factor_attempt"],
};
/** Who fuzzes: a council manager, a partner agency's practitioner, the system administrator, and no one. */
const PEOPLE = [DEMO.councilManager, DEMO.policePractitioner, DEMO.systemAdmin, null] as const;

/** Requests too large for a URL are refused by Node itself before Concord sees them. */
const REFUSED_BY_NODE = new Set([413, 414, 431]);

async function send(base: string, cookie: string | null, path: string, type: string, input: unknown) {
  const headers: Record<string, string> = { origin: base };
  if (cookie) headers.cookie = cookie;
  const encoded = input === undefined ? undefined : JSON.stringify(input);
  if (type === "query") {
    return fetch(`${base}/trpc/${path}${encoded === undefined ? "" : `?input=${encodeURIComponent(encoded)}`}`, { headers });
  }
  return fetch(`${base}/trpc/${path}`, { method: "POST", headers: { ...headers, "content-type": "application/json" }, body: encoded });
}

/**
 * Each group starts from a fresh database and world (a reset costs seconds on CI, so not one
 * per router); the groups keep the routers that close meetings and resolve disagreements apart
 * from the rest, so that their successes do not leave the others with nothing to act on.
 */
const routers = [...new Set(procedures.map((p) => p.path.split(".")[0]!))];
const DESTRUCTIVE = [["meetings", "actions"], ["disagreements", "contacts"]];
const groups = [...DESTRUCTIVE, routers.filter((r) => !DESTRUCTIVE.flat().includes(r))].map((g) => g.join(", "));

describe("fuzzing every tRPC procedure", () => {
  it("covers every procedure of the router", () => {
    expect(procedures.length).toBeGreaterThan(40);
    expect(procedures.every((p) => p.type === "query" || p.type === "mutation")).toBe(true);
  });

  it.each(groups)("%s: never a 5xx, never a default message, and a refusal changes nothing", { timeout: 300_000 }, async (group) => {
    const world = await buildFuzzWorld(h);
    const cookies = new Map<string | null, string | null>([[null, null]]);
    for (const person of PEOPLE) if (person) cookies.set(person, await live.signIn(person));
    for (const { path, type, schema } of procedures.filter((p) => group.split(", ").includes(p.path.split(".")[0]!))) {
      for (const person of PEOPLE) {
        if (person && ENDS_THE_SESSION.has(path)) continue;
        const cookie = cookies.get(person)!;
        let before = await databaseFingerprint(h.db, WRITES_WHEN_REFUSED[path]);
        await fc.assert(
          fc.asyncProperty(inputsFor(schema, world.ids, world.seeds[path]), async (input) => {
            const response = await send(live.base, cookie, path, type, input);
            const context = `${path} as ${person ?? "no one"} with ${JSON.stringify(input)?.slice(0, 300)}`;
            expect(response.status, context).toBeLessThan(500);
            const after = await databaseFingerprint(h.db, WRITES_WHEN_REFUSED[path]);
            if (response.status >= 400) {
              if (!REFUSED_BY_NODE.has(response.status)) {
                const body = (await response.json()) as { error: { message: string } };
                expectWrittenForAPerson(body.error.message, context);
              }
              expect(after, `a refused request changed the database: ${context}`).toEqual(before);
            }
            before = after;
          }),
          { numRuns: FUZZ_RUNS, seed: FUZZ_SEED },
        );
      }
    }
  });
});
