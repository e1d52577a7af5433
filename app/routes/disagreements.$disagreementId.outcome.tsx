// The outcome record: one page each agency prints (or saves as PDF through the browser's print)
// for its own case record, with both agencies' acknowledgement.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import type { ReactNode } from "react";
import { ErrorSummary, SuccessBanner, SummaryList } from "~/components/form";
import { loadPage, toFormResponse, readForm } from "~/utils/errors.server";
import { formatDate, formatDateTime } from "~/utils/format";
import { useRevalidateOn } from "~/utils/live";
import { DISAGREEMENT_OUTCOME_LABELS, RESOLUTION_LABELS, SUBJECT_LABELS } from "../../server/domain/disagreements/labels";
import { OUTCOME_LABELS } from "../../server/domain/front-door/labels";
import { pageTitle } from "~/utils/title";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: pageTitle(data?.disagreement ? `${data.disagreement.caseReference ?? "No case"} disagreement outcome` : "Outcome record") }];

export async function loader({ context, request, params }: LoaderFunctionArgs) {
  return loadPage(request, async () => {
    const disagreement = await context.trpc.disagreements.get({ disagreementId: params.disagreementId ?? "" });
    if (disagreement.status !== "RESOLVED") throw new Response("This disagreement has no outcome yet.", { status: 404, statusText: "This disagreement has no outcome yet." });
    return json({ disagreement });
  });
}

export async function action({ context, request, params }: ActionFunctionArgs) {
  const form = await readForm(request);
  try {
    await context.trpc.disagreements.acknowledge({ disagreementId: params.disagreementId ?? "", expectedVersion: Number(form.get("expectedVersion")) });
    return json({ done: "Acknowledged for your agency" });
  } catch (error) {
    return toFormResponse(error, request);
  }
}

const person = (p: { name: string; jobTitle: string | null; agencyName: string }) => `${p.name}${p.jobTitle ? `, ${p.jobTitle}` : ""}, ${p.agencyName}`;

export default function OutcomeRecord() {
  const { disagreement: d } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors = result && "errors" in result ? result.errors : undefined;
  const done = result && "done" in result ? result.done : undefined;
  const busy = useNavigation().state === "submitting";
  useRevalidateOn("disagreement:changed", (e) => e.disagreementId === d.id);
  const agreed = d.resolution === "AGREED" && d.agreement;
  const how: [string, ReactNode][] = agreed
    ? [
        ["Proposed by", `${person(d.agreement!.proposedBy)}, ${formatDateTime(d.agreement!.proposedAt)}`],
        ["Accepted by", `${person(d.agreement!.answeredBy!)}, ${formatDateTime(d.agreement!.answeredAt!)}`],
      ]
    : [[d.resolution === "WITHDRAWN" ? "Withdrawn by" : "Determined by", d.resolvedBy ? `${person(d.resolvedBy)}, ${formatDateTime(d.resolvedAt!)}` : formatDateTime(d.resolvedAt!)]];
  const stagesReached = d.stageRecords.map((r) => `${r.stage}: ${r.label}`).join("; ");
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary formError={errors?.formError} fieldErrors={errors?.fieldErrors} />
        {done ? <div className="concord-no-print"><SuccessBanner id="done-title" heading={done} /></div> : null}
        <p className="govuk-body concord-no-print"><Link className="govuk-back-link" to={`/disagreements/${d.id}`}>Back to the disagreement</Link></p>
        <h1 className="govuk-heading-l">
          <span className="govuk-caption-l">{d.raisingAgencyName} and {d.receivingAgencyName}</span>
          {agreed ? "Agreed outcome" : "Outcome"} of a professional disagreement
        </h1>
        <div data-testid="outcome-record">
          <SummaryList
            rows={[
              ["Case reference", d.caseReference ?? "None"],
              ["About", SUBJECT_LABELS[d.subject]],
              ["Raised", `${formatDate(d.raisedAt)} by ${d.raisedByName}, ${d.raisingAgencyName}`],
              ["With", d.receivingAgencyName],
              ["Stages reached", stagesReached],
              ["Outcome", <strong key="o">{DISAGREEMENT_OUTCOME_LABELS[d.outcome!]}</strong>],
              ["How it ended", d.resolution ? RESOLUTION_LABELS[d.resolution] : ""],
              ["Statement", <span key="s" className="concord-pre-wrap">{d.outcomeStatement}</span>],
              ...how,
              ...d.changedDecisions.map(
                (n) =>
                  [
                    "Changed threshold decision",
                    `Level ${n.levelApplied}: ${OUTCOME_LABELS[n.outcome]}. Recorded by ${n.decidedByName} (${formatDateTime(n.decidedAt)}); ${n.signedOffAt ? `signed off by ${n.signedOffByName} (${formatDateTime(n.signedOffAt)})` : "awaiting sign-off by another council manager"}.`,
                  ] as [string, ReactNode],
              ),
            ]}
          />
          <h2 className="govuk-heading-m">Acknowledgement by each agency</h2>
          <dl className="govuk-summary-list" data-testid="acknowledgements">
            {[
              { id: d.raisingAgencyId, name: d.raisingAgencyName },
              { id: d.receivingAgencyId, name: d.receivingAgencyName },
            ].map((agency) => {
              const ack = d.acknowledgements.find((x) => x.agencyId === agency.id);
              return (
                <div className="govuk-summary-list__row" key={agency.id}>
                  <dt className="govuk-summary-list__key">{agency.name}</dt>
                  <dd className="govuk-summary-list__value">{ack ? `Acknowledged by ${ack.name}${ack.jobTitle ? `, ${ack.jobTitle}` : ""}, ${formatDateTime(ack.acknowledgedAt)}` : "Not yet acknowledged"}</dd>
                </div>
              );
            })}
          </dl>
          <p className="govuk-body-s">Each agency keeps a copy of this record on its own case record. Concord holds the case reference only; the case file stays in each agency's own system.</p>
        </div>
        <div className="govuk-button-group concord-no-print">
          {d.abilities.acknowledge ? (
            <Form method="post">
              <input type="hidden" name="expectedVersion" value={d.version} />
              <button type="submit" className="govuk-button" disabled={busy}>Acknowledge for {d.viewerSide === "raising" ? d.raisingAgencyName : d.receivingAgencyName}</button>
            </Form>
          ) : null}
          <button type="button" className="govuk-button govuk-button--secondary" onClick={() => window.print()}>Print or save as PDF</button>
        </div>
      </div>
    </div>
  );
}
