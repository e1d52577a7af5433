// GOV.UK Design System form patterns: an error summary at the top, messages beside fields.
import { useEffect, useRef, type ReactNode } from "react";

export function ErrorSummary({ formError, fieldErrors = {} }: { formError?: string; fieldErrors?: Record<string, string> }) {
  const ref = useRef<HTMLDivElement>(null);
  const entries = Object.entries(fieldErrors);
  useEffect(() => {
    ref.current?.focus();
  }, [formError, entries.length]);
  if (!formError && entries.length === 0) return null;
  return (
    <div className="govuk-error-summary" data-module="govuk-error-summary" ref={ref} tabIndex={-1}>
      <div role="alert">
        <h2 className="govuk-error-summary__title">There is a problem</h2>
        <div className="govuk-error-summary__body">
          <ul className="govuk-list govuk-error-summary__list">
            {entries.length > 0
              ? entries.map(([field, message]) => (
                  <li key={field}>
                    <a href={`#${field}`}>{message}</a>
                  </li>
                ))
              : <li>{formError}</li>}
          </ul>
        </div>
      </div>
    </div>
  );
}

interface TextInputProps {
  name: string;
  label: string;
  type?: "text" | "email" | "password";
  error?: string;
  hint?: string;
  defaultValue?: string;
  autoComplete?: string;
  width?: "full" | "two-thirds" | "one-half" | "20" | "10";
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
      {error ? (
        <p id={`${name}-error`} className="govuk-error-message">
          <span className="govuk-visually-hidden">Error:</span> {error}
        </p>
      ) : null}
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
        {error ? (
          <p id={`${name}-error`} className="govuk-error-message">
            <span className="govuk-visually-hidden">Error:</span> {error}
          </p>
        ) : null}
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
      {error ? (
        <p id={`${name}-error`} className="govuk-error-message">
          <span className="govuk-visually-hidden">Error:</span> {error}
        </p>
      ) : null}
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
