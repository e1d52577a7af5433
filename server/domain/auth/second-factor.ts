// Two-factor sign-in for accounts that sign in with a password (issue 15, decision 0034).
//
// After the password, a person who has an authenticator app, or whose roles (or the setting
// "everyone") require one, does not get a session: they get a pending sign-in, a row keyed by
// the SHA-256 of a token in the short-lived cookie concord_pending. No door reads that cookie as
// a session. The second step either confirms a new authenticator app (enrolment, which also
// hands out ten one-time recovery codes, shown once and stored as hashes) or checks a code from
// the app or a recovery code; only then does a session start.
//
// Codes are TOTP (RFC 6238: SHA-1, 6 digits, 30 seconds; otpauth), accepted one step either
// side of now. Each accepted step is written to totp_used_step under a primary key, so a code is
// good once however many requests race with it; a recovery code is spent by an UPDATE ... WHERE
// used_at IS NULL, so two uses of one code leave one winner. Wrong codes are throttled like
// wrong passwords: each attempt claims its turn (a failed row) before the code is checked.
import { createHash, randomBytes } from "node:crypto";
import * as OTPAuth from "otpauth";
import { z } from "zod";
import type { Tx } from "../../db/connect";
import type { Services } from "../services";
import { loadActor, type Actor } from "../access/actor";
import { landingPathFor } from "../access/roles";
import { secondFactorRequired } from "../access/second-factor";
import { recordAudit } from "../audit/audit";
import { conflict, invalid, tooManyRequests, unauthenticated } from "../errors";
import { secondFactorPolicy } from "../settings/settings";
import { markSessionFreshlyAuthenticated, startSession } from "./sessions";
import { waitMessage } from "./throttle";
import { blankPendingSignInCookie, pendingSignInCookie } from "../../auth/pending-cookie";
import { qrCodeSvgDataUri } from "../../auth/qr-code";
import { signInPasswordChecks } from "../../auth/password";
import { claimSignInAttempt, recordSignInSuccess, releaseSignInAttempt } from "./throttle";

export const TOTP_ISSUER = "Concord";
export const TOTP_PERIOD_SECONDS = 30;
/** Codes one step either side of now are accepted (a phone's clock a little out, a slow typist). */
export const TOTP_WINDOW_STEPS = 1;
/** How long the second step may take after the password. */
export const PENDING_SIGN_IN_MINUTES = 10;
export const RECOVERY_CODE_COUNT = 10;

/** Wrong codes in a row (since the last right one, within the memory) before waits begin. */
export const FREE_CODE_FAILURES = 5;
export const CODE_FAILURE_MEMORY_MINUTES = 60;
export const MAX_CODE_WAIT_SECONDS = 15 * 60;
const FIRST_CODE_WAIT_SECONDS = 15;
// Advisory lock class for one person's code attempts (the sign-in throttle uses 7101 and 7102).
const SECOND_FACTOR_LOCK = 7103;

export const WRONG_CODE_MESSAGE = "The code is not right, or it has already been used. Enter the latest code from your authenticator app, or a recovery code you have not used.";
export const PENDING_ENDED_MESSAGE = "Your sign-in has timed out. Sign in again with your email address and password.";

export const secondFactorCodeSchema = z
  .string({ error: "Enter the 6-digit code from your authenticator app, or a recovery code" })
  .trim()
  .min(1, "Enter the 6-digit code from your authenticator app, or a recovery code")
  .max(64, "A code is at most 6 digits, or a recovery code of 10 letters and numbers");

export const secondFactorInputSchema = z.object({ code: secondFactorCodeSchema });
export const enrolmentInputSchema = z.object({
  code: z
    .string({ error: "Enter the 6-digit code your authenticator app shows" })
    .trim()
    .min(1, "Enter the 6-digit code your authenticator app shows")
    .max(64, "Enter the 6-digit code your authenticator app shows"),
});
export const confirmItsYouInputSchema = z.object({
  password: z.string({ error: "Enter your password" }).min(1, "Enter your password").max(1024, "Password is too long"),
  code: z.string().trim().max(64, "A code is at most 6 digits, or a recovery code of 10 letters and numbers").optional(),
});

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");
const minutesBefore = (now: Date, minutes: number) => new Date(now.getTime() - minutes * 60_000);

