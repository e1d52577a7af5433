// Every setting Concord reads from the environment, parsed once, with clear errors.
import { isIP } from "node:net";
import { z } from "zod";

/** Safe inside a Redis channel name and the adapter's subscription pattern (no * ? [ ] or #). */
const DEPLOYMENT_ID = /^[A-Za-z0-9._:/-]{1,100}$/;

const schema = z.object({
  /** Unset behaves as production (see runMode); `npm start` sets nothing. */
  NODE_ENV: z.enum(["development", "production", "test"]).optional(),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default("0.0.0.0"),
  /** A PostgreSQL URL. Unset: the embedded database in CONCORD_DATA_DIR. */
  DATABASE_URL: z.string().url().optional(),
  CONCORD_DATA_DIR: z.string().default(".data/pglite"),
  /** Seed the demo partnership when the database has no agencies (always on for the embedded database). */
  CONCORD_DEMO_DATA: z.enum(["true", "false"]).optional(),
  /** With the demo data, also generate a year of activity so the figures have something to show. */
  CONCORD_DEMO_HISTORY: z.enum(["true", "false"]).default("true"),
  /** The public origin (scheme://host[:port]) when behind a proxy; used for links and origin checks. */
  PUBLIC_URL: z.string().url().optional(),
  /**
   * Which X-Forwarded-* headers to believe: the number of proxies in front of Concord, or a
   * comma-separated list of their addresses or ranges. Never `true` (see parseTrustProxy).
   */
  TRUST_PROXY: z.string().default("false"),
  /** Hours an invitation link stays valid. */
  INVITATION_TTL_HOURS: z.coerce.number().int().min(1).max(24 * 30).default(72),
  /** Minutes a session lasts without use, until a system administrator sets it in Settings. */
  SESSION_IDLE_MINUTES: z.coerce.number().int().min(5).max(240).default(30),
  /** Hours a session lasts after sign-in however busy, until a system administrator sets it in Settings. */
  SESSION_TTL_HOURS: z.coerce.number().int().min(1).max(24).default(12),
  /** Redis for several nodes (Socket.IO rooms across nodes). Unset: a single node. */
  REDIS_URL: z.string().url().optional(),
  /**
   * Names this deployment on a Redis that other deployments may share: live events travel on
   * channels prefixed with it. Default: derived from DATABASE_URL (see deploymentId).
   */
  CONCORD_DEPLOYMENT_ID: z
    .string()
    .regex(DEPLOYMENT_ID, "use letters, digits and . _ : / - only, up to 100 characters")
    .optional(),
  /** SMTP server for the email outbox, e.g. smtp://user:pass@mail.example.org:587. Unset: emails are logged. */
  SMTP_URL: z.string().url().optional(),
  MAIL_FROM: z.string().default("Concord <concord@localhost>"),
  /**
   * Encrypts agencies' identity-provider client secrets at rest (AES-256-GCM): 32 random bytes,
   * base64 (`openssl rand -base64 32`). Unset: single sign-on cannot be configured.
   */
  IDENTITY_SECRET_KEY: z
    .string()
    .refine((v) => Buffer.from(v, "base64").length === 32, "must be 32 random bytes, base64-encoded (openssl rand -base64 32)")
    .optional(),
  /** Browser tests only: lets POST /__test/clock move Concord's clock forward. Never in production use. */
  CONCORD_TEST_CLOCK: z.enum(["true", "false"]).default("false"),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
});

export type Config = z.infer<typeof schema>;

/**
 * How Concord runs, for error display and security headers. Only an explicit
 * NODE_ENV=development shows error details (Remix's stack traces); a missing NODE_ENV is
 * production, because `npm start` on a real server sets none and error details must never
 * reach a user there.
 */
export function runMode(config: Pick<Config, "NODE_ENV">): "production" | "development" | "test" {
  return config.NODE_ENV ?? "production";
}

/**
 * Whether the session cookie carries `Secure`: always in production (NODE_ENV unset included,
 * as under `npm start`) unless PUBLIC_URL says explicitly that the site is served over http://.
 * Browsers accept a Secure cookie from http://localhost, so `npm start` still signs in there.
 */
export function secureSessionCookies(config: Pick<Config, "NODE_ENV" | "PUBLIC_URL">): boolean {
  if (runMode(config) !== "production") return false;
  return !config.PUBLIC_URL || new URL(config.PUBLIC_URL).protocol !== "http:";
}

/**
 * Which deployment this node belongs to, for its Redis channels. Nodes that share a database are
 * one deployment, so by default the database's server and name identify it; two deployments on
 * one Redis then never hear each other's live events (docs/decisions/0014).
 */
