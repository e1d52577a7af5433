// GOV.UK Design System form patterns: an error summary at the top, messages beside fields.
import { useEffect, useRef, useState, type MouseEvent, type ReactNode } from "react";

/**
 * The GOV.UK error summary. Its links move focus to the field without changing the address: a
 * plain "#field" link is a navigation to Remix's router, which drops the action's data, so
 * following it used to erase every message (GOV.UK Frontend's own script prevents it the same
 * way). While it shows, the page title starts with "Error: ".
 */
export function ErrorSummary({ formError, fieldErrors = {} }: { formError?: string; fieldErrors?: Record<string, string> }) {
  const ref = useRef<HTMLDivElement>(null);
  const entries = Object.entries(fieldErrors);
  const showing = Boolean(formError) || entries.length > 0;
  const signature = `${formError ?? ""}|${entries.map(([field, message]) => `${field}:${message}`).join("|")}`;
  useEffect(() => {
    if (showing) ref.current?.focus();
  }, [signature, showing]);
  useErrorTitle(showing);
  if (!showing) return null;
  return (
    <div className="govuk-error-summary" data-module="govuk-error-summary" ref={ref} tabIndex={-1}>
      <div role="alert">
        <h2 className="govuk-error-summary__title">There is a problem</h2>
        <div className="govuk-error-summary__body">
          <ul className="govuk-list govuk-error-summary__list">
            {entries.length > 0
              ? entries.map(([field, message]) => (
                  <li key={field}>
                    <a href={`#${field}`} onClick={(event) => focusField(event, field)}>{message}</a>
                  </li>
                ))
              : <li>{formError}</li>}
          </ul>
        </div>
      </div>
    </div>
  );
}

/** Focus the field, with its label or legend in view, as GOV.UK Frontend does; the URL stays put. */
function focusField(event: MouseEvent<HTMLAnchorElement>, id: string) {
  const input = document.getElementById(id);
  if (!input) return; // no such field: let the browser follow the link
  event.preventDefault();
  const legend = input.closest("fieldset")?.querySelector("legend");
  const label = document.querySelector(`label[for="${CSS.escape(id)}"]`);
  (legend ?? label ?? input).scrollIntoView();
  input.focus({ preventScroll: true });
}

const ERROR_PREFIX = "Error: ";

/** "Error: " at the start of the page title while the page shows errors (GOV.UK pattern). */
export function useErrorTitle(showing: boolean) {
  useEffect(() => {
    if (!showing) return;
    if (!document.title.startsWith(ERROR_PREFIX)) document.title = ERROR_PREFIX + document.title;
    return () => {
      if (document.title.startsWith(ERROR_PREFIX)) document.title = document.title.slice(ERROR_PREFIX.length);
    };
  }, [showing]);
}

interface TextInputProps {
  name: string;
  label: string;
  type?: "text" | "email" | "password";
  error?: string;
  hint?: string;
  defaultValue?: string;
  autoComplete?: string;
  width?: "full" | "two-thirds" | "one-half" | "20" | "10" | "2";
  spellCheck?: boolean;
}

export function TextInput({ name, label, type = "text", error, hint, defaultValue, autoComplete, width = "two-thirds", spellCheck }: TextInputProps) {
  const describedBy = [hint ? `${name}-hint` : null, error ? `${name}-error` : null].filter(Boolean).join(" ") || undefined;
  const widthClass = /^\d+$/.test(width) ? `govuk-input--width-${width}` : `govuk-!-width-${width}`;
  return (
    <div className={`govuk-form-group${error ? " govuk-form-group--error" : ""}`}>
      <label className="govuk-label" htmlFor={name}>
        {label}
      </label>
      {hint ? (
        <div id={`${name}-hint`} className="govuk-hint">
          {hint}
        </div>
      ) : null}
      <ErrorMessage id={`${name}-error`} message={error} />
      <input
        className={`govuk-input ${widthClass}${error ? " govuk-input--error" : ""}`}
        id={name}
        name={name}
        type={type}
        defaultValue={defaultValue}
        autoComplete={autoComplete}
        spellCheck={spellCheck}
        aria-describedby={describedBy}
      />
    </div>
  );
}

