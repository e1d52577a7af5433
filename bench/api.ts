// API benchmark: a typical agency-scoped list (contacts.list as a police practitioner, through
// tRPC, session and audit included) under 50 concurrent connections, against a bare Node HTTP
// server running the same SQL through pg. Both on loopback, measured in the same run with
// autocannon. Run: npm run bench:api  (needs PostgreSQL; BENCH_DATABASE_URL or DATABASE_URL).
// BENCH_ROUNDS=n measures both servers n times, alternating, and reports the medians (a shared
// machine's load moves between rounds); BENCH_CPU_PROF=dir writes a V8 CPU profile of the Concord
// server there (node --cpu-prof) for `node bench/cpu-profile.mjs dir`.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { loadavg } from "node:os";
import { readFileSync } from "node:fs";
import autocannon from "autocannon";
import pg from "pg";
import { openDatabase } from "../server/db/connect";
import { seedDemoData, DEMO_PASSWORD } from "../prisma/seed";
import { generateActivity, DEMO_HISTORY } from "../server/db/generate-activity";

const serverUrl = process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = 50;
/** Seconds of load on each server before measuring (BENCH_WARM_UP=0 to measure from cold). */
const WARM_UP = Number(process.env.BENCH_WARM_UP ?? 3);
const ROUNDS = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 1));
const CPU_PROF = process.env.BENCH_CPU_PROF;
const url = new URL(serverUrl);
url.pathname = "/concord_bench_api";
const databaseUrl = url.toString();

async function main() {
  if (spawnSync(process.execPath, ["scripts/ensure-build.mjs"], { stdio: "inherit" }).status !== 0) process.exit(1);
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query("DROP DATABASE IF EXISTS concord_bench_api WITH (FORCE)");
  await admin.query("CREATE DATABASE concord_bench_api");
  await admin.end();
  const database = await openDatabase({ databaseUrl });
  await seedDemoData(database.db);
  await generateActivity(database.db, { ...DEMO_HISTORY, contacts: 20_000, meetings: 2_000, disagreements: 500, until: new Date() });
  // As autovacuum leaves a live database (it is off on the development server): statistics, and
  // a visibility map so that counts can read an index alone.
  await database.db.$executeRawUnsafe("VACUUM ANALYZE");
  const police = await database.db.user.findUniqueOrThrow({ where: { email: "pat.obrien@police.example.org" }, select: { id: true, agencyId: true } });
  await database.close();

  // BENCH_NODE_FLAGS: V8/Node flags for the Concord server only, to try a setting.
  const flags = (process.env.BENCH_NODE_FLAGS ?? "").split(" ").filter(Boolean);
  const concord = await start([...flags, ...(CPU_PROF ? ["--cpu-prof", "--cpu-prof-dir", CPU_PROF] : []), "build/server/main.js"], 3401, { NODE_ENV: "production", DATABASE_URL: databaseUrl, CONCORD_DEMO_DATA: "false", LOG_LEVEL: "silent", PUBLIC_URL: "http://127.0.0.1:3401" });
  const baseline = await start(["bench/baseline-api-server.mjs"], 3402, { DATABASE_URL: databaseUrl });
  try {
    const login = await fetch("http://127.0.0.1:3401/trpc/auth.login", { method: "POST", headers: { "content-type": "application/json", origin: "http://127.0.0.1:3401" }, body: JSON.stringify({ email: "pat.obrien@police.example.org", password: DEMO_PASSWORD }) });
    const cookie = login.headers.getSetCookie()[0]!.split(";")[0]!;
    const input = encodeURIComponent(JSON.stringify({}));
    // Both servers warm up first (V8 compiles the hot paths, modules load on first use, pools
    // fill): a long-running server is warm, and a cold start's first second otherwise lands in p99.
    await autocannon({ url: `http://127.0.0.1:3402/contacts?agencyId=${police.agencyId}&userId=${police.id}`, connections: CONNECTIONS, duration: WARM_UP });
    await autocannon({ url: `http://127.0.0.1:3401/trpc/contacts.list?input=${input}`, connections: CONNECTIONS, duration: WARM_UP, headers: { cookie } });
    const rounds: { base: Measured; trpc: Measured }[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      if (ROUNDS > 1) console.log(`round ${round} of ${ROUNDS} (load average ${loadavg().map((n) => n.toFixed(2)).join(", ")})`);
      const base = await load("bare Node + pg (baseline)", `http://127.0.0.1:3402/contacts?agencyId=${police.agencyId}&userId=${police.id}`, {}, baseline.pid!);
      const trpc = await load("Concord tRPC contacts.list", `http://127.0.0.1:3401/trpc/contacts.list?input=${input}`, { cookie }, concord.pid!);
      rounds.push({ base, trpc });
    }
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
    const cpuRatio = median(rounds.map((r) => r.trpc.cpuPerRequest / r.base.cpuPerRequest));
    const rpsRatio = median(rounds.map((r) => r.trpc.rps / r.base.rps));
    const p99Ratio = median(rounds.map((r) => r.trpc.p99 / r.base.p99));
    console.log(`\nratios (Concord / baseline)${ROUNDS > 1 ? `, median of ${ROUNDS} rounds` : ""}:`);
    console.log(`  requests per second: ${rpsRatio.toFixed(2)}   (higher is better)`);
    console.log(`  p99 latency:         ${p99Ratio.toFixed(2)}   (lower is better)`);
    console.log(`  server CPU per request: ${cpuRatio.toFixed(2)}   (the server process only, not PostgreSQL's)`);
    if (ROUNDS > 1) {
      console.log(`  per round, rps: ${rounds.map((r) => (r.trpc.rps / r.base.rps).toFixed(2)).join(" ")}; p99: ${rounds.map((r) => (r.trpc.p99 / r.base.p99).toFixed(2)).join(" ")}`);
      console.log(`  medians: baseline ${median(rounds.map((r) => r.base.rps)).toFixed(0)} req/s, p99 ${median(rounds.map((r) => r.base.p99))} ms; Concord ${median(rounds.map((r) => r.trpc.rps)).toFixed(0)} req/s, p99 ${median(rounds.map((r) => r.trpc.p99))} ms`);
    }
  } finally {
    concord.kill("SIGTERM");
    baseline.kill("SIGTERM");
  }
}

