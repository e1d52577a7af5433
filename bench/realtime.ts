// Realtime benchmark: a meeting room with 300 connected clients; the time from one more person
// checking in (joining the room: attendance written, event appended) to the last of the 300
// having it on screen. The clients behave like the room page (decision 0033): each joins, keeps
// the state from its join reply, applies every event's payload with the page's own code
// (server/domain/meetings/room-state.ts) and asks for a snapshot only when it finds a gap.
// Concord on one node, and on two nodes through Redis (150 clients each, the check-in on the
// first), against a bare Socket.IO server broadcasting the same payload to clients that only
// receive it.
//
// The servers and the person checking in run on the main thread; the 300 listening clients (for
// the baseline and for Concord alike) run on one worker thread (bench/realtime-clients.ts), so on
// this 2-core machine each has a core. Real browsers are separate machines, each applying the
// event once and in parallel; with the clients on the servers' event loop, 300 clients' work was
// paid one after another and competed with the servers' own work (the joiner's snapshot read).
// The worker still applies the 300 events one after another, so "last page" remains pessimistic.
// The worker runs the clients' code bundled and minified, as the browser does (buildClients).
// Times cross threads as performance.timeOrigin + performance.now() (the same clock on both).
//
// Run: npm run bench:realtime  (needs PostgreSQL and Redis). Knobs: BENCH_CHECK_INS (30),
// BENCH_NODES=1 (skip two nodes), BENCH_DETAIL=1 (first page to have it, how long each thread
// was busy, the threads' clocks), BENCH_ROUNDS (1: baseline, one node and two nodes in turn, each
// round on a fresh room; with more, the medians of the rounds' p50, p99 and ratios).
import { performance } from "node:perf_hooks";
import { Worker } from "node:worker_threads";
import { fileURLToPath } from "node:url";
import { buildSync } from "esbuild";
import { createServer } from "node:http";
import { Server } from "socket.io";
import { io as connectClient } from "socket.io-client";
import { buildServices } from "../server/services";
import { createConcordServer, type ConcordServer } from "../server/http/create-server";
import { connectRedis, type RedisLink } from "../server/realtime/redis";
import { openDatabase } from "../server/db/connect";
import { conveneMeeting } from "../server/domain/meetings/convene";
import { loadActor } from "../server/domain/access/actor";
import { freshDatabase, sessionCookies, connectClients, percentile, redisUrl } from "./support";
import type { FromClients, ToClients } from "./realtime-clients";

const CLIENTS = 300;
const CHECK_INS = Number(process.env.BENCH_CHECK_INS ?? 30);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 1);
const DETAIL = Boolean(process.env.BENCH_DETAIL);
const CONFIG = { NODE_ENV: "production", SESSION_TTL_HOURS: 12, INVITATION_TTL_HOURS: 72, PUBLIC_URL: undefined } as const;
// Longer than any step takes on a loaded machine; a lost event would otherwise hang the run.
const REPLY_TIMEOUT_MS = 180_000;

const now = () => performance.timeOrigin + performance.now();

/**
 * The clients' code as a browser gets the room page's: bundled and minified by esbuild, as the
 * production build is. Run through tsx instead, every function would carry the name-keeping
 * wrappers tsx adds (esbuild's keepNames), which cost the page's event handling about three
 * times as much as the browser pays. Dependencies stay in node_modules.
 */
function buildClients(): string {
  const outfile = fileURLToPath(new URL("../.cache/bench/realtime-clients.mjs", import.meta.url));
  buildSync({ entryPoints: [fileURLToPath(new URL("./realtime-clients.ts", import.meta.url))], bundle: true, minify: true, platform: "node", format: "esm", packages: "external", outfile, logLevel: "warning" });
  return outfile;
}

/** The worker thread holding the listening clients; one message exchange at a time. */
class ClientsThread {
  private worker = new Worker(buildClients());
  private inbox: FromClients[] = [];
  private waiting: (() => void) | null = null;
  constructor() {
    this.worker.on("message", (message: FromClients) => {
      this.inbox.push(message);
      this.waiting?.();
    });
    this.worker.on("error", (error) => {
      console.error("The clients' thread failed:", error);
      process.exit(1);
    });
  }
  post(message: ToClients) {
    this.worker.postMessage(message);
  }
  async receive<T extends FromClients["type"]>(type: T): Promise<Extract<FromClients, { type: T }>> {
    while (!this.inbox.length) {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`No "${type}" from the clients' thread in ${REPLY_TIMEOUT_MS / 1000} s`)), REPLY_TIMEOUT_MS);
        this.waiting = () => {
          clearTimeout(timer);
          this.waiting = null;
          resolve();
        };
      });
    }
    const message = this.inbox.shift()!;
    if (message.type === "failed") throw new Error(`The clients' thread: ${message.message}`);
    if (message.type !== type) throw new Error(`Expected "${type}" from the clients' thread, got "${message.type}"`);
    return message as Extract<FromClients, { type: T }>;
  }
}

