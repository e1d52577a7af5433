import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { TRPCError } from "@trpc/server";
import { ErrorSummary, TextInput } from "~/components/form";
import { describeError, toFormResponse, readForm } from "~/utils/errors.server";

export const meta: MetaFunction = () => [{ title: "Set your password - Concord" }];

export async function loader({ context, params }: LoaderFunctionArgs) {
  try {
    return json({ invitation: await context.trpc.invitations.describe({ token: params.token ?? "" }), problem: null });
  } catch (error) {
    if (!(error instanceof TRPCError)) throw error;
    return json({ invitation: null, problem: describeError(error).formError }, { status: error.code === "NOT_FOUND" ? 404 : 410 });
  }
}

export async function action({ context, params, request }: ActionFunctionArgs) {
  const form = await readForm(request);
  try {
    const { next } = await context.trpc.invitations.accept({
      token: params.token ?? "",
      password: String(form.get("password") ?? ""),
      confirmPassword: String(form.get("confirmPassword") ?? ""),
    });
    return redirect(next ?? "/");
  } catch (error) {
    return toFormResponse(error, request);
  }
}

export default function AcceptInvitation() {
  const { invitation, problem } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  if (!invitation) {
    return (
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <h1 className="govuk-heading-l">This invitation link cannot be used</h1>
          <p className="govuk-body">{problem}</p>
        </div>
      </div>
    );
  }
  const errors = result?.errors;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary formError={errors?.formError} fieldErrors={errors?.fieldErrors} />
        <h1 className="govuk-heading-l">
          <span className="govuk-caption-l">{invitation.agencyName}</span>
          Set your password
        </h1>
        <p className="govuk-body">
          Welcome to Concord, {invitation.displayName}. You will sign in with <strong>{invitation.email}</strong>.
        </p>
        <Form method="post" noValidate>
          <TextInput name="password" label="Create a password" type="password" autoComplete="new-password" hint="At least 12 characters. A few unrelated words make a strong password." error={errors?.fieldErrors.password} />
          <TextInput name="confirmPassword" label="Type the password again" type="password" autoComplete="new-password" error={errors?.fieldErrors.confirmPassword} />
          <button type="submit" className="govuk-button">
            Set password and sign in
          </button>
        </Form>
      </div>
    </div>
  );
}
