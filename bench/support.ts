// Shared by the realtime and memory benchmarks: a fresh PostgreSQL database with the demo
// partnership, sessions minted for a user, socket clients.
import pg from "pg";
import { randomBytes } from "node:crypto";
import { io, type Socket } from "socket.io-client";
import { openDatabase, type Database } from "../server/db/connect";
import { seedDemoData } from "../prisma/seed";

export const serverUrl = process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
export const redisUrl = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";

export async function freshDatabase(name: string): Promise<Database> {
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const database = await openDatabase({ databaseUrl: url.toString(), poolSize: 10 });
  await seedDemoData(database.db);
  return database;
}

/** Session cookies for a user, written straight to the session table (as lucia would). */
export async function sessionCookies(database: Database, email: string, count: number): Promise<string[]> {
  const user = await database.db.user.findUniqueOrThrow({ where: { email }, select: { id: true } });
  const ids = Array.from({ length: count }, () => randomBytes(20).toString("hex"));
  await database.db.session.createMany({ data: ids.map((id) => ({ id, userId: user.id, expiresAt: new Date(Date.now() + 86_400_000) })) });
  return ids.map((id) => `concord_session=${id}`);
}

export async function connectClients(urls: string[], cookies: string[]): Promise<Socket[]> {
  const sockets: Socket[] = [];
  for (let i = 0; i < cookies.length; i += 50) {
    const batch = cookies.slice(i, i + 50).map((cookie, j) => {
      const socket = io(urls[(i + j) % urls.length]!, { transports: ["websocket"], extraHeaders: { cookie }, reconnection: false, forceNew: true });
      sockets.push(socket);
      return new Promise<void>((resolve, reject) => {
        socket.once("connect", () => resolve());
        socket.once("connect_error", reject);
      });
    });
    await Promise.all(batch);
  }
  return sockets;
}

export function percentile(values: number[], p: number) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}