interface Result {
  p50: number;
  p99: number;
}

/**
 * Times from each check-in to the last client having it, and to the first; and how long each
 * thread's event loop was busy meanwhile (which side the time went on).
 */
interface Samples {
  lasts: number[];
  firsts: number[];
  clientsBusy: number[];
  serversBusy: number[];
}

function report(label: string, { lasts, firsts, clientsBusy, serversBusy }: Samples, extra: string): Result {
  const p50 = percentile(lasts, 50);
  const p99 = percentile(lasts, 99);
  console.log(`  ${label.padEnd(40)} p50 ${p50.toFixed(1)} ms, p99 ${p99.toFixed(1)} ms (${lasts.length} check-ins, ${extra})`);
  if (DETAIL) {
    console.log(`    first page to have it: p50 ${percentile(firsts, 50).toFixed(1)} ms, p99 ${percentile(firsts, 99).toFixed(1)} ms`);
    console.log(`    busy until the last has it: servers' thread p50 ${percentile(serversBusy, 50).toFixed(1)} ms, clients' thread p50 ${percentile(clientsBusy, 50).toFixed(1)} ms`);
  }
  return { p50, p99 };
}

/**
 * The check-ins, one at a time (so the next event of the room is this one): arm the clients for
 * the next seq, check in, and wait until every client has it.
 */
async function measure(clients: ClientsThread, highest: number, checkIn: (i: number, seq: number) => void): Promise<Samples> {
  const samples: Samples = { lasts: [], firsts: [], clientsBusy: [], serversBusy: [] };
  for (let i = 0; i < CHECK_INS; i++) {
    const seq = highest + 1;
    clients.post({ type: "expect", seq });
    await clients.receive("armed");
    const loop = performance.eventLoopUtilization();
    const started = now();
    checkIn(i, seq);
    const reached = await clients.receive("reached");
    samples.lasts.push(reached.last - started);
    samples.firsts.push(reached.first - started);
    samples.clientsBusy.push(reached.busy);
    samples.serversBusy.push(performance.eventLoopUtilization(loop).active);
    highest = reached.highest;
  }
  return samples;
}

async function concord(clients: ClientsThread, nodes: number) {
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

  clients.post({ type: "init", mode: "concord", urls, cookies: await sessionCookies(database, "sam.patel@council.example.org", CLIENTS), meetingId });
  const ready = await clients.receive("ready");
  const checkers = await connectClients([urls[0]!], await sessionCookies(database, "pat.obrien@police.example.org", CHECK_INS));
  await new Promise((resolve) => setTimeout(resolve, 500));
  const audited = () => database.db.auditEvent.groupBy({ by: ["action"], where: { entityId: meetingId }, _count: true });
  const auditBefore = await audited();
  const samples = await measure(clients, ready.highest, (i) => {
    checkers[i]!.emit("meeting:join", { meetingId }, () => {});
  });
  const auditAfter = await audited();
  const added = auditAfter.map((row) => `${row._count - (auditBefore.find((b) => b.action === row.action)?._count ?? 0)} ${row.action}`).filter((t) => !t.startsWith("0 "));
  clients.post({ type: "close" });
  const closed = await clients.receive("closed");
  const result = report(`Concord, ${nodes} node${nodes > 1 ? "s through Redis" : ""}`, samples, `${ready.clients} page clients, ${closed.snapshots - ready.snapshots} snapshots taken, audit rows: ${added.join(", ") || "none"}`);
  for (const socket of checkers) socket.close();
  for (const server of servers) await server.close();
  for (const link of links) await link.close();
  await extra?.close();
  await database.close();
  return result;
}

