// One sampled contact of a joint audit round (decision 0038): the decision graded and what
// followed it (data-minimised), the actor's agency's grade (editable until the agency submits),
// and, once every agency has submitted, every agency's grade.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { ErrorSummary, Radios, SummaryList, Textarea } from "~/components/form";
import { loadPage, readForm, toFormResponse } from "~/utils/errors.server";
import { formatDate, formatDateTime } from "~/utils/format";
import { pageTitle } from "~/utils/title";
import { AUDIT_QUESTIONS, yesNoLabel } from "../../server/domain/audits/labels";
import { OUTCOME_LABELS } from "../../server/domain/front-door/labels";
import { DISAGREEMENT_OUTCOME_LABELS, SUBJECT_LABELS } from "../../server/domain/disagreements/labels";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: pageTitle(data?.item ? `${data.item.caseReference ?? `Contact ${data.item.position}`} in ${data.item.roundTitle}` : "Audited contact") }];

export async function loader({ context, request, params }: LoaderFunctionArgs) {
  return loadPage(request, async () => json({ item: await context.trpc.audits.item({ roundId: params.roundId ?? "", itemId: params.itemId ?? "" }) }));
}

export async function action({ context, request, params }: ActionFunctionArgs) {
  const form = await readForm(request);
  const text = (name: string) => String(form.get(name) ?? "");
  try {
    await context.trpc.audits.grade({
      itemId: params.itemId ?? "",
      levelRight: text("levelRight") as never,
      outcomeSafe: text("outcomeSafe") as never,
      rationaleRecorded: text("rationaleRecorded") as never,
      reason: text("reason"),
    });
    const next = text("nextId");
    return redirect(next ? `/audits/${params.roundId}/items/${next}` : `/audits/${params.roundId}`);
  } catch (error) {
    return toFormResponse(error, request);
  }
}

const yesNo = (value: boolean | undefined) => (value === undefined ? undefined : value ? "yes" : "no");

