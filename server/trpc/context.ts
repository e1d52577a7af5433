// One context for every door: HTTP tRPC, Remix loaders/actions (through a server-side caller)
// and the Socket.IO handshake all build it here from the same session cookie.
import type { Services } from "../domain/services";
import type { Actor } from "../domain/access/actor";
import { sessionIdFromCookies, signedOutCookie, validateSession, type SessionInfo } from "../domain/auth/sessions";
import { readPendingSignInCookie } from "../auth/pending-cookie";

export interface Context {
  services: Services;
  session: SessionInfo | null;
  actor: Actor | null;
  /**
   * The token of a sign-in whose password was right and whose second factor is still to come
   * (cookie concord_pending). Not a session: only the second step's procedures read it.
   */
  pendingSignInToken?: string | null;
  ipAddress: string;
  requestId: string;
  /** Append a Set-Cookie header to the response of this request. */
  setCookie(serialized: string): void;
  /** How many procedure calls the HTTP request carries (a tRPC batch); 1 when unset. */
  callsInRequest?: number;
}

export interface CreateContextOptions {
  services: Services;
  cookieHeader: string | undefined;
  ipAddress: string;
  requestId: string;
  setCookie?: (serialized: string) => void;
}

export async function createContext(options: CreateContextOptions): Promise<Context> {
  const { services } = options;
  const setCookie = options.setCookie ?? (() => {});
  const sessionId = sessionIdFromCookies(services, options.cookieHeader);
  const valid = sessionId ? await validateSession(services, sessionId) : null;
  // A cookie whose session has ended is removed from the browser.
  if (sessionId && !valid) setCookie(signedOutCookie(services));
  return createContextInner({
    services,
    session: valid?.session ?? null,
    actor: valid?.actor ?? null,
    pendingSignInToken: readPendingSignInCookie(options.cookieHeader),
    ipAddress: options.ipAddress,
    requestId: options.requestId,
    setCookie,
  });
}

/** For tests: a context with a given actor, no cookie parsing. */
export function createContextInner(ctx: Omit<Context, "setCookie"> & { setCookie?: Context["setCookie"] }): Context {
  return { ...ctx, setCookie: ctx.setCookie ?? (() => {}) };
}

