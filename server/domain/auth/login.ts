// Signing in and out. Wrong credentials always get the same message, whether or not the
// account exists; repeated failures are throttled per account and per network address,
// counted in the database so the limit holds across nodes and restarts.
import type { Services } from "../services";
import { loadActor, type Actor } from "../access/actor";
import { landingPathFor } from "../access/roles";
import { recordAudit } from "../audit/audit";
import { tooManyRequests, unauthenticated } from "../errors";
import { decoyPasswordHash, verifyPassword } from "../../auth/password";
import { loginInputSchema, type LoginInput } from "./schemas";

export const THROTTLE_WINDOW_MINUTES = 15;
export const MAX_FAILURES_PER_ACCOUNT = 5;
export const MAX_FAILURES_PER_ADDRESS = 30;
export const WRONG_CREDENTIALS_MESSAGE = "The email address or password you entered is not right.";

export interface LoginResult {
  userId: string;
  sessionId: string;
  sessionCookie: string;
  /** The page for the user's role. */
  landingPath: string;
}

/** Refuse (429) while the account or the network address has failed too often; changes nothing. */
export async function assertSignInNotThrottled(services: Services, who: { email: string; ipAddress: string }): Promise<void> {
  const { db, clock } = services;
  const since = new Date(clock.now().getTime() - THROTTLE_WINDOW_MINUTES * 60_000);
  const [accountFailures, addressFailures] = await Promise.all([
    db.loginAttempt.count({ where: { emailKey: who.email, succeeded: false, attemptedAt: { gte: since } } }),
    db.loginAttempt.count({ where: { ipAddress: who.ipAddress, succeeded: false, attemptedAt: { gte: since } } }),
  ]);
  if (accountFailures >= MAX_FAILURES_PER_ACCOUNT || addressFailures >= MAX_FAILURES_PER_ADDRESS) {
    throw tooManyRequests(`Too many failed attempts to sign in. Wait ${THROTTLE_WINDOW_MINUTES} minutes, then try again.`);
  }
}

export async function login(services: Services, input: LoginInput, meta: { ipAddress: string; requestId?: string }): Promise<LoginResult> {
  const { email, password } = loginInputSchema.parse(input);
  const { db, clock } = services;
  await assertSignInNotThrottled(services, { email, ipAddress: meta.ipAddress });

  const user = await db.user.findUnique({
    where: { email },
    select: { id: true, agencyId: true, isActive: true, passwordHash: true },
  });
  const passwordMatches = await verifyPassword(user?.passwordHash ?? (await decoyPasswordHash()), password);
  const succeeded = !!user && user.isActive && !!user.passwordHash && passwordMatches;

  await db.loginAttempt.create({ data: { emailKey: email, ipAddress: meta.ipAddress, succeeded, attemptedAt: clock.now() } });
  if (!succeeded || !user) throw unauthenticated(WRONG_CREDENTIALS_MESSAGE);

  const session = await services.lucia.createSession(user.id, {});
  await db.$transaction(async (tx) => {
    await recordAudit(tx, { userId: user.id, agencyId: user.agencyId }, { action: "auth.login", entityType: "session", entityId: user.id }, meta.requestId);
  });
  const actor = await loadActor(db, user.id);
  return { userId: user.id, sessionId: session.id, sessionCookie: services.lucia.createSessionCookie(session.id).serialize(), landingPath: landingPathFor(actor?.roles ?? []) };
}

/** End one session (this browser). Its live connections close too. */
export async function logout(services: Services, actor: Actor, sessionId: string, meta: { requestId?: string } = {}): Promise<string> {
  await services.lucia.invalidateSession(sessionId);
  await services.db.$transaction((tx) =>
    recordAudit(tx, actor, { action: "auth.logout", entityType: "session", entityId: actor.userId }, meta.requestId),
  );
  services.realtime.endSessionConnections(sessionId, "signed-out");
  return services.lucia.createBlankSessionCookie().serialize();
}

/** End every session of the actor, on every device. */
export async function logoutEverywhere(services: Services, actor: Actor, meta: { requestId?: string } = {}): Promise<string> {
  await services.lucia.invalidateUserSessions(actor.userId);
  await services.db.$transaction((tx) =>
    recordAudit(tx, actor, { action: "auth.logout_everywhere", entityType: "user", entityId: actor.userId }, meta.requestId),
  );
  services.realtime.endUserConnections(actor.userId, "signed-out-everywhere");
  return services.lucia.createBlankSessionCookie().serialize();
}
