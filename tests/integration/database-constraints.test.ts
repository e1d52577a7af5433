// The database enforces what the code assumes (issue 14, item 7; docs/decisions/0029): every
// *_id column that names a row is a foreign key, levels, stages and states are CHECKed, the audit
// trail is append-only, and expired sessions, old sign-in attempts and sent mail are purged.
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { useHarness, DEMO } from "../support/harness";
import { resetDatabase } from "../support/database";
import { generateActivity, DEMO_HISTORY } from "../../server/db/generate-activity";
import { seedHouseholdMeeting } from "../../prisma/seed";
import { startSession, validateSession } from "../../server/domain/auth/sessions";
import { purgeExpired, LOGIN_ATTEMPT_RETENTION_DAYS, SENT_MAIL_RETENTION_DAYS } from "../../server/domain/retention/purge";
import { FAMILIAR_ADDRESS_DAYS } from "../../server/domain/auth/throttle";
import { SESSION_IDLE_MINUTES } from "../../server/domain/settings/settings";

const h = useHarness();
const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/**
 * Columns named *_id that deliberately are not foreign keys. Each needs a reason; anything else
 * named *_id must reference its table.
 */
const NOT_FOREIGN_KEYS: Record<string, string> = {
  "audit_event.entity_id": "names a row in whichever table entity_type says (or a key such as a setting's): no single table to reference",
  "audit_event.request_id": "the HTTP request's correlation id, not a row",
  "meeting_attendance.connection_id": "a live Socket.IO connection's id, not a row",
  "identity_provider.client_id": "the id the identity provider gave Concord (OpenID Connect client_id), not a row",
  "escalation_ladder.created_by_id":
    "ladder versions are reference data seeded by migration and kept between test resets; a foreign key to app_user would make TRUNCATE app_user CASCADE empty them (decision 0018: the audit trail names who saved a version)",
};

async function rejectionOf(sql: string): Promise<string> {
  const error = await h.db.$executeRawUnsafe(sql).then(
    (count) => new Error(`not refused (${count} rows changed): ${sql}`),
    (e: unknown) => e as Error,
  );
  return error.message;
}

describe("foreign keys", () => {
  it("reference a table from every *_id column, except the few listed with reasons", async () => {
    const unreferenced = await h.db.$queryRawUnsafe<{ column: string }[]>(`
      SELECT c.table_name || '.' || c.column_name AS column
      FROM information_schema.columns c
      JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name AND t.table_type = 'BASE TABLE'
      WHERE c.table_schema = 'public' AND c.column_name LIKE '%\\_id' ESCAPE '\\'
        AND NOT EXISTS (
          SELECT 1 FROM pg_constraint k
          JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = ANY (k.conkey)
          WHERE k.contype = 'f' AND k.conrelid = (quote_ident(c.table_name))::regclass AND a.attname = c.column_name)
      ORDER BY 1`);
    expect(unreferenced.map((r) => r.column)).toEqual(Object.keys(NOT_FOREIGN_KEYS).sort());
  });

  it("refuse an id that names nobody, and keep people who are named from being deleted", async () => {
    const nobody = randomUUID();
    const agency = (await h.db.agency.findFirstOrThrow({ select: { id: true } })).id;
    expect(await rejectionOf(`INSERT INTO audit_event (action, entity_type, actor_user_id) VALUES ('test', 'test', '${nobody}')`)).toMatch(/audit_event_actor_user_id_fkey/);
    expect(await rejectionOf(`INSERT INTO audit_event (action, entity_type, actor_agency_id) VALUES ('test', 'test', '${nobody}')`)).toMatch(/audit_event_actor_agency_id_fkey/);

    await generateActivity(h.db, { ...DEMO_HISTORY, meetings: 10, contacts: 40, disagreements: 6, until: h.clock.now() });
    const disagreement = (await h.db.disagreement.findFirstOrThrow({ select: { id: true } })).id;
    expect(await rejectionOf(`UPDATE disagreement SET case_id = '${nobody}' WHERE id = '${disagreement}'`)).toMatch(/disagreement_case_id_fkey/);
    expect(await rejectionOf(`UPDATE disagreement SET resolved_by_id = '${nobody}' WHERE id = '${disagreement}'`)).toMatch(/disagreement_resolved_by_id_fkey/);
    const meeting = (await h.db.strategyMeeting.findFirstOrThrow({ select: { id: true } })).id;
    expect(await rejectionOf(`INSERT INTO meeting_event (meeting_id, seq, type, payload, actor_id, occurred_at) VALUES ('${meeting}', 999, 'test', '{}', '${nobody}', now())`)).toMatch(/meeting_event_actor_id_fkey/);
    expect(
      await rejectionOf(`INSERT INTO meeting_action (meeting_id, description, owning_agency_id, owner_name, due_date, created_by_id, created_at) VALUES ('${meeting}', 'Visit', '${agency}', 'A. Person', '2026-12-01', '${nobody}', now())`),
    ).toMatch(/meeting_action_created_by_id_fkey/);

    // People and agencies are deactivated, never deleted: a named one cannot be.
    const raiser = (await h.db.disagreement.findFirstOrThrow({ select: { raisedById: true, raisingAgencyId: true } }));
    expect(await rejectionOf(`DELETE FROM app_user WHERE id = '${raiser.raisedById}'`)).toMatch(/foreign key/);
    expect(await rejectionOf(`DELETE FROM agency WHERE id = '${raiser.raisingAgencyId}'`)).toMatch(/foreign key/);
  });
});

