// Dates as people in England read them, always in UK time whatever the browser's zone.
const dateTime = new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/London", day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit" });
const dateOnly = new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/London", day: "numeric", month: "long", year: "numeric" });

export const formatDateTime = (iso: string) => dateTime.format(new Date(iso));
export const formatDate = (iso: string) => dateOnly.format(new Date(iso));

/** A deadline at midnight reads as the end of the day before. */
export function formatDeadline(iso: string) {
  const instant = new Date(iso);
  const time = new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/London", hour: "2-digit", minute: "2-digit" }).format(instant);
  return time === "00:00" ? `End of ${formatDate(new Date(instant.getTime() - 1).toISOString())}` : formatDateTime(iso);
}

/** "Tuesday 24 November 2026, 2:30pm": the same words as the invitation email. */
export { formatUkDateTime } from "../../server/domain/calendar/uk-time";
