// `npm run build`: styles, the Remix app (classic compiler) and the server bundle.
import { spawnSync } from "node:child_process";
import { rmSync } from "node:fs";
import * as esbuild from "esbuild";
import { buildStyles } from "./build-styles.mjs";

const run = (command, args) => {
  const result = spawnSync(command, args, { stdio: "inherit", env: { ...process.env, NODE_ENV: "production" } });
  if (result.status !== 0) process.exit(result.status ?? 1);
};

rmSync("build", { recursive: true, force: true });
buildStyles();
run(process.execPath, ["node_modules/@remix-run/dev/dist/cli.js", "build"]);
await esbuild.build({
  entryPoints: ["server/main.ts"],
  outfile: "build/server/main.js",
  bundle: true,
  platform: "node",
  target: "node20",
  format: "esm",
  packages: "external",
  sourcemap: true,
  logLevel: "warning",
});
console.log("Built Concord: build/remix (pages), build/server (server), public/build and public/assets (browser).");
