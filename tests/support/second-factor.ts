// Real authenticator codes for tests, computed from the secret with otpauth as a phone would.
import * as OTPAuth from "otpauth";
import { DEMO_TOTP_SECRET } from "../../prisma/seed";

export { DEMO_TOTP_SECRET };

/** The 6-digit code for `secret` at `at`. */
export function totpCode(secret: string, at: Date | number): string {
  const timestamp = typeof at === "number" ? at : at.getTime();
  return new OTPAuth.TOTP({ algorithm: "SHA1", digits: 6, period: 30, secret: OTPAuth.Secret.fromBase32(secret) }).generate({ timestamp });
}

/**
 * Codes not yet used, per person: a code is good once, and tests often sign one person in twice
 * without moving the clock. Concord accepts one 30-second step either side of now.
 */
export function unusedCodes() {
  const used = new Map<string, Set<number>>();
  return (email: string, now: Date, secret = DEMO_TOTP_SECRET): string => {
    const step = Math.floor(now.getTime() / 30_000);
    const taken = used.get(email) ?? new Set<number>();
    used.set(email, taken);
    const free = [step, step + 1, step - 1].find((s) => !taken.has(s));
    if (free === undefined) throw new Error(`${email} has used every code around ${now.toISOString()}: advance the clock 30 seconds`);
    taken.add(free);
    return totpCode(secret, free * 30_000);
  };
}
