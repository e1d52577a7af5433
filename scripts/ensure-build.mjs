// Used by `npm start` (and the browser tests with --force): build only when there is no build,
// so a fresh clone's `npm install && npm start` just works.
import { existsSync } from "node:fs";
import { spawnSync } from "node:child_process";

const outputs = ["build/server/main.js", "build/remix/index.js", "public/assets/concord.css"];
if (process.argv.includes("--force") || !outputs.every((file) => existsSync(file))) {
  const result = spawnSync(process.execPath, ["scripts/build.mjs"], { stdio: "inherit" });
  process.exit(result.status ?? 1);
}
