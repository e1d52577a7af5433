// A real database for each test file: the worker's own PostgreSQL database, or an in-memory
// embedded one. Tables are emptied and the demo partnership re-seeded before every test, so
// each test starts from the same known state.
import { inject, beforeAll, beforeEach, afterAll } from "vitest";
import { openDatabase, type Database } from "../../server/db/connect";
import { seedDemoData } from "../../prisma/seed";

/** Reference data seeded by migration: kept between tests. */
const KEEP = new Set(["_prisma_migrations", "role", "permission", "role_permission", "threshold_level", "bank_holiday", "setting", "escalation_ladder", "escalation_stage", "theme", "calendar_day"]);

export async function openTestDatabase(): Promise<Database> {
  const urls = inject("workerDatabaseUrls");
  if (urls) {
    const worker = Number(process.env.VITEST_POOL_ID ?? "1");
    return openDatabase({ databaseUrl: urls[(worker - 1) % urls.length], poolSize: 5 });
  }
  return openDatabase({ dataDir: "memory://" });
}

export async function resetDatabase(database: Database): Promise<void> {
  const tables = await database.db.$queryRawUnsafe<{ tablename: string }[]>(
    "SELECT tablename FROM pg_tables WHERE schemaname = 'public'",
  );
  const names = tables.map((t) => t.tablename).filter((name) => !KEEP.has(name));
  if (names.length) await database.db.$executeRawUnsafe(`TRUNCATE ${names.map((n) => `"${n}"`).join(", ")} RESTART IDENTITY CASCADE`);
  // Ladder versions a test saved go; version 1 (seeded by migration) stays.
  await database.db.$executeRawUnsafe(`DELETE FROM escalation_stage WHERE ladder_version > 1`);
  await database.db.$executeRawUnsafe(`DELETE FROM escalation_ladder WHERE version > 1`);
  await seedDemoData(database.db);
}

/** Opens the database once per file and resets it before each test. */
export function useTestDatabase() {
  const handle = {} as { database: Database };
  beforeAll(async () => {
    handle.database = await openTestDatabase();
  });
  beforeEach(async () => {
    await resetDatabase(handle.database);
  });
  afterAll(async () => {
    await handle.database?.close();
  });
  return handle;
}
