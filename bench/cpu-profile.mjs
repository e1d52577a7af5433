// Summarises V8 CPU profiles (node --cpu-prof, e.g. BENCH_CPU_PROF=dir npm run bench:api):
// where the server's time went, by package or source file (self time) and by function.
// Run: node bench/cpu-profile.mjs <dir or file.cpuprofile> [top]
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";

const target = process.argv[2];
const top = Number(process.argv[3] ?? 25);
if (!target) {
  console.error("usage: node bench/cpu-profile.mjs <dir or file.cpuprofile> [top]");
  process.exit(1);
}
const files = statSync(target).isDirectory()
  ? readdirSync(target).filter((f) => f.endsWith(".cpuprofile")).map((f) => join(target, f))
  : [target];

/** node_modules/<package> (scoped too), our own build, node internals, or V8's own entries. */
function placeOf(url, name) {
  if (!url) return name.startsWith("(") ? name : "(native)";
  const modules = url.lastIndexOf("node_modules/");
  if (modules >= 0) {
    const rest = url.slice(modules + "node_modules/".length).split("/");
    return rest[0].startsWith("@") ? `${rest[0]}/${rest[1]}` : rest[0];
  }
  if (url.startsWith("node:")) return url;
  return url.replace(/^file:\/\/.*?\/(build|bench)\//, "$1/");
}

for (const file of files) {
  const profile = JSON.parse(readFileSync(file, "utf8"));
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map();
  for (let i = 0; i < profile.samples.length; i++) {
    const dt = profile.timeDeltas[i] ?? 0;
    self.set(profile.samples[i], (self.get(profile.samples[i]) ?? 0) + dt);
  }
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  const idle = [...self.entries()].filter(([id]) => byId.get(id).callFrame.functionName === "(idle)").reduce((a, [, t]) => a + t, 0);
  const byPlace = new Map();
  const byFunction = new Map();
  for (const [id, t] of self) {
    const { functionName, url, lineNumber } = byId.get(id).callFrame;
    const place = placeOf(url, functionName);
    byPlace.set(place, (byPlace.get(place) ?? 0) + t);
    const key = `${functionName || "(anonymous)"}  ${place}:${lineNumber + 1}`;
    byFunction.set(key, (byFunction.get(key) ?? 0) + t);
  }
  const busy = total - idle;
  const pct = (t) => `${((100 * t) / busy).toFixed(1).padStart(5)}%`;
  console.log(`\n${file}: ${(total / 1e6).toFixed(1)} s sampled, ${(busy / 1e6).toFixed(1)} s busy (percentages of busy time)`);
  console.log("\nself time by package or file:");
  for (const [place, t] of [...byPlace].filter(([p]) => p !== "(idle)").sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`  ${pct(t)}  ${place}`);
  console.log("\nself time by function:");
  for (const [key, t] of [...byFunction].filter(([k]) => !k.startsWith("(idle)")).sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`  ${pct(t)}  ${key}`);
}
