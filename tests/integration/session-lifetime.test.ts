// How long a sign-in lasts (security review, issue #10): the cookie ends with the browser; the
// session ends after the idle timeout and the absolute lifetime on Concord's clock; signing in
// again replaces the browser's session; and open sockets re-check their session before every
// event and are closed when it ends.
import { afterEach, describe, expect, it } from "vitest";
import { useHarness, DEMO, rejection } from "../support/harness";
import { useLiveServer, connected, disconnected, type ClientSocket } from "../support/live-server";
import { conveneDemoMeeting } from "../support/meetings";
import { SESSION_ABSOLUTE_HOURS, SESSION_IDLE_MINUTES } from "../../server/domain/settings/settings";
import { sessionIdFromCookies } from "../../server/domain/auth/sessions";
import { DEMO_PASSWORD } from "../../prisma/seed";
import type { ZodError } from "zod";

const h = useHarness();
const live = useLiveServer(h);
const MINUTE = 60_000;

/** auth.me over HTTP as the holder of `cookie`: the display name, or null when signed out. */
async function whoIs(cookie: string): Promise<{ name: string | null; setCookie: string[] }> {
  const response = await fetch(`${live.base}/trpc/auth.me`, { headers: { cookie } });
  const body = (await response.json()) as { result: { data: { displayName: string } | null } };
  return { name: body.result.data?.displayName ?? null, setCookie: response.headers.getSetCookie() };
}

const sessionEnded = (socket: ClientSocket) => new Promise<{ reason: string }>((resolve) => socket.once("session:ended", resolve));

afterEach(async () => {
  // The setting table is reference data the harness keeps between tests.
  await h.db.setting.deleteMany({ where: { key: { in: [SESSION_IDLE_MINUTES, SESSION_ABSOLUTE_HOURS] } } });
});

describe("the session cookie", () => {
  it("ends with the browser: no Max-Age and no Expires", async () => {
    const response = await fetch(`${live.base}/trpc/auth.login`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: live.base },
      body: JSON.stringify({ email: DEMO.councilPractitioner, password: DEMO_PASSWORD }),
    });
    const [cookie] = response.headers.getSetCookie();
    expect(cookie).toMatch(/^concord_session=[A-Za-z0-9_-]+; /);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).not.toMatch(/Max-Age|Expires/i);
  });

  it("is found among other cookies, even a malformed one from another application", async () => {
    const cookie = await live.signIn(DEMO.councilManager);
    expect((await whoIs(`other=%E0%A4%A; theme=dark;${cookie}`)).name).toBe("Maria Jones");
  });
});

describe("session lifetime, on Concord's clock", () => {
  it("is stored with lucia's id and Concord's times, not the wall clock's", async () => {
    const cookie = await live.signIn(DEMO.councilManager);
    const row = await h.db.session.findUniqueOrThrow({ where: { id: sessionIdFromCookies(h.services().services, cookie)! } });
    expect(row.id).toMatch(/^[a-z2-7]{40}$/);
    expect(row.createdAt).toEqual(h.clock.now());
    expect(row.lastSeenAt).toEqual(h.clock.now());
    expect(row.expiresAt).toEqual(new Date(h.clock.now().getTime() + 30 * MINUTE));
  });

  it("ends after 30 minutes without use; use keeps it going", async () => {
    const cookie = await live.signIn(DEMO.councilManager);
    h.clock.advance(29 * MINUTE);
    expect((await whoIs(cookie)).name).toBe("Maria Jones");
    h.clock.advance(29 * MINUTE);
    expect((await whoIs(cookie)).name).toBe("Maria Jones");
    h.clock.advance(31 * MINUTE);
    const after = await whoIs(cookie);
    expect(after.name).toBeNull();
    expect(after.setCookie).toEqual([expect.stringMatching(/^concord_session=; .*Max-Age=0/)]);
    expect(await h.db.session.count({ where: { id: sessionIdFromCookies(h.services().services, cookie)! } })).toBe(0);
  });

  it("ends 12 hours after sign-in however busy", async () => {
    const cookie = await live.signIn(DEMO.councilManager);
    for (let minutes = 20; minutes < 12 * 60; minutes += 20) {
      h.clock.advance(20 * MINUTE);
      expect((await whoIs(cookie)).name, `${minutes} minutes after sign-in`).toBe("Maria Jones");
    }
    h.clock.advance(20 * MINUTE);
    expect((await whoIs(cookie)).name).toBeNull();
  });

  it("a system administrator sets both in Settings, and a shorter one applies to existing sessions at once", async () => {
    const cookie = await live.signIn(DEMO.councilManager);
    const admin = await h.caller(DEMO.systemAdmin);
    expect(await admin.caller.auth.sessionLifetimes()).toEqual({ idleMinutes: 30, absoluteHours: 12 });

    const invalid = await rejection(admin.caller.auth.setSessionLifetimes({ idleMinutes: 1, absoluteHours: 12 }));
    expect(invalid.code).toBe("BAD_REQUEST");
    expect((invalid.cause as ZodError).issues.map((i) => i.message)).toEqual(["A session must last at least 5 minutes without use"]);
    const manager = await h.caller(DEMO.councilManager);
    expect((await rejection(manager.caller.auth.setSessionLifetimes({ idleMinutes: 240, absoluteHours: 24 }))).code).toBe("FORBIDDEN");

    await admin.caller.auth.setSessionLifetimes({ idleMinutes: 10, absoluteHours: 8 });
    expect(await admin.caller.auth.sessionLifetimes()).toEqual({ idleMinutes: 10, absoluteHours: 8 });
    expect(await h.db.auditEvent.count({ where: { action: "settings.session_lifetimes" } })).toBe(1);
    h.clock.advance(11 * MINUTE);
    expect((await whoIs(cookie)).name).toBeNull();
  });

  it("signing in again in a browser ends that browser's previous session and its live connections", async () => {
    const first = await live.signIn(DEMO.councilPractitioner);
    const socket = live.open(first);
    await connected(socket);
    const ended = sessionEnded(socket);
    const closed = disconnected(socket);

    const again = await fetch(`${live.base}/trpc/auth.login`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: live.base, cookie: first },
      body: JSON.stringify({ email: DEMO.councilPractitioner, password: DEMO_PASSWORD }),
    });
    expect(again.status).toBe(200);
    const second = again.headers.getSetCookie()[0]!.split(";")[0]!;
    expect(second).not.toBe(first);
    expect((await whoIs(first)).name).toBeNull();
    expect((await whoIs(second)).name).toBe("Sam Patel");
    expect(await ended).toEqual({ reason: "signed-in-again" });
    expect(await closed).toBe("io server disconnect");
  });
});

