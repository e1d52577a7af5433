// The audit trail: append-only, written in the same transaction as the change it records.
import { z } from "zod";
import type { Db, Tx } from "../../db/connect";
import type { Services } from "../services";
import type { Actor } from "../access/actor";
import { assertCan } from "../access/policy";
import { bigintId, freeText, instant, wholeNumber } from "../validation";

export interface AuditEntry {
  action: string;
  entityType: string;
  entityId?: string | null;
  /** Structured detail. Never passwords, tokens, email addresses or free text about a child. */
  detail?: Record<string, unknown>;
}

export interface AuditActor {
  userId: string;
  agencyId: string;
}

/**
 * Append an audit event. Only the id comes back: without `select`, PostgreSQL returned every
 * column, the detail (every listed id) too, for nothing. (`createMany` returns nothing but
 * costs Prisma three times the CPU: its query plan is not cached. docs/decisions/0032.)
 */
export async function recordAudit(tx: Tx | Db, actor: AuditActor | null, entry: AuditEntry, requestId?: string): Promise<void> {
  await tx.auditEvent.create({
    select: { id: true },
    data: {
      actorUserId: actor?.userId ?? null,
      actorAgencyId: actor?.agencyId ?? null,
      action: entry.action,
      entityType: entry.entityType,
      entityId: entry.entityId ?? null,
      detail: (entry.detail ?? undefined) as never,
      requestId: requestId ?? null,
    },
  });
}

export const auditFilterSchema = z.object({
  action: freeText("the action").max(100, "Action must be 100 characters or fewer").optional(),
  entityType: freeText("the record type").max(100, "Record type must be 100 characters or fewer").optional(),
  entityId: freeText("the record id").max(100, "Record id must be 100 characters or fewer").optional(),
  actorUserId: z.uuid().optional(),
  actorAgencyId: z.uuid().optional(),
  from: instant("Enter the start date as a real date, like 2026-11-30").optional(),
  to: instant("Enter the end date as a real date, like 2026-11-30").optional(),
  /** Events older than this id (for paging backwards in time). */
  before: bigintId("That page of older events does not exist. Start again from the newest.").optional(),
  limit: wholeNumber("Show between 1 and 200 events", { min: 1, max: 200 }).default(50),
});
export type AuditFilter = z.input<typeof auditFilterSchema>;

export async function listAuditEvents(services: Services, actor: Actor, filter: AuditFilter) {
  assertCan(actor, "read", "audit");
  const f = auditFilterSchema.parse(filter);
  const matching = {
    action: f.action ? { startsWith: f.action } : undefined,
    entityType: f.entityType || undefined,
    entityId: f.entityId || undefined,
    actorUserId: f.actorUserId,
    actorAgencyId: f.actorAgencyId,
    occurredAt: f.from || f.to ? { gte: f.from, lte: f.to } : undefined,
  };
  // The total that match the filter, so the page never stops silently (issue 13).
  const total = await services.db.auditEvent.count({ where: matching });
  const rows = await services.db.auditEvent.findMany({
    where: { ...matching, id: f.before ? { lt: f.before } : undefined },
    orderBy: { id: "desc" },
    take: f.limit + 1,
    select: {
      id: true,
      occurredAt: true,
      action: true,
      entityType: true,
      entityId: true,
      detail: true,
      actorUserId: true,
      actorAgencyId: true,
    },
  });
  const page = rows.slice(0, f.limit);
  // Names resolved in one query each, so the list shows people and agencies, not ids.
  const userIds = [...new Set(page.map((r) => r.actorUserId).filter((id): id is string => !!id))];
  const agencyIds = [...new Set(page.map((r) => r.actorAgencyId).filter((id): id is string => !!id))];
  const [users, agencies] = await Promise.all([
    services.db.user.findMany({ where: { id: { in: userIds } }, select: { id: true, displayName: true } }),
    services.db.agency.findMany({ where: { id: { in: agencyIds } }, select: { id: true, name: true } }),
  ]);
  const userName = new Map(users.map((u) => [u.id, u.displayName]));
  const agencyName = new Map(agencies.map((a) => [a.id, a.name]));
  return {
    events: page.map((row) => ({
      id: row.id.toString(),
      occurredAt: row.occurredAt.toISOString(),
      action: row.action,
      entityType: row.entityType,
      entityId: row.entityId,
      detail: row.detail as Record<string, unknown> | null,
      actorName: row.actorUserId ? (userName.get(row.actorUserId) ?? "Unknown user") : "System",
      actorAgencyName: row.actorAgencyId ? (agencyName.get(row.actorAgencyId) ?? null) : null,
    })),
    nextBefore: rows.length > f.limit ? page[page.length - 1]!.id.toString() : null,
    total,
  };
}
