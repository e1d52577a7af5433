// Runs two Concord nodes locally against one PostgreSQL and one Redis:
//   npm run nodes            (nodes on http://localhost:3001 and http://localhost:3002)
// DATABASE_URL defaults to a database "concord_local" on the local server (created if missing),
// REDIS_URL to redis://127.0.0.1:6379. Put a load balancer in front for one address; Socket.IO
// needs sticky sessions there (see docs/decisions/0010-several-nodes.md).
import { spawn, spawnSync } from "node:child_process";
import pg from "pg";

const ports = (process.env.NODE_PORTS ?? "3001,3002").split(",").map(Number);
let databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) {
  const admin = new pg.Client({ connectionString: "postgresql://postgres@127.0.0.1:5432/postgres" });
  await admin.connect();
  const exists = await admin.query("SELECT 1 FROM pg_database WHERE datname = 'concord_local'");
  if (exists.rowCount === 0) await admin.query("CREATE DATABASE concord_local");
  await admin.end();
  databaseUrl = "postgresql://postgres@127.0.0.1:5432/concord_local";
}
const redisUrl = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
if (spawnSync(process.execPath, ["scripts/ensure-build.mjs"], { stdio: "inherit" }).status !== 0) process.exit(1);

const children = [];
for (const [index, port] of ports.entries()) {
  const child = spawn(process.execPath, ["build/server/main.js"], {
    stdio: "inherit",
    env: { ...process.env, NODE_ENV: "production", PORT: String(port), DATABASE_URL: databaseUrl, REDIS_URL: redisUrl, CONCORD_DEMO_DATA: "true", PUBLIC_URL: process.env.PUBLIC_URL ?? `http://localhost:${port}` },
  });
  children.push(child);
  // The first node migrates and seeds; the next start once it is ready.
  if (index === 0) await waitForReady(port);
}
console.log(`\nConcord nodes: ${ports.map((p) => `http://localhost:${p}`).join(", ")} (PostgreSQL ${new URL(databaseUrl).pathname.slice(1)}, Redis ${redisUrl}). Ctrl-C stops them.`);
const stop = () => children.forEach((child) => child.kill("SIGTERM"));
process.on("SIGINT", stop);
process.on("SIGTERM", stop);

async function waitForReady(port) {
  for (let i = 0; i < 120; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/readyz`)).ok) return;
    } catch {}
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`node on ${port} did not become ready`);
}
