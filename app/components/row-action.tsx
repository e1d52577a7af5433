import { Form } from "@remix-run/react";

/**
 * A secondary button in a table row that posts one action about that row. The visually hidden
 * text names the row, so a screen reader's list of buttons says which row each one acts on.
 */
export function RowAction({ fields, label, names }: { fields: Record<string, string>; label: string; names: string }) {
  return (
    <Form method="post">
      {Object.entries(fields).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <button type="submit" className="govuk-button govuk-button--secondary govuk-!-margin-bottom-0">
        {label}
        <span className="govuk-visually-hidden"> {names}</span>
      </button>
    </Form>
  );
}
