// The retention job (docs/decisions/0036; the specification is
// docs/data-protection/retention-schedule.md). Case records past their period and not held are
// anonymised, never deleted: free text, names and the child's details are replaced, and the
// skeleton the figures count (dates, levels, outcomes, agencies, answers, attendance flags) stays,
// so a closed period's figures do not change. Audit events past their period are deleted, in whole
// UK months, through the one database function the audit trail's trigger lets delete. Every run
// writes what it did to the destruction log. Safe on several nodes: one run at a time holds a
// transaction-level advisory lock; the others skip.
import { Prisma } from "../../db/generated/client";
import type { Db, Tx } from "../../db/connect";
import type { Services } from "../services";
import { RETENTION_RULES, retentionSchedule, type RetentionSchedule } from "../settings/settings";
import { partnershipHoldOn } from "./holds";
import { suspendUnusedAccounts } from "../users/access-review";

/** The advisory lock key of the retention job ("CONCRET" in ASCII, shortened): any constant unique to it. */
const RETENTION_LOCK_KEY = 0x434f4e43524554n;
const ANON = "[anonymised]";

export type RecordClass = "contacts" | "discussion_requests" | "meetings" | "disagreements" | "cases" | "audit_events" | "sessions" | "sign_in_attempts" | "sent_mail" | "sso_sign_ins";

export interface DestructionEntry {
  recordClass: RecordClass;
  action: "anonymised" | "deleted";
  count: number;
  rule: string;
  periodYears: number | null;
  cutoff: Date;
}

export interface RetentionResult {
  /** False when another node was running the job: this run did nothing. */
  ran: boolean;
  partnershipHold: boolean;
  entries: DestructionEntry[];
}

/** Writes the entries that destroyed or anonymised something (a run with nothing to do writes nothing). */
export async function logDestruction(db: Db | Tx, runAt: Date, entries: readonly DestructionEntry[]): Promise<void> {
  const done = entries.filter((e) => e.count > 0);
  if (done.length === 0) return;
  await db.destructionLog.createMany({ data: done.map((e) => ({ runAt, recordClass: e.recordClass, action: e.action, count: e.count, rule: e.rule, periodYears: e.periodYears, cutoff: e.cutoff })) });
}

/** `years` whole years before `now` (29 February falls back to 28 February). */
export function yearsBefore(now: Date, years: number): Date {
  const d = new Date(now);
  const month = d.getUTCMonth();
  d.setUTCFullYear(d.getUTCFullYear() - years);
  if (d.getUTCMonth() !== month) d.setUTCDate(0);
  return d;
}

// ---- Which records a legal hold keeps -------------------------------------------------------
// A case is held while a hold on it stands. A record is held when it is about a held case:
// through its own case link, its contact's, or any child its meeting covered.
const HELD = Prisma.sql`(SELECT "case_id" FROM "legal_hold" WHERE "lifted_at" IS NULL)`;
const meetingHeld = (meetingId: Prisma.Sql) => Prisma.sql`EXISTS (SELECT 1 FROM "meeting_child" mc WHERE mc."meeting_id" = ${meetingId} AND mc."case_id" IN ${HELD})`;
const contactHeld = (alias: string) => {
  const c = Prisma.raw(alias);
  return Prisma.sql`(${c}."case_id" IN ${HELD}
    OR EXISTS (SELECT 1 FROM "strategy_meeting" hm WHERE hm."contact_id" = ${c}."id" AND ${meetingHeld(Prisma.sql`hm."id"`)})
    OR EXISTS (SELECT 1 FROM "disagreement" hd WHERE hd."contact_id" = ${c}."id" AND hd."case_id" IN ${HELD}))`;
};
const disagreementHeld = (alias: string) => {
  const d = Prisma.raw(alias);
  return Prisma.sql`(${d}."case_id" IN ${HELD}
    OR EXISTS (SELECT 1 FROM "contact" hc WHERE hc."id" = ${d}."contact_id" AND hc."case_id" IN ${HELD})
    OR (${d}."meeting_id" IS NOT NULL AND ${meetingHeld(Prisma.sql`${d}."meeting_id"`)}))`;
};
const anon = (column: string) => Prisma.raw(`"${column}" = CASE WHEN "${column}" IS NULL THEN NULL ELSE '${ANON}' END`);

