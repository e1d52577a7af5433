// Two Concord nodes against the same PostgreSQL and Redis: an event from one reaches a client of
// the other; when a node stops, the other keeps serving, and its client reconnects there and
// catches up. Needs a PostgreSQL server (the embedded database belongs to one process): in
// embedded mode this file is skipped, and .ci/run runs it against PostgreSQL and Redis.
import { randomUUID } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { io as connect, type Socket } from "socket.io-client";
import { useHarness, DEMO } from "../support/harness";
import { conveneDemoMeeting, demoAgencies } from "../support/meetings";
import { startFailoverProxy } from "../support/tcp-proxy";
import { createConcordServer, type ConcordServer } from "../../server/http/create-server";
import { connectRedis, type RedisLink } from "../../server/realtime/redis";
import { openDatabase, type Database } from "../../server/db/connect";
import { buildServices } from "../../server/services";
import { TEST_CONFIG } from "../support/harness";
import { DEMO_PASSWORD } from "../../prisma/seed";
import { unusedCodes } from "../support/second-factor";
import type { ClientToServerEvents, ServerToClientEvents } from "../../server/realtime/events";

const serverDatabase = process.env.TEST_DATABASE_URL || process.env.DATABASE_URL;
const redisUrl = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";

describe.skipIf(!serverDatabase)("several nodes (PostgreSQL + Redis)", () => {
  const h = useHarness();
  const cleanup: (() => Promise<unknown>)[] = [];
  afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step().catch(() => {});
  });

  // Each run its own deployment on the shared Redis, so parallel test runs never cross.
  const deployment = `test-${randomUUID()}`;

  async function startNode(db: Database["db"], deploymentId = deployment): Promise<{ server: ConcordServer; port: number; redis: RedisLink }> {
    const redis = await connectRedis(redisUrl, deploymentId);
    const { services, realtime } = buildServices(db, TEST_CONFIG, h.clock);
    const server = createConcordServer({ services, realtime, mode: "test", socketAdapter: redis.adapter, readiness: { redis: () => redis.ping() } });
    const port = await server.listen(0, "127.0.0.1");
    cleanup.push(() => redis.close(), () => server.close());
    return { server, port, redis };
  }

  const codeFor = unusedCodes();
  async function signIn(port: number, email: string) {
    const base = `http://127.0.0.1:${port}`;
    let response = await fetch(`${base}/trpc/auth.login`, { method: "POST", headers: { "content-type": "application/json", origin: base }, body: JSON.stringify({ email, password: DEMO_PASSWORD }) });
    expect(response.status).toBe(200);
    if (((await response.json()) as { result: { data: { secondFactor: string | null } } }).result.data.secondFactor) {
      // A manager's second step: a code from the demo authenticator secret.
      const pending = response.headers.getSetCookie().find((c) => c.startsWith("concord_pending="))!.split(";")[0]!;
      response = await fetch(`${base}/trpc/auth.verifySecondFactor`, { method: "POST", headers: { "content-type": "application/json", origin: base, cookie: pending }, body: JSON.stringify({ code: codeFor(email, h.clock.now()) }) });
      expect(response.status).toBe(200);
    }
    return response.headers.getSetCookie().find((c) => c.startsWith("concord_session="))!.split(";")[0]!;
  }

  it("shares live rooms across nodes, and a client fails over to the surviving node and catches up", async () => {
    // Node A uses the harness's client; node B its own pool on the same database: no shared memory.
    const second = await openDatabase({ databaseUrl: h.database.url, poolSize: 5 });
    cleanup.push(() => second.close());
    const a = await startNode(h.db);
    const b = await startNode(second.db);
    const readyB = await fetch(`http://127.0.0.1:${b.port}/readyz`);
    expect(await readyB.json()).toEqual({ status: "ready", checks: { database: true, redis: true } });

    // A meeting, convened on node A.
    const agencies = await demoAgencies(h);
    const chairCookie = await signIn(a.port, DEMO.councilManager);
    const chair = await h.actor(DEMO.councilManager);
    const convened = await fetch(`http://127.0.0.1:${a.port}/trpc/meetings.convene`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: `http://127.0.0.1:${a.port}`, cookie: chairCookie },
      body: JSON.stringify({ caseReference: "CSC-990001", urgency: "STANDARD", scheduledStart: "2026-11-23T10:00:00.000Z", location: "Room", chairId: chair.userId, agencyIds: [agencies.police, agencies.icb] }),
    });
    expect(convened.status).toBe(200);
    const { meetingId } = ((await convened.json()) as { result: { data: { meetingId: string } } }).result.data;

    // The chair's client on node A; the police client reaches node B through the "load balancer".
    const proxy = await startFailoverProxy([b.port, a.port]);
    cleanup.push(() => proxy.close());
    const policeCookie = await signIn(b.port, DEMO.policePractitioner);
    const chairSocket: Socket<ServerToClientEvents, ClientToServerEvents> = connect(`http://127.0.0.1:${a.port}`, { transports: ["websocket"], extraHeaders: { cookie: chairCookie }, reconnection: false, forceNew: true });
    const policeSocket: Socket<ServerToClientEvents, ClientToServerEvents> = connect(`http://127.0.0.1:${proxy.port}`, { transports: ["websocket"], extraHeaders: { cookie: policeCookie }, reconnectionDelay: 100, reconnectionDelayMax: 200, forceNew: true });
    cleanup.push(async () => { chairSocket.close(); policeSocket.close(); });
    await Promise.all([new Promise<void>((r) => chairSocket.once("connect", () => r())), new Promise<void>((r) => policeSocket.once("connect", () => r()))]);

    const chairJoin = await chairSocket.emitWithAck("meeting:join", { meetingId });
    expect("data" in chairJoin).toBe(true);
    // An event on node B (the police joining) reaches the chair's client on node A.
    const seenOnA = new Promise<{ event: { type: string; payload: Record<string, unknown> } }>((resolve) => chairSocket.on("meeting:event", (e) => e.event.type === "attendee.joined" && resolve(e)));
    const policeJoin = await policeSocket.emitWithAck("meeting:join", { meetingId });
    if (!("data" in policeJoin)) throw new Error(JSON.stringify(policeJoin));
    expect((await seenOnA).event.payload).toMatchObject({ name: "Pat O'Brien" });
    // ...and one on node A reaches the police client on node B.
    const seenOnB = new Promise<{ event: { type: string } }>((resolve) => policeSocket.on("meeting:event", (e) => e.event.type === "decision.recorded" && resolve(e)));
    expect(await chairSocket.emitWithAck("meeting:record-decision", { meetingId, kind: "S47_JOINT", reason: "Joint enquiry." })).toHaveProperty("data");
    await seenOnB;
    let lastSeq = (await h.db.strategyMeeting.findUniqueOrThrow({ where: { id: meetingId } })).version;

    // Node B stops. The police client drops; meanwhile the chair records more on node A.
    const dropped = new Promise((resolve) => policeSocket.once("disconnect", resolve));
    await b.server.close();
    await dropped;
    expect((await fetch(`http://127.0.0.1:${a.port}/healthz`)).status).toBe(200);
    expect(await chairSocket.emitWithAck("meeting:update-summary", { meetingId, summary: "Agreed while node B was down." })).toHaveProperty("data");

    // The client reconnects through the balancer to node A, rejoins and catches up.
    await new Promise<void>((resolve) => policeSocket.once("connect", () => resolve()));
    const rejoined = await policeSocket.emitWithAck("meeting:join", { meetingId, lastSeq });
    if (!("data" in rejoined)) throw new Error(JSON.stringify(rejoined));
    expect(rejoined.data.missed.map((e) => e.type)).toContain("summary.updated");
    expect(rejoined.data.snapshot.summary).toBe("Agreed while node B was down.");
    lastSeq = rejoined.data.snapshot.seq;
    expect(lastSeq).toBeGreaterThan(0);
  });

  it("keeps two deployments on one Redis apart: live events reach the deployment's own nodes only", async () => {
    const { meetingId } = await conveneDemoMeeting(h);
    const other = `test-${randomUUID()}`;
    const a = await startNode(h.db);
    const sameDeployment = await startNode(h.db);
    const otherDeployment = await startNode(h.db, other);

    const open = async (port: number, email: string) => {
      const socket: Socket<ServerToClientEvents, ClientToServerEvents> = connect(`http://127.0.0.1:${port}`, { transports: ["websocket"], extraHeaders: { cookie: await signIn(port, email) }, reconnection: false, forceNew: true });
      cleanup.push(async () => socket.close());
      await new Promise<void>((resolve, reject) => socket.once("connect", () => resolve()).once("connect_error", reject));
      const joined = await socket.emitWithAck("meeting:join", { meetingId });
      if (!("data" in joined)) throw new Error(JSON.stringify(joined));
      return socket;
    };
    const chair = await open(a.port, DEMO.councilManager);
    const ours = await open(sameDeployment.port, DEMO.policePractitioner);
    const theirs = await open(otherDeployment.port, DEMO.policePractitioner);
    const heardByTheirs: string[] = [];
    theirs.on("meeting:event", (e) => heardByTheirs.push(e.event.type));

    const heardByOurs = new Promise<void>((resolve) => ours.on("meeting:event", (e) => e.event.type === "decision.recorded" && resolve()));
    expect(await chair.emitWithAck("meeting:record-decision", { meetingId, kind: "S47_JOINT", reason: "Joint enquiry." })).toHaveProperty("data");
    // The same deployment's other node hears it through Redis...
    await heardByOurs;
    // ...and, given time for the same Redis message to arrive, the other deployment does not.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(heardByTheirs).not.toContain("decision.recorded");
  });
});
