// What every domain function receives: the database and the edges of the system
// (clock, realtime fan-out). Tests substitute the clock; nothing else is mocked.
import type { Db } from "../db/connect";
import type { ConcordLucia } from "../auth/lucia";

export interface Clock {
  now(): Date;
}
export const systemClock: Clock = { now: () => new Date() };

/**
 * The system clock moved forward by an offset. Only for browser tests of working-day clocks
 * (CONCORD_TEST_CLOCK=true): never enabled in a real deployment.
 */
export class OffsetClock implements Clock {
  private offsetMs = 0;
  now() {
    return new Date(Date.now() + this.offsetMs);
  }
  advance(ms: number) {
    this.offsetMs += ms;
  }
  reset() {
    this.offsetMs = 0;
  }
}

/** How the domain reaches connected browsers, without knowing about Socket.IO. */
export interface RealtimePort {
  /** Disconnect every live connection of a user (deactivation, sign out everywhere). */
  endUserConnections(userId: string, reason: string): void;
  /** Disconnect the live connections that belong to one session (sign out). */
  endSessionConnections(sessionId: string, reason: string): void;
  /** Tell an agency's connected users that its list of people changed. */
  agencyUsersChanged(agencyId: string): void;
  /** Tell those who may see a contact (its agency and the council's front door) that it changed. */
  contactChanged(event: { contactId: string; sourceAgencyId: string; change: "recorded" | "decided" | "signed-off" }): void;
  /** Tell those who may see a meeting (invited agencies, the front door) that it changed. */
  meetingChanged(event: { meetingId: string; agencyIds: string[]; change: string }): void;
  /** Tell both sides of a disagreement, the front door and the partnership chair that it changed. */
  disagreementChanged(event: { disagreementId: string; agencyIds: string[]; change: string }): void;
  /** Tell those who may see a strategy discussion request (its agency, the front door) that it changed. */
  discussionRequestChanged(event: { requestId: string; agencyId: string; change: "requested" | "convened" | "declined" }): void;
  /** Send an event of a meeting's timeline to everyone in its live room. */
  meetingEvent(meetingId: string, event: { seq: number; type: string; payload: Record<string, unknown>; occurredAt: string }): void;
}

export interface DomainSettings {
  invitationTtlHours: number;
  /** The public origin, for links in emails and calendar files ("" = relative links). */
  publicUrl?: string;
  singleSignOn: {
    /** Encrypts identity providers' client secrets at rest (IDENTITY_SECRET_KEY); null: SSO cannot be configured. */
    secretKey: Buffer | null;
    /** Accept http:// issuers (tests' in-process provider only); a real deployment needs https. */
    allowHttpIssuers: boolean;
  };
  sessions: {
    /** Send the session cookie over HTTPS only. */
    secureCookies: boolean;
    /** Session lifetimes until a system administrator sets others (the `setting` table). */
    defaultIdleMinutes: number;
    defaultAbsoluteHours: number;
  };
}

export interface Services {
  db: Db;
  clock: Clock;
  realtime: RealtimePort;
  /** The session engine (ids, cookie, storage, invalidation); its policy is domain/auth/sessions.ts. */
  lucia: ConcordLucia;
  settings: DomainSettings;
}
