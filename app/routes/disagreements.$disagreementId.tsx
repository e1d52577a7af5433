import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Checkboxes, ErrorSummary, Radios, SummaryList, Textarea } from "~/components/form";
import { loadPage, toFormResponse, readForm } from "~/utils/errors.server";
import { formatDateTime, formatDeadline } from "~/utils/format";
import { useRevalidateOn } from "~/utils/live";
import { DISAGREEMENT_OUTCOME_LABELS, EVENT_LABELS, SUBJECT_LABELS } from "../../server/domain/disagreements/labels";
import { OUTCOME_LABELS } from "../../server/domain/front-door/labels";

export const meta: MetaFunction = () => [{ title: "Disagreement - Concord" }];

export async function loader({ context, request, params }: LoaderFunctionArgs) {
  return loadPage(request, async () => {
    const [disagreement, themes] = await Promise.all([context.trpc.disagreements.get({ disagreementId: params.disagreementId ?? "" }), context.trpc.disagreements.themes()]);
    return json({ disagreement, themes });
  });
}

export async function action({ context, request, params }: ActionFunctionArgs) {
  const form = await readForm(request);
  const text = (name: string) => String(form.get(name) ?? "");
  const base = { disagreementId: params.disagreementId ?? "", expectedVersion: Number(text("expectedVersion")) };
  try {
    switch (text("intent")) {
      case "comment":
        await context.trpc.disagreements.comment({ ...base, body: text("body") });
        return json({ done: "Comment added" });
      case "reference":
        await context.trpc.disagreements.attachReference({ ...base, reference: text("reference") });
        return json({ done: "Reference attached" });
      case "escalate":
        await context.trpc.disagreements.escalate({ ...base, reason: text("reason") });
        return json({ done: "Escalated to the next stage" });
      case "resolve":
        await context.trpc.disagreements.resolve({ ...base, outcome: text("outcome") as never, statement: text("statement"), newLevel: text("newLevel") as never, newDecisionOutcome: text("newDecisionOutcome") as never });
        return json({ done: "Resolved" });
      case "acknowledge":
        await context.trpc.disagreements.acknowledge(base);
        return json({ done: "Outcome acknowledged" });
      case "themes":
        await context.trpc.disagreements.tagThemes({ ...base, themeIds: form.getAll("themeIds").map(String) });
        return json({ done: "Themes saved" });
      default:
        return json({ errors: { formError: "Choose what to do", fieldErrors: {} as Record<string, string> } }, { status: 400 });
    }
  } catch (error) {
    return toFormResponse(error, request);
  }
}

