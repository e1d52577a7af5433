// Read a GOV.UK date input from a submitted form, for a Remix action: the value to give the shared
// validators, and the field error to show when the date cannot be read (keyed by the part to fix).
import { dateInputValues, readDateInput, type DatePart } from "../../server/domain/calendar/date-input";

export interface DateField {
  /** "YYYY-MM-DD" or "YYYY-MM-DDTHH:MM"; "" when the date could not be read. */
  value: string;
  /** The message to show, keyed so that the error summary links to the part to fix. */
  error?: Record<string, string>;
}

export function readDateField(form: FormData | URLSearchParams, name: string, options: { label: string; time?: boolean; timeLabel?: string }): DateField {
  const result = readDateInput(dateInputValues(form, name), options);
  if (result.ok) return { value: result.value };
  const part: DatePart = result.parts[0]!;
  return { value: "", error: { [part === "day" ? name : `${name}-${part}`]: result.message } };
}

/** Field errors from the domain with the date input's own message first, replacing the domain's for that date. */
export function withDateErrors(fieldErrors: Record<string, string>, ...fields: [string, DateField][]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, field] of fields) if (field.error) Object.assign(out, field.error);
  for (const [key, message] of Object.entries(fieldErrors)) {
    if (fields.some(([name, field]) => field.error && key === name)) continue;
    out[key] ??= message;
  }
  return out;
}
