// Embedded PostgreSQL for a machine with no database server: PGlite (PostgreSQL compiled to
// WebAssembly) behind a loopback PostgreSQL wire-protocol socket, so the application talks to
// it through exactly the same driver (`pg` + @prisma/adapter-pg) as to a real server.
// See docs/decisions/0003-embedded-database.md.
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from "node:fs";
import { join, resolve } from "node:path";

export interface EmbeddedPostgres {
  url: string;
  /** True when the data folder was empty before this start (so demo data should be seeded). */
  isNew: boolean;
  close(): Promise<void>;
}

/**
 * PostgreSQL's memory settings for the embedded database (decision 0033). PGlite's own default
 * shared_buffers (128 MB) lives inside the process's WebAssembly memory, so every page it caches
 * is resident memory of Concord, on top of the operating system's file cache that already holds
 * the data files. 16 MB (PostgreSQL's minimum sensible size for a small database) took the
 * process from about 650 MB to about 380 MB after reading the demo data, with the pages still
 * cached once by the operating system.
 */
export const EMBEDDED_SETTINGS = ["shared_buffers = 16MB", "maintenance_work_mem = 16MB", "work_mem = 4MB"];

/**
 * Start PGlite on `dataDir` ("memory://" for a throw-away database) and serve it on a random
 * loopback port. PGlite keeps no lock on its folder, and two processes writing one folder
 * corrupt it, so we take an exclusive lock file ourselves.
 */
export async function startEmbeddedPostgres(dataDir: string): Promise<EmbeddedPostgres> {
  const inMemory = dataDir.startsWith("memory://");
  let releaseLock = () => {};
  let isNew = true;
  if (!inMemory) {
    const dir = resolve(dataDir);
    isNew = !existsSync(join(dir, "PG_VERSION"));
    mkdirSync(dir, { recursive: true });
    releaseLock = takeFolderLock(dir);
  }
  // Loaded here, not at start: a node on a PostgreSQL server never holds PGlite (decision 0042).
  const [{ PGlite }, { PGLiteSocketServer }] = await Promise.all([import("@electric-sql/pglite"), import("@electric-sql/pglite-socket")]);
  const db = await PGlite.create(inMemory ? dataDir : resolve(dataDir), { postgresqlconf: EMBEDDED_SETTINGS });
  // PGlite is one session; the socket server multiplexes connections onto it and keeps a
  // transaction's statements together. The app's pool uses one connection (see connect.ts);
  // the extra slots serve migration tooling and a developer's psql.
  const server = new PGLiteSocketServer({ db, host: "127.0.0.1", port: 0, maxConnections: 8 });
  await server.start();
  const address = server.getServerConn();
  return {
    url: `postgresql://postgres:postgres@${address}/postgres?sslmode=disable`,
    isNew,
    async close() {
      await server.stop();
      await db.close();
      releaseLock();
    },
  };
}

/** Folders this process holds, so a lock file with our own pid can be told from a stale one. */
const heldByThisProcess = new Set<string>();

function takeFolderLock(dir: string): () => void {
  const lockPath = join(dir, "concord.lock");
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lockPath, "wx");
      writeSync(fd, String(process.pid));
      closeSync(fd);
      heldByThisProcess.add(dir);
      return () => {
        heldByThisProcess.delete(dir);
        rmSync(lockPath, { force: true });
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const holder = Number(readFileSync(lockPath, "utf8"));
      const held = holder === process.pid ? heldByThisProcess.has(dir) : holder > 0 && isAlive(holder);
      if (held) {
        throw new Error(
          `The embedded database in ${dir} is in use by process ${holder}. ` +
            "Stop that Concord first, or set CONCORD_DATA_DIR to another folder.",
        );
      }
      rmSync(lockPath, { force: true }); // stale: left by a process that has gone
    }
  }
  throw new Error(`Could not lock the embedded database folder ${dir}.`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
