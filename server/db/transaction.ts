// One transaction, retried when PostgreSQL gives it up because of a concurrent one: a
// serialization failure (40001) or a deadlock (40P01). Both mean "nothing of this was written;
// run it again", so the whole callback runs again on a fresh transaction, after a short random
// pause, a bounded number of times (docs/decisions/0028-races-retries-and-upserts.md).
// Anything else, including a domain error the callback throws, is not retried.
import type { Db, Tx } from "./connect";

/** Attempts in all, the first included. */
export const TRANSACTION_ATTEMPTS = 5;
/** The first pause's ceiling; each later one doubles it, up to MAX_PAUSE_MS. */
const BASE_PAUSE_MS = 10;
const MAX_PAUSE_MS = 250;

/** Thrown when every attempt lost to a concurrent transaction; doors show it as a 409 (errors.ts). */
export class TransactionContention extends Error {
  constructor(readonly attempts: number, cause: unknown) {
    super(`Transaction gave way to a concurrent one ${attempts} times`, { cause });
    this.name = "TransactionContention";
  }
}

/**
 * Run `work` in a transaction, again (at most TRANSACTION_ATTEMPTS times in all) if PostgreSQL
 * aborted it for a serialization failure or deadlock. `work` must touch only the database
 * through `tx` (and values computed before it), since it may run more than once.
 */
export async function transaction<T>(db: Db, work: (tx: Tx) => Promise<T>, options: { isolationLevel?: "ReadCommitted" | "RepeatableRead" | "Serializable"; attempts?: number } = {}): Promise<T> {
  return retryingContention(() => db.$transaction(work, options.isolationLevel ? { isolationLevel: options.isolationLevel } : undefined), options.attempts);
}

/**
 * The same retries for work that is its own transaction without Prisma's: one statement, such as
 * a call to one of Concord's SQL functions (e.g. concord_join_meeting).
 */
export async function retryingContention<T>(work: () => Promise<T>, attempts = TRANSACTION_ATTEMPTS): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (!isRetryableTransactionFailure(error)) throw error;
      if (attempt >= attempts) throw new TransactionContention(attempt, error);
      await pause(attempt);
    }
  }
}

/** Full jitter: a random pause up to an exponentially growing ceiling, so retries spread out. */
function pause(attempt: number): Promise<void> {
  const ceiling = Math.min(MAX_PAUSE_MS, BASE_PAUSE_MS * 2 ** (attempt - 1));
  return new Promise((resolve) => setTimeout(resolve, Math.random() * ceiling));
}

const RETRYABLE_SQLSTATES = new Set(["40001", "40P01"]);

/**
 * PostgreSQL's 40001 or 40P01, however it arrives: Prisma's P2034 ("write conflict or a
 * deadlock", what the pg driver adapter maps both to), or the SQLSTATE itself on the error, its
 * `meta` or its cause (raw queries, the driver's own error).
 */
export function isRetryableTransactionFailure(error: unknown): boolean {
  for (let current: unknown = error, depth = 0; current && typeof current === "object" && depth < 5; depth++) {
    const e = current as { code?: unknown; originalCode?: unknown; meta?: { code?: unknown; driverAdapterError?: { cause?: { originalCode?: unknown } } }; cause?: unknown };
    if (e.code === "P2034") return true;
    for (const code of [e.code, e.originalCode, e.meta?.code, e.meta?.driverAdapterError?.cause?.originalCode]) {
      if (typeof code === "string" && RETRYABLE_SQLSTATES.has(code)) return true;
    }
    current = e.cause;
  }
  return false;
}
