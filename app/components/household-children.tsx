// The convene form's children: the lead child, then up to five brothers or sisters in the same
// household, each by the council's case reference (initials and year of birth optional). The
// extra rows sit in a details element: no script needed to "add another".
import { TextInput } from "~/components/form";

type Child = { caseReference: string; initials?: string | null; yearOfBirth?: number | null };

function ChildRow({ index, child, errors, fixed }: { index: number; child?: Child; errors?: Record<string, string>; fixed?: boolean }) {
  const name = (field: string) => `children.${index}.${field}`;
  return (
    <fieldset className="govuk-fieldset govuk-!-margin-bottom-4" data-testid={`child-${index}`}>
      <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">{index === 0 ? "Child" : `Child ${index + 1}`}</legend>
      {fixed && child ? (
        <>
          <input type="hidden" name={name("caseReference")} value={child.caseReference} />
          <p className="govuk-body">Case <strong>{child.caseReference}</strong></p>
        </>
      ) : (
        <TextInput name={name("caseReference")} label={index === 0 ? "Case reference" : `Case reference of child ${index + 1}`} hint={index === 0 ? "The council's case-management number, like CSC-123456" : undefined} width="10" defaultValue={child?.caseReference} error={errors?.[name("caseReference")]} autoComplete="off" />
      )}
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-one-half">
          <TextInput name={name("initials")} label={index === 0 ? "Initials (optional)" : `Initials of child ${index + 1} (optional)`} width="2" defaultValue={child?.initials ?? undefined} error={errors?.[name("initials")]} autoComplete="off" />
        </div>
        <div className="govuk-grid-column-one-half">
          <TextInput name={name("yearOfBirth")} label={index === 0 ? "Year of birth (optional)" : `Year of birth of child ${index + 1} (optional)`} width="10" defaultValue={child?.yearOfBirth ? String(child.yearOfBirth) : undefined} error={errors?.[name("yearOfBirth")]} autoComplete="off" />
        </div>
      </div>
    </fieldset>
  );
}

export function HouseholdChildren({ max, lead, others = [], fixedLead, errors }: { max: number; lead?: Child; others?: Child[]; fixedLead?: boolean; errors?: Record<string, string> }) {
  const extra = Array.from({ length: max - 1 }, (_, i) => i + 1);
  const open = others.length > 0 || extra.some((i) => Object.keys(errors ?? {}).some((k) => k.startsWith(`children.${i}.`)));
  return (
    <>
      <ChildRow index={0} child={lead} errors={errors} fixed={fixedLead} />
      <details className="govuk-details" open={open}>
        <summary className="govuk-details__summary">
          <span className="govuk-details__summary-text">Add another child in the same household</span>
        </summary>
        <div className="govuk-details__text">
          <p className="govuk-body">Brothers, sisters and other children in the household, up to {max} children in all. Leave a row blank if it is not needed.</p>
          {extra.map((i) => (
            <ChildRow key={i} index={i} child={others[i - 1]} errors={errors} />
          ))}
        </div>
      </details>
    </>
  );
}
