// The GOV.UK date input (day, month and year as three fields) and a separate time field, read
// into the values the shared validators take: "2026-11-23" (calendarDate) or "2026-11-23T14:30"
// (instant, read as UK time). Messages follow the Design System: they name the date and the
// part that is wrong ("Date of meeting must include a month"). See docs/decisions/0024.

export type DatePart = "day" | "month" | "year" | "time";

export interface DateInputValues {
  day?: string;
  month?: string;
  year?: string;
  time?: string;
}

export type DateInputResult = { ok: true; value: string } | { ok: false; message: string; parts: DatePart[] };

const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

/** "11", "Nov" or "November" as a month number; anything else is NaN. */
function readMonth(text: string): number {
  if (/^\d{1,2}$/.test(text)) return Number(text);
  const index = MONTHS.indexOf(text.slice(0, 3).toLowerCase());
  return index >= 0 && (text.length === 3 || "january february march april may june july august september october november december".split(" ")[index] === text.toLowerCase()) ? index + 1 : Number.NaN;
}

/**
 * "14:30", "2:30pm", "2.30 pm", "2pm", "midday", "midnight" as hours and minutes; null when it is
 * not a real time ("25:00", "13pm", "2:75").
 */
export function readTime(text: string): { hour: number; minute: number } | null {
  const t = text.trim().toLowerCase().replace(/\s+/g, "");
  if (t === "midday" || t === "noon" || t === "12noon") return { hour: 12, minute: 0 };
  if (t === "midnight") return { hour: 0, minute: 0 };
  const match = /^(\d{1,2})(?:[:.](\d{2}))?(am|pm|a\.m\.|p\.m\.)?$/.exec(t);
  if (!match) return null;
  let hour = Number(match[1]);
  const minute = match[2] === undefined ? 0 : Number(match[2]);
  const suffix = match[3]?.replace(/\./g, "");
  if (match[2] === undefined && !suffix) return null; // "14" alone is not a time
  if (minute > 59) return null;
  if (suffix) {
    if (hour < 1 || hour > 12) return null;
    hour = (hour % 12) + (suffix === "pm" ? 12 : 0);
  } else if (hour > 23) {
    return null;
  }
  return { hour, minute };
}

const pad = (n: number) => String(n).padStart(2, "0");
const lowerFirst = (text: string) => text.charAt(0).toLowerCase() + text.slice(1);

/**
 * Read a date (and, with `time`, a time) typed into the GOV.UK date input. `label` names the date
 * as a heading would, e.g. "Date of meeting"; `timeLabel` the time, e.g. "Time of meeting".
 */
export function readDateInput(values: DateInputValues, options: { label: string; time?: boolean; timeLabel?: string }): DateInputResult {
  const day = (values.day ?? "").trim();
  const month = (values.month ?? "").trim();
  const year = (values.year ?? "").trim();
  const label = options.label;
  const missing = (["day", "month", "year"] as const).filter((part) => ({ day, month, year })[part] === "");
  if (missing.length === 3) return { ok: false, message: `Enter ${lowerFirst(label)}`, parts: ["day", "month", "year"] };
  if (missing.length > 0) {
    const words = missing.length === 2 ? `${missing[0]} and ${missing[1]}` : missing[0];
    return { ok: false, message: `${label} must include a ${words}`, parts: [...missing] };
  }
  if (!/^\d+$/.test(year) || year.length !== 4) return { ok: false, message: "Year must include 4 numbers", parts: ["year"] };
  const y = Number(year);
  const m = readMonth(month);
  const d = /^\d{1,2}$/.test(day) ? Number(day) : Number.NaN;
  if (!(m >= 1 && m <= 12)) return { ok: false, message: `${label} must be a real date`, parts: ["month"] };
  const probe = new Date(Date.UTC(2000, m - 1, d)); // 2000: a leap year, so 29 February passes here
  const realDay = d >= 1 && probe.getUTCMonth() === m - 1 && probe.getUTCDate() === d && (m !== 2 || d !== 29 || (y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0)));
  if (!realDay) return { ok: false, message: `${label} must be a real date`, parts: ["day"] };
  if (y < 1900 || y > 2100) return { ok: false, message: `${label} must be between 1900 and 2100`, parts: ["year"] };
  const date = `${year}-${pad(m)}-${pad(d)}`;
  if (!options.time) return { ok: true, value: date };
  const timeLabel = options.timeLabel ?? "Time";
  const timeText = (values.time ?? "").trim();
  if (!timeText) return { ok: false, message: `Enter ${lowerFirst(timeLabel)}`, parts: ["time"] };
  const time = readTime(timeText);
  if (!time) return { ok: false, message: `${timeLabel} must be a real time, like 2:30pm or 14:30`, parts: ["time"] };
  return { ok: true, value: `${date}T${pad(time.hour)}:${pad(time.minute)}` };
}

/** The values a form sent for the date input named `name` (fields `name-day`, `name-month`...). */
export function dateInputValues(form: { get(name: string): unknown }, name: string): DateInputValues {
  const text = (part: string) => {
    const value = form.get(`${name}-${part}`);
    return typeof value === "string" ? value : "";
  };
  return { day: text("day"), month: text("month"), year: text("year"), time: text("time") };
}

/** The fields of a date input from a "YYYY-MM-DD" or "YYYY-MM-DDTHH:MM" value, to show it again. */
export function dateInputFrom(value: string | null | undefined): DateInputValues {
  const match = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}))?/.exec(value ?? "");
  if (!match) return {};
  return { year: match[1], month: String(Number(match[2])), day: String(Number(match[3])), time: match[4] ? `${match[4]}:${match[5]}` : undefined };
}
