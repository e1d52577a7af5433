// Every request validates its session and reloads the person's roles and permissions (one query,
// docs/decisions/0032-api-request-cost.md; nothing is cached between requests). So a change of
// roles or permissions, a deactivation and a sign-out all apply to the very next request made
// with the same cookie. Each request here is built the way the HTTP door builds it: createContext
// from the Cookie header, then the procedure.
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { TRPCError } from "@trpc/server";
import { DEMO, useHarness } from "../support/harness";
import { createContext } from "../../server/trpc/context";
import { createCaller } from "../../server/trpc/root";
import { startSession } from "../../server/domain/auth/sessions";
import { SESSION_COOKIE_NAME } from "../../server/auth/lucia";

const h = useHarness();

/** Signs `email` in and returns a function that makes one request with that browser's cookie. */
async function browserOf(email: string) {
  const { services } = h.services();
  const user = await h.db.user.findUniqueOrThrow({ where: { email }, select: { id: true } });
  const { session } = await startSession(services, user.id);
  const cookieHeader = `${SESSION_COOKIE_NAME}=${session.id}`;
  return async function request() {
    const setCookies: string[] = [];
    const ctx = await createContext({ services, cookieHeader, ipAddress: "203.0.113.9", requestId: randomUUID(), setCookie: (c) => setCookies.push(c) });
    return { ctx, caller: createCaller(ctx), setCookies };
  };
}

async function refusal(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(TRPCError);
  return (error as TRPCError).code;
}

describe("the next request sees the change", () => {
  it("a change of roles", async () => {
    const request = await browserOf(DEMO.policePractitioner);
    const before = await request();
    expect(before.ctx.actor!.roles).toEqual(["practitioner"]);
    await before.caller.contacts.list({});
    // An administrator's tool or a migration makes Pat an agency administrator only.
    await h.db.$executeRaw`DELETE FROM user_role WHERE user_id = ${before.ctx.actor!.userId}::uuid`;
    await h.db.$executeRaw`INSERT INTO user_role (user_id, role_id) SELECT ${before.ctx.actor!.userId}::uuid, id FROM role WHERE name = 'agency_admin'`;
    const after = await request();
    expect(after.ctx.actor!.roles).toEqual(["agency_admin"]);
    expect(after.ctx.actor!.permissions.has("read:contact:own_agency")).toBe(false);
    expect(await refusal(after.caller.contacts.list({}))).toBe("FORBIDDEN");
  });

  it("a permission taken from a role", async () => {
    const request = await browserOf(DEMO.policePractitioner);
    const before = await request();
    const reading = [...before.ctx.actor!.permissions].filter((p) => p.startsWith("read:contact:"));
    expect(reading.length).toBeGreaterThan(0);
    await before.caller.contacts.list({});
    // Permissions are seeded by migration, not reset between tests: put the rows back afterwards.
    const taken = await h.db.$queryRaw<{ role_id: string; permission_id: string; agency_kind: string | null }[]>`
      DELETE FROM role_permission rp USING role r, permission p
      WHERE r.id = rp.role_id AND p.id = rp.permission_id AND r.name = 'practitioner' AND p.action = 'read' AND p.entity = 'contact'
      RETURNING rp.role_id::text, rp.permission_id::text, rp.agency_kind::text`;
    try {
      const after = await request();
      expect([...after.ctx.actor!.permissions].filter((p) => p.startsWith("read:contact:"))).toEqual([]);
      expect(await refusal(after.caller.contacts.list({}))).toBe("FORBIDDEN");
    } finally {
      for (const row of taken) {
        await h.db.$executeRaw`INSERT INTO role_permission (role_id, permission_id, agency_kind) VALUES (${row.role_id}::uuid, ${row.permission_id}::uuid, ${row.agency_kind}::"AgencyKind")`;
      }
    }
    await (await request()).caller.contacts.list({});
  });

  it("a deactivation by an administrator, and one straight in the database", async () => {
    const pat = await browserOf(DEMO.policePractitioner);
    const dan = await browserOf(DEMO.policeManager);
    const first = await pat();
    await first.caller.contacts.list({});
    const admin = await h.caller(DEMO.policeAdmin);
    await admin.caller.users.deactivate({ userId: first.ctx.actor!.userId });
    const next = await pat();
    expect(next.ctx.actor).toBeNull();
    // The browser is told to forget the cookie.
    expect(next.setCookies.some((c) => c.startsWith(`${SESSION_COOKIE_NAME}=;`))).toBe(true);
    expect(await refusal(next.caller.contacts.list({}))).toBe("UNAUTHORIZED");

    expect((await (await dan()).caller.auth.me())?.displayName).toBe("Dan Hughes");
    await h.db.$executeRaw`UPDATE app_user SET is_active = false, deactivated_at = ${h.clock.now()} WHERE email = ${DEMO.policeManager}`;
    expect((await dan()).ctx.actor).toBeNull();
    expect(await refusal((await dan()).caller.contacts.list({}))).toBe("UNAUTHORIZED");
  });

  it("a sign-out, here and (signing out everywhere) in the person's other browsers", async () => {
    const office = await browserOf(DEMO.policePractitioner);
    const laptop = await browserOf(DEMO.policePractitioner);
    const phone = await browserOf(DEMO.policePractitioner);
    const signingOut = await office();
    await signingOut.caller.auth.logout();
    expect(await refusal((await office()).caller.contacts.list({}))).toBe("UNAUTHORIZED");
    // The other browsers are still signed in until the person signs out everywhere.
    await (await laptop()).caller.contacts.list({});
    await (await phone()).caller.auth.logoutEverywhere();
    expect(await refusal((await laptop()).caller.contacts.list({}))).toBe("UNAUTHORIZED");
    expect(await refusal((await phone()).caller.contacts.list({}))).toBe("UNAUTHORIZED");
  });
});
