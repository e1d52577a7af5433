// Sends the email outbox: by SMTP when SMTP_URL is set (nodemailer), otherwise it logs each
// message (without its body) and marks it sent, so a demo install needs no mail server.
// Rows are claimed with FOR UPDATE SKIP LOCKED, so several nodes never send one email twice.
import nodemailer from "nodemailer";
import type { Db } from "../db/connect";
import { logger } from "../logger";

const BATCH = 20;
const MAX_ATTEMPTS = 5;

export interface OutboxWorker {
  /** Send what is waiting now; returns how many were sent. */
  drain(): Promise<number>;
  stop(): void;
}

export function startOutboxWorker(db: Db, options: { smtpUrl?: string; from: string; intervalMs?: number }): OutboxWorker {
  const transport = options.smtpUrl ? nodemailer.createTransport(options.smtpUrl) : null;
  let running = false;

  async function drain(): Promise<number> {
    if (running) return 0;
    running = true;
    let sent = 0;
    try {
      for (;;) {
        const batch = await db.$transaction(async (tx) => {
          const rows = await tx.$queryRaw<{ id: string; to_address: string; subject: string; body: string; calendar: string | null; attempts: number }[]>`
            SELECT id, to_address, subject, body, calendar, attempts FROM outbox_email
            WHERE sent_at IS NULL AND attempts < ${MAX_ATTEMPTS}
            ORDER BY created_at LIMIT ${BATCH} FOR UPDATE SKIP LOCKED`;
          for (const row of rows) {
            try {
              if (transport) {
                await transport.sendMail({
                  from: options.from,
                  to: row.to_address,
                  subject: row.subject,
                  text: row.body,
                  icalEvent: row.calendar ? { method: "REQUEST", content: row.calendar } : undefined,
                });
              } else {
                logger.info({ emailId: row.id, subject: row.subject, calendar: !!row.calendar }, "email (no SMTP_URL configured: logged, not sent)");
              }
              await tx.outboxEmail.update({ where: { id: row.id }, data: { sentAt: new Date(), attempts: row.attempts + 1 } });
            } catch (error) {
              await tx.outboxEmail.update({ where: { id: row.id }, data: { attempts: row.attempts + 1, lastError: (error as Error).message.slice(0, 500) } });
              logger.warn({ emailId: row.id, err: error }, "email failed");
            }
          }
          return rows.length;
        });
        sent += batch;
        if (batch < BATCH) return sent;
      }
    } finally {
      running = false;
    }
  }

  const timer = setInterval(() => {
    drain().catch((error) => logger.error({ err: error }, "outbox worker failed"));
  }, options.intervalMs ?? 5_000);
  timer.unref();
  return { drain, stop: () => clearInterval(timer) };
}