async function count(tx: Tx, query: Prisma.Sql): Promise<number> {
  const rows = await tx.$queryRaw<{ n: number }[]>(query);
  return Number(rows[0]?.n ?? 0);
}

async function anonymiseContacts(tx: Tx, now: Date, cutoff: Date): Promise<number> {
  return count(
    tx,
    Prisma.sql`
    WITH c AS (
      UPDATE "contact" SET ${anon("referrer_reference")}, "child_initials" = NULL, "child_year_of_birth" = NULL,
        "referrer_name" = ${ANON}, "summary" = ${ANON}, ${anon("no_consent_explanation")}, "anonymised_at" = ${now}
      WHERE "anonymised_at" IS NULL
        AND (SELECT max(td."decided_at") FROM "threshold_decision" td WHERE td."contact_id" = "contact"."id") < ${cutoff}
        AND NOT ${contactHeld('"contact"')}
      RETURNING "id"
    ), d AS (
      UPDATE "threshold_decision" SET "rationale" = ${ANON}, ${anon("closure_reason")}
      WHERE "contact_id" IN (SELECT "id" FROM c) RETURNING 1
    ), r AS (
      UPDATE "strategy_discussion_request" SET ${anon("partner_reference")}, "child_initials" = NULL, "child_year_of_birth" = NULL,
        "reason" = ${ANON}, ${anon("decline_reason")}, "anonymised_at" = ${now}
      WHERE "contact_id" IN (SELECT "id" FROM c) AND "anonymised_at" IS NULL RETURNING 1
    ), f AS (
      -- Who was told the decision: a name; when and how stay.
      UPDATE "referrer_feedback" SET "told_name" = ${ANON} WHERE "contact_id" IN (SELECT "id" FROM c) RETURNING 1
    ), ai AS (
      -- Joint audits of the contact: the auditors' reasons, the moderation's note and findings about
      -- this contact are free text about the child; the yes/no grades and agreed answers stay (figures).
      UPDATE "audit_item" SET ${anon("moderation_note")} WHERE "contact_id" IN (SELECT "id" FROM c) RETURNING "id"
    ), ag AS (
      UPDATE "audit_grade" SET "reason" = ${ANON} WHERE "item_id" IN (SELECT "id" FROM ai) RETURNING 1
    ), af AS (
      UPDATE "audit_finding" SET "summary" = ${ANON} WHERE "item_id" IN (SELECT "id" FROM ai) RETURNING 1
    )
    SELECT (SELECT count(*) FROM c)::int AS n, (SELECT count(*) FROM d) AS d, (SELECT count(*) FROM r) AS r, (SELECT count(*) FROM f) AS f,
      (SELECT count(*) FROM ag) AS ag, (SELECT count(*) FROM af) AS af`,
  );
}

/** Requests for a strategy discussion that led to no meeting and name no contact: on the contacts' clock, from the answer (or the request). */
async function anonymiseStandaloneRequests(tx: Tx, now: Date, cutoff: Date): Promise<number> {
  return count(
    tx,
    Prisma.sql`
    WITH r AS (
      UPDATE "strategy_discussion_request" SET ${anon("partner_reference")}, "child_initials" = NULL, "child_year_of_birth" = NULL,
        "reason" = ${ANON}, ${anon("decline_reason")}, "anonymised_at" = ${now}
      WHERE "anonymised_at" IS NULL AND "contact_id" IS NULL AND "meeting_id" IS NULL AND coalesce("decided_at", "requested_at") < ${cutoff}
      RETURNING 1
    ) SELECT count(*)::int AS n FROM r`,
  );
}

