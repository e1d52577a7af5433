// Sign-in throttling without handing attackers a lockout. Three limits, all counted in the
// `login_attempt` table so they hold across nodes and restarts:
//  1. one address at one account: a few free tries, then a wait that doubles with each failure
//     (15 s, 30 s, 1 min ... up to 15 min). Guesses from elsewhere never slow the owner here;
//  2. one address at any account: at most MAX_FAILURES_PER_ADDRESS failures in 15 minutes,
//     except for an account signing in from an address it recently succeeded from, so one
//     guesser behind an agency's shared address cannot lock out everyone at their usual desk;
//  3. one account from anywhere unfamiliar: once many failures pile up (a spread-out attack),
//     a growing wait between tries. Addresses the account signed in from recently are exempt,
//     so the owner at their usual desk can always sign in.
// An attempt claims its turn (a row, written as failed) before the password is checked, under
// advisory locks on the account and the address, so parallel requests on any number of nodes
// see each other. An IPv6 address counts as its /64 (one household or office line holds a whole
// /64, and privacy addresses change within it), so `ipAddress` below is always addressKey's.
// See docs/decisions/0012-sessions-and-sign-in-throttling.md.
import { isIPv4, isIPv6 } from "node:net";
import type { Tx } from "../../db/connect";
import type { Prisma } from "../../db/generated/client";
import type { Services } from "../services";
import { tooManyRequests } from "../errors";

/** Failures in a row from one address at one account before waits begin. */
export const FREE_FAILURES_PER_PAIR = 3;
/** How long failures from one address at one account are remembered. */
export const PAIR_MEMORY_MINUTES = 60;
export const MAX_PAIR_WAIT_SECONDS = 15 * 60;

export const ADDRESS_WINDOW_MINUTES = 15;
export const MAX_FAILURES_PER_ADDRESS = 30;

/** Failures at one account, from anywhere, in ACCOUNT_WINDOW_MINUTES before unfamiliar addresses wait. */
export const FREE_FAILURES_PER_ACCOUNT = 10;
export const ACCOUNT_WINDOW_MINUTES = 60;
export const MAX_ACCOUNT_WAIT_SECONDS = 5 * 60;
/** An address the account signed in from this recently is familiar: the account's slowdown spares it. */
export const FAMILIAR_ADDRESS_DAYS = 30;

const FIRST_WAIT_SECONDS = 15;

// Advisory lock classes (pg_advisory_xact_lock(class, key)); constants used nowhere else.
const ACCOUNT_LOCK = 7101;
const ADDRESS_LOCK = 7102;

/** The wait after `failures` failures when `free` of them cost nothing: 15 s, then doubling, capped. */
export function waitSeconds(failures: number, free: number, maxSeconds: number): number {
  if (failures < free) return 0;
  return Math.min(FIRST_WAIT_SECONDS * 2 ** Math.min(failures - free, 20), maxSeconds);
}

/** "Wait 30 seconds, then try again." for a person, rounded up. */
export function waitMessage(seconds: number): string {
  if (seconds < 60) {
    const s = Math.max(1, Math.ceil(seconds));
    return `Wait ${s} second${s === 1 ? "" : "s"}, then try again.`;
  }
  const m = Math.ceil(seconds / 60);
  return `Wait ${m} minute${m === 1 ? "" : "s"}, then try again.`;
}

const minutesBefore = (now: Date, minutes: number) => new Date(now.getTime() - minutes * 60_000);
const secondsUntil = (now: Date, from: Date, seconds: number) => (from.getTime() + seconds * 1000 - now.getTime()) / 1000;

/**
 * What the throttle counts an address as: an IPv4 address as itself (also when written as
 * IPv4-mapped IPv6, as a dual-stack socket reports it), an IPv6 address as its /64 network in
 * one canonical spelling (e.g. "2001:db8:0:1::/64"); anything else as given.
 */
export function addressKey(address: string): string {
  const bare = address.replace(/%.*$/, "").toLowerCase();
  if (isIPv4(bare) || !isIPv6(bare)) return bare;
  const groups = ipv6Groups(bare);
  const mapped = groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff;
  if (mapped) return [groups[6]! >> 8, groups[6]! & 0xff, groups[7]! >> 8, groups[7]! & 0xff].join(".");
  return `${groups.slice(0, 4).map((g) => g.toString(16)).join(":")}::/64`;
}

/** The eight 16-bit groups of a valid IPv6 address (with "::" and a dotted IPv4 tail expanded). */
function ipv6Groups(address: string): number[] {
  let text = address;
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = dotted.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = "", tail] = text.split("::");
  const parse = (part: string) => (part ? part.split(":").map((g) => parseInt(g, 16)) : []);
  const left = parse(head);
  const right = tail === undefined ? [] : parse(tail);
  return [...left, ...Array<number>(8 - left.length - right.length).fill(0), ...right];
}

/**
 * Claim a turn to check a password for `emailKey` from `ipAddress`, or refuse with how long to
 * wait. The claim is a failed attempt until `recordSignInSuccess` says otherwise, so a request
 * that dies half-way still counts.
 */
