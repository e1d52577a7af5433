import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { ErrorSummary, TextInput } from "~/components/form";
import { toFormResponse, readForm } from "~/utils/errors.server";
import { safeRedirectPath } from "../../server/http/safe-redirect";

export const meta: MetaFunction = () => [{ title: "Sign in - Concord" }];

const ENDED_MESSAGES: Record<string, string> = {
  "signed-out": "You have signed out.",
  "signed-out-everywhere": "You have signed out on every device.",
  deactivated: "Your account has been deactivated. Contact your agency administrator.",
  expired: "You have been signed out because your session ended. Sign in again to continue.",
};

export async function loader({ context, request }: LoaderFunctionArgs) {
  const me = await context.trpc.auth.me();
  const url = new URL(request.url);
  if (me) throw redirect(safeRedirectPath(url.searchParams.get("redirectTo"), me.landingPath));
  return json({ notice: ENDED_MESSAGES[url.searchParams.get("ended") ?? ""] ?? null });
}

export async function action({ context, request }: ActionFunctionArgs) {
  const form = await readForm(request);
  try {
    const { landingPath, secondFactor } = await context.trpc.auth.login({ email: String(form.get("email") ?? ""), password: String(form.get("password") ?? "") });
    // Two-factor sign-in: no session yet; the next page asks for a code (or sets up an app).
    if (secondFactor) {
      const redirectTo = safeRedirectPath(form.get("redirectTo"), "");
      return redirect(redirectTo ? `${landingPath}?${new URLSearchParams({ redirectTo })}` : landingPath);
    }
    return redirect(safeRedirectPath(form.get("redirectTo"), landingPath));
  } catch (error) {
    return toFormResponse(error, request);
  }
}

export default function Login() {
  const { notice } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const busy = useNavigation().state === "submitting";
  const errors = result?.errors;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        {notice ? (
          <div className="govuk-notification-banner" role="region" aria-labelledby="notice-title">
            <div className="govuk-notification-banner__header">
              <h2 className="govuk-notification-banner__title" id="notice-title">
                Important
              </h2>
            </div>
            <div className="govuk-notification-banner__content">
              <p className="govuk-notification-banner__heading">{notice}</p>
            </div>
          </div>
        ) : null}
        <ErrorSummary formError={errors?.formError} fieldErrors={errors?.fieldErrors} />
        <h1 className="govuk-heading-l">Sign in to Concord</h1>
        <p className="govuk-body">Concord is for staff of the agencies in the safeguarding partnership. Accounts are created by invitation from your agency administrator.</p>
        <Form method="post" noValidate>
          <input type="hidden" name="redirectTo" value={params.get("redirectTo") ?? ""} />
          <TextInput name="email" label="Email address" type="email" autoComplete="username" spellCheck={false} error={errors?.fieldErrors.email} />
          <TextInput name="password" label="Password" type="password" autoComplete="current-password" error={errors?.fieldErrors.password} />
          <button type="submit" className="govuk-button" disabled={busy}>
            Sign in
          </button>
        </Form>
        <p className="govuk-body">
          <a className="govuk-link" href="/sso">
            Sign in with your organisation
          </a>
        </p>
      </div>
    </div>
  );
}
