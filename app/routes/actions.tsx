import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { ErrorSummary } from "~/components/form";
import { loadPage, toFormResponse, readForm } from "~/utils/errors.server";
import { formatDate } from "~/utils/format";
import { useRevalidateOn } from "~/utils/live";

export const meta: MetaFunction = () => [{ title: "Actions - Concord" }];

export async function loader({ context, request }: LoaderFunctionArgs) {
  return loadPage(request, async () => json({ actions: await context.trpc.actions.mine(), me: (await context.trpc.auth.me())! }));
}

export async function action({ context, request }: ActionFunctionArgs) {
  const form = await readForm(request);
  try {
    await context.trpc.actions.complete({ actionId: String(form.get("actionId") ?? "") });
    return json({ done: true });
  } catch (error) {
    return toFormResponse(error, request);
  }
}

export default function Actions() {
  const { actions, me } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors = result && "errors" in result ? result.errors : undefined;
  useRevalidateOn("meeting:changed");
  return (
    <>
      <ErrorSummary formError={errors?.formError} fieldErrors={errors?.fieldErrors} />
      <h1 className="govuk-heading-l"><span className="govuk-caption-l">{me.agencyName}</span>Open actions from strategy meetings</h1>
      {actions.length === 0 ? <p className="govuk-body" data-testid="no-actions">Your agency has no open actions.</p> : (
        <table className="govuk-table" data-testid="actions">
          <caption className="govuk-table__caption govuk-visually-hidden">Open actions, soonest due first</caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">Action</th>
              <th scope="col" className="govuk-table__header">Owner</th>
              <th scope="col" className="govuk-table__header">Due</th>
              <th scope="col" className="govuk-table__header"><span className="govuk-visually-hidden">Done</span></th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {actions.map((a) => (
              <tr className="govuk-table__row" key={a.id}>
                <td className="govuk-table__cell">{a.description}<br /><Link className="govuk-link govuk-body-s" to={`/meetings/${a.meetingId}`}>Meeting for {a.caseReference}</Link></td>
                <td className="govuk-table__cell">{a.ownerName}</td>
                <td className="govuk-table__cell">{formatDate(`${a.dueDate}T12:00:00Z`)} {a.overdue ? <strong className="govuk-tag govuk-tag--red">Overdue</strong> : null}</td>
                <td className="govuk-table__cell">
                  <Form method="post">
                    <input type="hidden" name="actionId" value={a.id} />
                    <button type="submit" className="govuk-button govuk-button--secondary govuk-!-margin-bottom-0">Mark done<span className="govuk-visually-hidden">: {a.description}</span></button>
                  </Form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
