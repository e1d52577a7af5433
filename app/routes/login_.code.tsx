// Second step of a two-factor sign-in: a code from the authenticator app, or a recovery code.
// The password step left a pending sign-in (cookie concord_pending), which is not a session.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { ErrorSummary, TextInput } from "~/components/form";
import { SignInTimedOut } from "~/components/sign-in-timed-out";
import { toFormResponse, readForm } from "~/utils/errors.server";
import { safeRedirectPath } from "../../server/http/safe-redirect";

export const meta: MetaFunction = () => [{ title: "Enter your code - Concord" }];

export async function loader({ context, request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const me = await context.trpc.auth.me();
  if (me) throw redirect(safeRedirectPath(url.searchParams.get("redirectTo"), me.landingPath));
  const pending = await context.trpc.auth.pendingSignIn();
  if (pending?.step === "set-up") throw redirect(`/login/set-up${url.search}`);
  return json({ pending: pending ? { email: pending.email } : null });
}

export async function action({ context, request }: ActionFunctionArgs) {
  const form = await readForm(request);
  try {
    const { landingPath } = await context.trpc.auth.verifySecondFactor({ code: String(form.get("code") ?? "") });
    return redirect(safeRedirectPath(form.get("redirectTo"), landingPath));
  } catch (error) {
    return toFormResponse(error, request);
  }
}

export default function EnterCode() {
  const { pending } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const busy = useNavigation().state === "submitting";
  const errors = result?.errors;
  if (!pending) return <SignInTimedOut why="For your security, the code must be entered within 10 minutes of your password." />;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary formError={errors?.formError} fieldErrors={errors?.fieldErrors} />
        <h1 className="govuk-heading-l">
          <span className="govuk-caption-l">{pending.email}</span>
          Enter the code from your authenticator app
        </h1>
        <Form method="post" noValidate>
          <input type="hidden" name="redirectTo" value={params.get("redirectTo") ?? ""} />
          <TextInput
            name="code"
            label="Code"
            hint="The 6-digit code your authenticator app shows for Concord. If you do not have your phone, enter one of your recovery codes."
            autoComplete="one-time-code"
            spellCheck={false}
            width="10"
            error={errors?.fieldErrors.code}
          />
          <button type="submit" className="govuk-button" disabled={busy}>
            Continue
          </button>
        </Form>
        <p className="govuk-body">
          Lost your phone and your recovery codes? Ask your system administrator to reset your two-factor sign-in.{" "}
          <Link className="govuk-link" to="/login">
            Sign in as someone else
          </Link>
        </p>
      </div>
    </div>
  );
}
