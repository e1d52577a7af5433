// One learning action (issue 17, docs/decisions/0039): what will change, who owns it, when it is
// due, where it came from, and its history. The owning agency's managers record the evidence that
// completes it; the partnership's chair or business manager may move its due date with a reason.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { ErrorSummary, SuccessBanner, SummaryList, Textarea } from "~/components/form";
import { DateInput } from "~/components/date-input";
import { loadPage, readForm, toFormResponse } from "~/utils/errors.server";
import { readDateField, withDateErrors } from "~/utils/date-field";
import { formatDate, formatDateTime } from "~/utils/format";
import { pageTitle } from "~/utils/title";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: pageTitle(data?.action ? `${data.action.title}: learning action` : "Learning action") }];

export async function loader({ context, request, params }: LoaderFunctionArgs) {
  return loadPage(request, async () => json({ action: await context.trpc.learningActions.get({ learningActionId: params.learningActionId ?? "" }) }));
}

const DONE: Record<string, string> = {
  created: "Learning action set",
  complete: "Learning action completed",
  due: "Due date changed",
};

export async function action({ context, request, params }: ActionFunctionArgs) {
  const form = await readForm(request);
  const text = (name: string) => String(form.get(name) ?? "");
  const intent = text("intent");
  const learningActionId = params.learningActionId ?? "";
  const expectedVersion = Number(text("expectedVersion"));
  const due = readDateField(form, "dueOn", { label: "New due date" });
  try {
    if (intent === "complete") {
      await context.trpc.learningActions.complete({ learningActionId, expectedVersion, evidence: text("evidence") });
    } else if (intent === "due") {
      await context.trpc.learningActions.changeDueDate({ learningActionId, expectedVersion, dueOn: due.value, reason: text("reason") });
    } else {
      return json({ intent, errors: { formError: "The form could not be read. Reload the page and try again.", fieldErrors: {} as Record<string, string> } }, { status: 400 });
    }
    return redirect(`/learning-actions/${learningActionId}?done=${intent}`);
  } catch (error) {
    const response = toFormResponse(error, request);
    const body = (await response.clone().json()) as { errors: { formError?: string; fieldErrors: Record<string, string> } };
    const fieldErrors = intent === "due" ? withDateErrors(body.errors.fieldErrors ?? {}, ["dueOn", due]) : body.errors.fieldErrors;
    return json({ intent, errors: { ...body.errors, fieldErrors } }, { status: response.status });
  }
}

export default function LearningAction() {
  const { action: a } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const done = DONE[params.get("done") ?? ""];
  const busy = useNavigation().state === "submitting";
  const errorsFor = (intent: string) => (result?.intent === intent ? result.errors : undefined);
  const shown = result?.errors;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        {done && !shown ? <SuccessBanner id="done-title" heading={done} /> : null}
        <ErrorSummary formError={shown?.formError} fieldErrors={shown?.fieldErrors} />
        <p className="govuk-body concord-no-print"><Link className="govuk-back-link" to="/learning-actions">All learning actions</Link></p>
        <h1 className="govuk-heading-l">
          <span className="govuk-caption-l">Learning action for {a.owningAgencyName}</span>
          {a.title}
        </h1>
        <p className="govuk-body" data-testid="learning-action-status">
          {a.state === "COMPLETED" ? <strong className="govuk-tag govuk-tag--green">Completed</strong> : a.overdue ? <strong className="govuk-tag govuk-tag--red">Overdue</strong> : <strong className="govuk-tag govuk-tag--blue">Open</strong>}
        </p>
        <SummaryList
          rows={[
            ["What will change", <span key="d" className="concord-pre-wrap">{a.description}</span>],
            ["Owning agency", a.owningAgencyName],
            ["Due", `${formatDate(a.dueOn)}${a.overdue ? " (overdue)" : ""}`],
            [`Set from: ${a.source.kindLabel.toLowerCase()}`, <>{a.source.href ? <Link className="govuk-link" to={a.source.href}>{a.source.label}</Link> : a.source.label}{a.source.detail ? <><br /><span className="govuk-body-s">{a.source.detail}</span></> : null}</>],
            ["Set by", `${a.createdByName}, ${formatDateTime(a.createdAt)}`],
            ...(a.state === "COMPLETED"
              ? ([
                  ["Evidence", <span key="e" className="concord-pre-wrap">{a.evidence}</span>],
                  ["Completed by", `${a.completedByName}, ${formatDateTime(a.completedAt!)}`],
                ] as [string, React.ReactNode][])
              : []),
          ]}
        />

        {a.abilities.canComplete ? (
          <Form method="post" noValidate className="concord-no-print">
            <h2 className="govuk-heading-m">Record that it is complete</h2>
            <input type="hidden" name="intent" value="complete" />
            <input type="hidden" name="expectedVersion" value={a.version} />
            <Textarea name="evidence" label="Evidence that the action is complete" hint="What was done and where the partnership can see it, for example a briefing's date and attendance list" error={errorsFor("complete")?.fieldErrors.evidence} rows={5} />
            <button type="submit" className="govuk-button" disabled={busy}>Complete learning action</button>
          </Form>
        ) : null}

        {a.abilities.canChangeDueDate ? (
          <details className="govuk-details concord-no-print">
            <summary className="govuk-details__summary"><span className="govuk-details__summary-text">Change the due date</span></summary>
            <div className="govuk-details__text">
              <Form method="post" noValidate>
                <input type="hidden" name="intent" value="due" />
                <input type="hidden" name="expectedVersion" value={a.version} />
                <DateInput name="dueOn" legend="New due date" hint="For example, 31 1 2027" errors={errorsFor("due")?.fieldErrors} />
                <Textarea name="reason" label="Why the due date changes" error={errorsFor("due")?.fieldErrors.reason} rows={3} />
                <button type="submit" className="govuk-button govuk-button--secondary" disabled={busy}>Change due date</button>
              </Form>
            </div>
          </details>
        ) : null}

        <h2 className="govuk-heading-m">History</h2>
        <ol className="govuk-list" data-testid="history">
          {a.history.map((e, i) => (
            <li key={i}>
              <strong>{e.what}</strong> by {e.by}, {formatDateTime(e.at)}{e.detail ? <>: {e.detail}</> : null}
            </li>
          ))}
        </ol>
      </div>
    </div>
  );
}
