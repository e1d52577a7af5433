// The shared transaction helper (server/db/transaction.ts) against real deadlocks on the test
// database: two transactions lock two rows in opposite orders; PostgreSQL aborts one (40P01),
// the helper runs it again and both changes are kept. Domain errors are not retried, and a
// transaction that keeps losing ends as a 409 for a person, not a 500.
import { describe, expect, it } from "vitest";
import { useHarness } from "../support/harness";
import type { Tx } from "../../server/db/connect";
import { transaction, TransactionContention, TRANSACTION_ATTEMPTS } from "../../server/db/transaction";
import { asDomainError, conflict } from "../../server/domain/errors";

const h = useHarness();
/** The embedded database (PGlite) runs one transaction at a time, so two can never deadlock there. */
const serverDatabase = process.env.TEST_DATABASE_URL || process.env.DATABASE_URL;
const A = new Date("2040-01-02T00:00:00Z");
const B = new Date("2040-01-03T00:00:00Z");

/** Both transactions hold their first row before either asks for its second: a certain deadlock on the first attempt. */
function crossedPair() {
  let arrived = 0;
  let release!: () => void;
  const bothHoldOne = new Promise<void>((resolve) => (release = resolve));
  const attempts = { first: 0, second: 0 };
  const body = (which: "first" | "second", one: Date, other: Date) => async (tx: Tx) => {
    attempts[which]++;
    await tx.bankHoliday.update({ where: { date: one }, data: { name: `${which} ${attempts[which]}` } });
    if (attempts[which] === 1) {
      if (++arrived === 2) release();
      await bothHoldOne;
    }
    await tx.bankHoliday.update({ where: { date: other }, data: { name: `${which} ${attempts[which]}` } });
    return which;
  };
  return { attempts, first: body("first", A, B), second: body("second", B, A) };
}

async function twoRows() {
  await h.db.bankHoliday.createMany({ data: [{ date: A, name: "Test day A" }, { date: B, name: "Test day B" }], skipDuplicates: true });
}

describe("transaction()", () => {
  it.skipIf(!serverDatabase)("runs the deadlock's victim again, so both changes are kept", async () => {
    await twoRows();
    const pair = crossedPair();
    const results = await Promise.allSettled([transaction(h.db, pair.first), transaction(h.db, pair.second)]);
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "fulfilled"]);
    // Exactly one of them ran twice.
    expect([pair.attempts.first, pair.attempts.second].sort()).toEqual([1, 2]);
    const names = (await h.db.bankHoliday.findMany({ where: { date: { in: [A, B] } }, orderBy: { date: "asc" }, select: { name: true } })).map((r) => r.name);
    // The retried one committed last, so its name is on both rows.
    const last = pair.attempts.first === 2 ? "first 2" : "second 2";
    expect(names).toEqual([last, last]);
  });

  it.skipIf(!serverDatabase)("without it, the same pair loses one change (what the helper exists for)", async () => {
    await twoRows();
    const pair = crossedPair();
    const results = await Promise.allSettled([h.db.$transaction(pair.first), h.db.$transaction(pair.second)]);
    const failed = results.filter((r) => r.status === "rejected") as PromiseRejectedResult[];
    expect(failed).toHaveLength(1);
    expect((failed[0]!.reason as { code?: string }).code).toBe("P2034");
    // Even unretried, a door shows it as a conflict, not a fault.
    expect(asDomainError(failed[0]!.reason)?.code).toBe("CONFLICT");
  });

  it("does not retry a domain error", async () => {
    let runs = 0;
    await expect(
      transaction(h.db, async () => {
        runs++;
        throw conflict("Already done.");
      }),
    ).rejects.toThrow("Already done.");
    expect(runs).toBe(1);
  });

  it("gives up after a bounded number of attempts, as a conflict for a person", async () => {
    let runs = 0;
    const error = await transaction(h.db, async () => {
      runs++;
      throw Object.assign(new Error("Transaction failed due to a write conflict or a deadlock. Please retry your transaction"), { name: "PrismaClientKnownRequestError", code: "P2034" });
    }).catch((e: unknown) => e);
    expect(runs).toBe(TRANSACTION_ATTEMPTS);
    expect(error).toBeInstanceOf(TransactionContention);
    const shown = asDomainError(error);
    expect(shown?.code).toBe("CONFLICT");
    expect(shown?.message).toMatch(/at the same moment and your change was not saved/);
  });
});
