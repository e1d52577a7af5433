// Signing in and out. Wrong credentials always get the same message, whether or not the
// account exists. Each attempt first claims its turn with the throttle (./throttle.ts, counted
// in the database so the limits hold across nodes and restarts), then waits for a place in this
// node's bounded queue of password checks.
import type { Services } from "../services";
import type { Actor } from "../access/actor";
import { recordAudit } from "../audit/audit";
import { tooManyRequests, unauthenticated } from "../errors";
import { decoyPasswordHash, signInPasswordChecks } from "../../auth/password";
import { loginInputSchema, type LoginInput } from "./schemas";
import { endSession, endUserSessions, signedOutCookie } from "./sessions";
import { afterFirstFactor } from "./second-factor";
import { claimSignInAttempt, recordSignInSuccess, releaseSignInAttempt } from "./throttle";

export { MAX_FAILURES_PER_ADDRESS, assertSignInNotThrottled } from "./throttle";
export const WRONG_CREDENTIALS_MESSAGE = "The email address or password you entered is not right.";
export const BUSY_MESSAGE = "Concord is busy signing people in. Wait 10 seconds, then try again.";

export interface LoginResult {
  userId: string;
  /** Null while a second factor is still to come: then no session exists yet. */
  sessionId: string | null;
  /** The session cookie, or the pending sign-in's cookie when a second factor is still to come. */
  sessionCookie: string;
  /** The page for the user's role, or the second step's page. */
  landingPath: string;
  /** Which second step comes next, if any: enter a code, or set up an authenticator app. */
  secondFactor: "code" | "set-up" | null;
}

export async function login(
  services: Services,
  input: LoginInput,
  meta: { ipAddress: string; requestId?: string; /** The session this browser already holds: signing in ends it. */ previousSessionId?: string | null },
): Promise<LoginResult> {
  const { email, password } = loginInputSchema.parse(input);
  const { db } = services;
  const attemptId = await claimSignInAttempt(services, email, meta.ipAddress);

  const user = await db.user.findUnique({
    where: { email },
    select: { id: true, agencyId: true, isActive: true, passwordHash: true },
  });
  const passwordMatches = await signInPasswordChecks.verify(user?.passwordHash ?? (await decoyPasswordHash()), password);
  if (passwordMatches === "busy") {
    await releaseSignInAttempt(services, attemptId);
    throw tooManyRequests(BUSY_MESSAGE);
  }
  const succeeded = !!user && user.isActive && !!user.passwordHash && passwordMatches;
  if (!succeeded || !user) throw unauthenticated(WRONG_CREDENTIALS_MESSAGE);
  await recordSignInSuccess(services, attemptId);

  // A session now, or (two-factor sign-in) a pending sign-in that no door accepts as one.
  const next = await afterFirstFactor(services, user.id, { previousSessionId: meta.previousSessionId, requestId: meta.requestId });
  return { userId: user.id, sessionId: next.sessionId, sessionCookie: next.cookie, landingPath: next.landingPath, secondFactor: next.secondFactor };
}

/** End one session (this browser). Its live connections close too. */
export async function logout(services: Services, actor: Actor, sessionId: string, meta: { requestId?: string } = {}): Promise<string> {
  await endSession(services, sessionId);
  await services.db.$transaction((tx) =>
    recordAudit(tx, actor, { action: "auth.logout", entityType: "session", entityId: actor.userId }, meta.requestId),
  );
  services.realtime.endSessionConnections(sessionId, "signed-out");
  return signedOutCookie(services);
}

/** End every session of the actor, on every device. */
export async function logoutEverywhere(services: Services, actor: Actor, meta: { requestId?: string } = {}): Promise<string> {
  await endUserSessions(services, actor.userId);
  await services.db.$transaction((tx) =>
    recordAudit(tx, actor, { action: "auth.logout_everywhere", entityType: "user", entityId: actor.userId }, meta.requestId),
  );
  services.realtime.endUserConnections(actor.userId, "signed-out-everywhere");
  return signedOutCookie(services);
}