export default function AuditedContact() {
  const { item } = useLoaderData<typeof loader>();
  const errors = useActionData<typeof action>()?.errors;
  const busy = useNavigation().state === "submitting";
  const own = item.ownGrade;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary formError={errors?.formError} fieldErrors={errors?.fieldErrors} />
        <Link className="govuk-back-link" to={`/audits/${item.roundId}`}>Back to {item.roundTitle}</Link>
        <h1 className="govuk-heading-l">
          <span className="govuk-caption-l">Contact {item.position} of {item.of}, {item.roundTitle}</span>
          {item.caseReference ?? "No case reference"}
        </h1>
        {item.decision ? (
          <>
            <h2 className="govuk-heading-m">The decision graded</h2>
            <SummaryList
              rows={[
                ["Contact from", `${item.decision.sourceAgencyName}, received ${formatDateTime(item.decision.receivedAt)}`],
                ["Threshold level applied", `Level ${item.decision.levelApplied}`],
                ["Outcome", OUTCOME_LABELS[item.decision.outcome]],
                ["Rationale", <span className="concord-pre-wrap" key="r">{item.decision.rationale}</span>],
                ...(item.decision.closureReason ? [["Closure reason", <span className="concord-pre-wrap" key="c">{item.decision.closureReason}</span>] as [string, JSX.Element]] : []),
                ["Decided", `${formatDateTime(item.decision.decidedAt)} by ${item.decision.decidedByName}, ${item.decision.decidingAgencyName}`],
                ["Manager sign-off", item.decision.signedOffAt ? formatDateTime(item.decision.signedOffAt) : "Not signed off"],
              ]}
            />
            <h2 className="govuk-heading-m">What followed</h2>
            <ul className="govuk-list govuk-list--bullet" data-testid="what-followed">
              {item.followed!.laterDecisions.map((d, i) => (
                <li key={`d${i}`}>
                  A later decision on {formatDate(d.decidedAt)}: level {d.levelApplied}, {OUTCOME_LABELS[d.outcome]}
                  {d.afterDisagreement ? ", after a disagreement" : ""}
                </li>
              ))}
              {item.followed!.meetings.map((m, i) => (
                <li key={`m${i}`}>A strategy meeting {m.held ? "held" : "arranged for"} {formatDateTime(m.scheduledStart)}</li>
              ))}
              {item.followed!.disagreements.map((d, i) => (
                <li key={`g${i}`}>
                  A disagreement raised {formatDate(d.raisedAt)} by {d.raisingAgencyName} with {d.receivingAgencyName} about {SUBJECT_LABELS[d.subject].toLowerCase()}:{" "}
                  {d.status === "RESOLVED" ? (d.outcome ? DISAGREEMENT_OUTCOME_LABELS[d.outcome as keyof typeof DISAGREEMENT_OUTCOME_LABELS].toLowerCase() : "resolved") : `open at stage ${d.stage}`}
                </li>
              ))}
              {item.followed!.laterDecisions.length + item.followed!.meetings.length + item.followed!.disagreements.length === 0 ? <li>Nothing recorded in Concord after this decision.</li> : null}
            </ul>
          </>
        ) : (
          <p className="govuk-body">Independent scrutiny sees the case reference and the grades, not the case's details.</p>
        )}

        {item.abilities.canGrade ? (
          <>
            <h2 className="govuk-heading-m">Your agency's grade</h2>
            <p className="govuk-body">Other agencies cannot see your grade until every agency has submitted. You can change it until your agency submits.</p>
            <Form method="post" noValidate>
              <input type="hidden" name="nextId" value={item.nextId ?? ""} />
              {AUDIT_QUESTIONS.map((q) => (
                <Radios key={q.key} name={q.key} legend={q.label} small options={[{ value: "yes", label: "Yes" }, { value: "no", label: "No" }]} defaultValue={yesNo(own?.[q.key])} error={errors?.fieldErrors[q.key]} />
              ))}
              <Textarea name="reason" label="Reason for your grade" hint="A sentence or two: what in the record led you to your answers." rows={4} defaultValue={own?.reason ?? undefined} error={errors?.fieldErrors.reason} />
              <button type="submit" className="govuk-button" disabled={busy} data-testid="save-grade">{item.nextId ? "Save and grade the next contact" : "Save and return to the round"}</button>
            </Form>
          </>
        ) : own ? (
          <>
            <h2 className="govuk-heading-m">Your agency's grade</h2>
            <GradeList grades={[own]} />
          </>
        ) : null}

        {item.grades.length > 0 ? (
          <>
            <h2 className="govuk-heading-m">Every agency's grade</h2>
            <GradeList grades={item.grades} />
          </>
        ) : item.roundState === "GRADING" ? (
          <p className="govuk-body" data-testid="grades-hidden">Each agency's grades stay hidden until every agency has submitted.</p>
        ) : null}

        <nav className="govuk-pagination govuk-pagination--block" aria-label="Contacts in this round">
          {item.previousId ? (
            <div className="govuk-pagination__prev">
              <Link className="govuk-link govuk-pagination__link" to={`/audits/${item.roundId}/items/${item.previousId}`} rel="prev">
                <span className="govuk-pagination__link-title">Previous contact</span>
              </Link>
            </div>
          ) : null}
          {item.nextId ? (
            <div className="govuk-pagination__next">
              <Link className="govuk-link govuk-pagination__link" to={`/audits/${item.roundId}/items/${item.nextId}`} rel="next">
                <span className="govuk-pagination__link-title">Next contact</span>
              </Link>
            </div>
          ) : null}
        </nav>
      </div>
    </div>
  );
}

function GradeList({ grades }: { grades: { agencyId: string; agencyName: string; levelRight: boolean; outcomeSafe: boolean; rationaleRecorded: boolean; reason: string | null; gradedByName: string | null; gradedAt: string }[] }) {
  return (
    <>
      {grades.map((g) => (
        <div key={g.agencyId} data-testid="grade">
          <h3 className="govuk-heading-s">{g.agencyName}</h3>
          <SummaryList
            rows={[
              ...AUDIT_QUESTIONS.map((q) => [q.label, yesNoLabel(g[q.key])] as [string, string]),
              ...(g.reason ? [["Reason", g.reason] as [string, string]] : []),
              ["Graded", `${formatDateTime(g.gradedAt)}${g.gradedByName ? ` by ${g.gradedByName}` : ""}`],
            ]}
          />
        </div>
      ))}
    </>
  );
}
