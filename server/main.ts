// Concord's entry point: open the database (migrating it), seed demo data on a fresh embedded
// database, and serve Remix, tRPC and Socket.IO on one port.
import { existsSync, statSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type { ServerBuild } from "@remix-run/node";
import { deploymentId, loadConfig, runMode, trustProxySetting } from "./config";
import { openDatabase } from "./db/connect";
import { buildServices } from "./services";
import { createConcordServer } from "./http/create-server";
import { seedDemoData, DEMO_PASSWORD, DEMO_USERS } from "../prisma/seed";
import { logger } from "./logger";
import { startOutboxWorker } from "./mail/outbox-worker";
import { OffsetClock, systemClock, type Services } from "./domain/services";
import { carrySessionsAcrossClockJump } from "./domain/auth/sessions";
import { sweepOverdueDisagreements } from "./domain/disagreements/disagreements";
import { purgeExpired } from "./domain/retention/purge";
import { runScheduledRetention } from "./domain/retention/retention";
import { connectRedis } from "./realtime/redis";
import { releaseStartupMemory } from "./startup-memory";

// `npm run dev` builds elsewhere (see remix.config.js), so it never replaces the production build.
const REMIX_BUILD = resolve(process.env.NODE_ENV === "development" ? ".cache/dev/remix/index.js" : "build/remix/index.js");

async function main() {
  const config = loadConfig();
  const database = await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.CONCORD_DATA_DIR });
  const wantDemo = config.CONCORD_DEMO_DATA ? config.CONCORD_DEMO_DATA === "true" : database.mode === "embedded";
  const seeded = wantDemo && (await seedDemoData(database.db, { history: config.CONCORD_DEMO_HISTORY === "true" }));

  const testClock = config.CONCORD_TEST_CLOCK === "true" ? new OffsetClock() : null;
  const { services, realtime } = buildServices(database.db, config, testClock ?? systemClock);
  const sweep = () => sweepOverdueDisagreements(services).catch((error) => logger.error({ err: error }, "overdue sweep failed"));
  const sweeper = setInterval(sweep, 60_000);
  sweeper.unref();
  // Ended sessions, old sign-in attempts and sent email (docs/decisions/0029), hourly.
  // Then the retention schedule and unused accounts (docs/decisions/0036): one node at a time.
  const retain = () =>
    runScheduledRetention(services).then(
      ({ retention, suspendedAccounts }) => logger.info({ ran: retention.ran, partnershipHold: retention.partnershipHold, destroyed: retention.entries.filter((e) => e.count > 0), suspendedAccounts }, "retention job"),
      (error) => logger.error({ err: error }, "retention job failed"),
    );
  const purge = () => purgeExpired(services).then((purged) => logger.info({ purged }, "purged expired rows"), (error) => logger.error({ err: error }, "purge failed")).then(retain);
  const purger = setInterval(purge, 60 * 60_000);
  purger.unref();
  const firstPurge = purge();
  const redis = config.REDIS_URL ? await connectRedis(config.REDIS_URL, deploymentId(config)) : null;
  if (redis) logger.info({ deployment: deploymentId(config) }, "sharing live rooms through Redis");
  const server = createConcordServer({
    socketAdapter: redis?.adapter,
    readiness: redis ? { redis: () => redis.ping() } : {},
    services,
    realtime,
    mode: runMode(config),
    publicUrl: config.PUBLIC_URL,
    trustProxy: trustProxySetting(config),
    loadRemixBuild: remixBuildLoader(config.NODE_ENV === "development"),
    testClock: testClock ? testClockControls(testClock, services, sweep) : undefined,
  });
  const port = await server.listen(config.PORT, config.HOST);
  const outbox = startOutboxWorker(database.db, { smtpUrl: config.SMTP_URL, from: config.MAIL_FROM, clock: services.clock });
  // Once start-up work is done, give back the memory it took (server/startup-memory.ts).
  void firstPurge.then(releaseStartupMemory);

  const where = database.mode === "embedded" ? `embedded database in ${config.CONCORD_DATA_DIR}` : "PostgreSQL (DATABASE_URL)";
  console.log(`\nConcord is running on http://localhost:${port} (Node ${process.version}) using the ${where}${redis ? ", sharing live rooms through Redis" : ""}.`);
  if (wantDemo) {
    console.log(seeded ? `Demo partnership seeded. Demo sign-ins (password for all: ${DEMO_PASSWORD}):` : `Demo sign-ins (password for all: ${DEMO_PASSWORD}):`);
    for (const user of DEMO_USERS) console.log(`  ${user.roles.join(", ").padEnd(32)} ${user.email}`);
  }

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "shutting down");
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    outbox.stop();
    clearInterval(sweeper);
    clearInterval(purger);
    await server.close();
    await redis?.close();
    await database.close();
    process.exit(0);
  };
  process.on("SIGTERM", () => void stop("SIGTERM"));
  process.on("SIGINT", () => void stop("SIGINT"));
}

/**
 * Browser tests' clock. A jump is not time without use, so sessions move with it, and they move
 * first: were the clock to move first, a request or the live-connection sweep landing between the
 * two steps would find every session idle for hours and sign its page out. Then the sweeps run.
 */
function testClockControls(clock: OffsetClock, services: Services, sweep: () => Promise<unknown>) {
  return {
    now: () => clock.now(),
    async advance(ms: number) {
      await carrySessionsAcrossClockJump(services, ms);
      clock.advance(ms);
      await sweep();
    },
    reset: () => clock.reset(),
  };
}

/** In development the build is re-imported whenever `remix watch` rewrites it. */
function remixBuildLoader(watch: boolean): () => Promise<ServerBuild> {
  let cached: { mtime: number; build: ServerBuild } | undefined;
  return async () => {
    if (!existsSync(REMIX_BUILD)) throw new Error("The Remix build is missing: run `npm run build` first.");
    const mtime = watch ? statSync(REMIX_BUILD).mtimeMs : 0;
    if (!cached || cached.mtime !== mtime) {
      cached = { mtime, build: (await import(`${pathToFileURL(REMIX_BUILD).href}?t=${mtime}`)) as ServerBuild };
    }
    return cached.build;
  };
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  logger.error({ err: error }, "Concord failed to start");
  process.exit(1);
});
