// Setting up an authenticator app, on the first sign-in of someone who must use two-factor
// sign-in: scan the QR code (an SVG data URI, which the Content-Security-Policy allows) or type
// the secret, then confirm with a code. The recovery codes are shown once, here.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { ErrorSummary, TextInput } from "~/components/form";
import { SignInTimedOut } from "~/components/sign-in-timed-out";
import { toFormResponse, readForm } from "~/utils/errors.server";
import { safeRedirectPath } from "../../server/http/safe-redirect";

export const meta: MetaFunction = () => [{ title: "Set up two-factor sign-in - Concord" }];

export async function loader({ context }: LoaderFunctionArgs) {
  // No redirect when there is nothing pending: right after the set-up succeeds this page shows
  // the recovery codes, and its loader then finds a session and no pending sign-in.
  const pending = await context.trpc.auth.pendingSignIn();
  if (pending?.step === "code") throw redirect("/login/code");
  return json({ pending: pending?.step === "set-up" ? pending : null });
}

export async function action({ context, request }: ActionFunctionArgs) {
  const form = await readForm(request);
  try {
    const { landingPath, recoveryCodes } = await context.trpc.auth.confirmEnrolment({ code: String(form.get("code") ?? "") });
    return json({ recoveryCodes, continueTo: safeRedirectPath(form.get("redirectTo"), landingPath) });
  } catch (error) {
    return toFormResponse(error, request);
  }
}

export default function SetUpTwoFactor() {
  const { pending } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const busy = useNavigation().state === "submitting";
  if (result && "recoveryCodes" in result) {
    return (
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <div className="govuk-panel govuk-panel--confirmation">
            <h1 className="govuk-panel__title">Two-factor sign-in is set up</h1>
          </div>
          <h2 className="govuk-heading-m">Save your recovery codes</h2>
          <p className="govuk-body">
            If you lose your phone, each of these codes lets you sign in once instead of a code from the app. Keep them somewhere safe, away from your phone. This is
            the only time Concord shows them.
          </p>
          <ul className="govuk-list concord-recovery-codes" data-testid="recovery-codes">
            {result.recoveryCodes.map((code) => (
              <li key={code}>
                <code>{code}</code>
              </li>
            ))}
          </ul>
          <Link className="govuk-button" to={result.continueTo}>
            Continue to Concord
          </Link>
        </div>
      </div>
    );
  }
  const errors = result && "errors" in result ? result.errors : undefined;
  if (!pending) {
    return (
      <SignInTimedOut why="Setting up two-factor sign-in must be finished within 10 minutes of your password.">
        <ErrorSummary formError={errors?.formError} fieldErrors={errors?.fieldErrors} />
      </SignInTimedOut>
    );
  }
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary formError={errors?.formError} fieldErrors={errors?.fieldErrors} />
        <h1 className="govuk-heading-l">
          <span className="govuk-caption-l">{pending.email}</span>
          Set up two-factor sign-in
        </h1>
        <p className="govuk-body">
          Your account needs a second step when you sign in: a code from an authenticator app on your phone, such as Microsoft Authenticator or Google Authenticator.
        </p>
        <h2 className="govuk-heading-m">1. Add Concord to your authenticator app</h2>
        <p className="govuk-body">Scan this QR code with the app.</p>
        <img className="concord-qr-code" src={pending.qrCode} alt="QR code to add Concord to an authenticator app" width={200} height={200} />
        <p className="govuk-body">If you cannot scan it, choose to enter a key in the app, and type this key:</p>
        <p className="govuk-body">
          <code className="concord-secret" data-testid="totp-secret">
            {pending.secret}
          </code>
        </p>
        <h2 className="govuk-heading-m">2. Enter the code the app shows</h2>
        <Form method="post" noValidate>
          <input type="hidden" name="redirectTo" value={params.get("redirectTo") ?? ""} />
          <TextInput name="code" label="Code" hint="6 digits, like 123456" autoComplete="one-time-code" spellCheck={false} width="10" error={errors?.fieldErrors.code} />
          <button type="submit" className="govuk-button" disabled={busy}>
            Confirm and sign in
          </button>
        </Form>
      </div>
    </div>
  );
}
