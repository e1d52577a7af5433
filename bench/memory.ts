// Memory benchmark: resident memory (VmRSS) of one Concord node holding 1,000 authenticated
// sockets, against a bare Socket.IO server holding 1,000 sockets, both child processes measured
// in the same run; then the embedded default (no DATABASE_URL: PGlite in the process) after its
// first start (creating and seeding the folder) and after a restart.
// Run: npm run bench:memory  (needs PostgreSQL).
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { io, type Socket } from "socket.io-client";
import { freshDatabase, sessionCookies, connectClients } from "./support";

const SOCKETS = 1000;
const rssMb = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))![1]) / 1024;
const settle = () => new Promise((resolve) => setTimeout(resolve, 2_000));

async function start(args: string[], port: number, env: Record<string, string>): Promise<ChildProcess> {
  const base = { ...process.env };
  if (env.DATABASE_URL === undefined) delete base.DATABASE_URL;
  const child = spawn(process.execPath, args, { env: { ...base, ...env, PORT: String(port), HOST: "127.0.0.1" }, stdio: ["ignore", "ignore", "inherit"] });
  for (let i = 0; i < 600; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/healthz`)).status < 500) return child;
    } catch {}
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error("server did not start");
}

async function hold(label: string, child: ChildProcess, connect: () => Promise<Socket[]>, warmUp?: () => Promise<void>) {
  // One connection first, so "idle" is a started server that has run its first queries.
  await warmUp?.();
  await settle();
  const before = rssMb(child.pid!);
  const sockets = await connect();
  await settle();
  const after = rssMb(child.pid!);
  console.log(`  ${label.padEnd(34)} ${before.toFixed(0)} MB idle, ${after.toFixed(0)} MB with ${sockets.length} sockets (${(((after - before) * 1024) / sockets.length).toFixed(1)} KB per socket)`);
  for (const socket of sockets) socket.close();
  child.kill("SIGTERM");
  return { before, after };
}

async function main() {
  if (spawnSync(process.execPath, ["scripts/ensure-build.mjs"], { stdio: "inherit" }).status !== 0) process.exit(1);
  const database = await freshDatabase("concord_bench_mem");
  const cookies = await sessionCookies(database, "sam.patel@council.example.org", SOCKETS + 1);
  const url = database.url;
  await database.close();

  const bareScript = `const s=require("http").createServer(()=>{});new (require("socket.io").Server)(s,{serveClient:false});s.on("request",(q,r)=>{if(q.url==="/healthz"){r.end("ok")}});s.listen(process.env.PORT,"127.0.0.1")`;
  const bare = await start(["-e", bareScript], 3502, {});
  const baseline = await hold("bare Socket.IO server (baseline)", bare, async () => {
    const sockets: Socket[] = [];
    for (let i = 0; i < SOCKETS; i++) {
      const socket = io("http://127.0.0.1:3502", { transports: ["websocket"], reconnection: false, forceNew: true });
      sockets.push(socket);
      await new Promise<void>((resolve) => socket.once("connect", () => resolve()));
    }
    return sockets;
  });
  // BENCH_NODE_FLAGS: V8/Node flags for the Concord node only, to try a setting (e.g. "--max-semi-space-size=8").
  const flags = (process.env.BENCH_NODE_FLAGS ?? "").split(" ").filter(Boolean);
  const node = await start([...flags, "build/server/main.js"], 3501, { NODE_ENV: "production", DATABASE_URL: url, CONCORD_DEMO_DATA: "false", LOG_LEVEL: "silent", PUBLIC_URL: "http://127.0.0.1:3501" });
  const concord = await hold("Concord node (authenticated)", node, () => connectClients(["http://127.0.0.1:3501"], cookies.slice(1)), async () => {
    for (const socket of await connectClients(["http://127.0.0.1:3501"], cookies.slice(0, 1))) socket.close();
  });
  console.log("\nratios (Concord / bare Socket.IO; lower is better):");
  console.log(`  resident memory with ${SOCKETS} sockets: ${(concord.after / baseline.after).toFixed(2)}`);
  console.log(`  memory added by the sockets:          ${((concord.after - concord.before) / Math.max(1, baseline.after - baseline.before)).toFixed(2)}`);

  // The embedded default: what `npm start` runs with no DATABASE_URL.
  const folder = mkdtempSync(join(tmpdir(), "concord-bench-pglite-"));
  const embedded = async (label: string) => {
    const child = await start(["build/server/main.js"], 3503, { NODE_ENV: "production", CONCORD_DATA_DIR: folder, LOG_LEVEL: "silent", PUBLIC_URL: "http://127.0.0.1:3503" });
    await settle();
    const afterStart = rssMb(child.pid!);
    for (let i = 0; i < 3; i++) await fetch("http://127.0.0.1:3503/login");
    await settle();
    console.log(`  ${label.padEnd(34)} ${afterStart.toFixed(0)} MB after start, ${rssMb(child.pid!).toFixed(0)} MB after serving a page`);
    child.kill("SIGTERM");
    await new Promise((resolve) => child.once("exit", resolve));
  };
  if (process.env.BENCH_EMBEDDED === "0") process.exit(0);
  console.log("\nembedded database (PGlite in the process), resident memory:");
  await embedded("first start (creates, seeds)");
  await embedded("restart on the same folder");
  rmSync(folder, { recursive: true, force: true });
  process.exit(0);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
