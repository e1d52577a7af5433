// A real Concord HTTP server (tRPC + Socket.IO, no Remix) on a random port, with helpers to sign
// in over HTTP and open real socket.io clients with the session cookie.
import { afterEach, beforeEach, expect } from "vitest";
import { io as connect, type Socket } from "socket.io-client";
import { createConcordServer, type ConcordServer } from "../../server/http/create-server";
import type { ClientToServerEvents, ServerToClientEvents } from "../../server/realtime/events";
import type { SocketRealtime } from "../../server/realtime/socket-server";
import { DEMO_PASSWORD } from "../../prisma/seed";
import type { useHarness } from "./harness";
import { unusedCodes } from "./second-factor";

export type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export function useLiveServer(h: ReturnType<typeof useHarness>) {
  const live = {
    base: "",
    server: undefined as ConcordServer | undefined,
    realtime: undefined as SocketRealtime | undefined,
    /** Demo managers, chairs and administrators enter a code from the demo authenticator secret. */
    async secondStep(email: string, passwordResponse: Response): Promise<string> {
      const pending = passwordResponse.headers.getSetCookie().find((c) => c.startsWith("concord_pending="))!.split(";")[0]!;
      const response = await fetch(`${live.base}/trpc/auth.verifySecondFactor`, {
        method: "POST",
        headers: { "content-type": "application/json", origin: live.base, cookie: pending },
        body: JSON.stringify({ code: codeFor(email, h.clock.now()) }),
      });
      expect(response.status).toBe(200);
      const cookie = response.headers.getSetCookie().find((c) => c.startsWith("concord_session="));
      expect(cookie).toBeTruthy();
      return cookie!.split(";")[0]!;
    },
  };
  const sockets: Socket[] = [];
  let codeFor = unusedCodes();

  beforeEach(async () => {
    const { services, realtime } = h.services();
    live.server = createConcordServer({ services, realtime, mode: "test" });
    live.realtime = realtime;
    const port = await live.server.listen(0, "127.0.0.1");
    live.base = `http://127.0.0.1:${port}`;
  });
  afterEach(async () => {
    codeFor = unusedCodes();
    sockets.splice(0).forEach((s) => s.close());
    await live.server?.close();
  });

  return {
    get base() {
      return live.base;
    },
    /** The server's realtime port, e.g. to run its sweep of ended sessions now. */
    get realtime() {
      return live.realtime!;
    },
    async signIn(email: string): Promise<string> {
      const response = await fetch(`${live.base}/trpc/auth.login`, {
        method: "POST",
        headers: { "content-type": "application/json", origin: live.base },
        body: JSON.stringify({ email, password: DEMO_PASSWORD }),
      });
      expect(response.status).toBe(200);
      const body = (await response.json()) as { result: { data: { secondFactor: string | null } } };
      if (body.result.data.secondFactor === "code") return live.secondStep(email, response);
      const cookie = response.headers.getSetCookie().find((c) => c.startsWith("concord_session="));
      expect(cookie).toBeTruthy();
      return cookie!.split(";")[0]!;
    },
    /** POST a tRPC mutation as the holder of `cookie`. */
    mutate(cookie: string, path: string, input: unknown, origin = live.base) {
      return fetch(`${live.base}/trpc/${path}`, {
        method: "POST",
        headers: { cookie, origin, "content-type": "application/json" },
        body: JSON.stringify(input),
      });
    },
    open(cookie?: string, origin?: string): ClientSocket {
      const headers: Record<string, string> = {};
      if (cookie) headers.cookie = cookie;
      if (origin) headers.origin = origin;
      const socket: ClientSocket = connect(live.base, { transports: ["websocket"], extraHeaders: headers, reconnection: false, forceNew: true });
      sockets.push(socket);
      return socket;
    },
  };
}

export const connected = (socket: Socket) =>
  new Promise<void>((resolve, reject) => {
    if (socket.connected) return resolve();
    socket.once("connect", () => resolve());
    socket.once("connect_error", (error) => reject(error));
  });
export const refused = (socket: Socket) =>
  new Promise<string>((resolve, reject) => {
    socket.once("connect", () => reject(new Error("connected but should have been refused")));
    socket.once("connect_error", (error) => resolve(error.message));
  });
export const disconnected = (socket: Socket) => new Promise<string>((resolve) => socket.once("disconnect", (reason) => resolve(reason)));

/** Collect every event of one name a socket receives, to assert later what arrived and what did not. */
export function collect<E extends keyof ServerToClientEvents>(socket: ClientSocket, event: E) {
  const received: Parameters<ServerToClientEvents[E]>[0][] = [];
  (socket.on as (e: string, l: (p: never) => void) => void)(event, (payload: never) => received.push(payload));
  return received;
}
