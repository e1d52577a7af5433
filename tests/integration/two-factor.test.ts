// Two-factor sign-in and re-authentication (issue 15, items 2 and 3; decision 0034), with real
// codes computed from the secret with otpauth, as an authenticator app would.
import { describe, expect, it } from "vitest";
import { useHarness, DEMO, rejection } from "../support/harness";
import { useLiveServer, refused } from "../support/live-server";
import { DEMO_TOTP_SECRET, totpCode } from "../support/second-factor";
import { DEMO_PASSWORD } from "../../prisma/seed";
import { sessionIdFromCookies, validateSession } from "../../server/domain/auth/sessions";
import { REAUTHENTICATE_WITHIN_MINUTES, REAUTHENTICATION_MESSAGE } from "../../server/domain/auth/reauthentication";
import { FREE_CODE_FAILURES, useRecoveryCode, WRONG_CODE_MESSAGE } from "../../server/domain/auth/second-factor";
import { readPendingSignInCookie } from "../../server/auth/pending-cookie";
import { createCaller } from "../../server/trpc/root";
import { createContext } from "../../server/trpc/context";

const h = useHarness();

const cookieValue = (cookies: string[], name: string) => cookies.filter((c) => c.startsWith(`${name}=`)).map((c) => c.split(";")[0]!).at(-1);

/** A caller that carries cookies from one call to the next, like a browser. */
async function browser(ipAddress = "203.0.113.9") {
  const { services } = h.services();
  const jar = new Map<string, string>();
  const call = async () => {
    const header = [...jar.entries()].map(([k, v]) => `${k}=${v}`).join("; ");
    const ctx = await createContext({
      services,
      cookieHeader: header || undefined,
      ipAddress,
      requestId: "test",
      setCookie: (c) => {
        const [pair] = c.split(";");
        const [name, ...rest] = pair!.split("=");
        const value = rest.join("=");
        if (value) jar.set(name!, value);
        else jar.delete(name!);
      },
    });
    return createCaller(ctx);
  };
  return { services, jar, call, cookieHeader: () => [...jar.entries()].map(([k, v]) => `${k}=${v}`).join("; ") };
}

async function passwordStep(email: string, b: Awaited<ReturnType<typeof browser>>) {
  return (await b.call()).auth.login({ email, password: DEMO_PASSWORD });
}

