// Realtime benchmark: a meeting room with 300 connected clients; the time from one more person
// checking in (joining the room: attendance written, event appended) to the last of the 300
// having it on screen. The clients behave like the room page (decision 0033): each joins, keeps
// the state from its join reply, applies every event's payload with the page's own code
// (server/domain/meetings/room-state.ts) and asks for a snapshot only when it finds a gap.
// Concord on one node, and on two nodes through Redis (150 clients each, the check-in on the
// first), against a bare Socket.IO server broadcasting the same payload to clients that only
// receive it. Run: npm run bench:realtime  (needs PostgreSQL and Redis).
import { performance } from "node:perf_hooks";
import { createServer } from "node:http";
import { Server } from "socket.io";
import { io as connectClient, type Socket } from "socket.io-client";
import { buildServices } from "../server/services";
import { createConcordServer, type ConcordServer } from "../server/http/create-server";
import { connectRedis, type RedisLink } from "../server/realtime/redis";
import { openDatabase } from "../server/db/connect";
import { conveneMeeting } from "../server/domain/meetings/convene";
import { loadActor } from "../server/domain/access/actor";
import { followEvent, followSnapshot, snapshotFailed, startFollowing, type FollowStep, type RoomFollower } from "../server/domain/meetings/room-state";
import type { MeetingEventView } from "../server/domain/meetings/timeline";
import type { MeetingSnapshot } from "../server/domain/meetings/view";
import { freshDatabase, sessionCookies, connectClients, percentile, redisUrl } from "./support";

const CLIENTS = 300;
const CHECK_INS = Number(process.env.BENCH_CHECK_INS ?? 30);
const CONFIG = { NODE_ENV: "production", SESSION_TTL_HOURS: 12, INVITATION_TTL_HOURS: 72, PUBLIC_URL: undefined } as const;

type Ack<T> = { data: T } | { error: { message: string } };

/** One room page: joins, applies events, takes a snapshot on a gap; tells when it reaches a sequence number. */
class PageClient {
  follower: RoomFollower = startFollowing();
  snapshots = 0;
  private waiter: { seq: number; resolve: (at: number) => void } | null = null;
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
  /** Resolves with the time this page shows the state at `seq` (or later). */
  reached(seq: number) {
    return new Promise<number>((resolve) => {
      if (this.seq >= seq) return resolve(performance.now());
      this.waiter = { seq, resolve };
    });
  }
  private step({ follower, fetchSnapshot }: FollowStep) {
    this.follower = follower;
    if (this.waiter && this.seq >= this.waiter.seq) {
      this.waiter.resolve(performance.now());
      this.waiter = null;
    }
    if (!fetchSnapshot) return;
    this.snapshots++;
    this.socket.emit("meeting:snapshot", { meetingId: this.meetingId }, (reply: Ack<MeetingSnapshot>) => {
      if ("data" in reply) this.step(followSnapshot(this.follower, reply.data));
      else this.follower = snapshotFailed(this.follower);
    });
  }
}

function report(label: string, samples: number[], extra: string) {
  const p50 = percentile(samples, 50);
  const p99 = percentile(samples, 99);
  console.log(`  ${label.padEnd(40)} p50 ${p50.toFixed(1)} ms, p99 ${p99.toFixed(1)} ms (${samples.length} check-ins, ${extra})`);
  return { p50, p99 };
}

async function measure(label: string, listeners: Socket[], checkIn: (i: number) => Promise<void>, matches: (payload: unknown, i: number) => boolean, event: string) {
  const samples: number[] = [];
  for (let i = 0; i < CHECK_INS; i++) {
    const started = performance.now();
    const arrivals = listeners.map(
      (socket) =>
        new Promise<number>((resolve) => {
          const handler = (payload: unknown) => {
            if (!matches(payload, i)) return;
            socket.off(event, handler);
            resolve(performance.now());
          };
          socket.on(event, handler);
        }),
    );
    await checkIn(i);
    const last = Math.max(...(await Promise.all(arrivals)));
    samples.push(last - started);
  }
  return report(label, samples, `${listeners.length} listeners`);
}

