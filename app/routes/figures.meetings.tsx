import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { loadPage } from "~/utils/errors.server";
import { figuresFilters } from "~/utils/figures.server";
import { formatDateTime } from "~/utils/format";

export const meta: MetaFunction = () => [{ title: "Meetings behind a figure - Concord" }];

const MEASURE_LABELS: Record<string, string> = {
  invited: "Meetings the agency was invited to",
  attended: "Meetings the agency attended",
  apologies: "Meetings the agency sent apologies for",
  delegates: "Meetings the agency sent a delegate to",
  written: "Meetings the agency sent a written contribution to",
  noResponse: "Meetings the agency did not answer",
  late: "Meetings held later than due",
  allCore: "Meetings with all three core agencies present",
  notAllCore: "Meetings without all three core agencies",
};

export async function loader({ context, request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const measure = url.searchParams.get("measure") ?? "";
  return loadPage(request, async () => json({ measure, meetings: await context.trpc.figures.meetingsBehind({ ...figuresFilters(url), measure: measure as never }), canSetLearningAction: (await context.trpc.learningActions.abilities()).canCreate, back: `/figures?${new URLSearchParams(Object.entries(figuresFilters(url)).filter(([, v]) => v) as [string, string][])}` }));
}

export default function MeetingsBehind() {
  const { measure, meetings, back, canSetLearningAction } = useLoaderData<typeof loader>();
  return (
    <>
      <p className="govuk-body"><Link className="govuk-back-link" to={back}>Back to the figures</Link></p>
      <h1 className="govuk-heading-l">{MEASURE_LABELS[measure] ?? "Meetings"}</h1>
      <p className="govuk-body" data-testid="meeting-count">{meetings.length} meeting{meetings.length === 1 ? "" : "s"}. Case references are not shown in figures.</p>
      <table className="govuk-table" data-testid="meetings-behind">
        <caption className="govuk-table__caption govuk-visually-hidden">Meetings</caption>
        <thead className="govuk-table__head">
          <tr className="govuk-table__row">
            <th scope="col" className="govuk-table__header">When</th>
            <th scope="col" className="govuk-table__header">Urgency</th>
            <th scope="col" className="govuk-table__header">Agencies invited</th>
            <th scope="col" className="govuk-table__header">Status</th>
          </tr>
        </thead>
        <tbody className="govuk-table__body">
          {meetings.map((m) => (
            <tr className="govuk-table__row" key={m.id}>
              <td className="govuk-table__cell">{m.canOpen ? <Link className="govuk-link" to={`/meetings/${m.id}`}>{formatDateTime(m.scheduledStart)}</Link> : formatDateTime(m.scheduledStart)}{m.late ? <> <strong className="govuk-tag govuk-tag--red">Late</strong></> : null}</td>
              <td className="govuk-table__cell">{m.urgency === "URGENT" ? "Urgent" : "Standard"}</td>
              <td className="govuk-table__cell">{m.agencies.join(", ")}</td>
              <td className="govuk-table__cell">{m.status === "CLOSED" ? "Closed" : "Open"}{m.status === "CLOSED" && canSetLearningAction ? <><br /><Link className="govuk-link" to={`/learning-actions/new?meeting=${m.id}`}>Set a learning action<span className="govuk-visually-hidden"> from the meeting on {formatDateTime(m.scheduledStart)}</span></Link></> : null}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