describe("two-factor sign-in", () => {
  it("asks a manager for a code after the password; a real code from the secret signs them in, and that code cannot be used again", async () => {
    const b = await browser();
    const first = await passwordStep(DEMO.councilManager, b);
    expect(first).toEqual({ landingPath: "/login/code", secondFactor: "code" });
    expect(b.jar.has("concord_session")).toBe(false);
    expect(b.jar.has("concord_pending")).toBe(true);
    expect(await h.db.session.count()).toBe(0);
    expect(await (await b.call()).auth.pendingSignIn()).toEqual({ step: "code", email: DEMO.councilManager });

    const code = totpCode(DEMO_TOTP_SECRET, h.clock.now());
    const done = await (await b.call()).auth.verifySecondFactor({ code });
    expect(done.landingPath).toBe("/team");
    expect(b.jar.has("concord_pending")).toBe(false);
    const me = await (await b.call()).auth.me();
    expect(me?.displayName).toBe("Maria Jones");
    const user = await h.db.user.findUniqueOrThrow({ where: { email: DEMO.councilManager }, select: { id: true } });
    expect(await h.db.auditEvent.findFirst({ where: { action: "auth.login", actorUserId: user.id }, select: { detail: true } })).toEqual({ detail: { secondFactor: "totp" } });

    // The same code a second time, within its window: refused.
    const again = await browser();
    await passwordStep(DEMO.councilManager, again);
    const replay = await rejection((await again.call()).auth.verifySecondFactor({ code }));
    expect(replay.code).toBe("BAD_REQUEST");
    expect(replay.message).toBe(WRONG_CODE_MESSAGE);
    expect(again.jar.has("concord_session")).toBe(false);
    // The next step's code is still good (one step either side of now is accepted).
    await (await again.call()).auth.verifySecondFactor({ code: totpCode(DEMO_TOTP_SECRET, h.clock.now().getTime() + 30_000) });
    expect((await (await again.call()).auth.me())?.displayName).toBe("Maria Jones");
  });

  it("refuses a wrong code, a code from two steps away, and a timed-out pending sign-in", async () => {
    const b = await browser();
    await passwordStep(DEMO.chair, b);
    const wrong = await rejection((await b.call()).auth.verifySecondFactor({ code: "000000" === totpCode(DEMO_TOTP_SECRET, h.clock.now()) ? "111111" : "000000" }));
    expect(wrong.message).toBe(WRONG_CODE_MESSAGE);
    const stale = await rejection((await b.call()).auth.verifySecondFactor({ code: totpCode(DEMO_TOTP_SECRET, h.clock.now().getTime() - 90_000) }));
    expect(stale.message).toBe(WRONG_CODE_MESSAGE);
    const blank = await rejection((await b.call()).auth.verifySecondFactor({ code: "  " }));
    expect(blank.message).toBe("Enter the 6-digit code from your authenticator app, or a recovery code");

    h.clock.advance(11 * 60_000);
    expect(await (await b.call()).auth.pendingSignIn()).toBeNull();
    const late = await rejection((await b.call()).auth.verifySecondFactor({ code: totpCode(DEMO_TOTP_SECRET, h.clock.now()) }));
    expect(late.code).toBe("UNAUTHORIZED");
    expect(late.message).toMatch(/timed out/);
    expect(await h.db.session.count()).toBe(0);
  });

  it(`throttles wrong codes like passwords: after ${FREE_CODE_FAILURES} wrong codes even the right one waits, then works`, async () => {
    const b = await browser();
    await passwordStep(DEMO.systemAdmin, b);
    const right = totpCode(DEMO_TOTP_SECRET, h.clock.now());
    const wrong = right === "123456" ? "654321" : "123456";
    for (let i = 0; i < FREE_CODE_FAILURES; i++) {
      const error = await rejection((await b.call()).auth.verifySecondFactor({ code: wrong }));
      expect(error.code).toBe("BAD_REQUEST");
    }
    const throttled = await rejection((await b.call()).auth.verifySecondFactor({ code: right }));
    expect(throttled.code).toBe("TOO_MANY_REQUESTS");
    expect(throttled.message).toBe("Too many wrong codes. Wait 15 seconds, then try again.");
    // A fresh password step does not reset the count: the throttle is the person's, not the pending sign-in's.
    const other = await browser("198.51.100.7");
    await passwordStep(DEMO.systemAdmin, other);
    expect((await rejection((await other.call()).auth.verifySecondFactor({ code: right }))).code).toBe("TOO_MANY_REQUESTS");

    // (That password step replaced the first browser's pending sign-in: one per person at a time.)
    expect((await rejection((await b.call()).auth.verifySecondFactor({ code: right }))).code).toBe("UNAUTHORIZED");

    h.clock.advance(16_000);
    const done = await (await other.call()).auth.verifySecondFactor({ code: totpCode(DEMO_TOTP_SECRET, h.clock.now()) });
    expect(done.landingPath).toBe("/system/audit");
  });

  it("counts parallel wrong codes against each other: 20 at once get at most the free tries", async () => {
    const b = await browser();
    await passwordStep(DEMO.policeManager, b);
    const right = totpCode(DEMO_TOTP_SECRET, h.clock.now());
    const wrong = right === "123456" ? "654321" : "123456";
    const results = await Promise.all(Array.from({ length: 20 }, async () => (await b.call()).auth.verifySecondFactor({ code: wrong }).then(() => "ok", (e: { code: string }) => e.code)));
    expect(results.filter((r) => r === "BAD_REQUEST").length).toBeLessThanOrEqual(FREE_CODE_FAILURES);
    expect(results.filter((r) => r === "TOO_MANY_REQUESTS").length).toBeGreaterThanOrEqual(20 - FREE_CODE_FAILURES);
  });

  it("sets up an authenticator app on the first sign-in of someone who must use one; recovery codes are shown once, stored hashed, and each works once", async () => {
    const user = await h.db.user.findUniqueOrThrow({ where: { email: DEMO.councilManager }, select: { id: true } });
    await h.db.totpCredential.delete({ where: { userId: user.id } });
    const b = await browser();
    expect(await passwordStep(DEMO.councilManager, b)).toEqual({ landingPath: "/login/set-up", secondFactor: "set-up" });
    const setUp = await (await b.call()).auth.pendingSignIn();
    if (setUp?.step !== "set-up") throw new Error("expected the set-up step");
    expect(setUp.qrCode).toMatch(/^data:image\/svg\+xml;base64,/);
    expect(Buffer.from(setUp.qrCode.split(",")[1]!, "base64").toString()).toMatch(/^<svg [^>]*><rect[^>]*\/><path d="M/);
    const secret = setUp.secret.replace(/ /g, "");
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(await h.db.session.count()).toBe(0);

    const wrong = await rejection((await b.call()).auth.confirmEnrolment({ code: totpCode(DEMO_TOTP_SECRET, h.clock.now()) === totpCode(secret, h.clock.now()) ? "000000" : totpCode(DEMO_TOTP_SECRET, h.clock.now()) }));
    expect(wrong.code).toBe("BAD_REQUEST");
    expect(await h.db.totpCredential.count({ where: { userId: user.id } })).toBe(0);

    const enrolled = await (await b.call()).auth.confirmEnrolment({ code: totpCode(secret, h.clock.now()) });
    expect(enrolled.landingPath).toBe("/team");
    expect(enrolled.recoveryCodes).toHaveLength(10);
    expect(new Set(enrolled.recoveryCodes).size).toBe(10);
    expect((await (await b.call()).auth.me())?.displayName).toBe("Maria Jones");
    const stored = await h.db.recoveryCode.findMany({ where: { userId: user.id }, select: { codeHash: true } });
    expect(stored).toHaveLength(10);
    for (const code of enrolled.recoveryCodes) expect(stored.map((s) => s.codeHash)).not.toContain(code);
    expect((await h.db.totpCredential.findUniqueOrThrow({ where: { userId: user.id } })).secret).toBe(secret);

    // A recovery code signs in once (typed in capitals, without its hyphen); the second use fails.
    const [recovery] = enrolled.recoveryCodes;
    const phoneless = await browser();
    await passwordStep(DEMO.councilManager, phoneless);
    const used = await (await phoneless.call()).auth.verifySecondFactor({ code: recovery!.replace("-", "").toUpperCase() });
    expect(used.recoveryCodesLeft).toBe(9);
    const twice = await browser();
    await passwordStep(DEMO.councilManager, twice);
    expect((await rejection((await twice.call()).auth.verifySecondFactor({ code: recovery! }))).message).toBe(WRONG_CODE_MESSAGE);
    // The old demo secret no longer works for them; the new app's next code does.
    expect((await rejection((await twice.call()).auth.verifySecondFactor({ code: totpCode(DEMO_TOTP_SECRET, h.clock.now().getTime() + 30_000) }))).code).toBe("BAD_REQUEST");
    await (await twice.call()).auth.verifySecondFactor({ code: totpCode(secret, h.clock.now().getTime() + 30_000) });
    expect((await (await twice.call()).auth.me())?.displayName).toBe("Maria Jones");
  });

  it("spends a recovery code once when 20 uses race, and lets one of 20 parallel sign-ins with it in", async () => {
    const user = await h.db.user.findUniqueOrThrow({ where: { email: DEMO.councilServiceManager }, select: { id: true } });
    await h.db.totpCredential.delete({ where: { userId: user.id } });
    const setUpBrowser = await browser();
    await passwordStep(DEMO.councilServiceManager, setUpBrowser);
    const setUp = await (await setUpBrowser.call()).auth.pendingSignIn();
    if (setUp?.step !== "set-up") throw new Error("expected the set-up step");
    const { recoveryCodes } = await (await setUpBrowser.call()).auth.confirmEnrolment({ code: totpCode(setUp.secret.replace(/ /g, ""), h.clock.now()) });

    // The domain step itself: 20 transactions spend one code, one wins.
    const now = h.clock.now();
    const spent = await Promise.all(Array.from({ length: 20 }, () => h.db.$transaction((tx) => useRecoveryCode(tx, user.id, recoveryCodes[0]!, now))));
    expect(spent.filter(Boolean)).toHaveLength(1);

    // Through the door: 20 browsers, each past its password, send the same unused code at once.
    const browsers = await Promise.all(Array.from({ length: 20 }, (_, i) => browser(`198.51.100.${i + 1}`)));
    for (const each of browsers) await passwordStep(DEMO.councilServiceManager, each);
    // Only the latest password step's pending sign-in is alive (one per person): it alone may finish.
    const results = await Promise.all(browsers.map(async (each) => (await each.call()).auth.verifySecondFactor({ code: recoveryCodes[1]! }).then(() => "ok", (e: { code: string }) => e.code)));
    expect(results.filter((r) => r === "ok")).toHaveLength(1);
    expect(await h.db.recoveryCode.count({ where: { userId: user.id, usedAt: { not: null } } })).toBe(2);
    expect(await h.db.session.count({ where: { userId: user.id } })).toBe(2);
  });

  it("enrols everyone when the setting says so, and a practitioner needs no code otherwise", async () => {
    const plain = await browser();
    expect((await passwordStep(DEMO.councilPractitioner, plain)).secondFactor).toBeNull();
    const admin = await h.caller(DEMO.systemAdmin);
    const bad = await rejection(admin.caller.auth.setSecondFactorPolicy({ everyone: "maybe" as never }));
    expect(bad.message).toBe("Choose whether everyone must use two-factor sign-in");
    await admin.caller.auth.setSecondFactorPolicy({ everyone: "yes" });
    expect(await admin.caller.auth.secondFactorPolicy()).toEqual({ everyone: "yes" });
    const now = await browser();
    expect((await passwordStep(DEMO.councilPractitioner, now)).secondFactor).toBe("set-up");
    const practitioner = await h.caller(DEMO.councilPractitioner);
    expect((await rejection(practitioner.caller.auth.setSecondFactorPolicy({ everyone: "no" }))).code).toBe("FORBIDDEN");
  });
});

describe("the pending sign-in is not a session", () => {
  const live = useLiveServer(h);

  it("is refused by tRPC, by Remix's context and by the socket handshake, even presented as a session cookie", async () => {
    const response = await fetch(`${live.base}/trpc/auth.login`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: live.base },
      body: JSON.stringify({ email: DEMO.chair, password: DEMO_PASSWORD }),
    });
    expect(response.status).toBe(200);
    const setCookies = response.headers.getSetCookie();
    expect(setCookies.some((c) => c.startsWith("concord_session="))).toBe(false);
    const pending = cookieValue(setCookies, "concord_pending")!;
    expect(setCookies.find((c) => c.startsWith("concord_pending="))).toMatch(/HttpOnly; Max-Age=600; Path=\/; SameSite=Lax/);
    const token = pending.split("=")[1]!;

    for (const cookie of [pending, `concord_session=${token}`]) {
      // tRPC over HTTP: nobody is signed in, and protected procedures refuse.
      const me = await fetch(`${live.base}/trpc/auth.me`, { headers: { cookie } });
      expect(((await me.json()) as { result: { data: unknown } }).result.data).toBeNull();
      const list = await fetch(`${live.base}/trpc/users.list?input=${encodeURIComponent("{}")}`, { headers: { cookie } });
      expect(list.status).toBe(401);
      const home = await live.mutate(cookie, "auth.logoutEverywhere", {});
      expect(home.status).toBe(401);
      // The context Remix loaders get (the same createContext): no session, no actor.
      const ctx = await createContext({ services: h.services().services, cookieHeader: cookie, ipAddress: "203.0.113.9", requestId: "remix" });
      expect(ctx.session).toBeNull();
      expect(ctx.actor).toBeNull();
      // Socket.IO: the handshake refuses it.
      expect(await refused(live.open(cookie))).toBe("unauthenticated");
    }
    // The real second step then gives a session that every door accepts.
    const code = totpCode(DEMO_TOTP_SECRET, h.clock.now());
    const done = await live.mutate(pending, "auth.verifySecondFactor", { code });
    expect(done.status).toBe(200);
    const session = cookieValue(done.headers.getSetCookie(), "concord_session")!;
    expect(done.headers.getSetCookie().some((c) => c.startsWith("concord_pending=;"))).toBe(true);
    const me = await fetch(`${live.base}/trpc/auth.me`, { headers: { cookie: session } });
    expect(((await me.json()) as { result: { data: { displayName: string } } }).result.data.displayName).toBe("Chris Morgan");
    // The pending token is spent.
    expect(readPendingSignInCookie(pending)).toBe(token);
    expect((await live.mutate(pending, "auth.verifySecondFactor", { code: totpCode(DEMO_TOTP_SECRET, h.clock.now().getTime() + 30_000) })).status).toBe(401);
  });
});

