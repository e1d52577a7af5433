// Runs `prisma generate` on a machine that cannot download Prisma's native schema engine.
// Prisma 7's client needs no native engine at run time (its query compiler is WebAssembly),
// but the CLI insists on finding a schema-engine binary before `generate`, which itself never
// calls it. Pointing PRISMA_SCHEMA_ENGINE_BINARY at a harmless executable satisfies that check.
// See docs/decisions/0002-prisma-without-native-engines.md.
import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const stubDir = join("node_modules", ".cache", "concord");
const stub = join(stubDir, "schema-engine-stub.sh");
if (!existsSync(stub)) {
  mkdirSync(stubDir, { recursive: true });
  writeFileSync(stub, "#!/bin/sh\necho 'Concord: the native schema engine is not used; see docs/decisions' >&2\nexit 1\n");
  chmodSync(stub, 0o755);
}
const env = {
  ...process.env,
  PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? stub,
  PRISMA_HIDE_UPDATE_MESSAGE: "1",
  CHECKPOINT_DISABLE: "1",
};
const result = spawnSync(process.execPath, ["node_modules/prisma/build/index.js", "generate"], { env, stdio: "inherit" });
process.exit(result.status ?? 1);
