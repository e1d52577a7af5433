// Scheduled purging of rows that have served their purpose (docs/decisions/0029): ended
// sessions, old sign-in attempts, sent email and finished or abandoned single sign-ons. Case records are never purged here: their
// retention is the partnership's schedule and legal holds, not a housekeeping job.
import type { Services } from "../services";
import { currentSessionLifetimes } from "../auth/sessions";
import { FAMILIAR_ADDRESS_DAYS } from "../auth/throttle";
import { logDestruction } from "./retention";

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Sign-in attempts are kept this long. Throttling looks back at most FAMILIAR_ADDRESS_DAYS (an
 * address the account signed in from recently is familiar); the rest is for investigating an
 * attack. Successful sign-ins stay in the audit trail regardless.
 */
export const LOGIN_ATTEMPT_RETENTION_DAYS = 90;

/**
 * Sent email is kept this long after sending, to answer "was I sent it?"; the change it told
 * about is in the records and the audit trail. Unsent and parked email is never purged.
 */
export const SENT_MAIL_RETENTION_DAYS = 30;

if (LOGIN_ATTEMPT_RETENTION_DAYS <= FAMILIAR_ADDRESS_DAYS) throw new Error("sign-in attempts must outlive the familiar-address window");

export interface PurgeResult {
  sessions: number;
  loginAttempts: number;
  sentMail: number;
  /** Single sign-ons started a day or more ago (used or abandoned; one lives 10 minutes). */
  ssoSignIns: number;
}

/**
 * Deletes what has expired as of Concord's clock. Safe to run on every node at once: each delete
 * is idempotent, and a session ends by the same rule `validateSession` applies (the lifetimes in
 * force now), so nothing still usable is removed.
 */
export async function purgeExpired(services: Services): Promise<PurgeResult> {
  const { db, clock } = services;
  const now = clock.now().getTime();
  const lifetimes = await currentSessionLifetimes(services);
  const sessions = await db.session.deleteMany({
    where: {
      OR: [
        { lastSeenAt: { lte: new Date(now - lifetimes.idleMinutes * 60_000) } },
        { createdAt: { lte: new Date(now - lifetimes.absoluteHours * 3_600_000) } },
      ],
    },
  });
  const loginAttempts = await db.loginAttempt.deleteMany({ where: { attemptedAt: { lt: new Date(now - LOGIN_ATTEMPT_RETENTION_DAYS * DAY_MS) } } });
  const sentMail = await db.outboxEmail.deleteMany({
    where: { sentAt: { not: null, lt: new Date(now - SENT_MAIL_RETENTION_DAYS * DAY_MS) }, parkedAt: null },
  });
  const ssoSignIns = await db.ssoSignIn.deleteMany({ where: { createdAt: { lt: new Date(now - DAY_MS) } } });
  // Each node logs what it deleted itself: the counts add up across nodes.
  await logDestruction(db, clock.now(), [
    { recordClass: "sessions", action: "deleted", count: sessions.count, rule: `Sessions: deleted once ended (${lifetimes.idleMinutes} minutes without use, ${lifetimes.absoluteHours} hours after sign-in)`, periodYears: null, cutoff: new Date(now - lifetimes.idleMinutes * 60_000) },
    { recordClass: "sign_in_attempts", action: "deleted", count: loginAttempts.count, rule: `Sign-in attempts: deleted after ${LOGIN_ATTEMPT_RETENTION_DAYS} days`, periodYears: null, cutoff: new Date(now - LOGIN_ATTEMPT_RETENTION_DAYS * DAY_MS) },
    { recordClass: "sent_mail", action: "deleted", count: sentMail.count, rule: `Sent email: deleted ${SENT_MAIL_RETENTION_DAYS} days after sending`, periodYears: null, cutoff: new Date(now - SENT_MAIL_RETENTION_DAYS * DAY_MS) },
    { recordClass: "sso_sign_ins", action: "deleted", count: ssoSignIns.count, rule: "Single sign-ons in progress: deleted a day after they started", periodYears: null, cutoff: new Date(now - DAY_MS) },
  ]);
  return { sessions: sessions.count, loginAttempts: loginAttempts.count, sentMail: sentMail.count, ssoSignIns: ssoSignIns.count };
}
