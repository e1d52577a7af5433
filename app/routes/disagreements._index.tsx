import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { ListCount, ListFilters, Pagination, pageParam, param, type FilterSelect } from "~/components/list";
import { loadPage } from "~/utils/errors.server";
import { formatDate, formatDeadline } from "~/utils/format";
import { useRevalidateOn } from "~/utils/live";
import { DISAGREEMENT_OUTCOME_LABELS, RESOLUTION_LABELS, SUBJECT_LABELS } from "../../server/domain/disagreements/labels";

export const meta: MetaFunction = () => [{ title: "Disagreements - Concord" }];

const SHOW_LABELS = { open: "Open", overdue: "Overdue", resolved: "Resolved", all: "All" } as const;
const FILTERS = { open: { status: "OPEN" as const }, overdue: { overdueOnly: true }, resolved: { status: "RESOLVED" as const }, all: {} };

export async function loader({ context, request }: LoaderFunctionArgs) {
  const params = new URL(request.url).searchParams;
  const requested = params.get("show") ?? "open";
  const show = (requested in FILTERS ? requested : "open") as keyof typeof FILTERS;
  return loadPage(request, async () => {
    const agencies = await context.trpc.agencies.list();
    const agency = param(params, "agency");
    const disagreements = await context.trpc.disagreements.list({
      ...FILTERS[show],
      urgentOnly: params.get("urgent") === "yes",
      agencyId: agencies.some((a) => a.id === agency) ? agency : undefined,
      search: param(params, "search"),
      page: pageParam(params),
    });
    return json({ show, disagreements, agencies });
  });
}

export default function Disagreements() {
  const { show, disagreements, agencies } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const filters: FilterSelect[] = [
    { name: "show", label: "Show", value: show, options: (Object.keys(FILTERS) as (keyof typeof FILTERS)[]).map((key) => ({ value: key, label: SHOW_LABELS[key] })) },
    { name: "urgent", label: "Urgency", value: params.get("urgent"), options: [{ value: "", label: "Any urgency" }, { value: "yes", label: "Child at immediate risk only" }] },
    { name: "agency", label: "Agency (either side)", value: params.get("agency"), options: [{ value: "", label: "Any agency" }, ...agencies.map((a) => ({ value: a.id, label: a.name }))] },
  ];
  useRevalidateOn("disagreement:changed");
  return (
    <>
      <h1 className="govuk-heading-l">Threshold disagreements</h1>
      <p className="govuk-body">The shared record of challenges between agencies, as both sides and the partnership see it. Raise one from a decision on a contact or from a strategy meeting. Each ends in an outcome both agencies agree, a withdrawal, or, at the last stage, the partnership's determination.</p>
      <ListFilters searchLabel="Search disagreements by case reference" searchHint="The case reference you know the child by, or part of it" search={params.get("search")} filters={filters} clearTo="/disagreements" />
      <ListCount info={disagreements} noun={{ one: "disagreement", many: "disagreements" }} />
      {disagreements.items.length === 0 ? <p className="govuk-body" data-testid="no-disagreements">There are none to show.</p> : (
        <table className="govuk-table" data-testid="disagreements">
          <caption className="govuk-table__caption govuk-visually-hidden">Disagreements: open ones first, overdue and soonest due first; then the rest, newest first</caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">Case</th>
              <th scope="col" className="govuk-table__header">Between</th>
              <th scope="col" className="govuk-table__header">About</th>
              <th scope="col" className="govuk-table__header">Stage</th>
              <th scope="col" className="govuk-table__header">Due</th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {disagreements.items.map((d) => (
              <tr className="govuk-table__row" key={d.id}>
                <td className="govuk-table__cell"><Link className="govuk-link" to={`/disagreements/${d.id}`}>{d.caseReference ?? "No case"}</Link>{d.urgent ? <> <strong className="govuk-tag govuk-tag--red">Child at immediate risk</strong></> : null}</td>
                <td className="govuk-table__cell">{d.raisingAgencyName} with {d.receivingAgencyName}<br /><span className="govuk-body-s">Raised {formatDate(d.raisedAt)}</span></td>
                <td className="govuk-table__cell">{SUBJECT_LABELS[d.subject]}</td>
                <td className="govuk-table__cell">
                  {d.status === "OPEN" ? <>Stage {d.stage}{d.proposalWaiting ? <> <strong className="govuk-tag govuk-tag--yellow">Outcome proposed</strong></> : null}</> : <>{DISAGREEMENT_OUTCOME_LABELS[d.outcome!]}{d.resolution ? <><br /><span className="govuk-body-s">{RESOLUTION_LABELS[d.resolution]}</span></> : null}</>}
                </td>
                <td className="govuk-table__cell">{d.status === "OPEN" ? <>{formatDeadline(d.stageDueAt)} {d.overdue ? <strong className="govuk-tag govuk-tag--red">Overdue</strong> : null}</> : "Resolved"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Pagination info={disagreements} label="Pages of disagreements" />
    </>
  );
}
