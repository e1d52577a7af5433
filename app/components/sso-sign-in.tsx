// The "Sign in with your organisation" forms, shared by the start page and the page a failed
// return from the provider shows. Both post to /sso.
import { Form, Link, useNavigation } from "@remix-run/react";
import { ErrorSummary, Select, TextInput } from "~/components/form";

export function SsoSignIn({ organisations, formError, fieldErrors = {} }: { organisations: { agencyId: string; name: string }[]; formError?: string; fieldErrors?: Record<string, string> }) {
  const busy = useNavigation().state === "submitting";
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary formError={formError} fieldErrors={fieldErrors} />
        <h1 className="govuk-heading-l">Sign in with your organisation</h1>
        <p className="govuk-body">If your organisation has set this up, you sign in to Concord the way you sign in to your work computer or email. You still need a Concord account: your agency administrator invites you.</p>
        <Form method="post" action="/sso" noValidate>
          <input type="hidden" name="intent" value="email" />
          <TextInput name="email" label="Work email address" type="email" autoComplete="username" spellCheck={false} error={fieldErrors.email} />
          <button type="submit" className="govuk-button" disabled={busy}>
            Continue
          </button>
        </Form>
        {organisations.length > 0 ? (
          <Form method="post" action="/sso" noValidate>
            <input type="hidden" name="intent" value="organisation" />
            <Select name="agencyId" label="Or choose your organisation" options={[{ value: "", label: "Choose your organisation" }, ...organisations.map((o) => ({ value: o.agencyId, label: o.name }))]} error={fieldErrors.agencyId} />
            <button type="submit" className="govuk-button govuk-button--secondary" disabled={busy}>
              Continue to your organisation
            </button>
          </Form>
        ) : null}
        <p className="govuk-body">
          <Link className="govuk-link" to="/login">
            Sign in with your email address and password instead
          </Link>
        </p>
      </div>
    </div>
  );
}
