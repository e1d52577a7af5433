// Property-based fuzzing of the Remix doors: every route module's action (form POSTs) and
// loader (query strings), called the way the server calls them (a Request and a load context
// with a tRPC caller, as server/http/create-server.ts builds it). Routes, field names and
// intents are read from app/routes, so a new form is fuzzed without being listed here. For
// every submission: nothing that would be a 500 (a thrown Error, a 5xx Response); every message
// on the page is written for a person; a refused submission changes nothing.
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useHarness, DEMO } from "../support/harness";
import { databaseFingerprint, expectWrittenForAPerson } from "../support/input";
import { buildFuzzWorld, FUZZ_RUNS, FUZZ_SEED, hostileString, plausibleValue } from "../support/fuzz";

const h = useHarness();

const ROUTES_DIR = new URL("../../app/routes/", import.meta.url);
interface RouteModule {
  action?: (args: ActionFunctionArgs) => Promise<unknown>;
  loader?: (args: LoaderFunctionArgs) => Promise<unknown>;
}
const routes = readdirSync(ROUTES_DIR)
  .filter((file) => file.endsWith(".tsx"))
  .map((file) => {
    const source = readFileSync(new URL(file, ROUTES_DIR), "utf8");
    const names = (pattern: RegExp) => [...new Set([...source.matchAll(pattern)].map((m) => m[1]!))];
    return {
      file,
      /** "contacts.$contactId.tsx" -> "/contacts/:contactId" and its parameter names. */
      params: names(/\$(\w+)/g),
      path: `/${file.replace(/\.tsx$/, "").replace(/(^|\.)_index$/, "").replace(/\./g, "/")}`,
      fields: names(/(?:form\.get(?:All)?|text|params\.get|searchParams\.get)\("([^"]+)"\)/g),
      intents: names(/(?:intent(?:"\))? === |case )"([^"]+)"/g),
    };
  });

const SIGN_OUT_ROUTES = new Set(["logout.tsx"]);
const PEOPLE = [DEMO.councilManager, DEMO.policePractitioner, DEMO.systemAdmin] as const;

/** What a person would see: the form's messages, or a page's error text. */
async function messagesOn(response: Response): Promise<string[]> {
  const text = await response.text();
  if (!text) return [];
  try {
    const body = JSON.parse(text) as { errors?: { formError?: string; fieldErrors?: Record<string, string> } };
    return body.errors ? [body.errors.formError ?? "", ...Object.values(body.errors.fieldErrors ?? {})].filter(Boolean) : [];
  } catch {
    return [text];
  }
}

/** Call a route function as Remix would; a thrown Response is a response, anything else a 500. */
async function run(fn: () => Promise<unknown>): Promise<Response> {
  try {
    const result = await fn();
    return result instanceof Response ? result : new Response(JSON.stringify(result ?? null), { status: 200 });
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw new Error(`would be a 500: ${thrown instanceof Error ? thrown.stack : String(thrown)}`);
  }
}

describe("fuzzing every Remix form and page", () => {
  it("finds the routes and their fields", () => {
    const withActions = routes.filter((r) => readFileSync(new URL(r.file, ROUTES_DIR), "utf8").includes("export async function action"));
    expect(withActions.length).toBeGreaterThan(8);
    expect(routes.find((r) => r.file === "contacts.new.tsx")?.fields).toContain("summary");
    expect(routes.find((r) => r.file === "system.settings.tsx")?.intents.length).toBeGreaterThan(2);
  });

  it("never fails with a 500, shows only messages for a person, and a refusal changes nothing", { timeout: 300_000 }, async () => {
    const world = await buildFuzzWorld(h);
    const paramValues: Record<string, string> = { contactId: world.contactId, meetingId: world.meetingId, disagreementId: world.disagreementId, token: "a".repeat(43), table: "attendance" };
    const contexts = await Promise.all(PEOPLE.map(async (person) => {
      const { caller, actor } = await h.caller(person);
      return { person, context: { trpc: caller, actor, requestId: "fuzz" } };
    }));
    for (const route of routes) {
      const module = (await import(new URL(route.file, ROUTES_DIR).href)) as RouteModule;
      const params = Object.fromEntries(route.params.map((name) => [name, paramValues[name] ?? "x"]));
      const url = `http://localhost${route.path.replace(/\$(\w+)/g, (_, name: string) => encodeURIComponent(params[name]!))}`;
      const fieldValue = fc.oneof(hostileString, plausibleValue(world.ids).map(String), fc.constantFrom(...route.intents, "yes"));
      const form = fc.record({
        fields: fc.dictionary(fc.constantFrom(...route.fields, "intent"), fc.array(fieldValue, { minLength: 1, maxLength: 2 }), { maxKeys: 8 }),
        intent: route.intents.length ? fc.constantFrom(...route.intents) : fc.constant(undefined),
      });
      for (const { person, context } of contexts) {
        if (module.loader) {
          await fc.assert(
            fc.asyncProperty(form, async ({ fields }) => {
              const query = new URLSearchParams(Object.entries(fields).flatMap(([name, values]) => values.map((v) => [name, v] as [string, string])));
              const request = new Request(`${url}?${query}`);
              const response = await run(() => module.loader!({ request, params, context: context as never }));
              const where = `GET ${route.path}?${query.toString().slice(0, 300)} as ${person}`;
              expect(response.status, where).toBeLessThan(500);
              if (response.status >= 400) for (const message of await messagesOn(response)) expectWrittenForAPerson(message, where);
            }),
            { numRuns: FUZZ_RUNS, seed: FUZZ_SEED },
          );
        }
        if (module.action && !SIGN_OUT_ROUTES.has(route.file)) {
          let before = await databaseFingerprint(h.db, ["login_attempt", "second_factor_attempt"]);
          await fc.assert(
            fc.asyncProperty(form, async ({ fields, intent }) => {
              const body = new URLSearchParams();
              if (intent) body.append("intent", intent);
              for (const [name, values] of Object.entries(fields)) for (const value of values) body.append(name, value);
              const request = new Request(url, { method: "POST", body, headers: { "content-type": "application/x-www-form-urlencoded" } });
              const response = await run(() => module.action!({ request, params, context: context as never }));
              const where = `POST ${route.path} ${body.toString().slice(0, 300)} as ${person}`;
              expect(response.status, where).toBeLessThan(500);
              const after = await databaseFingerprint(h.db, ["login_attempt", "second_factor_attempt"]);
              if (response.status >= 400) {
                for (const message of await messagesOn(response)) expectWrittenForAPerson(message, where);
                expect(after, `a refused form changed the database: ${where}`).toEqual(before);
              }
              before = after;
            }),
            { numRuns: FUZZ_RUNS * 2, seed: FUZZ_SEED },
          );
        }
      }
    }
  });

  it("refuses a form body that cannot be read with a 400, not a 500", async () => {
    const { caller, actor } = await h.caller(DEMO.councilManager);
    const module = (await import(new URL("contacts.new.tsx", ROUTES_DIR).href)) as RouteModule;
    const bodies: [string, string][] = [
      ["multipart/form-data; boundary=nope", "this is not multipart"],
      ["multipart/form-data", "--x\r\n"],
    ];
    for (const [type, body] of bodies) {
      const request = new Request("http://localhost/contacts/new", { method: "POST", body, headers: { "content-type": type } });
      const response = await run(() => module.action!({ request, params: {}, context: { trpc: caller, actor, requestId: "fuzz" } as never }));
      expect(response.status).toBe(400);
      expectWrittenForAPerson(await response.text());
    }
  });
});
