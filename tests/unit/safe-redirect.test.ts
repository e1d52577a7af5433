// Redirect targets taken from input (the sign-in page's redirectTo) must stay on this site, read
// the way a browser reads a Location header, and never break the header itself.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { safeRedirectPath } from "../../server/http/safe-redirect";

const SITE = "https://concord.example.org";
const HOME = "/work";

/** Where a browser on this site goes when told `Location: <path>` (WHATWG URL parsing). */
const browserTarget = (path: string) => new URL(path, `${SITE}/login`);

describe("safeRedirectPath", () => {
  it("keeps a path on this site, with its query and fragment", () => {
    expect(safeRedirectPath("/meetings/123?tab=minutes#actions", HOME)).toBe("/meetings/123?tab=minutes#actions");
    expect(safeRedirectPath("/contacts?status=open", HOME)).toBe("/contacts?status=open");
  });

  it("refuses anything a browser would take to another site", () => {
    for (const value of [
      "/\t/evil.example/", // tab dropped by the browser: //evil.example/
      "/\n/evil.example/",
      "/\r/evil.example/",
      "//evil.example/",
      "/\\evil.example/",
      "\\\\evil.example/",
      "/.//evil.example/", // dot segment leaves //evil.example/
      "/%2e//evil.example/",
      "https://evil.example/",
      "javascript:alert(1)",
      " /work",
      "evil.example",
    ]) {
      const result = safeRedirectPath(value, HOME);
      expect(browserTarget(result).origin, JSON.stringify(value)).toBe(SITE);
      expect(result.startsWith("//")).toBe(false);
    }
    expect(safeRedirectPath("/\t/evil.example/", HOME)).toBe(HOME);
  });

  it("never returns a value a Location header cannot carry (a newline was a 500)", () => {
    for (const value of ["/work\nSet-Cookie: a=b", "/work\r\nX: y", "/work\u0000", "/work\u007f"]) expect(safeRedirectPath(value, HOME)).toBe(HOME);
    expect(() => new Headers({ Location: safeRedirectPath("/work\nSet-Cookie: a=b", HOME) })).not.toThrow();
  });

  it("falls back for missing or non-text values", () => {
    expect(safeRedirectPath(null, HOME)).toBe(HOME);
    expect(safeRedirectPath(undefined, HOME)).toBe(HOME);
    expect(safeRedirectPath("", HOME)).toBe(HOME);
  });

  it("whatever the input, the browser stays on this site and the header is valid (property-based)", () => {
    const pathish = fc.oneof(
      fc.string({ unit: "binary", maxLength: 60 }),
      fc.array(fc.constantFrom("/", "\\", "\t", "\n", "\r", ".", "%2e", "%2f", "evil.example", ":", "@", "?", "#", " ", "\u3000"), { maxLength: 12 }).map((parts) => parts.join("")),
    );
    fc.assert(
      fc.property(pathish, (value) => {
        const result = safeRedirectPath(value, HOME);
        expect(browserTarget(result).origin).toBe(SITE);
        expect(result.startsWith("/") && !result.startsWith("//")).toBe(true);
        expect(() => new Headers({ Location: result })).not.toThrow();
      }),
      { numRuns: 2000 },
    );
  });
});
