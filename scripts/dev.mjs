// `npm run dev`: Remix rebuilds on change (classic compiler, `remix watch`); the server restarts
// when server code changes (tsx watch) and re-imports the Remix build when it is rewritten.
import { spawn } from "node:child_process";
import { buildStyles } from "./build-styles.mjs";

buildStyles();
const env = { ...process.env, NODE_ENV: "development" };
const children = [
  spawn(process.execPath, ["node_modules/@remix-run/dev/dist/cli.js", "watch"], { stdio: "inherit", env }),
  spawn(process.execPath, ["node_modules/tsx/dist/cli.mjs", "watch", "--clear-screen=false", "--include", "prisma/seed.ts", "server/main.ts"], { stdio: "inherit", env }),
];
const stop = () => children.forEach((child) => child.kill("SIGTERM"));
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
children.forEach((child) => child.on("exit", (code) => { if (code) { stop(); process.exit(code); } }));
