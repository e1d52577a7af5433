import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { loadPage, toPageResponse } from "~/utils/errors.server";

export const meta: MetaFunction = () => [{ title: "Your account - Concord" }];

export async function loader({ context, request }: LoaderFunctionArgs) {
  return loadPage(request, async () => {
    const me = await context.trpc.auth.me();
    if (!me) throw redirect("/login?redirectTo=/account");
    return json({ me });
  });
}

export async function action({ context, request }: ActionFunctionArgs) {
  try {
    await context.trpc.auth.logoutEverywhere();
  } catch (error) {
    toPageResponse(error, request);
  }
  return redirect("/login?ended=signed-out-everywhere");
}

export default function Account() {
  const { me } = useLoaderData<typeof loader>();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <h1 className="govuk-heading-l">Your account</h1>
        <dl className="govuk-summary-list">
          <div className="govuk-summary-list__row">
            <dt className="govuk-summary-list__key">Name</dt>
            <dd className="govuk-summary-list__value">{me.displayName}</dd>
          </div>
          <div className="govuk-summary-list__row">
            <dt className="govuk-summary-list__key">Agency</dt>
            <dd className="govuk-summary-list__value">{me.agencyName}</dd>
          </div>
          <div className="govuk-summary-list__row">
            <dt className="govuk-summary-list__key">Roles</dt>
            <dd className="govuk-summary-list__value">{me.roleLabels.join(", ")}</dd>
          </div>
        </dl>
        <h2 className="govuk-heading-m">Sign out everywhere</h2>
        <p className="govuk-body">If you signed in on a shared or lost device, sign out of Concord on every device at once.</p>
        <Form method="post">
          <button type="submit" className="govuk-button govuk-button--warning">
            Sign out on every device
          </button>
        </Form>
      </div>
    </div>
  );
}
