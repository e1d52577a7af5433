// The Socket.IO door, over real connections: the handshake uses the session cookie, payloads
// are validated, and ending a session (sign-out, deactivation) closes that user's sockets.
import { describe, expect, it } from "vitest";
import { useHarness, DEMO } from "../support/harness";
import { useLiveServer, connected, refused, disconnected } from "../support/live-server";

const h = useHarness();
const live = useLiveServer(h);
const signIn = (email: string) => live.signIn(email);
const open = (cookie?: string, origin?: string) => live.open(cookie, origin);
const base = () => live.base;

describe("socket handshake", () => {
  it("refuses a socket without a session, or with a forged one", async () => {
    expect(await refused(open())).toBe("unauthenticated");
    expect(await refused(open("concord_session=forged-session-id"))).toBe("unauthenticated");
  });

  it("refuses a handshake from another site's page", async () => {
    const cookie = await signIn(DEMO.councilPractitioner);
    const message = await refused(open(cookie, "https://evil.example.com"));
    expect(message).not.toBe("");
  });

  it("accepts a signed-in user and answers with the typed envelope", async () => {
    const socket = open(await signIn(DEMO.policePractitioner));
    await connected(socket);
    const reply = await socket.emitWithAck("session:whoami", {});
    expect(reply).toEqual({ data: expect.objectContaining({ displayName: "Pat O'Brien", agencyName: "Northshire Police" }) });
  });

  it("answers a malformed payload with an INVALID error and stays connected", async () => {
    const socket = open(await signIn(DEMO.policePractitioner));
    await connected(socket);
    const reply = await socket.emitWithAck("session:whoami", { unexpected: true } as never);
    expect(reply).toEqual({ error: { code: "INVALID", message: expect.any(String) } });
    expect(socket.connected).toBe(true);
  });
});

describe("ending sessions closes sockets", () => {
  it("signing out closes that session's sockets but not the user's other sessions", async () => {
    const cookieA = await signIn(DEMO.councilManager);
    const cookieB = await signIn(DEMO.councilManager);
    const a = open(cookieA);
    const b = open(cookieB);
    await Promise.all([connected(a), connected(b)]);
    const ended = new Promise((resolve) => a.once("session:ended", resolve));
    const closed = disconnected(a);
    const response = await fetch(`${base()}/trpc/auth.logout`, { method: "POST", headers: { cookie: cookieA, origin: base(), "content-type": "application/json" } });
    expect(response.status).toBe(200);
    expect(await ended).toEqual({ reason: "signed-out" });
    expect(await closed).toBe("io server disconnect");
    expect(b.connected).toBe(true);
    expect(await refused(open(cookieA))).toBe("unauthenticated");
  });

  it("deactivation closes every socket of that user at once", async () => {
    const userCookie = await signIn(DEMO.policePractitioner);
    const adminCookie = await signIn(DEMO.policeAdmin);
    const s1 = open(userCookie);
    const s2 = open(userCookie);
    const adminSocket = open(adminCookie);
    await Promise.all([connected(s1), connected(s2), connected(adminSocket)]);
    const changed = new Promise((resolve) => adminSocket.once("agency:users-changed", resolve));
    const closed = Promise.all([disconnected(s1), disconnected(s2)]);
    const target = await h.actor(DEMO.policePractitioner);
    const response = await fetch(`${base()}/trpc/users.deactivate`, {
      method: "POST",
      headers: { cookie: adminCookie, origin: base(), "content-type": "application/json" },
      body: JSON.stringify({ userId: target.userId }),
    });
    expect(response.status).toBe(200);
    expect(await closed).toEqual(["io server disconnect", "io server disconnect"]);
    expect(await changed).toEqual({ agencyId: target.agencyId });
    expect(adminSocket.connected).toBe(true);
  });
});

describe("HTTP door", () => {
  it("refuses a cross-site state change and shows no internals on errors", async () => {
    const cookie = await signIn(DEMO.policeAdmin);
    const crossSite = await fetch(`${base()}/trpc/users.invite`, {
      method: "POST",
      headers: { cookie, origin: "https://evil.example.com", "content-type": "application/json" },
      body: JSON.stringify({ email: "x@police.example.org", displayName: "X", roles: ["practitioner"] }),
    });
    expect(crossSite.status).toBe(403);
    expect(await h.db.accountInvitation.count()).toBe(0);

    const malformed = await fetch(`${base()}/trpc/users.invite`, {
      method: "POST",
      headers: { cookie, origin: base(), "content-type": "application/json" },
      body: "{not json",
    });
    const text = await malformed.text();
    expect(malformed.status).toBe(400);
    expect(text).not.toMatch(/at .*\.ts:\d+|node_modules|SELECT|prisma/i);
  });
});
