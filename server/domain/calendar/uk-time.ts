// Times as GOV.UK style writes them, in UK time whatever the server's or browser's zone:
// "Tuesday 24 November 2026, 2:30pm", "11am", "midday", "midnight". Pure, so the server (emails)
// and the pages say a time the same way.

const parts = new Intl.DateTimeFormat("en-GB", {
  timeZone: "Europe/London",
  weekday: "long",
  day: "numeric",
  month: "long",
  year: "numeric",
  hour: "numeric",
  minute: "2-digit",
  hourCycle: "h23",
});

function londonParts(instant: Date | string) {
  return Object.fromEntries(parts.formatToParts(new Date(instant)).map((p) => [p.type, p.value])) as Record<"weekday" | "day" | "month" | "year" | "hour" | "minute", string>;
}

/** "2:30pm", "11am", "midday", "midnight" (UK time). */
export function formatUkTime(instant: Date | string): string {
  const p = londonParts(instant);
  const hour = Number(p.hour);
  const minute = p.minute;
  if (minute === "00" && hour === 12) return "midday";
  if (minute === "00" && hour === 0) return "midnight";
  const twelve = hour % 12 === 0 ? 12 : hour % 12;
  return `${twelve}${minute === "00" ? "" : `:${minute}`}${hour < 12 ? "am" : "pm"}`;
}

/** "Tuesday 24 November 2026, 2:30pm" (UK time). */
export function formatUkDateTime(instant: Date | string): string {
  const p = londonParts(instant);
  return `${p.weekday} ${p.day} ${p.month} ${p.year}, ${formatUkTime(instant)}`;
}
