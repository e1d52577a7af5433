// Email the outbox gave up on after repeated failures (server/mail/outbox-worker.ts): a system
// administrator sees it here and, once the cause is fixed, sends it again. Nothing is dropped.
import { z } from "zod";
import type { Services } from "../services";
import type { Actor } from "../access/actor";
import { assertCan } from "../access/policy";
import { recordAudit } from "../audit/audit";
import { conflict, notFound } from "../errors";

export const resendInputSchema = z.object({ emailId: z.uuid({ error: "Choose an email" }) });

/** Parked emails, oldest first: who to, what about, when, how often tried, the last error. */
export async function listParkedEmails(services: Services, actor: Actor) {
  assertCan(actor, "read", "audit");
  const rows = await services.db.outboxEmail.findMany({
    where: { parkedAt: { not: null }, sentAt: null },
    orderBy: { createdAt: "asc" },
    take: 500,
    select: { id: true, toAddress: true, subject: true, createdAt: true, parkedAt: true, attempts: true, lastError: true },
  });
  const total = await services.db.outboxEmail.count({ where: { parkedAt: { not: null }, sentAt: null } });
  return { total, emails: rows.map((r) => ({ ...r, createdAt: r.createdAt.toISOString(), parkedAt: r.parkedAt!.toISOString() })) };
}

/** Put a parked email back in the queue for the next round of sending. */
export async function resendParkedEmail(services: Services, actor: Actor, input: z.input<typeof resendInputSchema>, meta: { requestId?: string } = {}) {
  assertCan(actor, "manage", "calendar");
  const { emailId } = resendInputSchema.parse(input);
  return services.db.$transaction(async (tx) => {
    const changed = await tx.outboxEmail.updateMany({ where: { id: emailId, parkedAt: { not: null }, sentAt: null }, data: { parkedAt: null, attempts: 0, nextAttemptAt: null, claimedUntil: null } });
    if (changed.count === 0) {
      const exists = await tx.outboxEmail.findUnique({ where: { id: emailId }, select: { id: true } });
      if (!exists) throw notFound("That email");
      throw conflict("That email is no longer parked: it was sent or queued again already.");
    }
    await recordAudit(tx, actor, { action: "mail.resend", entityType: "email", entityId: emailId }, meta.requestId);
    return { queued: true };
  });
}
