// Starting Concord (migrations, loading modules, the first purge) allocates fast, so V8 grows its
// young generation to its largest (64 MB on Node 24) and keeps it, idle or not. One
// memory-reducing collection once start-up work is done gives that back; under load the young
// generation grows again as it needs to, so throughput is unchanged (decision 0042).
import v8 from "node:v8";
import vm from "node:vm";

type GcOptions = { type: "major"; execution: "sync"; flavor: "last-resort" };

/** V8's `gc`, reached without exposing it to the application's own global scope. */
function gcFunction(): ((options: GcOptions) => void) | null {
  try {
    v8.setFlagsFromString("--expose-gc");
    const gc = vm.runInNewContext("gc") as unknown;
    return typeof gc === "function" ? (gc as (options: GcOptions) => void) : null;
  } catch {
    return null;
  } finally {
    v8.setFlagsFromString("--no-expose-gc");
  }
}

/** Collect everything start-up left behind and shrink the heap's spaces to what is live. */
export function releaseStartupMemory(): void {
  gcFunction()?.({ type: "major", execution: "sync", flavor: "last-resort" });
}
