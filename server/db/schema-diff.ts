// Computes the SQL that takes the database built by prisma/migrations to prisma/schema.prisma,
// using Prisma's schema engine compiled to WebAssembly (no native engine needed).
// Used by `npm run db:migration:create` and by the drift test.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import pg from "pg";
import { PrismaPg } from "@prisma/adapter-pg";
import { bindMigrationAwareSqlAdapterFactory, ColumnTypeEnum } from "@prisma/driver-adapter-utils";
import { createRequire } from "node:module";
import * as engineBindings from "@prisma/schema-engine-wasm/schema_engine_bg";
import { startEmbeddedPostgres } from "./embedded";
import { applyMigrations, MIGRATIONS_DIR } from "./migrate";

export const SCHEMA_PATH = join(process.cwd(), "prisma", "schema.prisma");

/**
 * The engine's introspection queries return PostgreSQL's internal one-byte `"char"` type
 * (e.g. pg_constraint.contype), which the engine reads as a Character column but which
 * @prisma/adapter-pg 7.10 rejects as unsupported. We let pg report such a column as text,
 * tagging its name, and the adapter wrapper below turns the tag back into a Character column.
 * Only this migration tooling uses it; the application's own client is untouched.
 */
const CHAR_TAG = "\u0000char";
const PG_CHAR_OID = 18;
const PG_TEXT_OID = 25;

class CharAsTextClient extends pg.Client {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  override query(...args: any[]): any {
    const last = args.length - 1;
    if (typeof args[last] === "function") {
      const callback = args[last];
      args[last] = (error: Error | null, result: pg.QueryResult) => callback(error, result && tagCharColumns(result));
    }
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const result = (super.query as any)(...args);
    return result && typeof result.then === "function" ? result.then(tagCharColumns) : result;
  }
}
function tagCharColumns(result: pg.QueryResult): pg.QueryResult {
  for (const field of result.fields ?? []) {
    if (field.dataTypeID === PG_CHAR_OID) {
      field.dataTypeID = PG_TEXT_OID;
      field.name += CHAR_TAG;
    }
  }
  return result;
}

type ResultSet = { columnNames: string[]; columnTypes: number[]; rows: unknown[][] };
type Queryable = { queryRaw(query: unknown): Promise<ResultSet> };

function untagCharColumns<T extends Queryable>(queryable: T): T {
  const queryRaw = queryable.queryRaw.bind(queryable);
  queryable.queryRaw = async (query: unknown) => {
    const result = await queryRaw(query);
    result.columnNames.forEach((name, index) => {
      if (name.endsWith(CHAR_TAG)) {
        result.columnNames[index] = name.slice(0, -CHAR_TAG.length);
        result.columnTypes[index] = ColumnTypeEnum.Character;
      }
    });
    return result;
  };
  return queryable;
}

function migrationAdapterFactory(url: string) {
  const factory = new PrismaPg(new pg.Pool({ connectionString: url, max: 1, Client: CharAsTextClient }));
  // The engine expects the error-capturing wrapper Prisma's own CLI puts around an adapter.
  return bindMigrationAwareSqlAdapterFactory({
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: async () => untagCharColumns(await factory.connect()),
    connectToShadowDb: async () => untagCharColumns(await factory.connectToShadowDb()),
  } as unknown as PrismaPg);
}

type SchemaEngineClass = typeof import("@prisma/schema-engine-wasm").SchemaEngine;
let engineClass: SchemaEngineClass | undefined;

/** The package expects a bundler to import its .wasm; in Node we instantiate it ourselves. */
async function loadSchemaEngine(): Promise<SchemaEngineClass> {
  if (engineClass) return engineClass;
  // The engine reports a Rust panic's message through this global before throwing.
  (globalThis as { PRISMA_WASM_PANIC_REGISTRY?: unknown }).PRISMA_WASM_PANIC_REGISTRY = {
    set_message(message: string) {
      console.error(`Prisma schema engine panicked: ${message}`);
    },
  };
  const require = createRequire(import.meta.url);
  const wasmPath = join(require.resolve("@prisma/schema-engine-wasm/schema_engine_bg"), "..", "schema_engine_bg.wasm");
  const bindings = engineBindings as unknown as Record<string, unknown> & { __wbg_set_wasm(exports: unknown): void };
  const { instance } = await WebAssembly.instantiate(readFileSync(wasmPath), {
    "./schema_engine_bg.js": bindings as WebAssembly.ModuleImports,
  });
  bindings.__wbg_set_wasm(instance.exports);
  (instance.exports as { __wbindgen_start?: () => void }).__wbindgen_start?.();
  engineClass = (engineBindings as unknown as { SchemaEngine: SchemaEngineClass }).SchemaEngine;
  return engineClass;
}

export async function diffMigrationsToSchema(migrationsDir = MIGRATIONS_DIR, schemaPath = SCHEMA_PATH): Promise<string> {
  // Replay the migrations on a throw-away embedded database: our own shadow database.
  const shadow = await startEmbeddedPostgres("memory://");
  try {
    await applyMigrations(shadow.url, migrationsDir);
    const schema = readFileSync(schemaPath, "utf8");
    const adapter = migrationAdapterFactory(shadow.url);
    const SchemaEngine = await loadSchemaEngine();
    const engine = await SchemaEngine.new({ datamodels: [[schemaPath, schema]] }, () => {}, adapter);
    try {
      const result = await engine.diff({
        from: { tag: "schemaDatasource", files: [{ path: schemaPath, content: schema }], configDir: process.cwd() },
        to: { tag: "schemaDatamodel", files: [{ path: schemaPath, content: schema }] },
        script: true,
        exitCode: null,
        filters: { externalTables: [], externalEnums: [] },
      } as never);
      return (result as unknown as { stdout?: string }).stdout ?? JSON.stringify(result);
    } finally {
      engine.free();
    }
  } finally {
    await shadow.close();
  }
}

/** True when a diff script contains no statements (only comments and blank lines). */
export function isEmptyMigration(sql: string): boolean {
  return sql
    .split("\n")
    .map((line) => line.trim())
    .every((line) => line === "" || line.startsWith("--"));
}
