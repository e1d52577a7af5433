import { describe, expect, it } from "vitest";
import { dateInputFrom, readDateInput, readTime } from "../../server/domain/calendar/date-input";

const label = "Date of meeting";

describe("reading the GOV.UK date input", () => {
  it("reads a real date, and a time in either style", () => {
    expect(readDateInput({ day: "23", month: "11", year: "2026" }, { label })).toEqual({ ok: true, value: "2026-11-23" });
    expect(readDateInput({ day: "3", month: "Nov", year: "2026", time: "2:30pm" }, { label, time: true })).toEqual({ ok: true, value: "2026-11-03T14:30" });
    expect(readDateInput({ day: "03", month: "november", year: "2026", time: "14:30" }, { label, time: true })).toEqual({ ok: true, value: "2026-11-03T14:30" });
    expect(readDateInput({ day: "29", month: "2", year: "2028" }, { label })).toEqual({ ok: true, value: "2028-02-29" });
  });

  it("names the missing part", () => {
    expect(readDateInput({ day: "23", month: "", year: "2026" }, { label })).toEqual({ ok: false, message: "Date of meeting must include a month", parts: ["month"] });
    expect(readDateInput({ day: "", month: "", year: "2026" }, { label })).toMatchObject({ ok: false, message: "Date of meeting must include a day and month" });
    expect(readDateInput({}, { label })).toMatchObject({ ok: false, message: "Enter date of meeting" });
  });

  it("refuses years that are not 4 numbers, such as 202611", () => {
    expect(readDateInput({ day: "23", month: "11", year: "202611" }, { label })).toEqual({ ok: false, message: "Year must include 4 numbers", parts: ["year"] });
    expect(readDateInput({ day: "23", month: "11", year: "26" }, { label })).toMatchObject({ ok: false, parts: ["year"] });
    expect(readDateInput({ day: "23", month: "11", year: "1850" }, { label })).toMatchObject({ ok: false, parts: ["year"] });
  });

  it("refuses days that do not exist, such as 31 February or 29 February 2027", () => {
    expect(readDateInput({ day: "31", month: "2", year: "2026" }, { label })).toEqual({ ok: false, message: "Date of meeting must be a real date", parts: ["day"] });
    expect(readDateInput({ day: "29", month: "2", year: "2027" }, { label })).toMatchObject({ ok: false, parts: ["day"] });
    expect(readDateInput({ day: "1", month: "13", year: "2026" }, { label })).toMatchObject({ ok: false, parts: ["month"] });
    expect(readDateInput({ day: "x", month: "1", year: "2026" }, { label })).toMatchObject({ ok: false, parts: ["day"] });
  });

  it("asks for a real time", () => {
    expect(readDateInput({ day: "23", month: "11", year: "2026" }, { label, time: true, timeLabel: "Time of meeting" })).toMatchObject({ ok: false, message: "Enter time of meeting", parts: ["time"] });
    expect(readDateInput({ day: "23", month: "11", year: "2026", time: "25:00" }, { label, time: true, timeLabel: "Time of meeting" })).toMatchObject({ ok: false, message: "Time of meeting must be a real time, like 2:30pm or 14:30" });
    expect(readTime("12pm")).toEqual({ hour: 12, minute: 0 });
    expect(readTime("12am")).toEqual({ hour: 0, minute: 0 });
    expect(readTime("9.05 am")).toEqual({ hour: 9, minute: 5 });
    expect(readTime("midday")).toEqual({ hour: 12, minute: 0 });
    for (const bad of ["13pm", "2:75", "14", "0am", "noonish"]) expect(readTime(bad)).toBeNull();
  });

  it("shows a stored value again in the three fields", () => {
    expect(dateInputFrom("2026-11-03T09:05")).toEqual({ year: "2026", month: "11", day: "3", time: "09:05" });
  });
});
