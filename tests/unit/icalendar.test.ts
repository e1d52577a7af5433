// Calendar files carry text a person typed (a meeting's place): it must stay inside its property
// whatever it contains, and every line must follow RFC 5545 (CRLF endings, folded at 75 octets).
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { meetingCalendar } from "../../server/domain/mail/outbox";

const NOW = new Date("2026-11-23T09:00:00Z");
const calendarWith = (location: string) =>
  meetingCalendar({ id: "6f1c2d4e-8a9b-4c3d-9e2f-1a2b3c4d5e6f", start: new Date("2026-11-23T14:00:00Z"), minutes: 60, location, url: "https://concord.example.org/meetings/6f1c2d4e-8a9b-4c3d-9e2f-1a2b3c4d5e6f" }, NOW);

/** What a calendar program does: split on CRLF, then join folded lines (CRLF + space/tab). */
function contentLines(ics: string): string[] {
  expect(ics.endsWith("\r\n")).toBe(true);
  return ics.slice(0, -2).replace(/\r\n[ \t]/g, "").split("\r\n");
}

/** Undo RFC 5545 TEXT escaping. */
const unescapeText = (value: string) => value.replace(/\\([\\;,nN])/g, (_m, c: string) => (c.toLowerCase() === "n" ? "\n" : c));

const PROPERTIES = ["BEGIN", "VERSION", "PRODID", "METHOD", "BEGIN", "UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY", "LOCATION", "URL", "DESCRIPTION", "END", "END"];

describe("meeting calendar files", () => {
  it("keeps a place with a bare carriage return, a line feed or CRLF inside LOCATION", () => {
    for (const lineBreak of ["\r", "\n", "\r\n"]) {
      const ics = calendarWith(`Room 1${lineBreak}ATTENDEE:mailto:someone@evil.example${lineBreak}BEGIN:VALARM`);
      const lines = contentLines(ics);
      expect(lines.map((l) => l.split(":")[0])).toEqual(PROPERTIES);
      const location = lines.find((l) => l.startsWith("LOCATION:"))!.slice("LOCATION:".length);
      expect(unescapeText(location)).toBe("Room 1\nATTENDEE:mailto:someone@evil.example\nBEGIN:VALARM");
      // Line breaks only as CRLF, nowhere else.
      expect(ics.replace(/\r\n/g, "")).not.toMatch(/[\r\n]/);
    }
  });

  it("folds long lines at 75 octets without splitting a character", () => {
    const ics = calendarWith("Conference room on the second floor of Northshire House, Crescent Road — ask at reception for the safeguarding team’s room 😀 ".repeat(3));
    const physicalLines = ics.slice(0, -2).split("\r\n");
    expect(physicalLines.filter((l) => l.startsWith(" ")).length).toBeGreaterThan(3);
    for (const physical of physicalLines) {
      expect(Buffer.byteLength(physical, "utf8")).toBeLessThanOrEqual(75);
      // A character cut in two (half a surrogate pair) would not survive UTF-8.
      expect(Buffer.from(physical, "utf8").toString("utf8")).toBe(physical);
    }
  });

  it("keeps any text a person could type inside its property (property-based)", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 300 }), (location) => {
        fc.pre(location.length > 0);
        const ics = calendarWith(location);
        expect(ics.replace(/\r\n/g, "")).not.toMatch(/[\r\n]/);
        for (const physical of ics.slice(0, -2).split("\r\n")) expect(Buffer.byteLength(physical, "utf8")).toBeLessThanOrEqual(75);
        const lines = contentLines(ics);
        expect(lines.map((l) => l.split(":")[0])).toEqual(PROPERTIES);
        const expected = location.replace(/\r\n|\r|\n/g, "\n").replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, "");
        expect(unescapeText(lines.find((l) => l.startsWith("LOCATION:"))!.slice("LOCATION:".length))).toBe(expected);
      }),
      { numRuns: 300 },
    );
  });
});
