// A partner agency's auditor raises a threshold disagreement from a moderated finding about one
// contact (decision 0038): prefilled from the finding, raised with the council, which decided.
// The disagreement log's own raise does it; the finding and the disagreement link to each other.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { ErrorSummary, Radios, TextInput, Textarea } from "~/components/form";
import { loadPage, readForm, toFormResponse } from "~/utils/errors.server";
import { pageTitle } from "~/utils/title";
import { SUBJECT_LABELS } from "../../server/domain/disagreements/labels";
import { CLOSING_OUTCOMES, OUTCOME_LABELS } from "../../server/domain/front-door/labels";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: pageTitle(data?.finding ? `Raise a disagreement about ${data.finding.caseReference ?? "an audited contact"}` : "Raise a disagreement") }];

export async function loader({ context, request, params }: LoaderFunctionArgs) {
  return loadPage(request, async () => {
    const finding = await context.trpc.audits.finding({ findingId: params.findingId ?? "" });
    if (finding.roundId !== params.roundId) throw new Response("That finding was not found.", { status: 404 });
    return json({ finding });
  });
}

export async function action({ context, request, params }: ActionFunctionArgs) {
  const form = await readForm(request);
  const text = (name: string) => String(form.get(name) ?? "");
  try {
    const { disagreementId } = await context.trpc.audits.raiseDisagreement({
      findingId: params.findingId ?? "",
      subject: text("subject") as never,
      soughtLevel: text("soughtLevel") as never,
      soughtOutcome: text("soughtOutcome"),
      reasons: text("reasons"),
      urgent: text("urgent") === "yes",
    });
    return redirect(`/disagreements/${disagreementId}`);
  } catch (error) {
    return toFormResponse(error, request);
  }
}

export default function RaiseFromFinding() {
  const { finding } = useLoaderData<typeof loader>();
  const errors = useActionData<typeof action>()?.errors;
  const busy = useNavigation().state === "submitting";
  const closing = finding.decision ? CLOSING_OUTCOMES.includes(finding.decision.outcome) : false;
  const codes: ("LEVEL_APPLIED" | "OUTCOME" | "CLOSURE")[] = closing ? ["LEVEL_APPLIED", "OUTCOME", "CLOSURE"] : ["LEVEL_APPLIED", "OUTCOME"];
  const subjects = codes.map((s) => ({ value: s, label: SUBJECT_LABELS[s] }));
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <div className="govuk-warning-text">
          <span className="govuk-warning-text__icon" aria-hidden="true">!</span>
          <strong className="govuk-warning-text__text">
            <span className="govuk-visually-hidden">Warning</span>
            If a child is in immediate danger, call 999 now. If a child may be at risk of significant harm, phone the council's front door (MASH) straight away.
          </strong>
        </div>
        <ErrorSummary formError={errors?.formError} fieldErrors={errors?.fieldErrors} />
        <h1 className="govuk-heading-l">
          <span className="govuk-caption-l">From a finding of {finding.roundTitle}</span>
          Raise a threshold disagreement
        </h1>
        <p className="govuk-body">
          About the decision on <strong>{finding.caseReference ?? "the audited contact"}</strong>
          {finding.decision ? ` (level ${finding.decision.levelApplied}, ${OUTCOME_LABELS[finding.decision.outcome].toLowerCase()})` : ""}. It is raised with the council, which made the decision, for your agency, and starts at stage 1. The finding and the disagreement link to each other.
        </p>
        <div className="govuk-inset-text" data-testid="finding-summary">The finding: {finding.summary}</div>
        <Form method="post" noValidate>
          <Radios name="subject" legend="What do you disagree with?" options={subjects} error={errors?.fieldErrors.subject} />
          <TextInput name="soughtLevel" label="The threshold level you believe applies (1 to 4, optional)" width="2" error={errors?.fieldErrors.soughtLevel} autoComplete="off" />
          <TextInput name="soughtOutcome" label="The decision you believe is right" error={errors?.fieldErrors.soughtOutcome} autoComplete="off" />
          <Textarea name="reasons" label="Your reasons" hint="Prefilled from the finding: add what your agency knows." defaultValue={finding.summary} error={errors?.fieldErrors.reasons} rows={6} />
          <div className="govuk-form-group">
            <div className="govuk-checkboxes govuk-checkboxes--small">
              <div className="govuk-checkboxes__item">
                <input className="govuk-checkboxes__input" id="urgent" name="urgent" type="checkbox" value="yes" />
                <label className="govuk-label govuk-checkboxes__label" htmlFor="urgent">A child may be at risk of significant harm</label>
              </div>
            </div>
          </div>
          <div className="govuk-button-group">
            <button type="submit" className="govuk-button" disabled={busy}>Raise the disagreement</button>
            <Link className="govuk-link" to={`/audits/${finding.roundId}`}>Cancel</Link>
          </div>
        </Form>
      </div>
    </div>
  );
}
