// Realtime benchmark: a meeting room with 300 connected clients; the time from one more person
// checking in (joining the room: attendance written, event appended) to the last of the 300
// receiving it. Concord on one node, and on two nodes through Redis (150 clients each, the
// check-in on the first), against a bare Socket.IO server broadcasting the same payload.
// Run: npm run bench:realtime  (needs PostgreSQL and Redis).
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
import { freshDatabase, sessionCookies, connectClients, percentile, redisUrl } from "./support";

const CLIENTS = 300;
const CHECK_INS = Number(process.env.BENCH_CHECK_INS ?? 30);
const CONFIG = { NODE_ENV: "production", SESSION_TTL_HOURS: 12, INVITATION_TTL_HOURS: 72, PUBLIC_URL: undefined } as const;

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
  const p50 = percentile(samples, 50);
  const p99 = percentile(samples, 99);
  console.log(`  ${label.padEnd(40)} p50 ${p50.toFixed(1)} ms, p99 ${p99.toFixed(1)} ms (${CHECK_INS} check-ins, ${listeners.length} listeners)`);
  return { p50, p99 };
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
  const { meetingId } = await conveneMeeting(services, convener, { caseReference: "BEN-000001", urgency: "STANDARD", scheduledStart: new Date(Date.now() + 3_600_000), location: "Bench", chairId: convener.userId, agencyIds: agencies.map((a) => a.id).filter((id) => id !== convener.agencyId), lateReason: "Benchmark" });

  const listeners = await connectClients(urls, await sessionCookies(database, "sam.patel@council.example.org", CLIENTS));
  for (const socket of listeners) await socket.emitWithAck("meeting:join", { meetingId });
  const checkers = await connectClients([urls[0]!], await sessionCookies(database, "pat.obrien@police.example.org", CHECK_INS));
  await new Promise((resolve) => setTimeout(resolve, 500));
  const result = await measure(
    `Concord, ${nodes} node${nodes > 1 ? "s through Redis" : ""}`,
    listeners,
    async (i) => {
      checkers[i]!.emit("meeting:join", { meetingId }, () => {});
    },
    // Check-ins run one at a time, so the next police arrival is this one.
    (payload) => {
      const p = payload as { event: { type: string; payload: { name?: string } } };
      return p.event.type === "attendee.joined" && p.event.payload.name === "Pat O'Brien";
    },
    "meeting:event",
  );
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
  const payload = (i: number) => ({ meetingId: "00000000-0000-4000-8000-000000000000", event: { seq: i, type: "attendee.joined", payload: { attendanceId: `a-${i}`, agencyId: "00000000-0000-4000-8000-000000000001", name: "Pat O'Brien" }, occurredAt: new Date().toISOString() } });
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
  const two = await concord(2);
  console.log("\nratios (Concord / bare Socket.IO; lower is better):");
  console.log(`  one node:  p50 ${(one.p50 / baseline.p50).toFixed(2)}, p99 ${(one.p99 / baseline.p99).toFixed(2)}`);
  console.log(`  two nodes: p50 ${(two.p50 / baseline.p50).toFixed(2)}, p99 ${(two.p99 / baseline.p99).toFixed(2)}`);
  process.exit(0);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