async function anonymiseMeetings(tx: Tx, now: Date, cutoff: Date): Promise<number> {
  return count(
    tx,
    Prisma.sql`
    WITH m AS (
      UPDATE "strategy_meeting" SET ${anon("location")}, "call_link" = NULL, ${anon("late_reason")}, ${anon("summary")},
        ${anon("started_early_reason")}, ${anon("minutes")}, "anonymised_at" = ${now}
      WHERE "anonymised_at" IS NULL AND "status" = 'CLOSED' AND "ended_at" < ${cutoff}
        AND NOT ${meetingHeld(Prisma.sql`"strategy_meeting"."id"`)}
      RETURNING "id"
    ), children AS (
      UPDATE "meeting_child" SET "initials" = NULL, "year_of_birth" = NULL WHERE "meeting_id" IN (SELECT "id" FROM m) RETURNING "id"
    ), decisions AS (
      UPDATE "meeting_decision" SET "reason" = ${ANON} WHERE "meeting_id" IN (SELECT "id" FROM m) RETURNING 1
    ), outcomes AS (
      UPDATE "enquiry_outcome" SET "summary" = ${ANON} WHERE "meeting_child_id" IN (SELECT "id" FROM children) RETURNING 1
    ), actions AS (
      UPDATE "meeting_action" SET "description" = ${ANON}, "owner_name" = ${ANON} WHERE "meeting_id" IN (SELECT "id" FROM m) RETURNING 1
    ), answers AS (
      UPDATE "invitation_response" SET ${anon("attendee_name")}, ${anon("reason")}, ${anon("contribution")}
      WHERE "invitation_id" IN (SELECT i."id" FROM "meeting_invitation" i WHERE i."meeting_id" IN (SELECT "id" FROM m)) RETURNING 1
    ), present AS (
      UPDATE "meeting_attendance" SET "name" = ${ANON} WHERE "meeting_id" IN (SELECT "id" FROM m) RETURNING 1
    ), events AS (
      UPDATE "meeting_event" SET "payload" = concord_anonymise_json("payload") WHERE "meeting_id" IN (SELECT "id" FROM m) RETURNING 1
    ), requests AS (
      UPDATE "strategy_discussion_request" SET ${anon("partner_reference")}, "child_initials" = NULL, "child_year_of_birth" = NULL,
        "reason" = ${ANON}, ${anon("decline_reason")}, "anonymised_at" = ${now}
      WHERE "meeting_id" IN (SELECT "id" FROM m) AND "anonymised_at" IS NULL RETURNING 1
    )
    SELECT (SELECT count(*) FROM m)::int AS n, (SELECT count(*) FROM decisions) AS a, (SELECT count(*) FROM outcomes) AS b, (SELECT count(*) FROM actions) AS c,
      (SELECT count(*) FROM answers) AS d, (SELECT count(*) FROM present) AS e, (SELECT count(*) FROM events) AS f, (SELECT count(*) FROM requests) AS g`,
  );
}

async function anonymiseDisagreements(tx: Tx, now: Date, cutoff: Date): Promise<number> {
  return count(
    tx,
    Prisma.sql`
    WITH d AS (
      UPDATE "disagreement" SET "sought_outcome" = ${ANON}, "reasons" = ${ANON}, ${anon("start_reason")}, ${anon("outcome_statement")}, "anonymised_at" = ${now}
      WHERE "anonymised_at" IS NULL AND "status" = 'RESOLVED' AND "resolved_at" < ${cutoff}
        AND NOT ${disagreementHeld('"disagreement"')}
      RETURNING "id"
    ), proposals AS (
      UPDATE "disagreement_proposal" SET "statement" = ${ANON}, ${anon("decline_reasons")} WHERE "disagreement_id" IN (SELECT "id" FROM d) RETURNING 1
    ), events AS (
      UPDATE "disagreement_event" SET ${anon("body")}, "payload" = CASE WHEN "payload" IS NULL THEN NULL ELSE concord_anonymise_json("payload") END
      WHERE "disagreement_id" IN (SELECT "id" FROM d) RETURNING 1
    )
    SELECT (SELECT count(*) FROM d)::int AS n, (SELECT count(*) FROM proposals) AS p, (SELECT count(*) FROM events) AS e`,
  );
}

