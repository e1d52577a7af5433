// Opens Concord's database: the PostgreSQL server in DATABASE_URL, or the embedded one.
// Both go through the same driver (pg + @prisma/adapter-pg) and the same migrations.
import { createHash } from "node:crypto";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient, type Prisma } from "./generated/client";
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
  const db = createClient(embedded.url, 1, { namedStatements: false });
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

/**
 * The pg pool under each client openDatabase made, for preparedQuery, and whether it may name its
 * statements. The embedded database is one session for every connection made to it, so a
 * statement prepared there outlives the connection that prepared it: the pool's next connection
 * (after an idle timeout or an error) would fail to prepare it again (42P05). There, statements
 * stay unnamed; PGlite is one process with no planner cache worth keeping.
 */
const pools = new WeakMap<object, { pool: pg.Pool; namedStatements: boolean }>();
const statementNames = new Map<string, string>();

/**
 * A read on the hottest paths as a named prepared statement on the client's own pool: PostgreSQL
 * plans it once per connection (planning the contacts list cost more than running it), and pg
 * maps the rows with its default types (timestamptz to Date, integers to numbers, json parsed),
 * as $queryRaw does for the same columns. Not inside a transaction: it takes its own connection.
 * On the embedded database it is unnamed (see `pools`); on a client openDatabase did not make, it
 * is $queryRaw (docs/decisions/0042).
 */
/** The pg pool under a client openDatabase made (for the database layer's own tests). */
export function poolOf(db: Db): pg.Pool | undefined {
  return pools.get(db)?.pool;
}

export async function preparedQuery<T>(db: Db, sql: Prisma.Sql): Promise<T[]> {
  const { pool, namedStatements } = pools.get(db) ?? {};
  if (!pool) return db.$queryRaw<T[]>(sql);
  if (!namedStatements) return (await pool.query({ text: sql.text, values: sql.values as unknown[] })).rows as T[];
  let name = statementNames.get(sql.text);
  if (!name) {
    name = `concord_${createHash("sha1").update(sql.text).digest("hex").slice(0, 24)}`;
    statementNames.set(sql.text, name);
  }
  const result = await pool.query({ name, text: sql.text, values: sql.values as unknown[] });
  return result.rows as T[];
}

function createClient(url: string, max: number, options: { namedStatements: boolean } = { namedStatements: true }): PrismaClient {
  const pool = new pg.Pool({ connectionString: url, max });
  const adapter = new PrismaPg(pool, { disposeExternalPool: true });
  // A burst (e.g. hundreds of sockets dropping at once, each closing its attendance) queues for
  // the pool; wait for a connection rather than fail after Prisma's 2-second default.
  const db = new PrismaClient({ adapter, transactionOptions: { maxWait: 30_000, timeout: 30_000 } });
  pools.set(db, { pool, namedStatements: options.namedStatements });
  return db;
}
