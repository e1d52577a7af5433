// The hottest reads are prepared statements (decisions 0042, 0043). On the embedded database every
// connection is one and the same session, so a statement named on one connection outlives it: the
// pool's next connection (after an idle timeout or an error) must still be able to run it.
import { describe, expect, it } from "vitest";
import { Prisma } from "../../server/db/generated/client";
import { poolOf, preparedQuery } from "../../server/db/connect";
import { useHarness } from "../support/harness";

const h = useHarness();

describe("prepared statements", () => {
  it("still run after the pool replaces its connection", async () => {
    const policeForces = () => preparedQuery<{ n: number }>(h.db, Prisma.sql`SELECT count(*)::int AS n FROM agency WHERE kind = ${"POLICE"}::"AgencyKind"`);
    const before = await policeForces();
    expect(before[0]!.n).toBeGreaterThan(0);

    // Drop every connection the pool holds, as an idle timeout or a broken connection would.
    const pool = poolOf(h.db)!;
    expect(pool).toBeDefined();
    const held = await Promise.all(Array.from({ length: pool.totalCount || 1 }, () => pool.connect()));
    for (const client of held) client.release(true);

    expect(await policeForces()).toEqual(before);
    expect(await policeForces()).toEqual(before);
  });
});