export function Checkboxes({ name, legend, options, error, hint, defaultValues = [] }: { name: string; legend: string; options: { value: string; label: string }[]; error?: string; hint?: string; defaultValues?: string[] }) {
  return (
    <div className={`govuk-form-group${error ? " govuk-form-group--error" : ""}`}>
      <fieldset className="govuk-fieldset" aria-describedby={[hint ? `${name}-hint` : null, error ? `${name}-error` : null].filter(Boolean).join(" ") || undefined}>
        <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">{legend}</legend>
        {hint ? <div id={`${name}-hint`} className="govuk-hint">{hint}</div> : null}
        <ErrorMessage id={`${name}-error`} message={error} />
        <div className="govuk-checkboxes govuk-checkboxes--small" data-module="govuk-checkboxes">
          {options.map((option, index) => {
            const id = index === 0 ? name : `${name}-${index + 1}`;
            return (
              <div className="govuk-checkboxes__item" key={option.value}>
                <input className="govuk-checkboxes__input" id={id} name={name} type="checkbox" value={option.value} defaultChecked={defaultValues.includes(option.value)} />
                <label className="govuk-label govuk-checkboxes__label" htmlFor={id}>
                  {option.label}
                </label>
              </div>
            );
          })}
        </div>
      </fieldset>
    </div>
  );
}

export function Select({ name, label, options, error, defaultValue }: { name: string; label: string; options: { value: string; label: string }[]; error?: string; defaultValue?: string }) {
  return (
    <div className={`govuk-form-group${error ? " govuk-form-group--error" : ""}`}>
      <label className="govuk-label" htmlFor={name}>
        {label}
      </label>
      <ErrorMessage id={`${name}-error`} message={error} />
      <select className={`govuk-select${error ? " govuk-select--error" : ""}`} id={name} name={name} defaultValue={defaultValue} aria-describedby={error ? `${name}-error` : undefined}>
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </div>
  );
}

export function PageHeading({ caption, children }: { caption?: string; children: ReactNode }) {
  return (
    <h1 className="govuk-heading-l">
      {caption ? <span className="govuk-caption-l">{caption}</span> : null}
      {children}
    </h1>
  );
}

export function Radios({ name, legend, options, error, hint, defaultValue, small = false }: { name: string; legend: string; options: { value: string; label: string; hint?: string }[]; error?: string; hint?: string; defaultValue?: string; small?: boolean }) {
  const describedBy = [hint ? `${name}-hint` : null, error ? `${name}-error` : null].filter(Boolean).join(" ") || undefined;
  return (
    <div className={`govuk-form-group${error ? " govuk-form-group--error" : ""}`}>
      <fieldset className="govuk-fieldset" aria-describedby={describedBy}>
        <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">{legend}</legend>
        {hint ? <div id={`${name}-hint`} className="govuk-hint">{hint}</div> : null}
        <ErrorMessage id={`${name}-error`} message={error} />
        <div className={`govuk-radios${small ? " govuk-radios--small" : ""}`} data-module="govuk-radios">
          {options.map((option, index) => {
            const id = index === 0 ? name : `${name}-${index + 1}`;
            return (
              <div className="govuk-radios__item" key={option.value}>
                <input className="govuk-radios__input" id={id} name={name} type="radio" value={option.value} defaultChecked={defaultValue === option.value} aria-describedby={option.hint ? `${id}-hint` : undefined} />
                <label className="govuk-label govuk-radios__label" htmlFor={id}>
                  {option.label}
                </label>
                {option.hint ? <div id={`${id}-hint`} className="govuk-hint govuk-radios__hint">{option.hint}</div> : null}
              </div>
            );
          })}
        </div>
      </fieldset>
    </div>
  );
}

export function Textarea({ name, label, error, hint, defaultValue, rows = 4 }: { name: string; label: string; error?: string; hint?: string; defaultValue?: string; rows?: number }) {
  const describedBy = [hint ? `${name}-hint` : null, error ? `${name}-error` : null].filter(Boolean).join(" ") || undefined;
  return (
    <div className={`govuk-form-group${error ? " govuk-form-group--error" : ""}`}>
      <label className="govuk-label govuk-label--s" htmlFor={name}>
        {label}
      </label>
      {hint ? <div id={`${name}-hint`} className="govuk-hint">{hint}</div> : null}
      <ErrorMessage id={`${name}-error`} message={error} />
      <textarea className={`govuk-textarea${error ? " govuk-textarea--error" : ""}`} id={name} name={name} rows={rows} defaultValue={defaultValue} aria-describedby={describedBy} />
    </div>
  );
}

