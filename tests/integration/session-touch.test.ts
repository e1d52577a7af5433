// A session's lastSeenAt is written at most once a minute. Requests in parallel on one session
// (a page's calls, an API client's burst) used to find the same stale value and each write it,
// queueing on the row's lock (decision 0042); now one write serves them all, and the idle timeout
// still moves on.
import { describe, expect, it } from "vitest";
import { useHarness, DEMO } from "../support/harness";
import { startSession, validateSession } from "../../server/domain/auth/sessions";

const h = useHarness();

describe("touching a session", () => {
  it("writes lastSeenAt once for twenty parallel requests, and again a minute later", async () => {
    const { services } = h.services();
    const actor = await h.actor(DEMO.policePractitioner);
    const { session } = await startSession(services, actor.userId);
    // Count the session row's updates with a trigger of the test's own (dropped afterwards).
    await h.db.$executeRawUnsafe(`CREATE TABLE session_touch_count (session_id text NOT NULL)`);
    await h.db.$executeRawUnsafe(`CREATE FUNCTION session_touch_counted() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN INSERT INTO session_touch_count VALUES (NEW.id); RETURN NEW; END $$`);
    await h.db.$executeRawUnsafe(`CREATE TRIGGER session_touch_counted AFTER UPDATE ON "session" FOR EACH ROW EXECUTE FUNCTION session_touch_counted()`);
    try {
      const touches = async () => Number((await h.db.$queryRawUnsafe<{ n: bigint }[]>(`SELECT count(*) AS n FROM session_touch_count WHERE session_id = $1`, session.id))[0]!.n);
      const parallel = () => Promise.all(Array.from({ length: 20 }, () => validateSession(services, session.id)));

      h.clock.advance(2 * 60_000);
      const first = await parallel();
      expect(first.every((r) => r !== null)).toBe(true);
      expect(await touches()).toBe(1);
      const stored = await h.db.session.findUniqueOrThrow({ where: { id: session.id }, select: { lastSeenAt: true } });
      expect(stored.lastSeenAt.toISOString()).toBe(h.clock.now().toISOString());

      // Within the minute: no write at all.
      h.clock.advance(30_000);
      await parallel();
      expect(await touches()).toBe(1);

      // A minute after the last write: one more, and the idle timeout moves on from it.
      h.clock.advance(45_000);
      const later = await parallel();
      expect(await touches()).toBe(2);
      expect(new Set(later.map((r) => r!.session.expiresAt.toISOString())).size).toBe(1);
      const again = await h.db.session.findUniqueOrThrow({ where: { id: session.id }, select: { lastSeenAt: true } });
      expect(again.lastSeenAt.toISOString()).toBe(h.clock.now().toISOString());
    } finally {
      await h.db.$executeRawUnsafe(`DROP TRIGGER session_touch_counted ON "session"`);
      await h.db.$executeRawUnsafe(`DROP FUNCTION session_touch_counted()`);
      await h.db.$executeRawUnsafe(`DROP TABLE session_touch_count`);
    }
  });
});
