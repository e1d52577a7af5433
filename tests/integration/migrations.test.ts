// The migrations are the schema's source of truth in every environment; these tests keep
// them honest: schema.prisma and prisma/migrations agree, Prisma's own bookkeeping is written
// the way `prisma migrate deploy` expects, and an edited migration is caught.
import { createHash } from "node:crypto";
import { cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync, appendFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { diffMigrationsToSchema, isEmptyMigration } from "../../server/db/schema-diff";
import { applyMigrations, readMigrations, MIGRATIONS_DIR } from "../../server/db/migrate";
import { startEmbeddedPostgres } from "../../server/db/embedded";
import pg from "pg";

describe("migrations", () => {
  it("bring an empty database exactly to prisma/schema.prisma", async () => {
    const sql = await diffMigrationsToSchema();
    expect(isEmptyMigration(sql), `schema.prisma and prisma/migrations disagree; run npm run db:migration:create -- <name>\n${sql}`).toBe(true);
  }, 120_000); // Prisma's schema engine (WebAssembly) diffs two whole databases: slow on a busy machine.

  it("notices a schema change that has no migration yet", async () => {
    const dir = mkdtempSync(join(tmpdir(), "concord-schema-"));
    const schemaPath = join(dir, "schema.prisma");
    writeFileSync(schemaPath, readFileSync("prisma/schema.prisma", "utf8") + "\nmodel Scratch {\n  id Int @id\n}\n");
    const sql = await diffMigrationsToSchema(MIGRATIONS_DIR, schemaPath);
    expect(isEmptyMigration(sql)).toBe(false);
    expect(sql).toContain('CREATE TABLE "Scratch"');
  });

  it("record each migration in _prisma_migrations with Prisma's checksum, once", async () => {
    const db = await startEmbeddedPostgres("memory://");
    try {
      const first = await applyMigrations(db.url);
      const second = await applyMigrations(db.url);
      expect(first).toEqual(readdirSync(MIGRATIONS_DIR).filter((n) => !n.endsWith(".toml")).sort());
      expect(second).toEqual([]);
      const client = new pg.Client({ connectionString: db.url });
      await client.connect();
      const { rows } = await client.query("SELECT migration_name, checksum, finished_at, applied_steps_count FROM _prisma_migrations ORDER BY migration_name");
      await client.end();
      expect(rows.map((r) => r.migration_name)).toEqual(first);
      for (const row of rows) {
        const file = readFileSync(join(MIGRATIONS_DIR, row.migration_name, "migration.sql"));
        expect(row.checksum).toBe(createHash("sha256").update(file).digest("hex"));
        expect(row.finished_at).not.toBeNull();
        expect(row.applied_steps_count).toBe(1);
      }
    } finally {
      await db.close();
    }
  });

  it("refuse to start when an applied migration was edited", async () => {
    const dir = mkdtempSync(join(tmpdir(), "concord-migrations-"));
    cpSync(MIGRATIONS_DIR, dir, { recursive: true });
    const db = await startEmbeddedPostgres("memory://");
    try {
      await applyMigrations(db.url, dir);
      const [firstMigration] = readMigrations(dir);
      appendFileSync(join(dir, firstMigration!.name, "migration.sql"), "\n-- edited\n");
      await expect(applyMigrations(db.url, dir)).rejects.toThrow(/was changed after it was applied/);
    } finally {
      await db.close();
    }
  });

  it("roll back a failing migration whole, so nothing half-applied remains", async () => {
    const dir = mkdtempSync(join(tmpdir(), "concord-migrations-"));
    cpSync(MIGRATIONS_DIR, dir, { recursive: true });
    const bad = join(dir, "29990101000000_broken");
    cpSync(join(dir, readMigrations(dir)[0]!.name), bad, { recursive: true });
    writeFileSync(join(bad, "migration.sql"), 'CREATE TABLE "half_done" (id int);\nSELECT * FROM no_such_table;\n');
    const db = await startEmbeddedPostgres("memory://");
    try {
      await expect(applyMigrations(db.url, dir)).rejects.toThrow(/29990101000000_broken failed/);
      const client = new pg.Client({ connectionString: db.url });
      await client.connect();
      const { rows } = await client.query("SELECT to_regclass('public.half_done') AS t");
      const applied = await client.query("SELECT count(*)::int AS n FROM _prisma_migrations WHERE migration_name = '29990101000000_broken'");
      await client.end();
      expect(rows[0].t).toBeNull();
      expect(applied.rows[0].n).toBe(0);
    } finally {
      await db.close();
    }
  });
});

describe("embedded database", () => {
  it("keeps its data across restarts and refuses a second process on the same folder", async () => {
    const dir = mkdtempSync(join(tmpdir(), "concord-pglite-"));
    const first = await startEmbeddedPostgres(dir);
    expect(first.isNew).toBe(true);
    await applyMigrations(first.url);
    const client = new pg.Client({ connectionString: first.url });
    await client.connect();
    await client.query("INSERT INTO agency (name, kind) VALUES ('Kept Agency', 'OTHER')");
    await client.end();
    // A second opener of the same folder is refused while the first holds it.
    await expect(startEmbeddedPostgres(dir)).rejects.toThrow(/in use by process/);
    await first.close();

    const second = await startEmbeddedPostgres(dir);
    try {
      expect(second.isNew).toBe(false);
      const again = new pg.Client({ connectionString: second.url });
      await again.connect();
      const { rows } = await again.query("SELECT name FROM agency");
      await again.end();
      expect(rows.map((r) => r.name)).toEqual(["Kept Agency"]);
    } finally {
      await second.close();
    }
  });
});
