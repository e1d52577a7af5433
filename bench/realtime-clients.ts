// The realtime benchmark's 300 listening clients, on a worker thread of their own (bench/realtime.ts
// says why): Concord's room pages, or the bare baseline's listeners. The main thread drives them:
//   init → ready (every client connected and, for Concord, joined; the highest seq they hold)
//   expect {seq} → armed (waiting for it), then reached (every client has it: first and last time)
//   close → closed (sockets closed; snapshots taken in all)
// Times are performance.timeOrigin + performance.now(): each thread has its own time origin, and
// this sum is the same clock on both.
import { parentPort } from "node:worker_threads";
import { performance } from "node:perf_hooks";
import { io as connectClient, type Socket } from "socket.io-client";
import { followEvent, followSnapshot, snapshotFailed, startFollowing, type FollowStep, type RoomFollower } from "../server/domain/meetings/room-state";
import type { MeetingEventView } from "../server/domain/meetings/timeline";
import type { MeetingSnapshot } from "../server/domain/meetings/view";
import { connectClients } from "./support";

export type ToClients =
  | { type: "init"; mode: "bare"; url: string; clients: number }
  | { type: "init"; mode: "concord"; urls: string[]; cookies: string[]; meetingId: string }
  | { type: "expect"; seq: number }
  | { type: "close" }
  | { type: "clock" };

export type FromClients =
  | { type: "ready"; clients: number; highest: number; snapshots: number }
  | { type: "armed"; seq: number }
  /** busy: ms this thread's event loop was busy from arming until the last client had it. */
  | { type: "reached"; seq: number; first: number; last: number; highest: number; busy: number }
  | { type: "closed"; snapshots: number }
  | { type: "clock"; at: number }
  | { type: "failed"; message: string };

const now = () => performance.timeOrigin + performance.now();

type Ack<T> = { data: T } | { error: { message: string } };

/** A client that can tell when it has reached a sequence number. */
interface Listener {
  readonly seq: number;
  readonly snapshots: number;
  /** Resolves with the (cross-thread) time this client has the state at `seq` (or later). */
  reached(seq: number): Promise<number>;
}

/** Waits for one sequence number at a time. */
class Waiter {
  private waiting: { seq: number; resolve: (at: number) => void } | null = null;
  wait(current: number, seq: number) {
    return new Promise<number>((resolve) => {
      if (current >= seq) return resolve(now());
      this.waiting = { seq, resolve };
    });
  }
  check(current: number) {
    if (this.waiting && current >= this.waiting.seq) {
      this.waiting.resolve(now());
      this.waiting = null;
    }
  }
}

/** One room page: joins, applies events, takes a snapshot on a gap; tells when it reaches a sequence number. */
class PageClient implements Listener {
  follower: RoomFollower = startFollowing();
  snapshots = 0;
  private waiter = new Waiter();
  constructor(
    private socket: Socket,
    private meetingId: string,
  ) {
    socket.on("meeting:event", ({ meetingId: id, event }: { meetingId: string; event: MeetingEventView }) => {
      if (id === meetingId) this.step(followEvent(this.follower, event));
    });
  }
  async join() {
    const reply = (await this.socket.emitWithAck("meeting:join", { meetingId: this.meetingId })) as Ack<{ snapshot: MeetingSnapshot }>;
    if ("error" in reply) throw new Error(reply.error.message);
    this.step(followSnapshot(this.follower, reply.data.snapshot));
  }
  get seq() {
    return this.follower.snapshot?.seq ?? 0;
  }
  reached(seq: number) {
    return this.waiter.wait(this.seq, seq);
  }
  private step({ follower, fetchSnapshot }: FollowStep) {
    this.follower = follower;
    this.waiter.check(this.seq);
    if (!fetchSnapshot) return;
    this.snapshots++;
    this.socket.emit("meeting:snapshot", { meetingId: this.meetingId }, (reply: Ack<MeetingSnapshot>) => {
      if ("data" in reply) this.step(followSnapshot(this.follower, reply.data));
      else this.follower = snapshotFailed(this.follower);
    });
  }
}

/** The baseline's listener: only receives the broadcast (its seq is the check-in's number, from 0). */
class BareClient implements Listener {
  seq = -1;
  readonly snapshots = 0;
  private waiter = new Waiter();
  constructor(socket: Socket) {
    socket.on("event", (payload: { event: { seq: number } }) => {
      this.seq = Math.max(this.seq, payload.event.seq);
      this.waiter.check(this.seq);
    });
  }
  reached(seq: number) {
    return this.waiter.wait(this.seq, seq);
  }
}

let sockets: Socket[] = [];
let listeners: Listener[] = [];
const post = (message: FromClients) => parentPort!.postMessage(message);
const highest = () => Math.max(...listeners.map((l) => l.seq));
const snapshots = () => listeners.reduce((n, l) => n + l.snapshots, 0);

async function init(message: Extract<ToClients, { type: "init" }>) {
  if (message.mode === "bare") {
    for (let i = 0; i < message.clients; i++) {
      const socket = connectClient(message.url, { transports: ["websocket"], reconnection: false, forceNew: true });
      sockets.push(socket);
      await new Promise<void>((resolve) => socket.once("connect", () => resolve()));
    }
    listeners = sockets.map((socket) => new BareClient(socket));
  } else {
    sockets = await connectClients(message.urls, message.cookies);
    const pages = sockets.map((socket) => new PageClient(socket, message.meetingId));
    for (const page of pages) await page.join();
    listeners = pages;
  }
  post({ type: "ready", clients: listeners.length, highest: highest(), snapshots: snapshots() });
}

async function expect(seq: number) {
  const arrivals = listeners.map((listener) => listener.reached(seq));
  const loop = performance.eventLoopUtilization();
  post({ type: "armed", seq });
  const times = await Promise.all(arrivals);
  post({ type: "reached", seq, first: Math.min(...times), last: Math.max(...times), highest: highest(), busy: performance.eventLoopUtilization(loop).active });
}

function close() {
  for (const socket of sockets) socket.close();
  post({ type: "closed", snapshots: snapshots() });
  sockets = [];
  listeners = [];
}

parentPort!.on("message", (message: ToClients) => {
  const handled = (async () => {
    if (message.type === "init") await init(message);
    else if (message.type === "expect") await expect(message.seq);
    else if (message.type === "close") close();
    else post({ type: "clock", at: now() });
  })();
  handled.catch((error: unknown) => post({ type: "failed", message: error instanceof Error ? error.stack ?? error.message : String(error) }));
});
