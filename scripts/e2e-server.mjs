// Starts the production build for the browser tests on a database of its own: a fresh
// PostgreSQL database (concord_e2e) when DATABASE_URL is set, else a fresh embedded one.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";

const env = { ...process.env, NODE_ENV: "production", PORT: process.env.E2E_PORT ?? "3210", HOST: "127.0.0.1", CONCORD_DEMO_DATA: "true", CONCORD_TEST_CLOCK: "true", LOG_LEVEL: "warn" };
const serverUrl = process.env.TEST_DATABASE_URL || process.env.DATABASE_URL;
const e2eDatabase = `${process.env.CONCORD_TEST_DB_PREFIX ?? "concord"}_e2e`;
if (serverUrl) {
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${e2eDatabase} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${e2eDatabase}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${e2eDatabase}`;
  env.DATABASE_URL = url.toString();
} else {
  delete env.DATABASE_URL;
  env.CONCORD_DATA_DIR = join(mkdtempSync(join(tmpdir(), "concord-e2e-")), "pglite");
}
// Single sign-on for the browser tests: a real OpenID Connect provider (oidc-provider, test
// accounts, its development sign-in pages) on the next port, which the browser tests configure
// for the ICB through the Single sign-on page. Only here: nothing in Concord starts it.
const { startTestProvider } = await import("../tests/support/oidc-test-provider.ts");
const oidcPort = Number(env.PORT) + 1;
await startTestProvider({
  port: oidcPort,
  redirectUris: [`http://localhost:${env.PORT}/sso/callback`, `http://127.0.0.1:${env.PORT}/sso/callback`],
  accounts: [{ id: "hana.ali", email: "hana.ali@icb.example.org", email_verified: true, name: "Hana Ali" }],
});
env.IDENTITY_SECRET_KEY = randomBytes(32).toString("base64");
const child = spawn(process.execPath, ["build/server/main.js"], { env, stdio: "inherit" });
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => child.kill(signal));
child.on("exit", (code) => process.exit(code ?? 0));