describe("live connections re-check their session before every event", () => {
  async function twoInTheRoom() {
    const { meetingId } = await conveneDemoMeeting(h);
    const chair = live.open(await live.signIn(DEMO.councilManager));
    const police = live.open(await live.signIn(DEMO.policePractitioner));
    await Promise.all([connected(chair), connected(police)]);
    const snapshot = (socket: ClientSocket) => socket.emitWithAck("meeting:snapshot", { meetingId });
    expect(await snapshot(chair)).toHaveProperty("data.caseReference", "CSC-300400");
    expect(await snapshot(police)).toHaveProperty("data.caseReference", "CSC-300400");
    return { chair, police, snapshot };
  }

  it("a socket whose session was deleted gets nothing more and is closed; the other user's carries on", async () => {
    const { chair, police, snapshot } = await twoInTheRoom();
    const chairSession = await h.db.session.findFirstOrThrow({ where: { user: { email: DEMO.councilManager } }, orderBy: { createdAt: "desc" } });
    const ended = sessionEnded(chair);
    const closed = disconnected(chair);
    // Removed without a sign-out (an administrator's clean-up, a database restore): no one tells the socket.
    await h.db.session.delete({ where: { id: chairSession.id } });

    expect(await snapshot(chair)).toEqual({ error: { code: "UNAUTHENTICATED", message: "Your session has ended. Sign in again." } });
    expect(await ended).toEqual({ reason: "expired" });
    expect(await closed).toBe("io server disconnect");
    expect(await snapshot(police)).toHaveProperty("data.caseReference", "CSC-300400");
  });

  it("a socket whose session timed out is refused at its next event", async () => {
    const { chair, police, snapshot } = await twoInTheRoom();
    h.clock.advance(20 * MINUTE);
    expect(await snapshot(police)).toHaveProperty("data");
    h.clock.advance(15 * MINUTE);
    expect(await snapshot(chair)).toEqual({ error: { code: "UNAUTHENTICATED", message: "Your session has ended. Sign in again." } });
    expect(await snapshot(police)).toHaveProperty("data.caseReference", "CSC-300400");
  });

  it("a quiet socket is closed promptly when its session times out", async () => {
    const { chair, police, snapshot } = await twoInTheRoom();
    h.clock.advance(20 * MINUTE);
    expect(await snapshot(police)).toHaveProperty("data");
    h.clock.advance(15 * MINUTE);
    const ended = sessionEnded(chair);
    const closed = disconnected(chair);
    await live.realtime.closeEndedSessions();
    expect(await ended).toEqual({ reason: "expired" });
    expect(await closed).toBe("io server disconnect");
    expect(police.connected).toBe(true);
  });

  it("deactivation straight in the database, and a change of roles, are noticed at the next event", async () => {
    const { chair, police, snapshot } = await twoInTheRoom();
    await h.db.user.update({ where: { email: DEMO.councilManager }, data: { isActive: false, deactivatedAt: h.clock.now() } });
    expect(await snapshot(chair)).toEqual({ error: { code: "UNAUTHENTICATED", message: "Your session has ended. Sign in again." } });

    const policeEnded = sessionEnded(police);
    await h.db.userRole.deleteMany({ where: { user: { email: DEMO.policePractitioner } } });
    expect(await snapshot(police)).toEqual({ error: { code: "UNAUTHENTICATED", message: "Your access has changed. Reload the page." } });
    expect(await policeEnded).toEqual({ reason: "access-changed" });
  });
});