function totpFor(secret: string, label: string) {
  return new OTPAuth.TOTP({ issuer: TOTP_ISSUER, label, algorithm: "SHA1", digits: 6, period: TOTP_PERIOD_SECONDS, secret: OTPAuth.Secret.fromBase32(secret) });
}

/** A new secret: 160 random bits, base32 (32 characters), as authenticator apps expect. */
export function newTotpSecret(): string {
  return new OTPAuth.Secret({ size: 20 }).base32;
}

/** The time step a code belongs to, if it is right for a step within the window around now. */
export function totpStepOf(secret: string, code: string, now: Date): number | null {
  if (!/^\d{6}$/.test(code)) return null;
  const delta = totpFor(secret, "check").validate({ token: code, timestamp: now.getTime(), window: TOTP_WINDOW_STEPS });
  if (delta === null) return null;
  return Math.floor(now.getTime() / 1000 / TOTP_PERIOD_SECONDS) + delta;
}

/** Spaces and hyphens a person types between groups of digits or letters do not count. */
const normaliseCode = (code: string) => code.replace(/[\s-]/g, "").toLowerCase();

/** Ten new recovery codes: 10 base32 characters each (50 bits), shown as "abcde-fghij". */
function newRecoveryCodes(): string[] {
  const alphabet = "abcdefghijklmnopqrstuvwxyz234567";
  return Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    const bytes = randomBytes(10);
    const chars = [...bytes].map((b) => alphabet[b & 31]).join("");
    return `${chars.slice(0, 5)}-${chars.slice(5)}`;
  });
}

// ---- Using codes (inside a transaction) -----------------------------------------------------

/** Accept a TOTP code once: its step is recorded under a primary key, so a replay (or a race) finds it taken. */
async function useTotpCode(tx: Tx, userId: string, secret: string, code: string, now: Date): Promise<boolean> {
  const step = totpStepOf(secret, code, now);
  if (step === null) return false;
  const inserted = await tx.totpUsedStep.createMany({ data: [{ userId, step: BigInt(step), usedAt: now }], skipDuplicates: true });
  if (inserted.count !== 1) return false;
  // Steps well outside the window can never be presented again: forget them.
  await tx.totpUsedStep.deleteMany({ where: { userId, step: { lt: BigInt(step - 10 * TOTP_WINDOW_STEPS - 10) } } });
  return true;
}

/** Spend a recovery code: only one of any number of parallel uses sees it unused. */
export async function useRecoveryCode(tx: Tx, userId: string, code: string, now: Date): Promise<boolean> {
  const normalised = normaliseCode(code);
  if (!/^[a-z2-7]{10}$/.test(normalised)) return false;
  const spent = await tx.recoveryCode.updateMany({ where: { userId, codeHash: sha256(normalised), usedAt: null }, data: { usedAt: now } });
  return spent.count === 1;
}

/** Check a code from the person's authenticator app, or one of their recovery codes, and use it up. */
async function useSecondFactor(tx: Tx, userId: string, code: string, now: Date): Promise<"totp" | "recovery" | null> {
  const credential = await tx.totpCredential.findUnique({ where: { userId }, select: { secret: true } });
  if (!credential) return null;
  const digits = code.replace(/\s/g, "");
  if (/^\d{6}$/.test(digits)) return (await useTotpCode(tx, userId, credential.secret, digits, now)) ? "totp" : null;
  return (await useRecoveryCode(tx, userId, code, now)) ? "recovery" : null;
}

// ---- Throttling wrong codes -------------------------------------------------------------------

/**
 * Claim a turn to check a code for this person, or refuse with how long to wait: after
 * FREE_CODE_FAILURES wrong codes in a row, 15 s, then doubling to 15 minutes. Counted per
 * person from any address: whoever is trying already has the password. Like the sign-in
 * throttle, the claim is a failure until `recordCodeSuccess`, so parallel tries count each other.
 */
