// One UK date and time style everywhere (pages, figures, emails): "23 November 2026, 2:35pm",
// always in UK time whatever the browser's or server's zone (GOV.UK style: no leading zero,
// "am"/"pm" without a space, "midnight" and "midday" for 12am and 12pm).
const parts = new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/London", day: "numeric", month: "long", year: "numeric", hour: "numeric", minute: "2-digit", hourCycle: "h23" });
const monthYear = new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/London", month: "long", year: "numeric" });

const toDate = (value: string | Date) => (value instanceof Date ? value : /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T12:00:00Z`) : new Date(value));

function pieces(value: string | Date) {
  const out: Record<string, string> = {};
  for (const p of parts.formatToParts(toDate(value))) out[p.type] = p.value;
  return { day: out.day!, month: out.month!, year: out.year!, hour: Number(out.hour), minute: out.minute! };
}

/** "2:35pm", "9am", "midday", "midnight". */
export function formatTime(value: string | Date): string {
  const { hour, minute } = pieces(value);
  if (minute === "00" && hour === 0) return "midnight";
  if (minute === "00" && hour === 12) return "midday";
  const h12 = hour % 12 === 0 ? 12 : hour % 12;
  return `${h12}${minute === "00" ? "" : `:${minute}`}${hour < 12 ? "am" : "pm"}`;
}

/** "23 November 2026" (a calendar date "2026-11-23" is that day, whatever the zone). */
export function formatDate(value: string | Date): string {
  const { day, month, year } = pieces(value);
  return `${day} ${month} ${year}`;
}

/** "23 November 2026, 2:35pm". */
export function formatDateTime(value: string | Date): string {
  return `${formatDate(value)}, ${formatTime(value)}`;
}

/** "November 2026", for a month ("2026-11" or any instant in it). */
export function formatMonth(value: string | Date): string {
  return monthYear.format(typeof value === "string" && /^\d{4}-\d{2}$/.test(value) ? new Date(`${value}-15T12:00:00Z`) : toDate(value));
}

/** A deadline at midnight reads as the end of the day before. */
export function formatDeadline(value: string | Date): string {
  const instant = toDate(value);
  const { hour, minute } = pieces(instant);
  return hour === 0 && minute === "00" ? `End of ${formatDate(new Date(instant.getTime() - 1))}` : formatDateTime(instant);
}

const weekday = new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/London", weekday: "long" });

/** "Tuesday 24 November 2026, 2:30pm": with the day of the week, for invitations. */
export function formatDateTimeWithDay(value: string | Date): string {
  return `${weekday.format(toDate(value))} ${formatDateTime(value)}`;
}
