// Each agency sees who looked at its records (issue 16, item 4): from the audit trail, the people
// of every agency who viewed or changed this agency's contacts (those it made), meetings (those it
// was invited to or convened) and disagreements (those it raised or received). An agency never
// sees the access to another agency's records: the agency is always the reader's own, decided in
// access/. Lists are not included: a list names many records at once, and its audit entry says
// which; the log is of records opened or changed one at a time (docs/decisions/0037).
import { z } from "zod";
import { Prisma } from "../../db/generated/client";
import type { Services } from "../services";
import type { Actor } from "../access/actor";
import { accessLogAgency } from "../access/policy";
import { recordAudit } from "../audit/audit";
import { calendarDate, wholeNumber } from "../validation";
import { addCalendarDays, fromLondon } from "../calendar/working-days";
import { invalid } from "../errors";
import { ACCESS_LOG_RECORD_TYPES, type AccessLogRecordType } from "./labels";

export const ACCESS_LOG_PAGE_SIZE = 25;

const blankToUndefined = (value: unknown) => (value === "" ? undefined : value);

export const accessLogInputSchema = z
  .strictObject({
    /** UK dates, inclusive: from the start of `from` to the end of `to`. */
    from: z.preprocess(blankToUndefined, calendarDate("Enter the start date as a real date, like 23 11 2026").optional()),
    to: z.preprocess(blankToUndefined, calendarDate("Enter the end date as a real date, like 30 11 2026").optional()),
    recordType: z.preprocess(blankToUndefined, z.enum(ACCESS_LOG_RECORD_TYPES, { error: "Choose a record type from the list" }).optional()),
    viewerAgencyId: z.preprocess(blankToUndefined, z.uuid({ error: "Choose an agency from the list" }).optional()),
    page: wholeNumber("Choose a page number from 1 to 10,000", { min: 1, max: 10_000 }).default(1),
  })
  .default({ page: 1 });
export type AccessLogInput = z.input<typeof accessLogInputSchema>;

type Meta = { requestId?: string };

/** What an audited action did, for a person: "Viewed", or what was changed. */
const ACTION_WORDS: Record<string, string> = {
  "contact.read": "Viewed the contact",
  "contact.record": "Recorded the contact",
  "contact.link_case": "Linked the contact to a case record",
  "contact.referrer_told": "Recorded that the referrer was told the decision",
  "threshold.decide": "Recorded the threshold decision",
  "threshold.sign_off": "Signed off the threshold decision",
  "meeting.read": "Viewed the meeting",
  "meeting.minutes_read": "Read the minutes",
  "meeting.convene": "Convened the meeting",
  "meeting.enquiry_outcome": "Recorded the enquiry's outcome",
  "disagreement.read": "Viewed the disagreement",
  "disagreement.raise": "Raised the disagreement",
  "case.subject_access_export": "Exported the case for a subject access request",
};

export function describeAuditAction(action: string): string {
  const known = ACTION_WORDS[action];
  if (known) return known;
  const [, verb] = action.split(".");
  return verb?.endsWith("read") ? "Viewed" : `Changed (${(verb ?? action).replace(/_/g, " ")})`;
}

export function isView(action: string): boolean {
  return action.endsWith(".read") || action.endsWith("_read");
}

interface Row {
  id: bigint;
  occurred_at: Date;
  action: string;
  entity_type: AccessLogRecordType;
  entity_id: string;
  actor_name: string | null;
  actor_agency_id: string | null;
  actor_agency_name: string | null;
  reference: string | null;
}

