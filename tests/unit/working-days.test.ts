import { describe, expect, it } from "vitest";
import { addWorkingDays, endOfWorkingDayDue, workingDaysBetween, londonDate, fromLondon, isWorkingDay } from "../../server/domain/calendar/working-days";

// The England and Wales bank holidays these cases touch (the full list is seeded by migration).
const HOLIDAYS = new Set(["2026-04-03", "2026-04-06", "2026-12-25", "2026-12-28", "2027-01-01", "2027-12-27", "2027-12-28", "2028-01-03"]);
const at = (iso: string) => new Date(iso);

describe("addWorkingDays", () => {
  it("skips the weekend", () => {
    expect(addWorkingDays(at("2026-11-20T15:00:00Z"), 1, HOLIDAYS).toISOString()).toBe("2026-11-23T15:00:00.000Z"); // Fri -> Mon
    expect(addWorkingDays(at("2026-11-23T09:30:00Z"), 1, HOLIDAYS).toISOString()).toBe("2026-11-24T09:30:00.000Z"); // Mon -> Tue
    expect(addWorkingDays(at("2026-11-19T10:00:00Z"), 3, HOLIDAYS).toISOString()).toBe("2026-11-24T10:00:00.000Z"); // Thu +3 -> Tue
  });

  it("starts something received on a weekend at the beginning of the next working day", () => {
    // Saturday 21 Nov: due by the end of Monday 23 Nov, i.e. midnight starting Tuesday.
    expect(addWorkingDays(at("2026-11-21T10:00:00Z"), 1, HOLIDAYS).toISOString()).toBe("2026-11-24T00:00:00.000Z");
  });

  it("skips bank holidays (Easter 2026)", () => {
    // Thursday 2 April 2026 (BST): Good Friday and Easter Monday are holidays -> Tuesday 7 April.
    expect(addWorkingDays(at("2026-04-02T09:00:00Z"), 1, HOLIDAYS).toISOString()).toBe("2026-04-07T09:00:00.000Z");
  });

  it("crosses the year end and its substitute holidays", () => {
    // Thu 24 Dec 2026 -> Fri 25 holiday, Mon 28 substitute Boxing Day -> Tue 29 Dec.
    expect(addWorkingDays(at("2026-12-24T16:00:00Z"), 1, HOLIDAYS).toISOString()).toBe("2026-12-29T16:00:00.000Z");
    // Thu 31 Dec 2026 -> Fri 1 Jan 2027 holiday -> Mon 4 Jan 2027.
    expect(addWorkingDays(at("2026-12-31T11:00:00Z"), 1, HOLIDAYS).toISOString()).toBe("2027-01-04T11:00:00.000Z");
    // Fri 24 Dec 2027 -> Mon 27 and Tue 28 substitutes -> Wed 29 Dec; +3 crosses into 2028 past Mon 3 Jan.
    expect(addWorkingDays(at("2027-12-24T10:00:00Z"), 1, HOLIDAYS).toISOString()).toBe("2027-12-29T10:00:00.000Z");
    expect(addWorkingDays(at("2027-12-30T10:00:00Z"), 2, HOLIDAYS).toISOString()).toBe("2028-01-04T10:00:00.000Z");
  });

  it("keeps the local hour across the change to British Summer Time", () => {
    // Friday 27 March 2026 10:00 GMT -> Monday 30 March 10:00 BST (09:00 UTC).
    expect(addWorkingDays(at("2026-03-27T10:00:00Z"), 1, HOLIDAYS).toISOString()).toBe("2026-03-30T09:00:00.000Z");
  });

  it("adds nothing for zero days on a working day, and refuses negative days", () => {
    expect(addWorkingDays(at("2026-11-23T09:00:00Z"), 0, HOLIDAYS).toISOString()).toBe("2026-11-23T09:00:00.000Z");
    expect(() => addWorkingDays(at("2026-11-23T09:00:00Z"), -1, HOLIDAYS)).toThrow(RangeError);
  });
});

describe("workingDaysBetween", () => {
  it("counts working days, not calendar days", () => {
    expect(workingDaysBetween(at("2026-11-20T15:00:00Z"), at("2026-11-23T08:00:00Z"), HOLIDAYS)).toBe(1); // Fri -> Mon
    expect(workingDaysBetween(at("2026-11-23T09:00:00Z"), at("2026-11-23T17:00:00Z"), HOLIDAYS)).toBe(0);
    expect(workingDaysBetween(at("2026-12-23T09:00:00Z"), at("2027-01-05T09:00:00Z"), HOLIDAYS)).toBe(6); // 24,29,30,31 Dec, 4,5 Jan
    expect(workingDaysBetween(at("2026-11-24T09:00:00Z"), at("2026-11-20T09:00:00Z"), HOLIDAYS)).toBe(-2);
  });
});

describe("London dates", () => {
  it("uses the UK calendar date, not UTC's", () => {
    expect(londonDate(at("2026-06-30T23:30:00Z"))).toBe("2026-07-01"); // BST
    expect(londonDate(at("2026-12-31T23:30:00Z"))).toBe("2026-12-31"); // GMT
    expect(fromLondon("2026-07-01", { hour: 9, minute: 0, second: 0, millisecond: 0 }).toISOString()).toBe("2026-07-01T08:00:00.000Z");
    expect(isWorkingDay("2026-12-25", HOLIDAYS)).toBe(false);
    expect(isWorkingDay("2026-12-24", HOLIDAYS)).toBe(true);
  });
});

describe("endOfWorkingDayDue (urgent disagreement stages)", () => {
  const hours = { cutoff: "16:00", end: "17:00" };
  const due = (iso: string, extra = 0) => endOfWorkingDayDue(at(iso), extra, hours, HOLIDAYS).toISOString();

  it("is the end of the same working day up to the cut-off, and of the next from the cut-off on", () => {
    expect(due("2026-11-23T15:59:00Z")).toBe("2026-11-23T17:00:00.000Z");
    expect(due("2026-11-23T16:00:00Z")).toBe("2026-11-24T17:00:00.000Z");
    expect(due("2026-11-23T23:30:00Z")).toBe("2026-11-24T17:00:00.000Z");
  });

  it("starts a weekend or bank holiday on the next working day, whatever the hour", () => {
    expect(due("2026-11-21T09:00:00Z")).toBe("2026-11-23T17:00:00.000Z"); // Saturday morning: Monday
    expect(due("2026-12-25T09:00:00Z")).toBe("2026-12-29T17:00:00.000Z"); // Christmas Day: Tuesday 29th
  });

  it("adds whole working days after that day, across the year end", () => {
    expect(due("2026-12-31T10:00:00Z", 1)).toBe("2027-01-04T17:00:00.000Z");
    expect(due("2026-12-31T16:30:00Z", 2)).toBe("2027-01-06T17:00:00.000Z");
  });

  it("keeps London's end of day in summer time, and is never midnight", () => {
    expect(due("2027-06-09T14:00:00Z")).toBe("2027-06-09T16:00:00.000Z"); // 15:00 BST: 17:00 BST the same day
    const londonTime = new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/London", hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
    for (const start of ["2026-11-23T08:00:00Z", "2026-11-27T18:00:00Z", "2027-03-26T12:00:00Z", "2027-03-27T12:00:00Z"]) expect(londonTime.format(new Date(due(start)))).toBe("17:00");
  });
});
