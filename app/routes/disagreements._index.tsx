import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { loadPage } from "~/utils/errors.server";
import { formatDate, formatDeadline } from "~/utils/format";
import { useRevalidateOn } from "~/utils/live";
import { DISAGREEMENT_OUTCOME_LABELS, RESOLUTION_LABELS, SUBJECT_LABELS } from "../../server/domain/disagreements/labels";

export const meta: MetaFunction = () => [{ title: "Disagreements - Concord" }];

const FILTERS = { open: { status: "OPEN" as const }, overdue: { overdueOnly: true }, resolved: { status: "RESOLVED" as const }, all: {} };

export async function loader({ context, request }: LoaderFunctionArgs) {
  const show = (new URL(request.url).searchParams.get("show") ?? "open") as keyof typeof FILTERS;
  return loadPage(request, async () => json({ show: show in FILTERS ? show : "open", disagreements: await context.trpc.disagreements.list(FILTERS[show] ?? FILTERS.open) }));
}

export default function Disagreements() {
  const { show, disagreements } = useLoaderData<typeof loader>();
  useRevalidateOn("disagreement:changed");
  return (
    <>
      <h1 className="govuk-heading-l">Threshold disagreements</h1>
      <p className="govuk-body">The shared record of challenges between agencies, as both sides and the partnership see it. Raise one from a decision on a contact or from a strategy meeting. Each ends in an outcome both agencies agree, a withdrawal, or, at the last stage, the partnership's determination.</p>
      <nav aria-label="Which disagreements" className="govuk-!-margin-bottom-4">
        <ul className="govuk-list">
          {(Object.keys(FILTERS) as (keyof typeof FILTERS)[]).map((key) => (
            <li key={key} className="govuk-!-display-inline govuk-!-margin-right-4">
              {show === key ? <strong>{key[0]!.toUpperCase() + key.slice(1)}</strong> : <Link className="govuk-link" to={`/disagreements?show=${key}`}>{key[0]!.toUpperCase() + key.slice(1)}</Link>}
            </li>
          ))}
        </ul>
      </nav>
      {disagreements.length === 0 ? <p className="govuk-body" data-testid="no-disagreements">There are none to show.</p> : (
        <table className="govuk-table" data-testid="disagreements">
          <caption className="govuk-table__caption govuk-visually-hidden">Disagreements</caption>
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
            {disagreements.map((d) => (
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
    </>
  );
}
