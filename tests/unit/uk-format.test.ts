import { describe, expect, it } from "vitest";
import { formatDate, formatDateTime, formatDeadline, formatMonth, formatTime } from "../../server/domain/calendar/uk-format";

describe("one UK date and time style", () => {
  it("writes dates and times the GOV.UK way, in UK time", () => {
    expect(formatDateTime("2026-11-23T14:35:00Z")).toBe("23 November 2026, 2:35pm");
    expect(formatDateTime("2026-07-01T08:00:00Z")).toBe("1 July 2026, 9am"); // British Summer Time
    expect(formatTime("2026-11-23T12:00:00Z")).toBe("midday");
    expect(formatTime("2026-11-23T00:00:00Z")).toBe("midnight");
    expect(formatTime("2026-11-23T00:05:00Z")).toBe("12:05am");
    expect(formatDate("2026-11-23")).toBe("23 November 2026");
    expect(formatMonth("2026-11")).toBe("November 2026");
    expect(formatDeadline("2026-11-24T00:00:00Z")).toBe("End of 23 November 2026");
  });
});
