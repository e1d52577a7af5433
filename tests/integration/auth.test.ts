import { describe, expect, it } from "vitest";
import { useHarness, DEMO, rejection } from "../support/harness";
import { DEMO_PASSWORD } from "../../prisma/seed";
import { MAX_FAILURES_PER_ADDRESS, WRONG_CREDENTIALS_MESSAGE } from "../../server/domain/auth/login";
import { sessionIdFromCookies, validateSession } from "../../server/domain/auth/sessions";

const h = useHarness();


describe("signing in", () => {
  it("starts a session in an HttpOnly, SameSite cookie and lands the user on their role's page", async () => {
    const { caller, cookies, services } = await h.caller();
    const result = await caller.auth.login({ email: DEMO.councilPractitioner.toUpperCase(), password: DEMO_PASSWORD });
    expect(result.landingPath).toBe("/work");
    expect(result.secondFactor).toBeNull();
    expect(cookies).toHaveLength(1);
    expect(cookies[0]).toMatch(/^concord_session=[^;]+; /);
    expect(cookies[0]).toMatch(/HttpOnly/);
    expect(cookies[0]).toMatch(/SameSite=Lax/);
    const sessionId = sessionIdFromCookies(services, cookies[0]!)!;
    const valid = await validateSession(services, sessionId);
    expect(valid?.actor.userId).toBe((await h.actor(DEMO.councilPractitioner)).userId);
    expect(await h.db.auditEvent.count({ where: { action: "auth.login", actorUserId: valid!.actor.userId } })).toBe(1);
  });

  it("gives the same message for a wrong password and for an account that does not exist", async () => {
    const { caller, cookies } = await h.caller();
    const wrong = await rejection(caller.auth.login({ email: DEMO.councilManager, password: "not the password" }));
    const unknown = await rejection(caller.auth.login({ email: "nobody@nowhere.example.org", password: "whatever-password" }));
    expect(wrong.code).toBe("UNAUTHORIZED");
    expect(unknown.code).toBe("UNAUTHORIZED");
    expect(wrong.message).toBe(WRONG_CREDENTIALS_MESSAGE);
    expect(unknown.message).toBe(WRONG_CREDENTIALS_MESSAGE);
    expect(cookies).toEqual([]);
    expect(await h.db.session.count()).toBe(0);
  });

  it("refuses malformed input with a clear message and records nothing", async () => {
    const { caller } = await h.caller();
    const error = await rejection(caller.auth.login({ email: "not-an-email", password: "" }));
    expect(error.code).toBe("BAD_REQUEST");
    expect(await h.db.loginAttempt.count()).toBe(0);
  });

  it("throttles a network address that tries many accounts", async () => {
    const { caller } = await h.caller(undefined, { ipAddress: "192.0.2.50" });
    await h.db.loginAttempt.createMany({
      data: Array.from({ length: MAX_FAILURES_PER_ADDRESS }, (_, i) => ({ emailKey: `guess${i}@example.org`, ipAddress: "192.0.2.50", succeeded: false, attemptedAt: h.clock.now() })),
    });
    const error = await rejection(caller.auth.login({ email: DEMO.healthPractitioner, password: DEMO_PASSWORD }));
    expect(error.code).toBe("TOO_MANY_REQUESTS");
  });

  it("refuses a deactivated account with the same message as a wrong password", async () => {
    await h.db.user.update({ where: { email: DEMO.schoolDsl }, data: { isActive: false, deactivatedAt: h.clock.now() } });
    const { caller } = await h.caller();
    const error = await rejection(caller.auth.login({ email: DEMO.schoolDsl, password: DEMO_PASSWORD }));
    expect(error.message).toBe(WRONG_CREDENTIALS_MESSAGE);
  });
});

describe("signing out", () => {
  it("ends this session only; signing out everywhere ends them all", async () => {
    const a = await h.caller(DEMO.councilPractitioner);
    const b = await h.caller(DEMO.councilPractitioner);
    await a.caller.auth.logout();
    expect(a.cookies.at(-1)).toMatch(/concord_session=;/);
    expect(await validateSession(a.services, a.session!.id)).toBeNull();
    expect(await validateSession(b.services, b.session!.id)).not.toBeNull();

    const c = await h.caller(DEMO.councilPractitioner);
    await c.caller.auth.logoutEverywhere();
    expect(await h.db.session.count({ where: { userId: c.actor!.userId } })).toBe(0);
    expect(await h.db.auditEvent.count({ where: { action: { in: ["auth.logout", "auth.logout_everywhere"] } } })).toBe(2);
  });

  it("refuses signed-out callers on protected procedures", async () => {
    const { caller } = await h.caller();
    expect((await rejection(caller.auth.logout())).code).toBe("UNAUTHORIZED");
    expect((await rejection(caller.users.list({}))).code).toBe("UNAUTHORIZED");
    expect(await caller.auth.me()).toBeNull();
  });
});
