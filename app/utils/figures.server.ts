// Read the dashboard's filters from a URL, the same way for the page, the CSV and the drill-down.
// The period comes as from=YYYY-MM-DD (links) or from the GOV.UK date inputs (from-day,
// from-month, from-year), which win when sent; a date that cannot be read falls back to the
// default period, with a message (figuresPeriodErrors).
import { readDateInput, dateInputValues } from "../../server/domain/calendar/date-input";

const LABELS = { from: "Start of the period", to: "End of the period" } as const;

function readPeriodDate(url: URL, name: "from" | "to"): { value?: string; error?: Record<string, string> } {
  const sent = ["day", "month", "year"].some((part) => url.searchParams.has(`${name}-${part}`));
  if (!sent) return { value: url.searchParams.get(name)?.trim() || undefined };
  const result = readDateInput(dateInputValues(url.searchParams, name), { label: LABELS[name] });
  if (result.ok) return { value: result.value };
  const part = result.parts[0]!;
  return { error: { [part === "day" ? name : `${name}-${part}`]: result.message } };
}

export function figuresFilters(url: URL) {
  const text = (name: string) => url.searchParams.get(name)?.trim() || undefined;
  return { from: readPeriodDate(url, "from").value, to: readPeriodDate(url, "to").value, agencyId: text("agencyId"), team: text("team"), sort: text("sort") as never, dir: text("dir") as never };
}

/** Messages for period dates that could not be read, keyed for the error summary. */
export function figuresPeriodErrors(url: URL): Record<string, string> {
  return { ...readPeriodDate(url, "from").error, ...readPeriodDate(url, "to").error };
}
