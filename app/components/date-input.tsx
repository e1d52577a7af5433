// The GOV.UK date input: day, month and year as three fields, with an optional time field
// ("2:30pm" or "14:30") beside it. Read what it sends with readDateInput (server/domain/calendar/
// date-input.ts) via readDateField in app/utils/date-field.ts. The first field's id is `name`, so
// an error summary link to "#name" lands in it; a part that is wrong is also its own key
// ("name-month"), so the link goes to the field to fix.
import { dateInputFrom, type DateInputValues, type DatePart } from "../../server/domain/calendar/date-input";

interface DateInputProps {
  name: string;
  legend: string;
  hint?: string;
  /** Field errors of the form: the message under `name` or `name-day|month|year|time`. */
  errors?: Record<string, string>;
  defaultValue?: DateInputValues;
  time?: boolean;
  timeLabel?: string;
  /** A smaller legend when the date is one of several questions on a page. */
  legendSize?: "s" | "m";
}

export const datePartId = (name: string, part: DatePart) => (part === "day" ? name : `${name}-${part}`);

export function DateInput({ name, legend, hint = "For example, 27 3 2026", errors = {}, defaultValue = {}, time = false, timeLabel = "Time", legendSize = "s" }: DateInputProps) {
  const parts: DatePart[] = ["day", "month", "year", "time"];
  const keyed = parts.find((part) => errors[`${name}-${part}`]);
  const message = errors[name] ?? (keyed ? errors[`${name}-${keyed}`] : undefined);
  // Only the part that is wrong is marked; a message about the whole date marks every field.
  const wrong = (part: DatePart) => (keyed ? keyed === part : Boolean(message) && part !== "time");
  const describedBy = [`${name}-hint`, message ? `${name}-error` : null].filter(Boolean).join(" ");
  const field = (part: "day" | "month" | "year", label: string, width: "2" | "4") => (
    <div className="govuk-date-input__item">
      <div className="govuk-form-group">
        <label className="govuk-label govuk-date-input__label" htmlFor={datePartId(name, part)}>{label}</label>
        <input
          className={`govuk-input govuk-date-input__input govuk-input--width-${width}${wrong(part) ? " govuk-input--error" : ""}`}
          id={datePartId(name, part)}
          name={`${name}-${part}`}
          type="text"
          inputMode="numeric"
          autoComplete="off"
          spellCheck={false}
          defaultValue={defaultValue[part] ?? ""}
        />
      </div>
    </div>
  );
  return (
    <div className={`govuk-form-group${message ? " govuk-form-group--error" : ""}`}>
      <fieldset className="govuk-fieldset" role="group" aria-describedby={describedBy}>
        <legend className={`govuk-fieldset__legend govuk-fieldset__legend--${legendSize}`}>{legend}</legend>
        <div id={`${name}-hint`} className="govuk-hint">{hint}{time ? ". Time in UK time, like 2:30pm or 14:30" : ""}</div>
        {message ? (
          <p id={`${name}-error`} className="govuk-error-message"><span className="govuk-visually-hidden">Error:</span> {message}</p>
        ) : null}
        <div className="govuk-date-input" id={`${name}-date`}>
          {field("day", "Day", "2")}
          {field("month", "Month", "2")}
          {field("year", "Year", "4")}
        </div>
        {time ? (
          <div className="govuk-form-group govuk-!-margin-top-3 govuk-!-margin-bottom-0">
            <label className="govuk-label" htmlFor={datePartId(name, "time")}>{timeLabel}</label>
            <input
              className={`govuk-input govuk-input--width-5${keyed === "time" ? " govuk-input--error" : ""}`}
              id={datePartId(name, "time")}
              name={`${name}-time`}
              type="text"
              autoComplete="off"
              spellCheck={false}
              defaultValue={defaultValue.time ?? ""}
            />
          </div>
        ) : null}
      </fieldset>
    </div>
  );
}

/**
 * A figures page's period: "From" and "To" dates side by side, as two halves of a grid row (the
 * caller's row, which may hold more filters). `from` and `to` are ISO dates (or empty).
 */
export function PeriodDateInputs({ from, to, errors }: { from?: string | null; to?: string | null; errors?: Record<string, string> }) {
  return (
    <>
      <div className="govuk-grid-column-one-half">
        <DateInput name="from" legend="From" hint="For example, 1 4 2026" errors={errors} defaultValue={dateInputFrom(from)} />
      </div>
      <div className="govuk-grid-column-one-half">
        <DateInput name="to" legend="To" hint="For example, 31 3 2027" errors={errors} defaultValue={dateInputFrom(to)} />
      </div>
    </>
  );
}
