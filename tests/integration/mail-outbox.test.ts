// The outbox against a real SMTP server started here (smtp-server): every email arrives exactly
// once, a slow server cannot make a transaction time out and resend, failures back off and park,
// and a system administrator can send a parked email again.
import { afterEach, describe, expect, it } from "vitest";
import { SMTPServer } from "smtp-server";
import type { AddressInfo } from "node:net";
import { useHarness, DEMO, rejection } from "../support/harness";
import { startOutboxWorker, MAX_ATTEMPTS, retryDelayMs, type OutboxWorker } from "../../server/mail/outbox-worker";
import { enqueueEmails } from "../../server/domain/mail/outbox";

const h = useHarness();

interface Received {
  to: string;
  messageId: string;
}

/** A local SMTP server; `behave` may delay or refuse each message. */
async function startSmtp(behave: (n: number) => Promise<Error | null> = async () => null) {
  const received: Received[] = [];
  let n = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        const raw = Buffer.concat(chunks).toString("utf8");
        const messageId = /^Message-ID:\s*(.+)$/im.exec(raw)?.[1]?.trim() ?? "";
        void behave(++n).then((error) => {
          if (error) return callback(error);
          received.push({ to: session.envelope.rcptTo.map((r) => r.address).join(","), messageId });
          callback();
        });
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.server.address() as AddressInfo).port;
  return { received, url: `smtp://127.0.0.1:${port}`, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

const workers: OutboxWorker[] = [];
const servers: { close(): Promise<void> }[] = [];
afterEach(async () => {
  workers.splice(0).forEach((w) => w.stop());
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

function worker(url: string, timeoutsMs?: number) {
  const w = startOutboxWorker(h.db, { smtpUrl: url, from: "concord@partnership.example.org", clock: h.clock, intervalMs: 3_600_000, timeoutsMs });
  workers.push(w);
  return w;
}

async function queue(count: number) {
  await h.db.$transaction((tx) =>
    enqueueEmails(tx, Array.from({ length: count }, (_, i) => ({ to: `person${i}@police.example.org`, subject: `Strategy meeting invitation ${i}`, body: "Please answer in Concord." })), h.clock.now()),
  );
  return h.db.outboxEmail.findMany({ select: { id: true }, orderBy: { toAddress: "asc" } });
}

describe("the mail outbox", () => {
  it("sends every email exactly once, with its own Message-ID, even with two workers draining at once", async () => {
    const smtp = await startSmtp();
    servers.push(smtp);
    const rows = await queue(30);
    const [a, b] = [worker(smtp.url), worker(smtp.url)];
    const sent = await Promise.all([a.drain(), b.drain()]);
    expect(sent[0] + sent[1]).toBe(30);
    expect(smtp.received).toHaveLength(30);
    expect(new Set(smtp.received.map((r) => r.messageId)).size).toBe(30);
    expect(smtp.received.map((r) => r.messageId).sort()).toEqual(rows.map((r) => `<${r.id}@concord.outbox>`).sort());
    expect(await h.db.outboxEmail.count({ where: { sentAt: null } })).toBe(0);
  });

  it("a server slower than a transaction's timeout neither duplicates nor loses mail", async () => {
    // Concord's transactions time out after 30 seconds (server/db/connect.ts); these two messages
    // take 31 between them. Sent inside one transaction, the record of both would roll back after
    // the server had accepted them, and the next round would send them again.
    const smtp = await startSmtp(() => new Promise((resolve) => setTimeout(() => resolve(null), 15_500)));
    servers.push(smtp);
    await queue(2);
    expect(await worker(smtp.url).drain().catch(() => -1)).toBe(2);
    expect(smtp.received).toHaveLength(2);
    expect(await h.db.outboxEmail.count({ where: { sentAt: { not: null } } })).toBe(2);
    // Nothing is left to send a second time, even once any lease has long lapsed.
    h.clock.advance(3_600_000);
    expect(await worker(smtp.url).drain().catch(() => -1)).toBe(0);
    expect(smtp.received).toHaveLength(2);
  }, 90_000);

  it("a send that times out is retried later, not lost; the retry carries the same Message-ID", async () => {
    // The first delivery hangs past the client's timeout; the server never accepts it.
    const smtp = await startSmtp(async (n) => (n === 1 ? new Promise((resolve) => setTimeout(() => resolve(new Error("too late")), 3_000)) : null));
    servers.push(smtp);
    const [row] = await queue(1);
    expect(await worker(smtp.url, 1_000).drain()).toBe(0);
    const failed = await h.db.outboxEmail.findUniqueOrThrow({ where: { id: row!.id } });
    expect(failed).toMatchObject({ sentAt: null, attempts: 1, parkedAt: null });
    expect(failed.nextAttemptAt!.getTime()).toBe(h.clock.now().getTime() + retryDelayMs(1));
    // Not before the backoff...
    expect(await worker(smtp.url).drain()).toBe(0);
    // ...then sent.
    h.clock.advance(retryDelayMs(1));
    await new Promise((resolve) => setTimeout(resolve, 2_500)); // let the hung delivery finish on the server
    expect(await worker(smtp.url).drain()).toBe(1);
    expect(smtp.received.map((r) => r.messageId)).toEqual([`<${row!.id}@concord.outbox>`]);
  }, 30_000);

  it("backs off after each failure, parks after repeated failures, and a system administrator sends it again", async () => {
    let refusing = true;
    const smtp = await startSmtp(async () => (refusing ? Object.assign(new Error("Mailbox unavailable"), { responseCode: 451 }) : null));
    servers.push(smtp);
    const [row] = await queue(1);
    const w = worker(smtp.url);
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      expect(await w.drain()).toBe(0);
      h.clock.advance(retryDelayMs(attempt));
    }
    const parked = await h.db.outboxEmail.findUniqueOrThrow({ where: { id: row!.id } });
    expect(parked.attempts).toBe(MAX_ATTEMPTS);
    expect(parked.parkedAt).not.toBeNull();
    expect(parked.lastError).toMatch(/Mailbox unavailable/);
    // Parked: no further tries, however long we wait.
    h.clock.advance(24 * 3_600_000);
    expect(await w.drain()).toBe(0);

    // A system administrator sees it; nobody else may.
    const admin = await h.caller(DEMO.systemAdmin);
    expect((await admin.caller.mail.parked()).emails.map((e) => e.id)).toEqual([row!.id]);
    expect((await rejection((await h.caller(DEMO.councilAdmin)).caller.mail.parked())).code).toBe("FORBIDDEN");
    expect((await rejection((await h.caller(DEMO.chair)).caller.mail.resend({ emailId: row!.id }))).code).toBe("FORBIDDEN");

    refusing = false;
    await admin.caller.mail.resend({ emailId: row!.id });
    // Twice is a clear conflict, not a second copy.
    expect((await rejection(admin.caller.mail.resend({ emailId: row!.id }))).code).toBe("CONFLICT");
    expect(await w.drain()).toBe(1);
    expect(smtp.received).toHaveLength(1);
    expect(await h.db.auditEvent.count({ where: { action: "mail.resend", entityId: row!.id } })).toBe(1);
  }, 30_000);

  it("a worker whose lease lapsed cannot mark a message another worker has taken", async () => {
    const smtp = await startSmtp();
    servers.push(smtp);
    const [row] = await queue(1);
    // A worker claimed it long ago and died before marking it.
    await h.db.outboxEmail.update({ where: { id: row!.id }, data: { claimedUntil: new Date(h.clock.now().getTime() - 1), attempts: 1 } });
    expect(await worker(smtp.url).drain()).toBe(1);
    const sent = await h.db.outboxEmail.findUniqueOrThrow({ where: { id: row!.id } });
    expect(sent).toMatchObject({ attempts: 2, claimedUntil: null });
    expect(sent.sentAt).not.toBeNull();
  });
});
