// Helpers for the input-validation and fuzz tests: what a validation library's default message
// looks like (a person must never meet one), and a fingerprint of the database so a test can
// check that a refused request changed nothing.
import { expect } from "vitest";
import type { Db } from "../../server/db/connect";

/**
 * Phrasings of zod's (and JSON.parse's) built-in English messages. Every message Concord shows
 * is written for a person, so none of these may appear in one. Matched case-insensitively on
 * word boundaries ("expected" would otherwise match a sentence of ours one day).
 */
export const DEFAULT_MESSAGE_PATTERNS: RegExp[] = [
  /\binvalid input\b/i,
  /\bexpected\b.*\breceived\b/i,
  /\bexpected (number|string|boolean|object|array|bigint|date|nan|never|undefined|null)\b/i,
  /\breceived (number|string|boolean|object|array|bigint|date|nan|never|undefined|null)\b/i,
  /\btoo (big|small)\b/i,
  /\binvalid (string|uuid|email|url|date|datetime|iso|option|enum|union|key|element|type|literal)\b/i,
  /\bunrecognized key/i,
  /\bnot a valid\b/i,
  /\bunexpected token\b/i,
  /\bin JSON at position\b/i,
  /\bis not valid JSON\b/i,
  /\bunexpected end of JSON\b/i,
  /\bnon-whitespace character\b/i,
  /[<>]=?\s?-?\d/, // "<=4", ">=1"
  /\bstack\b|\bat .*\.(ts|js):\d+/i,
  /\bprisma\b|\bsql\b|\bpostgres/i,
];

export function defaultPhrasing(message: string): RegExp | undefined {
  return DEFAULT_MESSAGE_PATTERNS.find((pattern) => pattern.test(message));
}

/** Fails the test when a message a person could meet is empty or reads like a library default. */
export function expectWrittenForAPerson(message: string | undefined | null, context = "") {
  expect(message, `no message ${context}`).toBeTruthy();
  expect(defaultPhrasing(message!) ?? null, `"${message}" reads like a library default ${context}`).toBeNull();
}

/** Tables whose rows may change without any request (none today) or that are too big to hash. */
const NOT_FINGERPRINTED = new Set(["_prisma_migrations", "calendar_day"]);

let fingerprintSql: string | undefined;

/**
 * One hash per table of every row's text, in one round trip. Comparing two fingerprints shows
 * whether anything was inserted, updated or deleted in between. `except` leaves out tables a
 * refused request may legitimately write (failed sign-ins are recorded for throttling).
 */
export async function databaseFingerprint(db: Db, except: string[] = []): Promise<Record<string, string>> {
  if (!fingerprintSql) {
    const tables = (await db.$queryRawUnsafe<{ tablename: string }[]>("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"))
      .map((t) => t.tablename)
      .filter((name) => !NOT_FINGERPRINTED.has(name));
    fingerprintSql = `SELECT ${tables.map((name) => `(SELECT count(*)::text || ':' || coalesce(md5(string_agg(md5(t::text), '' ORDER BY md5(t::text))), '') FROM "${name}" t) AS "${name}"`).join(", ")}`;
  }
  const [row] = await db.$queryRawUnsafe<Record<string, string>[]>(fingerprintSql);
  const result = { ...row! };
  for (const name of except) delete result[name];
  return result;
}
