import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { loadPage } from "~/utils/errors.server";
import { ListCount, ListFilters, Pagination, pageParam, param } from "~/components/list";
import { formatDateTime } from "~/utils/format";
import { useRevalidateOn } from "~/utils/live";
import { STANDING_LABELS, URGENCY_LABELS } from "../../server/domain/meetings/labels";

export const meta: MetaFunction = () => [{ title: "Strategy meetings - Concord" }];

export async function loader({ context, request }: LoaderFunctionArgs) {
  const params = new URL(request.url).searchParams;
  const scope = params.get("scope") === "closed" ? "closed" : "upcoming";
  const urgency = params.get("urgency");
  return loadPage(request, async () => {
    const [meetings, abilities] = await Promise.all([
      context.trpc.meetings.list({ scope, urgency: urgency === "URGENT" || urgency === "STANDARD" ? urgency : undefined, search: param(params, "search"), page: pageParam(params) }),
      context.trpc.meetings.abilities(),
    ]);
    return json({ meetings, abilities, scope });
  });
}

const responseLabel = (kind: string | null) => (kind === null ? "" : kind === "NO_RESPONSE" ? "No response yet" : STANDING_LABELS[kind as keyof typeof STANDING_LABELS]);

export default function Meetings() {
  const { meetings, abilities, scope } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  useRevalidateOn("meeting:changed");
  return (
    <>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <h1 className="govuk-heading-l">Strategy meetings</h1>
        </div>
        <div className="govuk-grid-column-one-third govuk-!-text-align-right">
          {abilities.canConvene ? (
            <Link to="/meetings/new" className="govuk-button" role="button">Convene a meeting</Link>
          ) : null}
        </div>
      </div>
      <p className="govuk-body"><Link className="govuk-link" to="/meetings/requests">Requests for a strategy discussion</Link></p>
      <nav aria-label="Which meetings" className="govuk-!-margin-bottom-4">
        <ul className="govuk-list">
          <li className="govuk-!-display-inline govuk-!-margin-right-4">{scope === "upcoming" ? <strong>Open</strong> : <Link className="govuk-link" to="/meetings">Open</Link>}</li>
          <li className="govuk-!-display-inline">{scope === "closed" ? <strong>Closed</strong> : <Link className="govuk-link" to="/meetings?scope=closed">Closed</Link>}</li>
        </ul>
      </nav>
      <ListFilters
        searchLabel="Search meetings by case reference"
        search={params.get("search")}
        filters={[
          { name: "scope", label: "Show", value: scope, options: [{ value: "upcoming", label: "Open" }, { value: "closed", label: "Closed" }] },
          { name: "urgency", label: "Urgency", value: params.get("urgency"), options: [{ value: "", label: "Any urgency" }, { value: "URGENT", label: URGENCY_LABELS.URGENT }, { value: "STANDARD", label: URGENCY_LABELS.STANDARD }] },
        ]}
        clearTo={scope === "closed" ? "/meetings?scope=closed" : "/meetings"}
      />
      <ListCount info={meetings} noun={{ one: "meeting", many: "meetings" }} />
      {meetings.items.length === 0 ? (
        <p className="govuk-body" data-testid="no-meetings">There are no {params.get("scope") === "closed" ? "closed" : "open"} meetings for your agency.</p>
      ) : (
        <table className="govuk-table" data-testid="meetings">
          <caption className="govuk-table__caption govuk-table__caption--m govuk-visually-hidden">Meetings</caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">Case</th>
              <th scope="col" className="govuk-table__header">When</th>
              <th scope="col" className="govuk-table__header">Urgency</th>
              <th scope="col" className="govuk-table__header">Chair</th>
              <th scope="col" className="govuk-table__header">Your agency's answer</th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {meetings.items.map((m) => (
              <tr className="govuk-table__row" key={m.id}>
                <td className="govuk-table__cell"><Link className="govuk-link" to={`/meetings/${m.id}`}>{m.caseReferences.join(", ")}</Link></td>
                <td className="govuk-table__cell">
                  {formatDateTime(m.scheduledStart)} {m.late ? <strong className="govuk-tag govuk-tag--red">Late</strong> : null}
                </td>
                <td className="govuk-table__cell">{m.urgency === "URGENT" ? <strong className="govuk-tag govuk-tag--red">Urgent</strong> : URGENCY_LABELS[m.urgency]}</td>
                <td className="govuk-table__cell">{m.chairName}</td>
                <td className="govuk-table__cell">{responseLabel(m.myAgencyResponse) || "Not invited (front door)"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Pagination info={meetings} label="Pages of meetings" />
    </>
  );
}
