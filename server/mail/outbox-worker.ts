// Sends the email outbox: by SMTP when SMTP_URL is set (nodemailer), otherwise it logs each
// message (without its body) and marks it sent, so a demo install needs no mail server.
//
// Three steps, so that no message is sent twice or lost (docs/decisions/0025):
//   claim  one short statement takes due rows (FOR UPDATE SKIP LOCKED, so several nodes never
//          take the same row) and leases them to this worker until `claimed_until`;
//   send   outside any transaction: a slow mail server cannot time a transaction out and roll
//          back the record of messages it already accepted;
//   mark   each message sent (or failed, with a backoff, or parked) in its own statement, and
//          only while this worker's lease holds.
// A worker that dies between sending and marking leaves the row to be taken again when its lease
// ends: the retry carries the same Message-ID, so mail systems recognise the copy.
import type { Db } from "../db/connect";
import type { Clock } from "../domain/services";
import { logger } from "../logger";

const BATCH = 20;
/** After this many failed attempts a message is parked for an administrator. */
export const MAX_ATTEMPTS = 5;
/** How long a claim lasts: longer than the transport's own timeouts, so a live send never loses it. */
const LEASE_MS = 3 * 60_000;
/** First retry after 30 seconds, doubling, at most an hour apart. */
export function retryDelayMs(attempts: number): number {
  return Math.min(30_000 * 2 ** Math.max(0, attempts - 1), 3_600_000);
}

export interface OutboxWorker {
  /** Send what is due now; returns how many were sent. */
  drain(): Promise<number>;
  stop(): void;
}

interface Claimed {
  id: string;
  to_address: string;
  subject: string;
  body: string;
  calendar: string | null;
  attempts: number;
  claimed_until: Date;
}

export function startOutboxWorker(db: Db, options: { smtpUrl?: string; from: string; intervalMs?: number; clock: Clock; timeoutsMs?: number }): OutboxWorker {
  const timeout = options.timeoutsMs ?? 60_000;
  // nodemailer is loaded only where mail goes out by SMTP (decision 0042).
  const smtpUrl = options.smtpUrl;
  const transport = smtpUrl
    ? import("nodemailer").then(({ default: nodemailer }) => nodemailer.createTransport(smtpUrl, { connectionTimeout: timeout, greetingTimeout: timeout, socketTimeout: timeout } as never))
    : null;
  let running = false;

  async function claim(): Promise<Claimed[]> {
    const now = options.clock.now();
    const until = new Date(now.getTime() + LEASE_MS);
    return db.$queryRaw<Claimed[]>`
      UPDATE outbox_email SET claimed_until = ${until}, attempts = attempts + 1
      WHERE id IN (
        SELECT id FROM outbox_email
        WHERE sent_at IS NULL AND parked_at IS NULL
          AND (next_attempt_at IS NULL OR next_attempt_at <= ${now})
          AND (claimed_until IS NULL OR claimed_until < ${now})
        ORDER BY created_at LIMIT ${BATCH}
        FOR UPDATE SKIP LOCKED)
      RETURNING id, to_address, subject, body, calendar, attempts, claimed_until`;
  }

  async function send(row: Claimed) {
    if (!transport) {
      logger.info({ emailId: row.id, subject: row.subject, calendar: !!row.calendar }, "email (no SMTP_URL configured: logged, not sent)");
      return;
    }
    await (await transport).sendMail({
      from: options.from,
      to: row.to_address,
      subject: row.subject,
      text: row.body,
      // The same id on every attempt: a copy sent after a crash is recognisably the same message.
      messageId: `<${row.id}@concord.outbox>`,
      icalEvent: row.calendar ? { method: "REQUEST", content: row.calendar } : undefined,
    });
  }

  async function settle(row: Claimed, error: unknown) {
    const now = options.clock.now();
    // Only while our lease holds: if it lapsed and another worker took the row, it settles it.
    if (!error) {
      await db.$executeRaw`UPDATE outbox_email SET sent_at = ${now}, claimed_until = NULL, last_error = NULL WHERE id = ${row.id}::uuid AND claimed_until = ${row.claimed_until} AND sent_at IS NULL`;
      return;
    }
    const message = (error as Error).message?.slice(0, 500) ?? String(error);
    const park = row.attempts >= MAX_ATTEMPTS;
    await db.$executeRaw`
      UPDATE outbox_email SET claimed_until = NULL, last_error = ${message},
        next_attempt_at = ${park ? null : new Date(now.getTime() + retryDelayMs(row.attempts))},
        parked_at = ${park ? now : null}
      WHERE id = ${row.id}::uuid AND claimed_until = ${row.claimed_until} AND sent_at IS NULL`;
    logger.warn({ emailId: row.id, attempts: row.attempts, parked: park, err: error }, park ? "email parked after repeated failures" : "email failed; will retry");
  }

  async function drain(): Promise<number> {
    if (running) return 0;
    running = true;
    let sent = 0;
    try {
      for (;;) {
        const rows = await claim();
        for (const row of rows) {
          const error = await send(row).then(
            () => null,
            (e: unknown) => e ?? new Error("unknown mail error"),
          );
          await settle(row, error);
          if (!error) sent += 1;
        }
        if (rows.length < BATCH) return sent;
      }
    } finally {
      running = false;
    }
  }

  const timer = setInterval(() => {
    drain().catch((error) => logger.error({ err: error }, "outbox worker failed"));
  }, options.intervalMs ?? 5_000);
  timer.unref();
  return {
    drain,
    stop: () => {
      clearInterval(timer);
      void transport?.then((t) => t.close());
    },
  };
}