export function SummaryList({ rows }: { rows: [string, ReactNode][] }) {
  return (
    <dl className="govuk-summary-list">
      {rows.map(([key, value]) => (
        <div className="govuk-summary-list__row" key={key}>
          <dt className="govuk-summary-list__key">{key}</dt>
          <dd className="govuk-summary-list__value">{value}</dd>
        </div>
      ))}
    </dl>
  );
}

/** The GOV.UK error message shown above a field. */
export function ErrorMessage({ id, message }: { id: string; message?: string }) {
  if (!message) return null;
  return (
    <p id={id} className="govuk-error-message">
      <span className="govuk-visually-hidden">Error:</span> {message}
    </p>
  );
}

/** A GOV.UK success notification at the top of a page. */
export function SuccessBanner({ id, heading, children }: { id: string; heading: string; children?: ReactNode }) {
  const ref = useRef<HTMLDivElement>(null);
  // The result of an in-page action: focused and announced, as GOV.UK Frontend does for role="alert".
  useEffect(() => {
    ref.current?.focus();
  }, [heading]);
  return (
    <div className="govuk-notification-banner govuk-notification-banner--success" role="alert" aria-labelledby={id} tabIndex={-1} ref={ref} data-testid="success-banner">
      <div className="govuk-notification-banner__header">
        <h2 className="govuk-notification-banner__title" id={id}>
          Success
        </h2>
      </div>
      <div className="govuk-notification-banner__content">
        <p className="govuk-notification-banner__heading">{heading}</p>
        {children}
      </div>
    </div>
  );
}

/**
 * GOV.UK radios with conditional questions. Without JavaScript every question shows under its
 * answer (GOV.UK's own fallback) and the server keeps only the chosen answer's; with it, only the
 * chosen answer's question shows.
 */
export function ConditionalRadios({ name, legend, options, error, hint, defaultValue }: { name: string; legend: string; options: { value: string; label: string; conditional?: ReactNode }[]; error?: string; hint?: string; defaultValue?: string }) {
  const [selected, setSelected] = useState(defaultValue);
  const [enhanced, setEnhanced] = useState(false);
  useEffect(() => setEnhanced(true), []);
  const describedBy = [hint ? `${name}-hint` : null, error ? `${name}-error` : null].filter(Boolean).join(" ") || undefined;
  return (
    <div className={`govuk-form-group${error ? " govuk-form-group--error" : ""}`}>
      <fieldset className="govuk-fieldset" aria-describedby={describedBy}>
        <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">{legend}</legend>
        {hint ? <div id={`${name}-hint`} className="govuk-hint">{hint}</div> : null}
        <ErrorMessage id={`${name}-error`} message={error} />
        <div className="govuk-radios" data-module="govuk-radios">
          {options.map((option, index) => {
            const id = index === 0 ? name : `${name}-${index + 1}`;
            const conditionalId = `conditional-${id}`;
            const open = selected === option.value;
            return (
              <div key={option.value}>
                <div className="govuk-radios__item">
                  <input
                    className="govuk-radios__input"
                    id={id}
                    name={name}
                    type="radio"
                    value={option.value}
                    defaultChecked={defaultValue === option.value}
                    onChange={() => setSelected(option.value)}
                    aria-controls={option.conditional && enhanced ? conditionalId : undefined}
                  />
                  <label className="govuk-label govuk-radios__label" htmlFor={id}>
                    {option.label}
                  </label>
                </div>
                {option.conditional ? (
                  <div className={`govuk-radios__conditional${enhanced && !open ? " govuk-radios__conditional--hidden" : ""}`} id={conditionalId} hidden={enhanced && !open}>
                    {option.conditional}
                  </div>
                ) : null}
              </div>
            );
          })}
        </div>
      </fieldset>
    </div>
  );
}
