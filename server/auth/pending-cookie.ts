// The cookie of a sign-in whose password was right but whose second factor is still to come
// (decision 0034). It is not the session cookie: no door reads it as a session, so a browser
// holding only this cookie is signed out everywhere. Short-lived, HttpOnly, SameSite=Lax.
import { Cookie } from "lucia";

export const PENDING_COOKIE_NAME = "concord_pending";

export function pendingSignInCookie(token: string, options: { secure: boolean; maxAgeSeconds: number }): string {
  return new Cookie(PENDING_COOKIE_NAME, token, { httpOnly: true, secure: options.secure, sameSite: "lax", path: "/", maxAge: options.maxAgeSeconds }).serialize();
}

export function blankPendingSignInCookie(options: { secure: boolean }): string {
  return new Cookie(PENDING_COOKIE_NAME, "", { httpOnly: true, secure: options.secure, sameSite: "lax", path: "/", maxAge: 0 }).serialize();
}

/** The pending sign-in token in a Cookie header, if any (our own tokens only: base64url). */
export function readPendingSignInCookie(cookieHeader: string | undefined): string | null {
  const ours = (cookieHeader ?? "")
    .split(";")
    .map((part) => part.trim())
    .find((part) => part.startsWith(`${PENDING_COOKIE_NAME}=`));
  const value = ours?.slice(PENDING_COOKIE_NAME.length + 1) ?? "";
  return /^[A-Za-z0-9_-]{20,128}$/.test(value) ? value : null;
}
