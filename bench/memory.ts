// Memory benchmark: resident memory (VmRSS) of one Concord node holding 1,000 authenticated
// sockets, against a bare Socket.IO server holding 1,000 sockets, both child processes measured
// in the same run. Run: npm run bench:memory  (needs PostgreSQL).
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { io, type Socket } from "socket.io-client";
import { freshDatabase, sessionCookies, connectClients } from "./support";

const SOCKETS = 1000;
const rssMb = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))![1]) / 1024;
const settle = () => new Promise((resolve) => setTimeout(resolve, 2_000));

async function start(args: string[], port: number, env: Record<string, string>): Promise<ChildProcess> {
  const child = spawn(process.execPath, args, { env: { ...process.env, ...env, PORT: String(port), HOST: "127.0.0.1" }, stdio: ["ignore", "ignore", "inherit"] });
  for (let i = 0; i < 120; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/healthz`)).status < 500) return child;
    } catch {}
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error("server did not start");
}

async function hold(label: string, child: ChildProcess, connect: () => Promise<Socket[]>) {
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
  const cookies = await sessionCookies(database, "sam.patel@council.example.org", SOCKETS);
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
  const node = await start(["build/server/main.js"], 3501, { NODE_ENV: "production", DATABASE_URL: url, CONCORD_DEMO_DATA: "false", LOG_LEVEL: "silent", PUBLIC_URL: "http://127.0.0.1:3501" });
  const concord = await hold("Concord node (authenticated)", node, () => connectClients(["http://127.0.0.1:3501"], cookies));
  console.log("\nratios (Concord / bare Socket.IO; lower is better):");
  console.log(`  resident memory with ${SOCKETS} sockets: ${(concord.after / baseline.after).toFixed(2)}`);
  console.log(`  memory added by the sockets:          ${((concord.after - concord.before) / Math.max(1, baseline.after - baseline.before)).toFixed(2)}`);
  process.exit(0);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