export default function DisagreementPage() {
  const { disagreement: d, themes } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors = result && "errors" in result ? (result.errors as { formError: string; fieldErrors: Record<string, string> }) : undefined;
  const done = result && "done" in result ? result.done : undefined;
  const busy = useNavigation().state === "submitting";
  useRevalidateOn("disagreement:changed", (e) => e.disagreementId === d.id);
  const a = d.abilities;
  const changesDecision = !!d.contactId && ["LEVEL_APPLIED", "OUTCOME", "CLOSURE"].includes(d.subject);
  const version = <input type="hidden" name="expectedVersion" value={d.version} />;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary formError={errors?.formError} fieldErrors={errors?.fieldErrors} />
        {done ? <p className="govuk-body" role="status"><strong className="govuk-tag govuk-tag--green">{done}</strong></p> : null}
        <h1 className="govuk-heading-l">
          <span className="govuk-caption-l">{d.raisingAgencyName} with {d.receivingAgencyName}</span>
          Disagreement about {d.caseReference ?? "a case"}
        </h1>
        <p className="govuk-body" data-testid="disagreement-state">
          {d.status === "OPEN" ? (
            <>
              <strong className="govuk-tag govuk-tag--blue">Stage {d.stage}: {d.stageLabel}</strong> Due {formatDeadline(d.stageDueAt)}{" "}
              {d.overdue ? <strong className="govuk-tag govuk-tag--red">Overdue</strong> : null}
            </>
          ) : (
            <strong className="govuk-tag govuk-tag--green">Resolved: {DISAGREEMENT_OUTCOME_LABELS[d.outcome!]}</strong>
          )}
          {d.urgent ? <> <strong className="govuk-tag govuk-tag--red">Child at immediate risk</strong></> : null}
        </p>
        <SummaryList
          rows={[
            ["About", SUBJECT_LABELS[d.subject]],
            ["Raised by", `${d.raisedByName}, ${d.raisingAgencyName}, ${formatDateTime(d.raisedAt)}`],
            ["Decision sought", `${d.soughtOutcome}${d.soughtLevel ? ` (level ${d.soughtLevel})` : ""}`],
            ...(d.contactId ? ([["Front-door record", <Link key="c" className="govuk-link" to={`/contacts/${d.contactId}`}>Open the contact</Link>]] as [string, JSX.Element][]) : []),
            ...(d.outcomeStatement ? ([["Outcome statement", <span key="o" className="concord-pre-wrap">{d.outcomeStatement}</span>]] as [string, JSX.Element][]) : []),
            ...(d.status === "RESOLVED" ? ([["Acknowledged", d.acknowledgedAt ? formatDateTime(d.acknowledgedAt) : "Not yet"]] as [string, string][]) : []),
            ...(d.themes.length ? ([["Themes", d.themes.map((t) => t.name).join(", ")]] as [string, string][]) : []),
          ]}
        />

        <h2 className="govuk-heading-m">Timeline</h2>
        <ol className="govuk-list" data-testid="timeline">
          {d.timeline.map((e) => (
            <li key={e.seq} className="govuk-!-margin-bottom-4">
              <strong>{EVENT_LABELS[e.type] ?? e.type}</strong> (stage {e.stage}) by {e.actorName}{e.actorAgencyName ? `, ${e.actorAgencyName}` : ""}, {formatDateTime(e.occurredAt)}
              {e.body ? <p className="govuk-body govuk-!-margin-bottom-0 concord-pre-wrap">{e.body}</p> : null}
            </li>
          ))}
        </ol>

        {a.comment ? (
          <Form method="post" noValidate>
            <input type="hidden" name="intent" value="comment" />
            {version}
            <Textarea name="body" label="Add a response or comment" error={errors?.fieldErrors.body} rows={3} />
            <button type="submit" className="govuk-button govuk-button--secondary" disabled={busy}>Add to the record</button>
          </Form>
        ) : null}
        {a.comment ? (
          <Form method="post" noValidate>
            <input type="hidden" name="intent" value="reference" />
            {version}
            <div className={`govuk-form-group${errors?.fieldErrors.reference ? " govuk-form-group--error" : ""}`}>
              <label className="govuk-label" htmlFor="reference">Attach a reference</label>
              <div id="reference-hint" className="govuk-hint">The number or title of a record or document held in your agency's system. The document itself stays there.</div>
              <input className="govuk-input" id="reference" name="reference" aria-describedby="reference-hint" autoComplete="off" />
            </div>
            <button type="submit" className="govuk-button govuk-button--secondary" disabled={busy}>Attach reference</button>
          </Form>
        ) : null}
        {a.escalate ? (
          <Form method="post" noValidate>
            <input type="hidden" name="intent" value="escalate" />
            {version}
            <Textarea name="reason" label={`Escalate to stage ${d.stage + 1}: ${d.ladder.find((s) => s.stage === d.stage + 1)?.label ?? ""}`} hint="Why the disagreement needs the next stage" error={errors?.fieldErrors.reason} rows={2} />
            <button type="submit" className="govuk-button govuk-button--warning" disabled={busy}>Escalate</button>
          </Form>
        ) : null}
        {a.resolve || a.withdraw ? (
          <Form method="post" noValidate>
            <input type="hidden" name="intent" value="resolve" />
            {version}
            <h2 className="govuk-heading-m">Record the outcome</h2>
            <Radios
              name="outcome"
              legend="Outcome"
              options={(["UPHELD", "CHANGED", "PARTLY_CHANGED", "WITHDRAWN"] as const).filter((o) => (o === "WITHDRAWN" ? a.withdraw : a.resolve)).map((o) => ({ value: o, label: DISAGREEMENT_OUTCOME_LABELS[o] }))}
              error={errors?.fieldErrors.outcome}
            />
            <Textarea name="statement" label="Outcome statement agreed by both sides" error={errors?.fieldErrors.statement} rows={4} />
            {changesDecision && a.resolve ? (
              <fieldset className="govuk-fieldset">
                <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">If the decision changes: the decision as it now stands</legend>
                <Radios name="newLevel" legend="Level that now applies" small options={[1, 2, 3, 4].map((l) => ({ value: String(l), label: `Level ${l}` }))} error={errors?.fieldErrors.newLevel} />
                <Radios name="newDecisionOutcome" legend="Outcome that now applies" small options={Object.entries(OUTCOME_LABELS).map(([value, label]) => ({ value, label }))} error={errors?.fieldErrors.newDecisionOutcome} />
              </fieldset>
            ) : null}
            <button type="submit" className="govuk-button" disabled={busy}>Record outcome</button>
          </Form>
        ) : null}
        {a.acknowledge ? (
          <Form method="post">
            <input type="hidden" name="intent" value="acknowledge" />
            {version}
            <button type="submit" className="govuk-button" disabled={busy}>Acknowledge the outcome</button>
          </Form>
        ) : null}
        {a.tag ? (
          <Form method="post">
            <input type="hidden" name="intent" value="themes" />
            {version}
            <Checkboxes name="themeIds" legend="Themes, for the partnership's learning" options={themes.map((t) => ({ value: t.id, label: t.name }))} defaultValues={d.themes.map((t) => t.id)} error={errors?.fieldErrors.themeIds} />
            <button type="submit" className="govuk-button govuk-button--secondary" disabled={busy}>Save themes</button>
          </Form>
        ) : null}
      </div>
    </div>
  );
}
