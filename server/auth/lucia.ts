// lucia v3 wiring: sessions live in PostgreSQL (table "session"), so any node can validate them.
import { Lucia, TimeSpan, type Adapter, type DatabaseSession, type DatabaseUser } from "lucia";
import type { Db } from "../db/connect";

export const SESSION_COOKIE_NAME = "concord_session";

/**
 * A lucia adapter over our Prisma client. (@lucia-auth/adapter-prisma declares Prisma 4-5 only.)
 * A deactivated user's sessions stop validating at once, even before they are deleted.
 */
export function prismaSessionAdapter(db: Db): Adapter {
  const toSession = (s: { id: string; userId: string; expiresAt: Date }): DatabaseSession => ({
    id: s.id,
    userId: s.userId,
    expiresAt: s.expiresAt,
    attributes: {},
  });
  return {
    async getSessionAndUser(sessionId): Promise<[DatabaseSession | null, DatabaseUser | null]> {
      const session = await db.session.findUnique({
        where: { id: sessionId },
        select: { id: true, userId: true, expiresAt: true, user: { select: { id: true, isActive: true } } },
      });
      if (!session || !session.user.isActive) return [null, null];
      return [toSession(session), { id: session.user.id, attributes: {} }];
    },
    async getUserSessions(userId) {
      const sessions = await db.session.findMany({ where: { userId }, select: { id: true, userId: true, expiresAt: true } });
      return sessions.map(toSession);
    },
    async setSession(session) {
      await db.session.create({ data: { id: session.id, userId: session.userId, expiresAt: session.expiresAt } });
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
      await db.session.deleteMany({ where: { expiresAt: { lte: new Date() } } });
    },
  };
}

export function createLucia(db: Db, options: { secureCookies: boolean; sessionTtlHours: number }) {
  return new Lucia(prismaSessionAdapter(db), {
    sessionExpiresIn: new TimeSpan(options.sessionTtlHours, "h"),
    sessionCookie: {
      name: SESSION_COOKIE_NAME,
      // A browser-session cookie: closing the browser on a shared office PC signs out.
      expires: false,
      attributes: { secure: options.secureCookies, sameSite: "lax" },
    },
  });
}

export type ConcordLucia = ReturnType<typeof createLucia>;

declare module "lucia" {
  interface Register {
    Lucia: ConcordLucia;
  }
}
