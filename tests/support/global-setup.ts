// Once per test run. With a PostgreSQL server (TEST_DATABASE_URL, else DATABASE_URL) it
// creates one freshly migrated database per worker; without one, each test file starts its own
// in-memory embedded database (see database.ts).
import type { TestProject } from "vitest/node";
import pg from "pg";
import { applyMigrations } from "../../server/db/migrate";

declare module "vitest" {
  export interface ProvidedContext {
    workerDatabaseUrls: string[] | null;
  }
}

export const WORKER_DATABASES = 4;

export default async function setup(project: TestProject) {
  const serverUrl = process.env.TEST_DATABASE_URL || process.env.DATABASE_URL;
  if (!serverUrl) {
    project.provide("workerDatabaseUrls", null);
    return;
  }
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  const urls: string[] = [];
  try {
    for (let worker = 1; worker <= WORKER_DATABASES; worker++) {
      // A prefix lets two checkouts on one machine run their suites at once.
      const name = `${process.env.CONCORD_TEST_DB_PREFIX ?? "concord_test"}_${worker}`;
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.query(`CREATE DATABASE ${name}`);
      const url = new URL(serverUrl);
      url.pathname = `/${name}`;
      await applyMigrations(url.toString());
      urls.push(url.toString());
    }
  } finally {
    await admin.end();
  }
  project.provide("workerDatabaseUrls", urls);
}