async function concord(nodes: number) {
  const database = await freshDatabase("concord_bench_rt");
  const extra = nodes > 1 ? await openDatabase({ databaseUrl: database.url, poolSize: 10 }) : null;
  const links: RedisLink[] = [];
  const servers: ConcordServer[] = [];
  const urls: string[] = [];
  for (let n = 0; n < nodes; n++) {
    const link = nodes > 1 ? await connectRedis(redisUrl, "concord-bench-realtime") : null;
    if (link) links.push(link);
    const { services, realtime } = buildServices(n === 0 ? database.db : extra!.db, CONFIG);
    const server = createConcordServer({ services, realtime, mode: "production", socketAdapter: link?.adapter });
    urls.push(`http://127.0.0.1:${await server.listen(0, "127.0.0.1")}`);
    servers.push(server);
  }
  const { services } = buildServices(database.db, CONFIG);
  const convener = (await loadActor(database.db, (await database.db.user.findUniqueOrThrow({ where: { email: "sam.patel@council.example.org" } })).id))!;
  const agencies = await database.db.agency.findMany({ select: { id: true } });
  // The chair is a council manager (Maria Jones in the demo data).
  const chair = await database.db.user.findUniqueOrThrow({ where: { email: "maria.jones@council.example.org" }, select: { id: true } });
  const { meetingId } = await conveneMeeting(services, convener, { caseReference: "BEN-000001", urgency: "STANDARD", scheduledStart: new Date(Date.now() + 3_600_000), location: "Bench", chairId: chair.id, agencyIds: agencies.map((a) => a.id).filter((id) => id !== convener.agencyId), lateReason: "Benchmark" });

  const listeners = await connectClients(urls, await sessionCookies(database, "sam.patel@council.example.org", CLIENTS));
  const pages = listeners.map((socket) => new PageClient(socket, meetingId));
  for (const page of pages) await page.join();
  const checkers = await connectClients([urls[0]!], await sessionCookies(database, "pat.obrien@police.example.org", CHECK_INS));
  await new Promise((resolve) => setTimeout(resolve, 500));
  const audited = () => database.db.auditEvent.groupBy({ by: ["action"], where: { entityId: meetingId }, _count: true });
  const auditBefore = await audited();
  const snapshotsBefore = pages.reduce((n, p) => n + p.snapshots, 0);
  const samples: number[] = [];
  const firsts: number[] = [];
  for (let i = 0; i < CHECK_INS; i++) {
    // Check-ins run one at a time, so the next event of the meeting is this one.
    const next = Math.max(...pages.map((p) => p.seq)) + 1;
    const started = performance.now();
    const arrivals = pages.map((page) => page.reached(next));
    checkers[i]!.emit("meeting:join", { meetingId }, () => {});
    const times = await Promise.all(arrivals);
    samples.push(Math.max(...times) - started);
    firsts.push(Math.min(...times) - started);
  }
  if (process.env.BENCH_DETAIL) console.log(`    first page to have it: p50 ${percentile(firsts, 50).toFixed(1)} ms, p99 ${percentile(firsts, 99).toFixed(1)} ms`);
  const auditAfter = await audited();
  const added = auditAfter.map((row) => `${row._count - (auditBefore.find((b) => b.action === row.action)?._count ?? 0)} ${row.action}`).filter((t) => !t.startsWith("0 "));
  const result = report(`Concord, ${nodes} node${nodes > 1 ? "s through Redis" : ""}`, samples, `${pages.length} page clients, ${pages.reduce((n, p) => n + p.snapshots, 0) - snapshotsBefore} snapshots taken, audit rows: ${added.join(", ") || "none"}`);
  for (const socket of [...listeners, ...checkers]) socket.close();
  for (const server of servers) await server.close();
  for (const link of links) await link.close();
  await extra?.close();
  await database.close();
  return result;
}

async function bare() {
  const http = createServer();
  const server = new Server(http, { serveClient: false });
  server.on("connection", (socket) => {
    void socket.join("room");
    socket.on("checkin", (payload) => server.to("room").emit("event", payload));
  });
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  const address = http.address();
  const url = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
  const listeners: Socket[] = [];
  for (let i = 0; i < CLIENTS; i++) {
    const socket = connectClient(url, { transports: ["websocket"], reconnection: false, forceNew: true });
    listeners.push(socket);
    await new Promise<void>((resolve) => socket.once("connect", () => resolve()));
  }
  const sender = connectClient(url, { transports: ["websocket"], reconnection: false, forceNew: true });
  await new Promise<void>((resolve) => sender.once("connect", () => resolve()));
  // The same shape and size of payload as Concord's attendee.joined event.
  const payload = (i: number) => ({ meetingId: "00000000-0000-4000-8000-000000000000", event: { seq: i, type: "attendee.joined", payload: { attendanceId: `a-${i}`, userId: "00000000-0000-4000-8000-000000000002", agencyId: "00000000-0000-4000-8000-000000000001", name: "Pat O'Brien" }, occurredAt: new Date().toISOString() } });
  const result = await measure("bare Socket.IO broadcast (baseline)", listeners.slice(0, CLIENTS), async (i) => {
    sender.emit("checkin", payload(i));
  }, (p, i) => (p as { event: { seq: number } }).event.seq === i, "event");
  for (const socket of [...listeners, sender]) socket.close();
  server.close();
  return result;
}

async function main() {
  console.log(`${CLIENTS} clients in one room:`);
  const baseline = await bare();
  const one = await concord(1);
  const two = process.env.BENCH_NODES === "1" ? one : await concord(2);
  console.log("\nratios (Concord / bare Socket.IO; lower is better):");
  console.log(`  one node:  p50 ${(one.p50 / baseline.p50).toFixed(2)}, p99 ${(one.p99 / baseline.p99).toFixed(2)}`);
  console.log(`  two nodes: p50 ${(two.p50 / baseline.p50).toFixed(2)}, p99 ${(two.p99 / baseline.p99).toFixed(2)}`);
  process.exit(0);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
