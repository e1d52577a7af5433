// The session cookie, written and read by lucia with Concord's one change: it is a
// browser-session cookie. lucia always sets Max-Age (its `expires: false` means 400 days), so we
// take lucia's cookie (name, value, HttpOnly, SameSite=Lax, Path=/, Secure in production) and
// drop Max-Age and Expires: closing the browser on a shared office PC forgets it. Whether the
// session is still alive is decided in the database against Concord's clock
// (server/domain/auth/sessions.ts). See docs/decisions/0012-sessions-and-sign-in-throttling.md.
import { Cookie } from "lucia";
import type { ConcordLucia } from "./lucia";

/** The Set-Cookie value that keeps this session in the browser until the browser closes. */
export function sessionCookie(lucia: ConcordLucia, sessionId: string): string {
  const { name, value, attributes } = lucia.createSessionCookie(sessionId);
  const { maxAge: _maxAge, expires: _expires, ...untilBrowserCloses } = attributes;
  return new Cookie(name, value, untilBrowserCloses).serialize();
}

/** The Set-Cookie value that removes the session cookie from the browser. */
export function blankSessionCookie(lucia: ConcordLucia): string {
  return lucia.createBlankSessionCookie().serialize();
}

/** The session id in a Cookie header, if any. */
export function readSessionCookie(lucia: ConcordLucia, cookieHeader: string | undefined): string | null {
  // Only our cookie goes to lucia's parser: it URI-decodes every name and value and throws on a
  // malformed one, and another site's cookie on our domain must not turn a request into a 500.
  const ours = (cookieHeader ?? "")
    .split(";")
    .map((part) => part.trim())
    .find((part) => part.startsWith(`${lucia.sessionCookieName}=`));
  if (!ours) return null;
  let value: string | null;
  try {
    value = lucia.readSessionCookie(ours);
  } catch {
    return null;
  }
  // Ids are lucia's base32 (or older base64url ones); anything else is not worth a database query.
  return value && /^[A-Za-z0-9_-]{1,128}$/.test(value) ? value : null;
}