export function deploymentId(config: Pick<Config, "CONCORD_DEPLOYMENT_ID" | "DATABASE_URL" | "CONCORD_DATA_DIR">): string {
  if (config.CONCORD_DEPLOYMENT_ID) return config.CONCORD_DEPLOYMENT_ID;
  if (!config.DATABASE_URL) return `embedded/${config.CONCORD_DATA_DIR}`.replace(/[^A-Za-z0-9._:/-]/g, "_").slice(0, 100);
  const url = new URL(config.DATABASE_URL);
  return `${url.hostname}:${url.port || "5432"}/${decodeURIComponent(url.pathname.slice(1)) || "postgres"}`.replace(/[^A-Za-z0-9._:/-]/g, "_").slice(0, 100);
}

/** Express's names for address ranges, accepted in TRUST_PROXY beside addresses and CIDR ranges. */
const PROXY_RANGE_NAMES = new Set(["loopback", "linklocal", "uniquelocal"]);

/**
 * TRUST_PROXY as Express's "trust proxy" setting: false, a hop count, or a list of proxy
 * addresses/ranges. `true` would make Express believe the leftmost X-Forwarded-For, which the
 * client writes itself, so a guesser could pick its own address for the sign-in throttle.
 * Returns a message for the operator when the value is not one of these.
 */
export function parseTrustProxy(value: string): { ok: false | number | string[] } | { problem: string } {
  const trimmed = value.trim();
  if (trimmed === "false" || trimmed === "0") return { ok: false };
  if (trimmed === "true") {
    return {
      problem:
        "`true` would believe the client's own X-Forwarded-For. Set the number of proxies in front of Concord (e.g. TRUST_PROXY=1) or their addresses (e.g. TRUST_PROXY=10.0.0.0/8,loopback).",
    };
  }
  if (/^\d+$/.test(trimmed)) {
    const hops = Number(trimmed);
    return hops <= 10 ? { ok: hops } : { problem: "a hop count above 10 is not a real deployment; give the proxies' addresses instead." };
  }
  const entries = trimmed.split(",").map((entry) => entry.trim());
  const bad = entries.filter((entry) => !PROXY_RANGE_NAMES.has(entry) && !isAddressOrRange(entry));
  if (bad.length > 0 || entries.length === 0) {
    return { problem: `not a hop count or a list of proxy addresses or ranges: ${bad.map((entry) => JSON.stringify(entry)).join(", ")}.` };
  }
  return { ok: entries };
}

function isAddressOrRange(entry: string): boolean {
  const [address = "", prefix, ...rest] = entry.split("/");
  const version = isIP(address);
  if (version === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (version === 4 ? 32 : 128);
}

/** Express's "trust proxy" setting for this configuration (loadConfig has checked it). */
export function trustProxySetting(config: Pick<Config, "TRUST_PROXY">): false | number | string[] {
  const parsed = parseTrustProxy(config.TRUST_PROXY);
  if ("problem" in parsed) throw new Error(`TRUST_PROXY: ${parsed.problem}`);
  return parsed.ok;
}

/** The hosts a server with the browser tests' controls (CONCORD_TEST_CLOCK) may listen on. */
export const LOOPBACK_HOSTS: ReadonlySet<string> = new Set(["127.0.0.1", "::1", "localhost"]);

/** Why the browser tests' controls may not run on this host, or null when they may. */
export function testControlsProblem(host: string | undefined): string | null {
  if (host !== undefined && LOOPBACK_HOSTS.has(host)) return null;
  return `CONCORD_TEST_CLOCK lets anyone move Concord's clock and read its outgoing email, so it only runs on a server listening on 127.0.0.1, ::1 or localhost (HOST is ${host === undefined ? "unset: every address" : JSON.stringify(host)}). Unset CONCORD_TEST_CLOCK, or set HOST=127.0.0.1 for browser tests.`;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(Object.fromEntries(Object.entries(env).filter(([, v]) => v !== "")));
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `  ${issue.path.join(".")}: ${issue.message}`).join("\n");
    throw new Error(`Concord's configuration is not valid:\n${problems}`);
  }
  const trustProxy = parseTrustProxy(parsed.data.TRUST_PROXY);
  if ("problem" in trustProxy) throw new Error(`Concord's configuration is not valid:\n  TRUST_PROXY: ${trustProxy.problem}`);
  const testControls = parsed.data.CONCORD_TEST_CLOCK === "true" ? testControlsProblem(parsed.data.HOST) : null;
  if (testControls) throw new Error(`Concord's configuration is not valid:\n  ${testControls}`);
  return parsed.data;
}