async function bare(clients: ClientsThread) {
  const http = createServer();
  const server = new Server(http, { serveClient: false });
  server.on("connection", (socket) => {
    void socket.join("room");
    socket.on("checkin", (payload) => server.to("room").emit("event", payload));
  });
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  const address = http.address();
  const url = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
  clients.post({ type: "init", mode: "bare", url, clients: CLIENTS });
  const ready = await clients.receive("ready");
  // The sender joins the room after the listeners, as the one checking in would; its own copy of
  // the broadcast is not counted.
  const sender = connectClient(url, { transports: ["websocket"], reconnection: false, forceNew: true });
  await new Promise<void>((resolve) => sender.once("connect", () => resolve()));
  // The same shape and size of payload as Concord's attendee.joined event.
  const payload = (seq: number) => ({ meetingId: "00000000-0000-4000-8000-000000000000", event: { seq, type: "attendee.joined", payload: { attendanceId: `a-${seq}`, userId: "00000000-0000-4000-8000-000000000002", agencyId: "00000000-0000-4000-8000-000000000001", name: "Pat O'Brien" }, occurredAt: new Date().toISOString() } });
  const samples = await measure(clients, ready.highest, (_i, seq) => {
    sender.emit("checkin", payload(seq));
  });
  clients.post({ type: "close" });
  await clients.receive("closed");
  sender.close();
  server.close();
  return report("bare Socket.IO broadcast (baseline)", samples, `${ready.clients} listeners`);
}

/**
 * How far apart the two threads' clocks are, seen from here: the midpoint of the shortest of a few
 * round trips (the first waits for the worker to load, so it only warms up).
 */
async function clockSkew(clients: ClientsThread) {
  let best = { skew: 0, roundTrip: Infinity };
  for (let i = 0; i < 6; i++) {
    const sent = now();
    clients.post({ type: "clock" });
    const { at } = await clients.receive("clock");
    const back = now();
    if (i > 0 && back - sent < best.roundTrip) best = { skew: at - (sent + back) / 2, roundTrip: back - sent };
  }
  console.log(`  clients' thread clock minus main's: ${best.skew.toFixed(3)} ms (round trip ${best.roundTrip.toFixed(3)} ms)`);
}

function median(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

async function main() {
  const clients = new ClientsThread();
  console.log(`${CLIENTS} clients in one room (the clients on a worker thread):`);
  if (DETAIL) await clockSkew(clients);
  const rounds: { baseline: Result; one: Result; two: Result }[] = [];
  for (let round = 1; round <= ROUNDS; round++) {
    if (ROUNDS > 1) console.log(`\nround ${round} of ${ROUNDS}:`);
    const baseline = await bare(clients);
    const one = await concord(clients, 1);
    const two = process.env.BENCH_NODES === "1" ? one : await concord(clients, 2);
    rounds.push({ baseline, one, two });
    console.log(`${ROUNDS > 1 ? "" : "\n"}ratios (Concord / bare Socket.IO; lower is better):`);
    console.log(`  one node:  p50 ${(one.p50 / baseline.p50).toFixed(2)}, p99 ${(one.p99 / baseline.p99).toFixed(2)}`);
    console.log(`  two nodes: p50 ${(two.p50 / baseline.p50).toFixed(2)}, p99 ${(two.p99 / baseline.p99).toFixed(2)}`);
  }
  if (ROUNDS > 1) {
    const of = (pick: (r: (typeof rounds)[number]) => number) => median(rounds.map(pick));
    const row = (label: string, key: "baseline" | "one" | "two") => console.log(`  ${label.padEnd(40)} p50 ${of((r) => r[key].p50).toFixed(1)} ms, p99 ${of((r) => r[key].p99).toFixed(1)} ms`);
    console.log(`\nmedians of ${ROUNDS} rounds:`);
    row("bare Socket.IO broadcast (baseline)", "baseline");
    row("Concord, 1 node", "one");
    row("Concord, 2 nodes through Redis", "two");
    console.log("ratios (median of the rounds' ratios; lower is better):");
    console.log(`  one node:  p50 ${of((r) => r.one.p50 / r.baseline.p50).toFixed(2)}, p99 ${of((r) => r.one.p99 / r.baseline.p99).toFixed(2)}`);
    console.log(`  two nodes: p50 ${of((r) => r.two.p50 / r.baseline.p50).toFixed(2)}, p99 ${of((r) => r.two.p99 / r.baseline.p99).toFixed(2)}`);
  }
  process.exit(0);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
