// The cookie that binds a single sign-on to the browser that started it: a random key whose hash
// the sign-in row keeps. A callback arriving in another browser (a link sent to a victim, a
// login-CSRF) carries no key, or another one, and is refused. Scoped to /sso and ten minutes.
import { randomBytes } from "node:crypto";
import { Cookie } from "lucia";

export const SSO_COOKIE = "concord_sso";
export const SSO_COOKIE_MAX_AGE_SECONDS = 600;

export function newBrowserKey(): string {
  return randomBytes(32).toString("base64url");
}

export function ssoCookie(browserKey: string, secure: boolean): string {
  return new Cookie(SSO_COOKIE, browserKey, { httpOnly: true, sameSite: "lax", path: "/sso", secure, maxAge: SSO_COOKIE_MAX_AGE_SECONDS }).serialize();
}

export function blankSsoCookie(secure: boolean): string {
  return new Cookie(SSO_COOKIE, "", { httpOnly: true, sameSite: "lax", path: "/sso", secure, maxAge: 0 }).serialize();
}

/** The key in a Cookie header, if it carries one of the right shape. */
export function readSsoCookie(cookieHeader: string | null | undefined): string | null {
  const ours = (cookieHeader ?? "")
    .split(";")
    .map((part) => part.trim())
    .find((part) => part.startsWith(`${SSO_COOKIE}=`));
  const value = ours?.slice(SSO_COOKIE.length + 1) ?? "";
  return /^[A-Za-z0-9_-]{43}$/.test(value) ? value : null;
}