export async function claimCodeAttempt(services: Services, userId: string, ipAddress: string): Promise<bigint> {
  const now = services.clock.now();
  return services.db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${SECOND_FACTOR_LOCK}::int, hashtext(${userId}))`;
    const lastSuccess = await tx.secondFactorAttempt.findFirst({ where: { userId, succeeded: true }, orderBy: { id: "desc" }, select: { id: true } });
    const failures = await tx.secondFactorAttempt.aggregate({
      where: { userId, succeeded: false, attemptedAt: { gte: minutesBefore(now, CODE_FAILURE_MEMORY_MINUTES) }, ...(lastSuccess ? { id: { gt: lastSuccess.id } } : {}) },
      _count: { _all: true },
      _max: { attemptedAt: true },
    });
    const count = failures._count._all;
    const latest = failures._max.attemptedAt;
    if (latest && count >= FREE_CODE_FAILURES) {
      const wait = Math.min(FIRST_CODE_WAIT_SECONDS * 2 ** Math.min(count - FREE_CODE_FAILURES, 20), MAX_CODE_WAIT_SECONDS);
      const left = (latest.getTime() + wait * 1000 - now.getTime()) / 1000;
      if (left > 0) throw tooManyRequests(`Too many wrong codes. ${waitMessage(left)}`);
    }
    const attempt = await tx.secondFactorAttempt.create({ data: { userId, ipAddress, succeeded: false, attemptedAt: now }, select: { id: true } });
    return attempt.id;
  });
}

async function recordCodeSuccess(services: Services, attemptId: bigint): Promise<void> {
  await services.db.secondFactorAttempt.update({ where: { id: attemptId }, data: { succeeded: true } });
}

// ---- After the password ---------------------------------------------------------------------

export type FirstFactorResult =
  | { secondFactor: null; sessionId: string; cookie: string; landingPath: string }
  | { secondFactor: "code" | "set-up"; sessionId: null; cookie: string; landingPath: string };

/** Where the second step happens. */
export const SECOND_FACTOR_PATHS = { code: "/login/code", "set-up": "/login/set-up" } as const;

/**
 * The password (or an accepted invitation) proved the first factor. A person who needs no second
 * factor gets a session at once; anyone else gets a pending sign-in (never a session) and is
 * sent to enter a code, or to set up an authenticator app.
 */
export async function afterFirstFactor(
  services: Services,
  userId: string,
  meta: { previousSessionId?: string | null; requestId?: string; via?: string },
): Promise<FirstFactorResult> {
  const { db, clock } = services;
  const actor = await loadActor(db, userId);
  if (!actor) throw unauthenticated();
  const [credential, policy] = await Promise.all([db.totpCredential.findUnique({ where: { userId }, select: { userId: true } }), secondFactorPolicy(db)]);
  if (!credential && !secondFactorRequired(actor, policy)) {
    const { session, cookie } = await startSession(services, userId, { replacing: meta.previousSessionId });
    await db.$transaction((tx) =>
      recordAudit(tx, actor, { action: "auth.login", entityType: "session", entityId: userId, ...(meta.via ? { detail: { via: meta.via } } : {}) }, meta.requestId),
    );
    return { secondFactor: null, sessionId: session.id, cookie, landingPath: landingPathFor(actor.roles) };
  }
  const now = clock.now();
  const token = randomBytes(32).toString("base64url");
  await db.$transaction(async (tx) => {
    // One pending sign-in per person at a time, and none left over from earlier.
    await tx.pendingSignIn.deleteMany({ where: { userId } });
    await tx.pendingSignIn.create({
      data: { tokenHash: sha256(token), userId, createdAt: now, expiresAt: new Date(now.getTime() + PENDING_SIGN_IN_MINUTES * 60_000), enrolmentSecret: credential ? null : newTotpSecret() },
    });
  });
  const step = credential ? "code" : "set-up";
  return { secondFactor: step, sessionId: null, cookie: pendingSignInCookie(token, { secure: services.settings.sessions.secureCookies, maxAgeSeconds: PENDING_SIGN_IN_MINUTES * 60 }), landingPath: SECOND_FACTOR_PATHS[step] };
}

/** The live pending sign-in a token names, or null when it is unknown, timed out or its person deactivated. */
async function findPendingSignIn(services: Services, token: string | null) {
  if (!token) return null;
  const row = await services.db.pendingSignIn.findUnique({
    where: { tokenHash: sha256(token) },
    select: { tokenHash: true, userId: true, expiresAt: true, enrolmentSecret: true, user: { select: { email: true, isActive: true, agencyId: true } } },
  });
  if (!row || !row.user.isActive || row.expiresAt.getTime() <= services.clock.now().getTime()) return null;
  return row;
}

/** What the second step's page shows: which step it is, and for set-up the secret and its QR code. */
export async function describePendingSignIn(services: Services, token: string | null) {
  const pending = await findPendingSignIn(services, token);
  if (!pending) return null;
  if (!pending.enrolmentSecret) return { step: "code" as const, email: pending.user.email };
  const uri = totpFor(pending.enrolmentSecret, pending.user.email).toString();
  return {
    step: "set-up" as const,
    email: pending.user.email,
    /** The secret in groups of four, for typing into an app by hand. */
    secret: pending.enrolmentSecret.match(/.{1,4}/g)!.join(" "),
    qrCode: qrCodeSvgDataUri(uri),
  };
}

interface SecondStepMeta {
  ipAddress: string;
  requestId?: string;
  previousSessionId?: string | null;
}

export interface SecondStepResult {
  sessionCookie: string;
  /** Removes the pending sign-in's cookie. */
  clearPendingCookie: string;
  landingPath: string;
}

/** Delete the pending sign-in inside the transaction that completes it: of two completions, one wins. */
async function consumePendingSignIn(tx: Tx, tokenHash: string): Promise<void> {
  const gone = await tx.pendingSignIn.deleteMany({ where: { tokenHash } });
  if (gone.count !== 1) throw conflict("This sign-in has already been completed in another tab. Reload the page.");
}

async function startAfterSecondFactor(services: Services, actor: Actor, meta: SecondStepMeta, detail: Record<string, unknown>): Promise<SecondStepResult> {
  const { cookie } = await startSession(services, actor.userId, { replacing: meta.previousSessionId });
  await services.db.$transaction((tx) => recordAudit(tx, actor, { action: "auth.login", entityType: "session", entityId: actor.userId, detail }, meta.requestId));
  return { sessionCookie: cookie, clearPendingCookie: blankPendingSignInCookie({ secure: services.settings.sessions.secureCookies }), landingPath: landingPathFor(actor.roles) };
}

/** Sign in with a code from the authenticator app, or a recovery code. */
export async function completeSignInWithCode(services: Services, token: string | null, input: z.input<typeof secondFactorInputSchema>, meta: SecondStepMeta): Promise<SecondStepResult & { recoveryCodesLeft: number | null }> {
  const { code } = secondFactorInputSchema.parse(input);
  const pending = await findPendingSignIn(services, token);
  if (!pending || pending.enrolmentSecret) throw unauthenticated(PENDING_ENDED_MESSAGE);
  const attemptId = await claimCodeAttempt(services, pending.userId, meta.ipAddress);
  const now = services.clock.now();
  const used = await services.db.$transaction(async (tx) => {
    const kind = await useSecondFactor(tx, pending.userId, code, now);
    if (!kind) return null;
    await consumePendingSignIn(tx, pending.tokenHash);
    return kind;
  });
  if (!used) {
    await services.db.$transaction((tx) =>
      recordAudit(tx, { userId: pending.userId, agencyId: pending.user.agencyId }, { action: "auth.second_factor_failed", entityType: "user", entityId: pending.userId }, meta.requestId),
    );
    throw invalid(WRONG_CODE_MESSAGE, { code: WRONG_CODE_MESSAGE });
  }
  await recordCodeSuccess(services, attemptId);
  const actor = await loadActor(services.db, pending.userId);
  if (!actor) throw unauthenticated(PENDING_ENDED_MESSAGE);
  const recoveryCodesLeft = used === "recovery" ? await services.db.recoveryCode.count({ where: { userId: actor.userId, usedAt: null } }) : null;
  const result = await startAfterSecondFactor(services, actor, meta, { secondFactor: used, ...(recoveryCodesLeft !== null ? { recoveryCodesLeft } : {}) });
  return { ...result, recoveryCodesLeft };
}

/**
 * Confirm a new authenticator app with a code it shows: the app is saved, ten recovery codes are
 * made (returned here once, kept only as hashes), and the session starts.
 */
export async function confirmEnrolment(services: Services, token: string | null, input: z.input<typeof enrolmentInputSchema>, meta: SecondStepMeta): Promise<SecondStepResult & { recoveryCodes: string[] }> {
  const { code } = enrolmentInputSchema.parse(input);
  const pending = await findPendingSignIn(services, token);
  if (!pending?.enrolmentSecret) throw unauthenticated(PENDING_ENDED_MESSAGE);
  const secret = pending.enrolmentSecret;
  const attemptId = await claimCodeAttempt(services, pending.userId, meta.ipAddress);
  const now = services.clock.now();
  const step = totpStepOf(secret, code.replace(/\s/g, ""), now);
  if (step === null) {
    const message = "The code is not right. Check the app shows Concord and your email address, then enter the code it shows now.";
    throw invalid(message, { code: message });
  }
  const recoveryCodes = newRecoveryCodes();
  await services.db.$transaction(async (tx) => {
    await consumePendingSignIn(tx, pending.tokenHash);
    const existing = await tx.totpCredential.createMany({ data: [{ userId: pending.userId, secret, enrolledAt: now }], skipDuplicates: true });
    if (existing.count !== 1) throw conflict("An authenticator app is already set up for this account. Sign in again and enter a code from it.");
    await tx.recoveryCode.deleteMany({ where: { userId: pending.userId } });
    await tx.recoveryCode.createMany({ data: recoveryCodes.map((c) => ({ userId: pending.userId, codeHash: sha256(normaliseCode(c)), createdAt: now })) });
    await tx.totpUsedStep.create({ data: { userId: pending.userId, step: BigInt(step), usedAt: now } });
    await recordAudit(tx, { userId: pending.userId, agencyId: pending.user.agencyId }, { action: "auth.second_factor_enrol", entityType: "user", entityId: pending.userId, detail: { recoveryCodes: RECOVERY_CODE_COUNT } }, meta.requestId);
  });
  await recordCodeSuccess(services, attemptId);
  const actor = await loadActor(services.db, pending.userId);
  if (!actor) throw unauthenticated(PENDING_ENDED_MESSAGE);
  return { ...(await startAfterSecondFactor(services, actor, meta, { secondFactor: "enrolled" })), recoveryCodes };
}

// ---- "Confirm it's you" ---------------------------------------------------------------------

/** What the "Confirm it's you" page asks for. */
export async function reauthenticationMethods(services: Services, actor: Actor) {
  const user = await services.db.user.findUniqueOrThrow({ where: { id: actor.userId }, select: { passwordHash: true, totpCredential: { select: { userId: true } } } });
  return { password: !!user.passwordHash, code: !!user.totpCredential };
}

/**
 * Prove again who one is, in this session: the password (through the sign-in throttle), and a
 * code when an authenticator app is set up. Sensitive actions are then allowed for a while.
 */
export async function confirmItsYou(services: Services, actor: Actor, sessionId: string, input: z.input<typeof confirmItsYouInputSchema>, meta: { ipAddress: string; requestId?: string }) {
  const { password, code } = confirmItsYouInputSchema.parse(input);
  const { db } = services;
  const user = await db.user.findUniqueOrThrow({ where: { id: actor.userId }, select: { email: true, passwordHash: true, totpCredential: { select: { userId: true } } } });
  if (!user.passwordHash) throw invalid("Your account has no Concord password. Sign out, then sign in again to confirm it's you.");
  const needsCode = !!user.totpCredential;
  if (needsCode && !code) throw invalid("Enter the 6-digit code from your authenticator app, or a recovery code", { code: "Enter the 6-digit code from your authenticator app, or a recovery code" });
  const attemptId = await claimSignInAttempt(services, user.email, meta.ipAddress);
  const matches = await signInPasswordChecks.verify(user.passwordHash, password);
  if (matches === "busy") {
    await releaseSignInAttempt(services, attemptId);
    throw tooManyRequests("Concord is busy signing people in. Wait 10 seconds, then try again.");
  }
  if (!matches) throw invalid("The password is not right.", { password: "The password is not right" });
  await recordSignInSuccess(services, attemptId);
  let secondFactor: "totp" | "recovery" | null = null;
  if (needsCode) {
    const codeAttempt = await claimCodeAttempt(services, actor.userId, meta.ipAddress);
    const now = services.clock.now();
    secondFactor = await db.$transaction((tx) => useSecondFactor(tx, actor.userId, code!, now));
    if (!secondFactor) throw invalid(WRONG_CODE_MESSAGE, { code: WRONG_CODE_MESSAGE });
    await recordCodeSuccess(services, codeAttempt);
  }
  await markSessionFreshlyAuthenticated(services, sessionId);
  await db.$transaction((tx) =>
    recordAudit(tx, actor, { action: "auth.reauthenticate", entityType: "session", entityId: actor.userId, detail: { secondFactor } }, meta.requestId),
  );
  return { ok: true as const };
}
