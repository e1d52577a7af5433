// The Content-Security-Policy (server/http/security-headers.ts) allows no inline styles, so a
// `style=` attribute in a page is silently dropped by the browser (line breaks lost, layout
// broken). Styles go in app/styles as classes.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : /\.tsx$/.test(name) ? [path] : [];
  });
}

describe("pages under the Content-Security-Policy", () => {
  it("use classes, never inline style attributes the policy would block", () => {
    const inline = sourceFiles(join(process.cwd(), "app")).flatMap((file) =>
      readFileSync(file, "utf8")
        .split("\n")
        .map((line, i) => ({ line, at: `${file.slice(process.cwd().length + 1)}:${i + 1}` }))
        .filter(({ line }) => /\sstyle=\{/.test(line))
        .map(({ at, line }) => `${at} ${line.trim()}`),
    );
    expect(inline).toEqual([]);
  });
});
