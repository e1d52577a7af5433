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

/**
 * Reference data that tests may change (a setting, a bank holiday, a level's label, a theme, a
 * role's grant): put back as the migrations left it before every test, so no test's change leaks
 * into a later test or file on the same database. The pristine copy is taken at the database's first reset.
 */
const RESTORED = ["setting", "bank_holiday", "threshold_level", "theme", "role_permission"];

async function restoreReferenceData(database: Database): Promise<void> {
  const { db } = database;
  await db.$executeRawUnsafe(`CREATE SCHEMA IF NOT EXISTS test_pristine`);
  for (const table of RESTORED) await db.$executeRawUnsafe(`CREATE TABLE IF NOT EXISTS test_pristine."${table}" AS TABLE public."${table}"`);
  const [{ changed }] = (await db.$queryRawUnsafe<{ changed: boolean }[]>(
    `SELECT EXISTS ((TABLE public.bank_holiday EXCEPT TABLE test_pristine.bank_holiday) UNION ALL (TABLE test_pristine.bank_holiday EXCEPT TABLE public.bank_holiday)) AS changed`,
  )) as [{ changed: boolean }];
  for (const table of RESTORED) {
    await db.$executeRawUnsafe(`DELETE FROM public."${table}"`);
    await db.$executeRawUnsafe(`INSERT INTO public."${table}" SELECT * FROM test_pristine."${table}"`);
  }
  // The working-day calendar is derived from the holidays.
  if (changed) await db.$executeRawUnsafe(`SELECT concord_rebuild_calendar()`);
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
  await restoreReferenceData(database);
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
