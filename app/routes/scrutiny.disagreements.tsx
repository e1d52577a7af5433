import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { ListCount, Pagination, pageParam } from "~/components/list";
import { loadPage } from "~/utils/errors.server";
import { formatDate } from "~/utils/format";
import { DISAGREEMENT_OUTCOME_LABELS, SUBJECT_LABELS } from "../../server/domain/disagreements/labels";

export const meta: MetaFunction = () => [{ title: "Disagreement summaries - Concord" }];

export async function loader({ context, request }: LoaderFunctionArgs) {
  const page = pageParam(new URL(request.url).searchParams);
  return loadPage(request, async () => json(await context.trpc.scrutiny.disagreements({ page })));
}

export default function DisagreementSummaries() {
  const data = useLoaderData<typeof loader>();
  const info = { total: data.total, page: data.page, pageSize: data.pageSize, pageCount: data.pages };
  return (
    <>
      <p className="govuk-body"><Link className="govuk-back-link" to="/scrutiny">Back to scrutiny</Link></p>
      <h1 className="govuk-heading-l">Disagreement summaries</h1>
      <p className="govuk-body">What happened to each disagreement between agencies, newest first: the case reference, the agencies, how far it went and how it ended. What the agencies wrote is not shown.</p>
      <ListCount info={info} noun={{ one: "disagreement", many: "disagreements" }} />
      {data.items.length > 0 ? (
        <div className="concord-table-scroll" role="region" aria-label="Table: disagreement summaries" tabIndex={0}>
          <table className="govuk-table govuk-!-font-size-16" data-testid="disagreement-summaries">
            <caption className="govuk-table__caption govuk-visually-hidden">Disagreement summaries</caption>
            <thead className="govuk-table__head">
              <tr className="govuk-table__row">
                {["Case reference", "Raised by", "Raised with", "About", "Stage reached", "Status", "Outcome", "Themes", "Raised", "Resolved", "Working days"].map((h) => (
                  <th key={h} scope="col" className={`govuk-table__header${h === "Stage reached" || h === "Working days" ? " govuk-table__header--numeric" : ""}`}>{h}</th>
                ))}
              </tr>
            </thead>
            <tbody className="govuk-table__body">
              {data.items.map((d) => (
                <tr className="govuk-table__row" key={d.id}>
                  <th scope="row" className="govuk-table__header">{d.caseReference ?? "none"}</th>
                  <td className="govuk-table__cell">{d.raisingAgency}</td>
                  <td className="govuk-table__cell">{d.receivingAgency}</td>
                  <td className="govuk-table__cell">{SUBJECT_LABELS[d.subject as keyof typeof SUBJECT_LABELS] ?? d.subject}</td>
                  <td className="govuk-table__cell govuk-table__cell--numeric">{d.stageReached}</td>
                  <td className="govuk-table__cell">{d.status === "OPEN" ? "Open" : "Resolved"}</td>
                  <td className="govuk-table__cell">{d.outcome ? (DISAGREEMENT_OUTCOME_LABELS[d.outcome as keyof typeof DISAGREEMENT_OUTCOME_LABELS] ?? d.outcome) : "none yet"}</td>
                  <td className="govuk-table__cell">{d.themes.length ? d.themes.join(", ") : "none"}</td>
                  <td className="govuk-table__cell">{formatDate(d.raisedAt)}</td>
                  <td className="govuk-table__cell">{d.resolvedAt ? formatDate(d.resolvedAt) : "not yet"}</td>
                  <td className="govuk-table__cell govuk-table__cell--numeric">{d.status === "OPEN" ? `${d.workingDays} so far` : d.workingDays}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <Pagination info={info} label="Pages of disagreement summaries" />
    </>
  );
}