interface Measured {
  rps: number;
  p99: number;
  /** CPU time (user + system) the server process spent per request: steadier than throughput on a shared machine. */
  cpuPerRequest: number;
}

/** A process's CPU time so far in milliseconds (Linux), from /proc/<pid>/stat: utime + stime. */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
}

async function load(label: string, target: string, headers: Record<string, string>, pid: number): Promise<Measured> {
  const cpuBefore = cpuMs(pid);
  const result = await autocannon({ url: target, connections: CONNECTIONS, duration: DURATION, headers });
  const cpuPerRequest = (cpuMs(pid) - cpuBefore) / result.requests.total;
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`${label}: ${result.non2xx} non-2xx responses, ${result.errors} errors`);
  const rps = result.requests.average;
  const p99 = result.latency.p99;
  console.log(`  ${label.padEnd(32)} ${rps.toFixed(0)} req/s, p99 ${p99} ms, ${cpuPerRequest.toFixed(2)} ms CPU per request (${result.requests.total} requests, ${CONNECTIONS} connections, ${DURATION} s)`);
  return { rps, p99, cpuPerRequest };
}

async function start(args: string[], port: number, env: Record<string, string>): Promise<ChildProcess> {
  const child = spawn(process.execPath, args, { env: { ...process.env, ...env, PORT: String(port), HOST: "127.0.0.1" }, stdio: ["ignore", "ignore", "inherit"] });
  for (let i = 0; i < 120; i++) {
    try {
      const response = await fetch(`http://127.0.0.1:${port}/healthz`);
      if (response.status < 500) return child;
    } catch {}
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  child.kill();
  throw new Error(`${args.join(" ")} did not start`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
