import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { ErrorSummary, SuccessBanner } from "~/components/form";
import { ListCount, ListFilters, Pagination, pageParam, param } from "~/components/list";
import { loadPage, toFormResponse, readForm } from "~/utils/errors.server";
import { formatDate } from "~/utils/format";
import { useRevalidateOn } from "~/utils/live";

export const meta: MetaFunction = () => [{ title: "Actions - Concord" }];

export async function loader({ context, request }: LoaderFunctionArgs) {
  const params = new URL(request.url).searchParams;
  return loadPage(request, async () =>
    json({ actions: await context.trpc.actions.mine({ overdueOnly: params.get("show") === "overdue", search: param(params, "search"), page: pageParam(params) }), me: (await context.trpc.auth.me())! }),
  );
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
  const [params] = useSearchParams();
  const result = useActionData<typeof action>();
  const errors = result && "errors" in result ? result.errors : undefined;
  useRevalidateOn("meeting:changed");
  return (
    <>
      <ErrorSummary formError={errors?.formError} fieldErrors={errors?.fieldErrors} />
      <h1 className="govuk-heading-l"><span className="govuk-caption-l">{me.agencyName}</span>Open actions from strategy meetings</h1>
      {result && "done" in result ? <SuccessBanner id="done-title" heading="Action marked as done" /> : null}
      <ListFilters
        searchLabel="Search actions by case reference"
        search={params.get("search")}
        filters={[{ name: "show", label: "Show", value: params.get("show"), options: [{ value: "", label: "All open actions" }, { value: "overdue", label: "Overdue only" }] }]}
        clearTo="/actions"
      />
      <ListCount info={actions} noun={{ one: "open action", many: "open actions" }} />
      {actions.items.length === 0 ? <p className="govuk-body" data-testid="no-actions">Your agency has no open actions to show.</p> : (
        <table className="govuk-table" data-testid="actions">
          <caption className="govuk-table__caption govuk-visually-hidden">Open actions, overdue and soonest due first</caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">Action</th>
              <th scope="col" className="govuk-table__header">Owner</th>
              <th scope="col" className="govuk-table__header">Due</th>
              <th scope="col" className="govuk-table__header"><span className="govuk-visually-hidden">Done</span></th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {actions.items.map((a) => (
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
      <Pagination info={actions} label="Pages of actions" />
    </>
  );
}
