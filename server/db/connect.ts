// Opens Concord's database: the PostgreSQL server in DATABASE_URL, or the embedded one.
// Both go through the same driver (pg + @prisma/adapter-pg) and the same migrations.
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "./generated/client";
import { startEmbeddedPostgres } from "./embedded";
import { applyMigrations } from "./migrate";

export type Db = PrismaClient;
/** A Prisma transaction client: what domain code receives inside `db.$transaction`. */
export type Tx = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];

export interface Database {
  db: Db;
  url: string;
  mode: "postgres" | "embedded";
  /** True when the embedded data folder was created by this start. */
  createdNow: boolean;
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  databaseUrl?: string;
  /** Folder of the embedded database, or "memory://" for a throw-away one. */
  dataDir?: string;
  /** Pool size against a real server. */
  poolSize?: number;
}

export async function openDatabase(options: OpenDatabaseOptions): Promise<Database> {
  if (options.databaseUrl) {
    await applyMigrations(options.databaseUrl);
    const db = createClient(options.databaseUrl, options.poolSize ?? 10);
    return { db, url: options.databaseUrl, mode: "postgres", createdNow: false, close: () => db.$disconnect() };
  }
  const embedded = await startEmbeddedPostgres(options.dataDir ?? ".data/pglite");
  try {
    await applyMigrations(embedded.url);
  } catch (error) {
    await embedded.close();
    throw error;
  }
  // PGlite runs one statement at a time; one pooled connection keeps each transaction's
  // statements together on it (see docs/decisions/0003-embedded-database.md).
  const db = createClient(embedded.url, 1);
  return {
    db,
    url: embedded.url,
    mode: "embedded",
    createdNow: embedded.isNew,
    async close() {
      await db.$disconnect();
      await embedded.close();
    },
  };
}

function createClient(url: string, max: number): PrismaClient {
  const adapter = new PrismaPg({ connectionString: url, max });
  // A burst (e.g. hundreds of sockets dropping at once, each closing its attendance) queues for
  // the pool; wait for a connection rather than fail after Prisma's 2-second default.
  return new PrismaClient({ adapter, transactionOptions: { maxWait: 30_000, timeout: 30_000 } });
}
