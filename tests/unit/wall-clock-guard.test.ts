// The guard itself must stay in force: if someone removes it, this fails.
import { describe, expect, it } from "vitest";
import { TestClock } from "../support/harness";
import { WALL_CLOCK_IN_TESTS } from "../support/wall-clock-guard";

describe("the wall clock in tests", () => {
  it("reads years away from the test clock, so mixing the two fails loudly", () => {
    const testClock = new TestClock();
    const yearsApart = Math.abs(Date.now() - testClock.now().getTime()) / (365 * 86_400_000);
    expect(yearsApart).toBeGreaterThan(5);
    expect(Math.abs(Date.now() - WALL_CLOCK_IN_TESTS.getTime())).toBeLessThan(3_600_000);
  });
});
