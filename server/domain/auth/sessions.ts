// Sessions: a row per signed-in browser, alive until it goes unused for the idle timeout or
// reaches its absolute lifetime (both settings), whichever comes first. Every door (HTTP tRPC,
// Remix, each socket event) validates through `validateSession`, against Concord's clock.
//
// lucia v3 (services.lucia, server/auth/lucia.ts) is the engine: it makes the ids, names, writes
// and reads the cookie, stores sessions through our adapter and invalidates them. This module is
// Concord's policy on top: the clock-based lifetimes and the browser-session cookie.
import type { Db, Tx } from "../../db/connect";
import type { Services } from "../services";
import { loadSessionWithActor, type Actor } from "../access/actor";
import { SESSION_LIFETIME_KEYS, sessionLifetimes, sessionLifetimesFrom, type SessionLifetimes } from "../settings/settings";
import { blankSessionCookie, readSessionCookie, sessionCookie } from "../../auth/session-cookie";

export interface SessionInfo {
  id: string;
  userId: string;
  /** When it ends if unused from now on. */
  expiresAt: Date;
}

/** lastSeenAt is written at most this often, so a busy page does not write on every request. */
const TOUCH_EVERY_MS = 60_000;
/**
 * The touch each session's requests on this node are writing, or wrote a moment ago. Requests
 * in parallel on one session (a page's calls, a burst of API requests) all found the same stale
 * lastSeenAt when a minute had passed and each wrote it, queueing on the row's lock: in
 * `bench:api` about twenty updates of one row at each minute, the slowest 1% of requests
 * (decision 0042). Now they share one write.
 */
const recentTouches = new WeakMap<object, Map<string, { at: number; written: Promise<unknown> }>>();
/** Per database client: a process may hold several (tests run two nodes in one process). */
function touchesOf(db: object): Map<string, { at: number; written: Promise<unknown> }> {
  let touches = recentTouches.get(db);
  if (!touches) recentTouches.set(db, (touches = new Map()));
  return touches;
}

export function currentSessionLifetimes(services: Services, db: Db | Tx = services.db): Promise<SessionLifetimes> {
  const { defaultIdleMinutes, defaultAbsoluteHours } = services.settings.sessions;
  return sessionLifetimes(db, { idleMinutes: defaultIdleMinutes, absoluteHours: defaultAbsoluteHours });
}

/** When a session ends if nothing uses it after `lastSeenAt`. */
export function sessionEndsAt(session: { createdAt: Date; lastSeenAt: Date }, lifetimes: SessionLifetimes): Date {
  const idleEnd = session.lastSeenAt.getTime() + lifetimes.idleMinutes * 60_000;
  const absoluteEnd = session.createdAt.getTime() + lifetimes.absoluteHours * 3_600_000;
  return new Date(Math.min(idleEnd, absoluteEnd));
}

/**
 * Start a session for a user who has just proved who they are. `replacing` is the session this
 * browser held before (if any): it ends, so signing in again never leaves an older session alive.
 */
export async function startSession(services: Services, userId: string, options: { replacing?: string | null } = {}): Promise<{ session: SessionInfo; cookie: string }> {
  const now = services.clock.now();
  const lifetimes = await currentSessionLifetimes(services);
  // The old session ends first: if starting the new one fails, this browser is signed out, never
  // left holding both.
  if (options.replacing) await services.lucia.invalidateSession(options.replacing);
  // lucia makes the id; our adapter stores the times from Concord's clock (it ignores lucia's
  // wall-clock expiresAt, as do we).
  // Starting a session is proving who one is: it counts as a fresh authentication.
  const { id } = await services.lucia.createSession(userId, { createdAt: now, lastSeenAt: now, authenticatedAt: now });
  const expiresAt = sessionEndsAt({ createdAt: now, lastSeenAt: now }, lifetimes);
  if (options.replacing) services.realtime.endSessionConnections(options.replacing, "signed-in-again");
  return { session: { id, userId, expiresAt }, cookie: sessionCookie(services.lucia, id) };
}

/** The session id in a request's Cookie header, if it carries one. */
export function sessionIdFromCookies(services: Services, cookieHeader: string | undefined): string | null {
  return readSessionCookie(services.lucia, cookieHeader);
}

/**
 * The session and its (active) user, or null when the session is unknown, has ended, or its user
 * was deactivated. An ended session's row is deleted. Counts as use: it moves the idle timeout on.
 *
 * Not lucia's `validateSession`: that compares expiry with Date.now() rather than Concord's clock,
 * knows a single lifetime (no idle timeout next to an absolute one), and extends a session by its
 * own schedule (half-way through `sessionExpiresIn`), which would defeat the absolute lifetime.
 */