describe("CHECK constraints", () => {
  it("let the demo history in, and refuse a bad level, stage or state in each table", async () => {
    // The demo partnership's year of history (what `npm start` seeds) inserts under every constraint.
    await generateActivity(h.db, { ...DEMO_HISTORY, until: h.clock.now() });
    await seedHouseholdMeeting(h.db, h.clock.now());
    const one = async (sql: string) => {
      const rows = await h.db.$queryRawUnsafe<{ id: string }[]>(sql);
      expect(rows.length, sql).toBe(1);
      return rows[0]!.id;
    };
    const contact = await one(`SELECT id::text FROM contact LIMIT 1`);
    const decision = await one(`SELECT id::text FROM threshold_decision LIMIT 1`);
    const open = await one(`SELECT id::text FROM disagreement WHERE status = 'OPEN' ORDER BY id LIMIT 1`);
    const resolved = await one(`SELECT id::text FROM disagreement WHERE status = 'RESOLVED' ORDER BY id LIMIT 1`);
    const event = await one(`SELECT id::text FROM disagreement_event LIMIT 1`);
    const proposal = await one(`SELECT id::text FROM disagreement_proposal LIMIT 1`);
    const child = await one(`SELECT id::text FROM meeting_child LIMIT 1`);
    const attendance = await one(`SELECT id::text FROM meeting_attendance WHERE left_at IS NOT NULL LIMIT 1`);
    const scheduled = await one(`SELECT id::text FROM strategy_meeting WHERE started_at IS NULL LIMIT 1`);
    const user = await one(`SELECT id::text FROM app_user WHERE email = '${DEMO.councilPractitioner}'`);
    const meeting = await one(`SELECT id::text FROM strategy_meeting LIMIT 1`);
    const action = await one(
      `INSERT INTO meeting_action (meeting_id, description, owning_agency_id, owner_name, due_date, created_by_id, created_at)
       SELECT '${meeting}', 'Health visitor to share recent contacts', agency_id, display_name, '2026-12-01', id, now() FROM app_user WHERE id = '${user}' RETURNING id::text`,
    );

    const refused: [string, string][] = [
      [`INSERT INTO threshold_level (level, label, description) VALUES (5, 'Beyond', 'Not a level')`, "threshold_level_level_check"],
      [`UPDATE contact SET referrer_level = 0 WHERE id = '${contact}'`, "contact_referrer_level_check"],
      [`UPDATE contact SET referrer_level = 5 WHERE id = '${contact}'`, "contact_referrer_level_check"],
      [`UPDATE threshold_decision SET level_applied = 5 WHERE id = '${decision}'`, "threshold_decision_level_applied_check"],
      [`UPDATE disagreement SET sought_level = 0 WHERE id = '${open}'`, "disagreement_sought_level_check"],
      [`UPDATE disagreement SET overdue_notified_stage = 0 WHERE id = '${open}'`, "disagreement_overdue_stage_check"],
      [`UPDATE disagreement_event SET stage = 0 WHERE id = ${event}`, "disagreement_event_stage_check"],
      [`UPDATE disagreement_proposal SET stage = 0 WHERE id = '${proposal}'`, "disagreement_proposal_stage_check"],
      [`UPDATE meeting_child SET position = -1 WHERE id = '${child}'`, "meeting_child_position_check"],
      [`UPDATE disagreement SET resolved_by_id = NULL WHERE id = '${resolved}'`, "disagreement_resolved_by_check"],
      [`UPDATE disagreement SET outcome_statement = NULL WHERE id = '${resolved}'`, "disagreement_resolved_by_check"],
      [`UPDATE disagreement SET resolved_at = raised_at WHERE id = '${open}'`, "disagreement_resolved_by_check"],
      [`UPDATE meeting_action SET completed_at = now() WHERE id = '${action}'`, "meeting_action_completed_check"],
      [`UPDATE app_user SET is_active = false WHERE id = '${user}'`, "app_user_deactivated_check"],
      [`UPDATE meeting_attendance SET left_at = joined_at - interval '1 minute' WHERE id = '${attendance}'`, "meeting_attendance_left_after_joined_check"],
      [`UPDATE strategy_meeting SET started_early_reason = 'Police officer had to leave' WHERE id = '${scheduled}'`, "strategy_meeting_early_reason_check"],
    ];
    for (const [sql, constraint] of refused) expect(await rejectionOf(sql), sql).toContain(constraint);

    // The same rows accept good values: the constraints refuse only what is wrong.
    await h.db.$executeRawUnsafe(`UPDATE contact SET referrer_level = 4 WHERE id = '${contact}'`);
    await h.db.$executeRawUnsafe(`UPDATE meeting_action SET completed_at = now(), completed_by_id = '${user}' WHERE id = '${action}'`);
    await h.db.$executeRawUnsafe(`UPDATE app_user SET is_active = false, deactivated_at = now() WHERE id = '${user}'`);
  });
});

