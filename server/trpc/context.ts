// One context for every door: HTTP tRPC, Remix loaders/actions (through a server-side caller)
// and the Socket.IO handshake all build it here from the same session cookie.
import type { Session } from "lucia";
import type { Services } from "../domain/services";
import { loadActor, type Actor } from "../domain/access/actor";

export interface Context {
  services: Services;
  session: Session | null;
  actor: Actor | null;
  ipAddress: string;
  requestId: string;
  /** Append a Set-Cookie header to the response of this request. */
  setCookie(serialized: string): void;
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
  const sessionId = services.lucia.readSessionCookie(options.cookieHeader ?? "");
  let session: Session | null = null;
  let actor: Actor | null = null;
  if (sessionId) {
    const result = await services.lucia.validateSession(sessionId);
    if (result.session) {
      actor = await loadActor(services.db, result.session.userId);
      session = actor ? result.session : null;
      // lucia extends a session past half its life; send the renewed cookie.
      if (session?.fresh) setCookie(services.lucia.createSessionCookie(session.id).serialize());
    }
    if (!session) setCookie(services.lucia.createBlankSessionCookie().serialize());
  }
  return createContextInner({ services, session, actor, ipAddress: options.ipAddress, requestId: options.requestId, setCookie });
}

/** For tests: a context with a given actor, no cookie parsing. */
export function createContextInner(ctx: Omit<Context, "setCookie"> & { setCookie?: Context["setCookie"] }): Context {
  return { ...ctx, setCookie: ctx.setCookie ?? (() => {}) };
}

