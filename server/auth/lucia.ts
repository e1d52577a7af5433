// lucia v3 is Concord's session engine: it makes session ids, names and reads the cookie, and
// stores and invalidates sessions through the adapter below (table "session", so any node can
// validate them). Concord's policy sits on top in server/domain/auth/sessions.ts: the idle and
// absolute lifetimes on Concord's clock, and a cookie that ends with the browser.
// See docs/decisions/0012-sessions-and-sign-in-throttling.md.
import { Lucia, TimeSpan, type Adapter, type DatabaseSession, type DatabaseUser } from "lucia";
import type { Db } from "../db/connect";
import type { Clock } from "../domain/services";
import type { SessionLifetimes } from "../domain/settings/settings";
import { sessionEndsAt } from "../domain/auth/sessions";

export const SESSION_COOKIE_NAME = "concord_session";

/** What a session row keeps besides its id, user and expiry, all from Concord's clock. */
export interface ConcordSessionAttributes {
  createdAt: Date;
  /** Last use, for the idle timeout. */
  lastSeenAt: Date;
  /** When the person last proved who they are in this session (sign-in, "Confirm it's you"). */
  authenticatedAt: Date;
}

export interface SessionEngineOptions {
  /** Send the cookie over HTTPS only (production behind https). */
  secureCookies: boolean;
  clock: Clock;
  /** The lifetimes in force now (they are settings, so read at each use). */
  lifetimes: () => Promise<SessionLifetimes>;
}

/**
 * A lucia adapter over our Prisma client. (@lucia-auth/adapter-prisma declares Prisma 4-5 only.)
 * lucia hands `setSession` an `expiresAt` from the wall clock (Date.now plus `sessionExpiresIn`);
 * we store instead when the session ends by Concord's clock and lifetimes, so no stored or
 * compared time comes from the wall clock.
 */
export function prismaSessionAdapter(db: Db, options: Pick<SessionEngineOptions, "clock" | "lifetimes">): Adapter {
  const toSession = (s: { id: string; userId: string; expiresAt: Date; createdAt: Date; lastSeenAt: Date; authenticatedAt: Date }): DatabaseSession => ({
    id: s.id,
    userId: s.userId,
    expiresAt: s.expiresAt,
    attributes: { createdAt: s.createdAt, lastSeenAt: s.lastSeenAt, authenticatedAt: s.authenticatedAt },
  });
  const select = { id: true, userId: true, expiresAt: true, createdAt: true, lastSeenAt: true, authenticatedAt: true } as const;
  return {
    async getSessionAndUser(sessionId): Promise<[DatabaseSession | null, DatabaseUser | null]> {
      const session = await db.session.findUnique({ where: { id: sessionId }, select: { ...select, user: { select: { id: true, isActive: true } } } });
      // A deactivated user's sessions stop counting at once, even before they are deleted.
      if (!session || !session.user.isActive) return [null, null];
      return [toSession(session), { id: session.user.id, attributes: {} }];
    },
    async getUserSessions(userId) {
      const sessions = await db.session.findMany({ where: { userId }, select });
      return sessions.map(toSession);
    },
    async setSession(session) {
      const { createdAt, lastSeenAt, authenticatedAt } = session.attributes;
      const expiresAt = sessionEndsAt({ createdAt, lastSeenAt }, await options.lifetimes());
      await db.session.create({ data: { id: session.id, userId: session.userId, createdAt, lastSeenAt, authenticatedAt, expiresAt } });
    },
    async updateSessionExpiration(sessionId, expiresAt) {
      await db.session.updateMany({ where: { id: sessionId }, data: { expiresAt } });
    },
    async deleteSession(sessionId) {
      await db.session.deleteMany({ where: { id: sessionId } });
    },
    async deleteUserSessions(userId) {
      await db.session.deleteMany({ where: { userId } });
    },
    async deleteExpiredSessions() {
      // By the lifetimes in force now, not the stored expires_at (the settings may have changed).
      const now = options.clock.now().getTime();
      const { idleMinutes, absoluteHours } = await options.lifetimes();
      await db.session.deleteMany({
        where: { OR: [{ lastSeenAt: { lte: new Date(now - idleMinutes * 60_000) } }, { createdAt: { lte: new Date(now - absoluteHours * 3_600_000) } }] },
      });
    },
  };
}

export function createLucia(db: Db, options: SessionEngineOptions) {
  return new Lucia(prismaSessionAdapter(db, options), {
    // Only lucia's own validateSession and cookie Max-Age use this; Concord calls neither
    // (see server/domain/auth/sessions.ts), so the lifetimes in the settings rule.
    sessionExpiresIn: new TimeSpan(1, "d"),
    getSessionAttributes: (attributes): ConcordSessionAttributes => attributes,
    sessionCookie: {
      name: SESSION_COOKIE_NAME,
      attributes: { secure: options.secureCookies, sameSite: "lax", path: "/" },
    },
  });
}

export type ConcordLucia = ReturnType<typeof createLucia>;

declare module "lucia" {
  interface Register {
    Lucia: ConcordLucia;
    DatabaseSessionAttributes: ConcordSessionAttributes;
  }
}
