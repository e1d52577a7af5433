// Guard against mixing the wall clock with the test clock (the bug that turned main red on
// 2026-11-23): in test processes the wall clock reads a date years away from TestClock, so any
// test or server code that reads `new Date()` / `Date.now()` where it should ask
// services.clock gets a time that fails loudly instead of one that happens to pass today.
import { vi } from "vitest";

export const WALL_CLOCK_IN_TESTS = new Date("2033-06-15T13:00:00Z");

vi.useFakeTimers({ toFake: ["Date"], now: WALL_CLOCK_IN_TESTS, shouldAdvanceTime: true });
