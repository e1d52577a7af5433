// "Confirm it's you": before a sensitive action (deactivating someone, changing settings,
// identity configuration, resetting someone's second factor), the person proves again who they
// are, then goes back to the page they acted from.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { ErrorSummary, TextInput } from "~/components/form";
import { loadPage, toFormResponse, readForm } from "~/utils/errors.server";
import { safeRedirectPath } from "../../server/http/safe-redirect";

export const meta: MetaFunction = () => [{ title: "Confirm it's you - Concord" }];

export async function loader({ context, request }: LoaderFunctionArgs) {
  return loadPage(request, async () => {
    const methods = await context.trpc.auth.reauthenticationMethods();
    return json({ methods });
  });
}

export async function action({ context, request }: ActionFunctionArgs) {
  const form = await readForm(request);
  try {
    const code = String(form.get("code") ?? "");
    await context.trpc.auth.confirmItsYou({ password: String(form.get("password") ?? ""), ...(code ? { code } : {}) });
    const me = await context.trpc.auth.me();
    return redirect(safeRedirectPath(form.get("returnTo"), me?.landingPath ?? "/"));
  } catch (error) {
    return toFormResponse(error, request);
  }
}

export default function ConfirmItsYou() {
  const { methods } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const busy = useNavigation().state === "submitting";
  const errors = result?.errors;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary formError={errors?.formError} fieldErrors={errors?.fieldErrors} />
        <h1 className="govuk-heading-l">Confirm it&apos;s you</h1>
        <p className="govuk-body">
          {methods.code
            ? "This change needs you to have signed in recently. Enter your password and a code from your authenticator app, then do it again."
            : "This change needs you to have signed in recently. Enter your password, then do it again."}
        </p>
        <Form method="post" noValidate>
          <input type="hidden" name="returnTo" value={params.get("returnTo") ?? ""} />
          <TextInput name="password" label="Password" type="password" autoComplete="current-password" error={errors?.fieldErrors.password} />
          {methods.code ? (
            <TextInput
              name="code"
              label="Code"
              hint="The 6-digit code from your authenticator app, or one of your recovery codes"
              autoComplete="one-time-code"
              spellCheck={false}
              width="10"
              error={errors?.fieldErrors.code}
            />
          ) : null}
          <button type="submit" className="govuk-button" disabled={busy}>
            Confirm
          </button>
        </Form>
      </div>
    </div>
  );
}
