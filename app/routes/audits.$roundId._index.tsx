// One joint audit round (decision 0038): its sample, each agency's progress (counts only until all
// have submitted), the actor's own agency's grades and submission, and once moderated the agreed
// answers and findings, with their disagreements and learning actions.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { ErrorSummary, SuccessBanner, SummaryList } from "~/components/form";
import { loadPage, readForm, toFormResponse } from "~/utils/errors.server";
import { formatDate, formatDateTime } from "~/utils/format";
import { pageTitle } from "~/utils/title";
import { ROUND_STATE_LABELS, yesNoLabel } from "../../server/domain/audits/labels";
import { OUTCOME_LABELS } from "../../server/domain/front-door/labels";
import { FindingsList } from "~/components/audit-findings";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: pageTitle(data?.round ? `${data.round.title} audit round` : "Audit round") }];

export async function loader({ context, request, params }: LoaderFunctionArgs) {
  return loadPage(request, async () => json({ round: await context.trpc.audits.get({ roundId: params.roundId ?? "" }) }));
}

export async function action({ context, request, params }: ActionFunctionArgs) {
  const form = await readForm(request);
  try {
    if (form.get("intent") !== "submit") throw new Response("Unknown action", { status: 400 });
    const result = await context.trpc.audits.submit({ roundId: params.roundId ?? "" });
    return json({ done: result.state === "MODERATION" ? "Your agency's grades are submitted. Every agency has now graded: the round is ready for moderation." : "Your agency's grades are submitted. They stay hidden from the other agencies until every agency has submitted." });
  } catch (error) {
    if (error instanceof Response) throw error;
    return toFormResponse(error, request);
  }
}

export default function AuditRound() {
  const { round } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors = result && "errors" in result ? result.errors : undefined;
  const done = result && "done" in result ? result.done : undefined;
  const busy = useNavigation().state === "submitting";
  const own = round.agencies.find((a) => a.agencyId === round.ownAgencyId);
  const total = round.items.length;
  return (
    <>
      <ErrorSummary formError={errors?.formError} fieldErrors={errors?.fieldErrors} />
      {done ? <SuccessBanner id="submitted" heading={done} /> : null}
      <h1 className="govuk-heading-l">
        <span className="govuk-caption-l">Audit round: {ROUND_STATE_LABELS[round.state]}</span>
        {round.title}
      </h1>
      <SummaryList
        rows={[
          ["Decisions made", `${formatDate(round.periodStart)} to ${formatDate(round.periodEnd)}`],
          ["Contacts", `${round.sampleRuleLabel}${round.sourceAgencyName ? `: ${round.sourceAgencyName}` : ""}${round.thresholdLevel ? `: level ${round.thresholdLevel}` : ""}${round.sampleSize ? `, at most ${round.sampleSize} at random` : ""}. ${total} sampled.`],
          ["Started", `${formatDateTime(round.createdAt)} by ${round.createdByName}`],
          ...(round.moderationStartedAt ? [["Every agency submitted", formatDateTime(round.moderationStartedAt)] as [string, string]] : []),
          ...(round.closedAt ? [["Closed", `${formatDateTime(round.closedAt)} by ${round.closedByName ?? ""}`] as [string, string]] : []),
        ]}
      />
      {round.summary ? (
        <>
          <h2 className="govuk-heading-m">Summary of the round</h2>
          <p className="govuk-body concord-pre-wrap" data-testid="round-summary">{round.summary}</p>
        </>
      ) : null}
      {round.abilities.canModerate ? (
        <Link className="govuk-button" to={`/audits/${round.id}/moderation`} data-testid="moderate">Moderate this round</Link>
      ) : null}

      <h2 className="govuk-heading-m">Agencies taking part</h2>
      {round.state === "GRADING" ? <p className="govuk-body">Each agency's grades stay hidden from everyone else until every agency has submitted. Progress shows how many contacts each has graded.</p> : null}
      <ul className="govuk-list" data-testid="progress">
        {round.agencies.map((a) => (
          <li key={a.agencyId}>
            <strong>{a.name}</strong>: graded {a.graded} of {total}
            {a.submittedAt ? `; submitted ${formatDateTime(a.submittedAt)}${a.submittedByName ? ` by ${a.submittedByName}` : ""}` : "; not yet submitted"}
          </li>
        ))}
      </ul>

      <h2 className="govuk-heading-m">Sampled contacts</h2>
      <div className="concord-table-scroll" role="region" aria-label="Sampled contacts" tabIndex={0}>
        <table className="govuk-table" data-testid="items">
          <caption className="govuk-table__caption govuk-visually-hidden">Sampled contacts, in the order their decisions were made</caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">Contact</th>
              {round.seesCaseDetail ? <th scope="col" className="govuk-table__header">Decision</th> : null}
              <th scope="col" className="govuk-table__header">{round.gradesShown === "own" ? "Your agency's grade" : round.state === "GRADING" ? "Grades" : "Agreed at moderation"}</th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {round.items.map((item) => {
              const grade = item.grades.find((g) => g.agencyId === round.ownAgencyId);
              return (
                <tr className="govuk-table__row" key={item.id} data-testid={`item-${item.position}`}>
                  <td className="govuk-table__cell">
                    {item.position}.{" "}
                    <Link className="govuk-link" to={`/audits/${round.id}/items/${item.id}`}>{item.caseReference ?? "No reference"}</Link>
                  </td>
                  {round.seesCaseDetail ? (
                    <td className="govuk-table__cell">{item.decision ? `Level ${item.decision.levelApplied}, ${OUTCOME_LABELS[item.decision.outcome]}, ${formatDate(item.decision.decidedAt)}` : null}</td>
                  ) : null}
                  <td className="govuk-table__cell">
                    {round.gradesShown === "own"
                      ? grade
                        ? `Graded: level right ${yesNoLabel(grade.levelRight).toLowerCase()}, outcome safe ${yesNoLabel(grade.outcomeSafe).toLowerCase()}, rationale recorded ${yesNoLabel(grade.rationaleRecorded).toLowerCase()}`
                        : "Not graded yet"
                      : item.agreed
                        ? `Level right ${yesNoLabel(item.agreed.levelRight).toLowerCase()}, outcome safe ${yesNoLabel(item.agreed.outcomeSafe).toLowerCase()}, rationale recorded ${yesNoLabel(item.agreed.rationaleRecorded).toLowerCase()}`
                        : round.state === "GRADING"
                          ? "Hidden until every agency has submitted"
                          : "Not moderated yet"}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>

      {round.abilities.canSubmit && own ? (
        <Form method="post" noValidate>
          <input type="hidden" name="intent" value="submit" />
          <h2 className="govuk-heading-m">Submit your agency's grades</h2>
          <p className="govuk-body">
            Your agency has graded {own.graded} of {total}. Once submitted, your agency's grades are final. Submit when every contact is graded.
          </p>
          <button type="submit" className="govuk-button" disabled={busy} data-testid="submit-grades">Submit your agency's grades</button>
        </Form>
      ) : null}

      {round.state !== "GRADING" ? (
        <>
          <h2 className="govuk-heading-m">Findings</h2>
          <FindingsList roundId={round.id} findings={round.findings} />
        </>
      ) : null}
    </>
  );
}
