// API benchmark: a typical agency-scoped list (contacts.list as a police practitioner, through
// tRPC, session and audit included) under 50 concurrent connections, against a bare Node HTTP
// server running the same SQL through pg. Both on loopback, measured in the same run with
// autocannon. Run: npm run bench:api  (needs PostgreSQL; BENCH_DATABASE_URL or DATABASE_URL).
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import autocannon from "autocannon";
import pg from "pg";
import { openDatabase } from "../server/db/connect";
import { seedDemoData, DEMO_PASSWORD } from "../prisma/seed";
import { generateActivity, DEMO_HISTORY } from "../server/db/generate-activity";

const serverUrl = process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = 50;
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
  const police = await database.db.user.findUniqueOrThrow({ where: { email: "pat.obrien@police.example.org" }, select: { id: true, agencyId: true } });
  await database.close();

  const concord = await start("build/server/main.js", 3401, { NODE_ENV: "production", DATABASE_URL: databaseUrl, CONCORD_DEMO_DATA: "false", LOG_LEVEL: "silent", PUBLIC_URL: "http://127.0.0.1:3401" });
  const baseline = await start("bench/baseline-api-server.mjs", 3402, { DATABASE_URL: databaseUrl });
  try {
    const login = await fetch("http://127.0.0.1:3401/trpc/auth.login", { method: "POST", headers: { "content-type": "application/json", origin: "http://127.0.0.1:3401" }, body: JSON.stringify({ email: "pat.obrien@police.example.org", password: DEMO_PASSWORD }) });
    const cookie = login.headers.getSetCookie()[0]!.split(";")[0]!;
    const input = encodeURIComponent(JSON.stringify({}));
    const base = await load("bare Node + pg (baseline)", `http://127.0.0.1:3402/contacts?agencyId=${police.agencyId}&userId=${police.id}`, {});
    const trpc = await load("Concord tRPC contacts.list", `http://127.0.0.1:3401/trpc/contacts.list?input=${input}`, { cookie });
    console.log("\nratios (Concord / baseline):");
    console.log(`  requests per second: ${(trpc.rps / base.rps).toFixed(2)}   (higher is better)`);
    console.log(`  p99 latency:         ${(trpc.p99 / base.p99).toFixed(2)}   (lower is better)`);
  } finally {
    concord.kill("SIGTERM");
    baseline.kill("SIGTERM");
  }
}

async function load(label: string, target: string, headers: Record<string, string>) {
  const result = await autocannon({ url: target, connections: CONNECTIONS, duration: DURATION, headers });
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`${label}: ${result.non2xx} non-2xx responses, ${result.errors} errors`);
  const rps = result.requests.average;
  const p99 = result.latency.p99;
  console.log(`  ${label.padEnd(32)} ${rps.toFixed(0)} req/s, p99 ${p99} ms (${result.requests.total} requests, ${CONNECTIONS} connections, ${DURATION} s)`);
  return { rps, p99 };
}

async function start(script: string, port: number, env: Record<string, string>): Promise<ChildProcess> {
  const child = spawn(process.execPath, [script], { env: { ...process.env, ...env, PORT: String(port), HOST: "127.0.0.1" }, stdio: ["ignore", "ignore", "inherit"] });
  for (let i = 0; i < 120; i++) {
    try {
      const response = await fetch(`http://127.0.0.1:${port}/healthz`);
      if (response.status < 500) return child;
    } catch {}
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  child.kill();
  throw new Error(`${script} did not start`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
