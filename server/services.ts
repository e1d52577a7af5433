// Builds the Services every domain function receives, from configuration and a database.
import { secureSessionCookies, type Config } from "./config";
import type { Db } from "./db/connect";
import { systemClock, type Clock, type Services } from "./domain/services";
import { SocketRealtime } from "./realtime/socket-server";
import { createLucia } from "./auth/lucia";
import { currentSessionLifetimes } from "./domain/auth/sessions";

export function buildServices(
  db: Db,
  config: Pick<Config, "NODE_ENV" | "SESSION_TTL_HOURS" | "INVITATION_TTL_HOURS" | "PUBLIC_URL"> & Partial<Pick<Config, "SESSION_IDLE_MINUTES" | "IDENTITY_SECRET_KEY" | "CONCORD_TEST_CLOCK">>,
  clock: Clock = systemClock,
) {
  const realtime = new SocketRealtime();
  const secureCookies = secureSessionCookies(config);
  const services: Services = {
    db,
    clock,
    realtime,
    // The lifetimes are settings, read when a session is stored (they may change at any time).
    lucia: createLucia(db, { secureCookies, clock, lifetimes: () => currentSessionLifetimes(services) }),
    settings: {
      invitationTtlHours: config.INVITATION_TTL_HOURS,
      publicUrl: config.PUBLIC_URL ?? `http://localhost:${"PORT" in config ? config.PORT : 3000}`,
      singleSignOn: {
        secretKey: config.IDENTITY_SECRET_KEY ? Buffer.from(config.IDENTITY_SECRET_KEY, "base64") : null,
        // Only tests talk to a provider over plain http (an in-process one on 127.0.0.1).
        allowHttpIssuers: config.NODE_ENV === "test" || config.CONCORD_TEST_CLOCK === "true",
      },
      sessions: { secureCookies, defaultIdleMinutes: config.SESSION_IDLE_MINUTES ?? 30, defaultAbsoluteHours: config.SESSION_TTL_HOURS },
    },
  };
  return { services, realtime };
}