describe("re-authentication before sensitive actions", () => {
  it(`refuses deactivation, settings and second-factor resets more than ${REAUTHENTICATE_WITHIN_MINUTES} minutes after sign-in, and allows them after "Confirm it's you"`, async () => {
    const admin = await h.caller(DEMO.systemAdmin);
    const target = await h.db.user.findUniqueOrThrow({ where: { email: DEMO.councilPractitioner }, select: { id: true } });
    const chair = await h.db.user.findUniqueOrThrow({ where: { email: DEMO.chair }, select: { id: true } });
    h.clock.advance((REAUTHENTICATE_WITHIN_MINUTES + 1) * 60_000);
    // A fresh context, as the next request would build it from the session row.
    const sessionId = admin.session!.id;
    const stale = await validateSession(admin.services, sessionId);
    const caller = createCaller({ services: admin.services, session: stale!.session, actor: stale!.actor, ipAddress: "203.0.113.9", requestId: "r", setCookie: () => {} });

    for (const attempt of [
      () => caller.users.deactivate({ userId: target.id }),
      () => caller.auth.setSessionLifetimes({ idleMinutes: 20, absoluteHours: 8 }),
      () => caller.figures.setAttendanceThreshold({ percent: 80 }),
      () => caller.auth.setSecondFactorPolicy({ everyone: "yes" }),
      () => caller.users.resetSecondFactor({ userId: chair.id }),
      () => caller.settings.addBankHoliday({ date: "2031-06-02", name: "Extra day" }),
    ]) {
      const error = await rejection(attempt());
      expect(error.code).toBe("FORBIDDEN");
      expect(error.message).toBe(REAUTHENTICATION_MESSAGE);
    }
    expect(await h.db.user.count({ where: { id: target.id, isActive: false } })).toBe(0);
    expect(await h.db.totpCredential.count({ where: { userId: chair.id } })).toBe(1);

    // Confirm it's you: the password alone is not enough for someone with an authenticator app.
    expect(await caller.auth.reauthenticationMethods()).toEqual({ password: true, code: true });
    expect((await rejection(caller.auth.confirmItsYou({ password: DEMO_PASSWORD }))).message).toMatch(/Enter the 6-digit code/);
    expect((await rejection(caller.auth.confirmItsYou({ password: "not the password", code: totpCode(DEMO_TOTP_SECRET, h.clock.now()) }))).message).toBe("The password is not right.");
    await caller.auth.confirmItsYou({ password: DEMO_PASSWORD, code: totpCode(DEMO_TOTP_SECRET, h.clock.now()) });
    const fresh = await validateSession(admin.services, sessionId);
    const confirmed = createCaller({ services: admin.services, session: fresh!.session, actor: fresh!.actor, ipAddress: "203.0.113.9", requestId: "r2", setCookie: () => {} });
    await confirmed.users.deactivate({ userId: target.id });
    await confirmed.users.resetSecondFactor({ userId: chair.id });
    expect(await h.db.totpCredential.count({ where: { userId: chair.id } })).toBe(0);
    expect(await h.db.auditEvent.count({ where: { action: "user.reset_second_factor", entityId: chair.id } })).toBe(1);
    expect(await h.db.auditEvent.count({ where: { action: "auth.reauthenticate", actorUserId: admin.actor!.userId } })).toBe(1);

    // Ten minutes later it lapses again.
    h.clock.advance((REAUTHENTICATE_WITHIN_MINUTES + 1) * 60_000);
    const later = await validateSession(admin.services, sessionId);
    const lapsed = createCaller({ services: admin.services, session: later!.session, actor: later!.actor, ipAddress: "203.0.113.9", requestId: "r3", setCookie: () => {} });
    expect((await rejection(lapsed.figures.setAttendanceThreshold({ percent: 80 }))).message).toBe(REAUTHENTICATION_MESSAGE);
  });

  it("a second-factor reset is a system administrator's, never one's own, and the person sets up an app at next sign-in", async () => {
    const chair = await h.db.user.findUniqueOrThrow({ where: { email: DEMO.chair }, select: { id: true } });
    const admin = await h.db.user.findUniqueOrThrow({ where: { email: DEMO.systemAdmin }, select: { id: true } });
    const agencyAdmin = await h.caller(DEMO.businessManager);
    expect((await rejection(agencyAdmin.caller.users.resetSecondFactor({ userId: chair.id }))).code).toBe("FORBIDDEN");
    const sysadmin = await h.caller(DEMO.systemAdmin);
    expect((await rejection(sysadmin.caller.users.resetSecondFactor({ userId: admin.id }))).code).toBe("BAD_REQUEST");
    const chairSession = await h.caller(DEMO.chair);
    await sysadmin.caller.users.resetSecondFactor({ userId: chair.id });
    expect(await validateSession(chairSession.services, chairSession.session!.id)).toBeNull();
    expect((await rejection(sysadmin.caller.users.resetSecondFactor({ userId: chair.id }))).code).toBe("CONFLICT");
    const b = await browser();
    expect((await passwordStep(DEMO.chair, b)).secondFactor).toBe("set-up");
    const listed = await sysadmin.caller.users.list({});
    expect(listed.users.find((u) => u.id === chair.id)).toMatchObject({ secondFactorSetUp: false, abilities: { resetSecondFactor: false } });
    expect(listed.users.find((u) => u.email === DEMO.councilManager)).toMatchObject({ secondFactorSetUp: true, abilities: { resetSecondFactor: true } });
    expect(sessionIdFromCookies(b.services, b.cookieHeader())).toBeNull();
  });
});