export async function listAccessLog(services: Services, actor: Actor, input: AccessLogInput = {}, meta: Meta = {}) {
  const agencyId = accessLogAgency(actor);
  const f = accessLogInputSchema.parse(input);
  if (f.from && f.to && f.from > f.to) throw invalid("The start date must be on or before the end date", { from: "The start date must be on or before the end date" });
  const from = f.from ? fromLondon(f.from) : null;
  const until = f.to ? fromLondon(addCalendarDays(f.to, 1)) : null;
  const types = f.recordType ? [f.recordType] : [...ACCESS_LOG_RECORD_TYPES];
  // The agency's records, by kind; each joined to the audit trail by the (entity_type, entity_id) index.
  const owned = Prisma.sql`
    SELECT 'contact'::text AS entity_type, c.id::text AS entity_id, c.referrer_reference AS reference FROM contact c WHERE c.source_agency_id = ${agencyId}::uuid
    UNION ALL
    SELECT 'meeting', m.id::text, cc.reference FROM meeting_invitation i JOIN strategy_meeting m ON m.id = i.meeting_id JOIN child_case cc ON cc.id = m.case_id WHERE i.agency_id = ${agencyId}::uuid
    UNION ALL
    SELECT 'disagreement', d.id::text, NULL FROM disagreement d WHERE d.raising_agency_id = ${agencyId}::uuid OR d.receiving_agency_id = ${agencyId}::uuid`;
  const where = Prisma.sql`
    e.entity_type = ANY(${types}::text[])
    ${from ? Prisma.sql`AND e.occurred_at >= ${from}` : Prisma.empty}
    ${until ? Prisma.sql`AND e.occurred_at < ${until}` : Prisma.empty}
    ${f.viewerAgencyId ? Prisma.sql`AND e.actor_agency_id = ${f.viewerAgencyId}::uuid` : Prisma.empty}`;
  const offset = (f.page - 1) * ACCESS_LOG_PAGE_SIZE;
  return services.db.$transaction(async (tx) => {
    const [{ total }] = await tx.$queryRaw<[{ total: bigint }]>`
      WITH owned AS (${owned})
      SELECT count(*) AS total FROM audit_event e JOIN owned o ON o.entity_type = e.entity_type AND o.entity_id = e.entity_id WHERE ${where}`;
    const rows = await tx.$queryRaw<Row[]>`
      WITH owned AS (${owned})
      SELECT e.id, e.occurred_at, e.action, e.entity_type, e.entity_id, u.display_name AS actor_name, e.actor_agency_id::text AS actor_agency_id, a.name AS actor_agency_name, o.reference
      FROM audit_event e
      JOIN owned o ON o.entity_type = e.entity_type AND o.entity_id = e.entity_id
      LEFT JOIN app_user u ON u.id = e.actor_user_id
      LEFT JOIN agency a ON a.id = e.actor_agency_id
      WHERE ${where}
      ORDER BY e.id DESC
      LIMIT ${ACCESS_LOG_PAGE_SIZE} OFFSET ${offset}`;
    const agencies = await tx.agency.findMany({ orderBy: { name: "asc" }, select: { id: true, name: true } });
    await recordAudit(tx, actor, { action: "access_log.read", entityType: "agency", entityId: agencyId, detail: { page: f.page, recordType: f.recordType ?? null, viewerAgencyId: f.viewerAgencyId ?? null } }, meta.requestId);
    return {
      agencyName: actor.agencyName,
      filters: { from: f.from ?? null, to: f.to ?? null, recordType: f.recordType ?? null, viewerAgencyId: f.viewerAgencyId ?? null },
      agencies,
      total: Number(total),
      page: f.page,
      pageSize: ACCESS_LOG_PAGE_SIZE,
      items: rows.map((r) => ({
        id: r.id.toString(),
        occurredAt: r.occurred_at.toISOString(),
        who: r.actor_name ?? "Concord",
        agencyName: r.actor_agency_name,
        /** Someone of another agency, not the reader's own. */
        otherAgency: r.actor_agency_id !== agencyId,
        what: describeAuditAction(r.action),
        kind: isView(r.action) ? ("viewed" as const) : ("changed" as const),
        recordType: r.entity_type,
        recordId: r.entity_id,
        /** The agency's own reference for its contact, or the meeting's case reference (the agency was invited). */
        reference: r.reference,
      })),
    };
  });
}