describe("the audit trail", () => {
  it("is append-only: UPDATE and DELETE are refused, whoever connects", async () => {
    const { id } = await h.db.auditEvent.create({ data: { action: "test.append", entityType: "test" }, select: { id: true } });
    expect(await rejectionOf(`UPDATE audit_event SET action = 'test.rewritten' WHERE id = ${id}`)).toMatch(/audit_event is append-only: UPDATE refused/);
    expect(await rejectionOf(`DELETE FROM audit_event WHERE id = ${id}`)).toMatch(/audit_event is append-only: DELETE refused/);
    await expect(h.db.auditEvent.deleteMany({})).rejects.toThrow(/append-only/);
    expect(await h.db.auditEvent.count({ where: { action: "test.append" } })).toBe(1);
  });

  it("can still be emptied by the test suite's reset, which truncates", async () => {
    await h.db.auditEvent.create({ data: { action: "test.append", entityType: "test" } });
    await resetDatabase(h.database);
    expect(await h.db.auditEvent.findMany({ select: { action: true } })).toEqual([{ action: "system.seed_demo_data" }]);
  });
});

describe("purging expired rows", () => {
  it("keeps sign-in attempts longer than throttling looks back", () => {
    expect(LOGIN_ATTEMPT_RETENTION_DAYS).toBeGreaterThan(FAMILIAR_ADDRESS_DAYS);
  });

  it("deletes ended sessions, old sign-in attempts and old sent mail, on Concord's clock", async () => {
    const { services } = h.services();
    const userId = (await h.actor(DEMO.councilManager)).userId;
    const start = h.clock.now().getTime();

    // Sessions (defaults: 30 minutes idle, 12 hours absolute).
    const idle = (await startSession(services, userId)).session.id;
    h.clock.advance(20 * MINUTE);
    const busy = (await startSession(services, userId)).session.id;
    const fresh = () => startSession(services, userId).then((s) => s.session.id);
    // `busy` is used every 20 minutes; `idle` never again.
    for (let i = 0; i < 3; i++) {
      h.clock.advance(20 * MINUTE);
      expect(await validateSession(services, busy)).not.toBeNull();
    }
    const recent = await fresh();
    let purged = await purgeExpired(services);
    expect(purged.sessions).toBe(1);
    expect((await h.db.session.findMany({ select: { id: true } })).map((s) => s.id).sort()).toEqual([busy, recent].sort());
    // The absolute lifetime ends `busy` however often it is used.
    h.clock.set(new Date(start + 20 * MINUTE + 12 * 60 * MINUTE).toISOString());
    await h.db.session.update({ where: { id: busy }, data: { lastSeenAt: h.clock.now() } });
    expect((await purgeExpired(services)).sessions).toBe(2);
    expect(await h.db.session.count()).toBe(0);

    // Sign-in attempts, and mail in every state.
    const now = h.clock.now().getTime();
    const ago = (days: number, minutes = 0) => new Date(now - days * DAY - minutes * MINUTE);
    await h.db.loginAttempt.createMany({
      data: [
        { emailKey: "old@example.org", ipAddress: "203.0.113.1", succeeded: false, attemptedAt: ago(LOGIN_ATTEMPT_RETENTION_DAYS, 1) },
        { emailKey: "kept@example.org", ipAddress: "203.0.113.1", succeeded: true, attemptedAt: ago(LOGIN_ATTEMPT_RETENTION_DAYS - 1) },
      ],
    });
    const mail = (subject: string, fields: Record<string, Date | number | string | null>) => ({ toAddress: "someone@example.org", subject, body: "Body", createdAt: ago(400), ...fields });
    await h.db.outboxEmail.createMany({
      data: [
        mail("sent long ago", { sentAt: ago(SENT_MAIL_RETENTION_DAYS, 1), attempts: 1 }),
        mail("sent recently", { sentAt: ago(SENT_MAIL_RETENTION_DAYS - 1), attempts: 1 }),
        mail("never sent", { attempts: 0 }),
        mail("parked", { parkedAt: ago(300), attempts: 5, lastError: "550 mailbox unavailable" }),
        mail("claimed, being sent", { claimedUntil: new Date(now + MINUTE), attempts: 1 }),
        mail("backing off", { nextAttemptAt: new Date(now + 5 * MINUTE), attempts: 2, lastError: "timeout" }),
      ],
    });
    purged = await purgeExpired(services);
    expect(purged).toEqual({ sessions: 0, loginAttempts: 1, sentMail: 1, ssoSignIns: 0 });
    expect((await h.db.loginAttempt.findMany({ select: { emailKey: true } })).map((a) => a.emailKey)).toEqual(["kept@example.org"]);
    expect((await h.db.outboxEmail.findMany({ select: { subject: true }, orderBy: { subject: "asc" } })).map((m) => m.subject)).toEqual([
      "backing off",
      "claimed, being sent",
      "never sent",
      "parked",
      "sent recently",
    ]);

    // A year on, only what was never sent remains: unsent and parked mail is never purged.
    h.clock.advance(365 * DAY);
    purged = await purgeExpired(services);
    expect(purged).toEqual({ sessions: 0, loginAttempts: 1, sentMail: 1, ssoSignIns: 0 });
    expect(await h.db.outboxEmail.count({ where: { sentAt: null } })).toBe(4);
  });

  it("spares a session the current idle setting still allows", async () => {
    const { services } = h.services();
    const userId = (await h.actor(DEMO.councilManager)).userId;
    const id = (await startSession(services, userId)).session.id;
    await h.db.setting.create({ data: { key: SESSION_IDLE_MINUTES, value: 120 } });
    try {
      h.clock.advance(60 * MINUTE);
      expect((await purgeExpired(services)).sessions).toBe(0);
      expect(await validateSession(services, id)).not.toBeNull();
    } finally {
      await h.db.setting.deleteMany({ where: { key: SESSION_IDLE_MINUTES } });
    }
  });
});