/** A case record loses its reference, initials and year of birth once nothing un-anonymised refers to it. */
async function anonymiseCases(tx: Tx, now: Date): Promise<number> {
  return count(
    tx,
    Prisma.sql`
    WITH k AS (
      UPDATE "child_case" SET "reference" = 'ANONYMISED-' || "id"::text, "initials" = NULL, "year_of_birth" = NULL, "anonymised_at" = ${now}
      WHERE "anonymised_at" IS NULL AND "id" NOT IN ${HELD}
        AND (EXISTS (SELECT 1 FROM "contact" c WHERE c."case_id" = "child_case"."id")
          OR EXISTS (SELECT 1 FROM "meeting_child" mc WHERE mc."case_id" = "child_case"."id")
          OR EXISTS (SELECT 1 FROM "disagreement" d WHERE d."case_id" = "child_case"."id"))
        AND NOT EXISTS (SELECT 1 FROM "contact" c WHERE c."case_id" = "child_case"."id" AND c."anonymised_at" IS NULL)
        AND NOT EXISTS (SELECT 1 FROM "meeting_child" mc JOIN "strategy_meeting" m ON m."id" = mc."meeting_id" WHERE mc."case_id" = "child_case"."id" AND m."anonymised_at" IS NULL)
        AND NOT EXISTS (SELECT 1 FROM "strategy_meeting" m WHERE m."case_id" = "child_case"."id" AND m."anonymised_at" IS NULL)
        AND NOT EXISTS (SELECT 1 FROM "disagreement" d WHERE d."case_id" = "child_case"."id" AND d."anonymised_at" IS NULL)
      RETURNING 1
    ) SELECT count(*)::int AS n FROM k`,
  );
}

/** The ids (as the audit trail names them) of every record about a held case: their audit events are kept. */
async function heldEntityIds(tx: Tx): Promise<string[]> {
  const rows = await tx.$queryRaw<{ id: string }[]>(Prisma.sql`
    SELECT c."id"::text AS id FROM "contact" c WHERE ${contactHeld("c")}
    UNION SELECT m."id"::text FROM "strategy_meeting" m WHERE ${meetingHeld(Prisma.sql`m."id"`)}
    UNION SELECT d."id"::text FROM "disagreement" d WHERE ${disagreementHeld("d")}
    UNION SELECT r."id"::text FROM "strategy_discussion_request" r JOIN "strategy_meeting" m ON m."id" = r."meeting_id" WHERE ${meetingHeld(Prisma.sql`m."id"`)}
    UNION SELECT h."case_id"::text FROM "legal_hold" h WHERE h."lifted_at" IS NULL
    UNION SELECT h."id"::text FROM "legal_hold" h WHERE h."case_id" IN ${HELD}`);
  return rows.map((r) => r.id);
}

/** Audit events before the first day (UK time) of the month `years` before now are deleted: whole months. */
async function deleteExpiredAudit(tx: Tx, now: Date, years: number, keepCaseRecords: boolean): Promise<{ count: number; cutoff: Date }> {
  const [row] = await tx.$queryRaw<{ cutoff: Date }[]>(
    Prisma.sql`SELECT (date_trunc('month', (${yearsBefore(now, years)}::timestamptz AT TIME ZONE 'Europe/London')) AT TIME ZONE 'Europe/London') AS cutoff`,
  );
  const cutoff = row!.cutoff;
  const kept = await heldEntityIds(tx);
  const [deleted] = await tx.$queryRaw<{ n: number }[]>(Prisma.sql`SELECT concord_delete_expired_audit(${cutoff}::timestamptz, ${kept}::text[], ${keepCaseRecords}) AS n`);
  return { count: Number(deleted?.n ?? 0), cutoff };
}

