// The session cookie. It carries only the session's id; whether the session is still alive is
// decided in the database against Concord's clock (server/domain/auth/sessions.ts).
//
// It is a browser-session cookie: no Max-Age and no Expires, so closing the browser on a shared
// office PC forgets it. (lucia v3, which Concord used before, cannot write such a cookie: its
// `expires: false` means 400 days. See docs/decisions/0012-sessions-and-sign-in-throttling.md.)
import { randomBytes } from "node:crypto";

export const SESSION_COOKIE_NAME = "concord_session";

export interface SessionCookieOptions {
  /** Send the cookie over HTTPS only (production behind https). */
  secure: boolean;
}

/** A new unguessable session id: 25 random bytes (200 bits), URL- and cookie-safe. */
export function newSessionId(): string {
  return randomBytes(25).toString("base64url");
}

function serialize(value: string, options: SessionCookieOptions, extra: string[] = []): string {
  return [`${SESSION_COOKIE_NAME}=${value}`, "Path=/", "HttpOnly", "SameSite=Lax", ...(options.secure ? ["Secure"] : []), ...extra].join("; ");
}

/** The Set-Cookie value that keeps this session in the browser until the browser closes. */
export function sessionCookie(sessionId: string, options: SessionCookieOptions): string {
  return serialize(sessionId, options);
}

/** The Set-Cookie value that removes the session cookie from the browser. */
export function blankSessionCookie(options: SessionCookieOptions): string {
  return serialize("", options, ["Max-Age=0"]);
}

/** The session id in a Cookie header, if any. */
export function readSessionCookie(cookieHeader: string | undefined): string | null {
  for (const part of (cookieHeader ?? "").split(";")) {
    const at = part.indexOf("=");
    if (at < 0 || part.slice(0, at).trim() !== SESSION_COOKIE_NAME) continue;
    const value = part.slice(at + 1).trim();
    // Ids are base64url; anything else is not one of ours and is not worth a database query.
    return /^[A-Za-z0-9_-]{1,128}$/.test(value) ? value : null;
  }
  return null;
}