export async function validateSession(services: Services, sessionId: string): Promise<{ session: SessionInfo; actor: Actor } | null> {
  const { db, clock } = services;
  // One round trip: the session, its user's standing, roles and permissions, and the lifetimes.
  const found = await loadSessionWithActor(db, sessionId, SESSION_LIFETIME_KEYS);
  if (!found) return null;
  const row = found.session;
  const now = clock.now();
  const { defaultIdleMinutes, defaultAbsoluteHours } = services.settings.sessions;
  const lifetimes = sessionLifetimesFrom(found.settings, { idleMinutes: defaultIdleMinutes, absoluteHours: defaultAbsoluteHours });
  if (!found.userIsActive || !found.actor || now.getTime() >= sessionEndsAt(row, lifetimes).getTime()) {
    await services.lucia.invalidateSession(row.id);
    return null;
  }
  let lastSeenAt = row.lastSeenAt;
  if (now.getTime() - lastSeenAt.getTime() >= TOUCH_EVERY_MS) {
    const touches = touchesOf(db);
    const recent = touches.get(row.id);
    const sinceRecent = recent ? now.getTime() - recent.at : -1;
    if (recent && sinceRecent >= 0 && sinceRecent < TOUCH_EVERY_MS) {
      // Another request on this session is writing (or just wrote) the touch: share it.
      lastSeenAt = new Date(recent.at);
      await recent.written;
    } else {
      lastSeenAt = now;
      const written = db.session.updateMany({ where: { id: row.id }, data: { lastSeenAt, expiresAt: sessionEndsAt({ createdAt: row.createdAt, lastSeenAt }, lifetimes) } });
      touches.set(row.id, { at: now.getTime(), written });
      const forget = () => {
        if (touches.get(row.id)?.written === written) touches.delete(row.id);
      };
      // Kept a few seconds, while requests that read the row before this write still arrive; a
      // failed write is forgotten at once, so the next request tries again.
      written.then(() => setTimeout(forget, 5_000).unref(), forget);
      await written;
    }
  }
  return { session: { id: row.id, userId: row.userId, expiresAt: sessionEndsAt({ createdAt: row.createdAt, lastSeenAt }, lifetimes) }, actor: found.actor };
}

/**
 * Of these sessions, the ones that are no longer alive (ended, deleted, or their user deactivated),
 * without counting as use. For closing live connections whose session ended while they sat idle.
 */
export async function endedSessionIds(services: Services, sessionIds: readonly string[]): Promise<Set<string>> {
  if (sessionIds.length === 0) return new Set();
  const rows = await services.db.session.findMany({
    where: { id: { in: [...sessionIds] } },
    select: { id: true, createdAt: true, lastSeenAt: true, user: { select: { isActive: true } } },
  });
  const now = services.clock.now().getTime();
  const lifetimes = await currentSessionLifetimes(services);
  const alive = new Set(rows.filter((r) => r.user.isActive && now < sessionEndsAt(r, lifetimes).getTime()).map((r) => r.id));
  return new Set(sessionIds.filter((id) => !alive.has(id)));
}

/**
 * Record that the person has just proved who they are again in this session (the "Confirm it's
 * you" page, or a sign-in through an identity provider): sensitive actions are allowed for a
 * while (../auth/reauthentication.ts). For every way of proving it, so other sign-in methods
 * (single sign-on) call this too.
 */
export async function markSessionFreshlyAuthenticated(services: Services, sessionId: string): Promise<void> {
  await services.db.session.updateMany({ where: { id: sessionId }, data: { authenticatedAt: services.clock.now() } });
}

export async function endSession(services: Services, sessionId: string): Promise<void> {
  await services.lucia.invalidateSession(sessionId);
}

export async function endUserSessions(services: Services, userId: string): Promise<void> {
  await services.lucia.invalidateUserSessions(userId);
}

/** The Set-Cookie value that removes the session cookie. */
export function signedOutCookie(services: Services): string {
  return blankSessionCookie(services.lucia);
}

/**
 * Browser tests only (CONCORD_TEST_CLOCK): when the test clock jumps forward, move every session's
 * times forward with it, so that a jump of days is not taken for days without use.
 */
export async function carrySessionsAcrossClockJump(services: Services, ms: number): Promise<void> {
  if (ms <= 0) return;
  const by = `${Math.round(ms)} milliseconds`;
  await services.db.$executeRaw`UPDATE "session" SET created_at = created_at + ${by}::interval, authenticated_at = authenticated_at + ${by}::interval, last_seen_at = last_seen_at + ${by}::interval, expires_at = expires_at + ${by}::interval`;
}