export async function claimSignInAttempt(services: Services, emailKey: string, clientAddress: string): Promise<bigint> {
  const now = services.clock.now();
  const ipAddress = addressKey(clientAddress);
  return services.db.$transaction(async (tx) => {
    // Always the account's lock before the address's, so two claims never wait on each other in a cycle.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${ACCOUNT_LOCK}::int, hashtext(${emailKey}))`;
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${ADDRESS_LOCK}::int, hashtext(${ipAddress}))`;
    const refusal = await refusalFor(tx, now, emailKey, ipAddress);
    if (refusal) throw tooManyRequests(refusal);
    const attempt = await tx.loginAttempt.create({ data: { emailKey, ipAddress, succeeded: false, attemptedAt: now }, select: { id: true } });
    return attempt.id;
  });
}

export async function recordSignInSuccess(services: Services, attemptId: bigint): Promise<void> {
  await services.db.loginAttempt.update({ where: { id: attemptId }, data: { succeeded: true } });
}

/** Give back a claimed turn whose password was never checked (the node was too busy). */
export async function releaseSignInAttempt(services: Services, attemptId: bigint): Promise<void> {
  await services.db.loginAttempt.deleteMany({ where: { id: attemptId } });
}

/**
 * Refuse (429) while sign-in for this email address from this address would have to wait;
 * changes nothing. For steps that start a session without a password check of their own
 * (accepting an invitation), so the throttle cannot be side-stepped through them.
 */
export async function assertSignInNotThrottled(services: Services, who: { email: string; ipAddress: string }): Promise<void> {
  const now = services.clock.now();
  const refusal = await services.db.$transaction((tx) => refusalFor(tx, now, who.email, addressKey(who.ipAddress)));
  if (refusal) throw tooManyRequests(refusal);
}

/** Why this attempt must wait, as a message for a person, or null when it may go ahead. */
async function refusalFor(tx: Tx, now: Date, emailKey: string, ipAddress: string): Promise<string | null> {
  const lastPairSuccess = await tx.loginAttempt.findFirst({
    where: { emailKey, ipAddress, succeeded: true, attemptedAt: { gte: minutesBefore(now, FAMILIAR_ADDRESS_DAYS * 24 * 60) } },
    orderBy: { id: "desc" },
    select: { id: true },
  });

  // 1. This address at this account: failures since its last success.
  const pair = await failures(tx, { emailKey, ipAddress, attemptedAt: { gte: minutesBefore(now, PAIR_MEMORY_MINUTES) }, ...(lastPairSuccess ? { id: { gt: lastPairSuccess.id } } : {}) });
  const pairWait = pair.latest ? secondsUntil(now, pair.latest, waitSeconds(pair.count, FREE_FAILURES_PER_PAIR, MAX_PAIR_WAIT_SECONDS)) : 0;
  if (pairWait > 0) return `Too many failed attempts to sign in with this email address. ${waitMessage(pairWait)}`;

  // 2. This address at any account: a budget of failures in a rolling window. A pair that
  // signed in recently is spared (limit 1 still slows it), or one guesser or typo storm behind
  // an agency's shared NAT address would keep the whole agency out.
  const [oldestCounted] = lastPairSuccess
    ? []
    : await tx.loginAttempt.findMany({
        // A failure counts for ADDRESS_WINDOW_MINUTES after it, and not a moment longer.
        where: { ipAddress, succeeded: false, attemptedAt: { gt: minutesBefore(now, ADDRESS_WINDOW_MINUTES) } },
        orderBy: { attemptedAt: "desc" },
        skip: MAX_FAILURES_PER_ADDRESS - 1,
        take: 1,
        select: { attemptedAt: true },
      });
  if (oldestCounted) {
    const addressWait = secondsUntil(now, oldestCounted.attemptedAt, ADDRESS_WINDOW_MINUTES * 60);
    return `Too many failed attempts to sign in from your network. ${waitMessage(addressWait)}`;
  }

  // 3. This account from an unfamiliar address: slower as failures from anywhere pile up.
  if (!lastPairSuccess) {
    const account = await failures(tx, { emailKey, attemptedAt: { gte: minutesBefore(now, ACCOUNT_WINDOW_MINUTES) } });
    const accountWait = account.latest ? secondsUntil(now, account.latest, waitSeconds(account.count, FREE_FAILURES_PER_ACCOUNT, MAX_ACCOUNT_WAIT_SECONDS)) : 0;
    if (accountWait > 0) return `Too many failed attempts to sign in with this email address. ${waitMessage(accountWait)}`;
  }
  return null;
}

/** How many failed attempts match, and when the latest was. */
async function failures(tx: Tx, where: Prisma.LoginAttemptWhereInput): Promise<{ count: number; latest: Date | null }> {
  const result = await tx.loginAttempt.aggregate({ where: { ...where, succeeded: false }, _count: { _all: true }, _max: { attemptedAt: true } });
  return { count: result._count._all, latest: result._max.attemptedAt };
}
