import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { loadPage } from "~/utils/errors.server";
import { ListCount, ListFilters, Pagination, pageParam, param } from "~/components/list";
import { formatDateTime } from "~/utils/format";
import { useRevalidateOn } from "~/utils/live";
import { REQUEST_STATUS_LABELS } from "../../server/domain/meetings/labels";

export const meta: MetaFunction = () => [{ title: "Requests for a strategy discussion - Concord" }];

export async function loader({ context, request }: LoaderFunctionArgs) {
  const params = new URL(request.url).searchParams;
  return loadPage(request, async () => json(await context.trpc.discussionRequests.list({ search: param(params, "search"), page: pageParam(params) })));
}

const STATUS_TAG: Record<string, string> = { PENDING: "govuk-tag--yellow", CONVENED: "govuk-tag--green", DECLINED: "govuk-tag--grey" };

export default function DiscussionRequests() {
  const { requests, abilities } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  useRevalidateOn("discussion-request:changed");
  return (
    <>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <h1 className="govuk-heading-l">Requests for a strategy discussion</h1>
          <p className="govuk-body">{abilities.canDecide ? "Partners' requests to the front door: convene a meeting from one, or decline it with reasons." : "Your agency's requests to the council, and its answers."}</p>
        </div>
        <div className="govuk-grid-column-one-third govuk-!-text-align-right">
          {abilities.canRequest ? <Link to="/meetings/requests/new" className="govuk-button" role="button">Request a strategy discussion</Link> : null}
        </div>
      </div>
      <ListFilters
        searchLabel="Search requests by reference"
        searchHint={abilities.canDecide ? "The partner's reference for the child, or the council's case reference" : "Your agency's reference for the child"}
        search={params.get("search")}
        clearTo="/meetings/requests"
      />
      <ListCount info={requests} noun={{ one: "request", many: "requests" }} />
      {requests.items.length === 0 ? (
        <p className="govuk-body" data-testid="no-requests">There are no requests{abilities.canDecide ? "" : " from your agency"}{params.get("search") ? " with that reference" : ""}.</p>
      ) : (
        <table className="govuk-table" data-testid="requests">
          <caption className="govuk-table__caption govuk-visually-hidden">Requests</caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">Child</th>
              <th scope="col" className="govuk-table__header">From</th>
              <th scope="col" className="govuk-table__header">Requested</th>
              <th scope="col" className="govuk-table__header">Urgency</th>
              <th scope="col" className="govuk-table__header">Status</th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {requests.items.map((r) => (
              <tr className="govuk-table__row" key={r.id}>
                <td className="govuk-table__cell">
                  <Link className="govuk-link" to={`/meetings/requests/${r.id}`}>{[r.reference ?? "No reference", r.initials, r.yearOfBirth ? `born ${r.yearOfBirth}` : null].filter(Boolean).join(", ")}</Link>
                </td>
                <td className="govuk-table__cell">{r.requestingAgency.name}</td>
                <td className="govuk-table__cell">{formatDateTime(r.requestedAt)}</td>
                <td className="govuk-table__cell">{r.urgency === "URGENT" ? <strong className="govuk-tag govuk-tag--red">Urgent</strong> : "Standard"}</td>
                <td className="govuk-table__cell"><strong className={`govuk-tag ${STATUS_TAG[r.status]}`}>{REQUEST_STATUS_LABELS[r.status]}</strong></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Pagination info={requests} label="Pages of requests" />
    </>
  );
}
