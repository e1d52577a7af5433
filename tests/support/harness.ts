// Builds real Services on the test database, with a clock the test controls, and callers
// that act as a given demo user through the same tRPC context as the HTTP door.
import { randomUUID } from "node:crypto";
import { expect } from "vitest";
import { TRPCError } from "@trpc/server";
import { buildServices } from "../../server/services";
import { loadActor } from "../../server/domain/access/actor";
import { createCaller } from "../../server/trpc/root";
import { createContextInner } from "../../server/trpc/context";
import { startSession } from "../../server/domain/auth/sessions";
import type { Clock } from "../../server/domain/services";
import { useTestDatabase } from "./database";

export class TestClock implements Clock {
  private time = new Date("2026-11-23T09:00:00Z").getTime();
  now() {
    return new Date(this.time);
  }
  set(iso: string) {
    this.time = new Date(iso).getTime();
  }
  advance(ms: number) {
    this.time += ms;
  }
}

/** IDENTITY_SECRET_KEY: a fixed test key (32 bytes), so identity providers can be configured. */
export const TEST_CONFIG = { NODE_ENV: "test", SESSION_TTL_HOURS: 12, INVITATION_TTL_HOURS: 72, PUBLIC_URL: undefined, IDENTITY_SECRET_KEY: Buffer.alloc(32, 7).toString("base64") } as const;

export function useHarness() {
  const handle = useTestDatabase();
  const clock = new TestClock();
  const harness = {
    clock,
    get db() {
      return handle.database.db;
    },
    get database() {
      return handle.database;
    },
    services() {
      return buildServices(handle.database.db, TEST_CONFIG, clock);
    },
    async actor(email: string) {
      const user = await handle.database.db.user.findUniqueOrThrow({ where: { email }, select: { id: true } });
      const actor = await loadActor(handle.database.db, user.id);
      if (!actor) throw new Error(`${email} is not active`);
      // As if just signed in: sensitive actions need a recent proof of identity (decision 0034).
      return { ...actor, authenticatedAt: clock.now() };
    },
    /** A tRPC caller acting as the given user (or anonymous), with a fresh session. */
    async caller(email?: string, options: { ipAddress?: string } = {}) {
      const { services } = harness.services();
      const cookies: string[] = [];
      if (!email) {
        return {
          caller: createCaller(createContextInner({ services, session: null, actor: null, ipAddress: options.ipAddress ?? "203.0.113.9", requestId: randomUUID(), setCookie: (c) => cookies.push(c) })),
          cookies,
          services,
        };
      }
      const actor = await harness.actor(email);
      const { session } = await startSession(services, actor.userId);
      return {
        caller: createCaller(createContextInner({ services, session, actor, ipAddress: options.ipAddress ?? "203.0.113.9", requestId: randomUUID(), setCookie: (c) => cookies.push(c) })),
        cookies,
        services,
        session,
        actor,
      };
    },
  };
  return harness;
}

export const DEMO = {
  councilPractitioner: "sam.patel@council.example.org",
  councilManager: "maria.jones@council.example.org",
  /** A second council manager, and a service (senior) manager. */
  councilServiceManager: "olu.adeyemi@council.example.org",
  councilAdmin: "alex.kerr@council.example.org",
  policePractitioner: "pat.obrien@police.example.org",
  policeManager: "dan.hughes@police.example.org",
  policeAdmin: "priya.shah@police.example.org",
  healthPractitioner: "hana.ali@icb.example.org",
  schoolDsl: "dee.walker@riverside.example.org",
  /** Riverside's head teacher: a senior manager on the escalation ladder. */
  headTeacher: "ruth.evans@riverside.example.org",
  chair: "chris.morgan@partnership.example.org",
  businessManager: "jo.bennett@partnership.example.org",
  systemAdmin: "it.admin@partnership.example.org",
  /** Joint audit (decision 0038): each core agency's auditor, and the independent scrutineer. */
  councilAuditor: "helen.price@council.example.org",
  policeAuditor: "mark.fisher@police.example.org",
  healthAuditor: "priti.desai@icb.example.org",
  scrutineer: "ann.cole@partnership.example.org",
} as const;

/** The TRPCError a call is refused with (and a failed test if it was not refused). */
export async function rejection(promise: Promise<unknown>): Promise<TRPCError> {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(TRPCError);
  return error as TRPCError;
}