function ruleOf(c: keyof RetentionSchedule, years: number): string {
  const rule = RETENTION_RULES[c];
  return `${rule.label}: ${rule.atTheEnd === "anonymise" ? "anonymised" : "deleted"} ${years} years after ${rule.runsFrom}`;
}

/**
 * Runs the schedule once as of Concord's clock. Returns what it did; `ran` is false when another
 * node holds the job's lock (it is running the same job now).
 */
export async function runRetention(services: Services): Promise<RetentionResult> {
  const { db, clock } = services;
  return db.$transaction(
    async (tx) => {
      const [lock] = await tx.$queryRaw<{ locked: boolean }[]>`SELECT pg_try_advisory_xact_lock(${RETENTION_LOCK_KEY}::bigint) AS locked`;
      const partnershipHold = await partnershipHoldOn(tx);
      if (!lock?.locked) return { ran: false, partnershipHold, entries: [] };
      const now = clock.now();
      const schedule = await retentionSchedule(tx);
      const entries: DestructionEntry[] = [];
      // The partnership-wide hold keeps every case record (the IICSA instruction): only audit
      // events about no case record (sign-ins, settings, accounts) still leave on schedule.
      if (!partnershipHold) {
        const contactsCutoff = yearsBefore(now, schedule.contacts);
        entries.push({ recordClass: "contacts", action: "anonymised", count: await anonymiseContacts(tx, now, contactsCutoff), rule: ruleOf("contacts", schedule.contacts), periodYears: schedule.contacts, cutoff: contactsCutoff });
        entries.push({
          recordClass: "discussion_requests",
          action: "anonymised",
          count: await anonymiseStandaloneRequests(tx, now, contactsCutoff),
          rule: `Requests for a strategy discussion that led to no meeting: anonymised ${schedule.contacts} years after the answer`,
          periodYears: schedule.contacts,
          cutoff: contactsCutoff,
        });
        const meetingsCutoff = yearsBefore(now, schedule.meetings);
        entries.push({ recordClass: "meetings", action: "anonymised", count: await anonymiseMeetings(tx, now, meetingsCutoff), rule: ruleOf("meetings", schedule.meetings), periodYears: schedule.meetings, cutoff: meetingsCutoff });
        const disagreementsCutoff = yearsBefore(now, schedule.disagreements);
        entries.push({ recordClass: "disagreements", action: "anonymised", count: await anonymiseDisagreements(tx, now, disagreementsCutoff), rule: ruleOf("disagreements", schedule.disagreements), periodYears: schedule.disagreements, cutoff: disagreementsCutoff });
        entries.push({ recordClass: "cases", action: "anonymised", count: await anonymiseCases(tx, now), rule: "Case references: anonymised once every record about the case is", periodYears: null, cutoff: now });
      }
      const audit = await deleteExpiredAudit(tx, now, schedule.audit, partnershipHold);
      entries.push({
        recordClass: "audit_events",
        action: "deleted",
        count: audit.count,
        rule: `${ruleOf("audit", schedule.audit)}, in whole months${partnershipHold ? " (events about case records kept: partnership-wide hold)" : ""}`,
        periodYears: schedule.audit,
        cutoff: audit.cutoff,
      });
      await logDestruction(tx, now, entries);
      return { ran: true, partnershipHold, entries };
    },
    { timeout: 10 * 60_000, maxWait: 30_000 },
  );
}

/**
 * The scheduled job (hourly, next to the purge in server/main.ts): the retention schedule, then
 * the suspension of unused accounts (docs/decisions/0036).
 */
export async function runScheduledRetention(services: Services) {
  const retention = await runRetention(services);
  const accounts = await suspendUnusedAccounts(services);
  return { retention, suspendedAccounts: accounts.suspended.length };
}
