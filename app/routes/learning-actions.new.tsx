// Set a learning action (issue 17, docs/decisions/0039) from exactly one source, given in the
// address: ?finding=, ?disagreement=, ?theme= or ?meeting=. Without one, the page lists the
// partnership's themes with how many disagreements each is tagged on, to start from a theme.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { ErrorSummary, Select, SummaryList, TextInput, Textarea } from "~/components/form";
import { DateInput } from "~/components/date-input";
import { loadPage, readForm, toFormResponse } from "~/utils/errors.server";
import { readDateField, withDateErrors } from "~/utils/date-field";
import { pageTitle } from "~/utils/title";

export const meta: MetaFunction = () => [{ title: pageTitle("Set a learning action") }];

/** The address's source parameter for each input field. */
const SOURCE_PARAMS = { finding: "findingId", disagreement: "disagreementId", theme: "themeId", meeting: "meetingId" } as const;

function sourceFrom(params: URLSearchParams | FormData) {
  const source: Record<string, string> = {};
  for (const [param, field] of Object.entries(SOURCE_PARAMS)) {
    const value = params.get(param);
    if (typeof value === "string" && value.trim()) source[field] = value.trim();
  }
  return source;
}

export async function loader({ context, request }: LoaderFunctionArgs) {
  const params = new URL(request.url).searchParams;
  return loadPage(request, async () => json(await context.trpc.learningActions.newForm(sourceFrom(params))));
}

export async function action({ context, request }: ActionFunctionArgs) {
  const form = await readForm(request);
  const text = (name: string) => String(form.get(name) ?? "");
  const due = readDateField(form, "dueOn", { label: "Due date" });
  try {
    const { learningActionId } = await context.trpc.learningActions.create({
      ...sourceFrom(form),
      title: text("title"),
      description: text("description"),
      owningAgencyId: text("owningAgencyId"),
      dueOn: due.value,
    });
    return redirect(`/learning-actions/${learningActionId}?done=created`);
  } catch (error) {
    const response = toFormResponse(error, request);
    if (!due.error) return response;
    const body = await response.clone().json();
    return json({ errors: { ...body.errors, fieldErrors: withDateErrors(body.errors.fieldErrors ?? {}, ["dueOn", due]) } }, { status: response.status });
  }
}

export default function NewLearningAction() {
  const { source, agencies, themes } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors = result?.errors as { formError?: string; fieldErrors: Record<string, string> } | undefined;
  const busy = useNavigation().state === "submitting";
  if (!source) {
    return (
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <h1 className="govuk-heading-l">Set a learning action</h1>
          <p className="govuk-body">A learning action comes from one source. Start from an audit finding (on the round's moderation page), a resolved disagreement (on its page), or one of the themes below, which the partnership tags on disagreements.</p>
          {themes.length === 0 ? <p className="govuk-body">There are no themes yet.</p> : (
            <table className="govuk-table" data-testid="themes">
              <caption className="govuk-table__caption govuk-table__caption--m">Themes across disagreements</caption>
              <thead className="govuk-table__head">
                <tr className="govuk-table__row">
                  <th scope="col" className="govuk-table__header">Theme</th>
                  <th scope="col" className="govuk-table__header govuk-table__header--numeric">Disagreements</th>
                  <th scope="col" className="govuk-table__header govuk-table__header--numeric">Learning actions</th>
                </tr>
              </thead>
              <tbody className="govuk-table__body">
                {themes.map((t) => (
                  <tr className="govuk-table__row" key={t.id}>
                    <td className="govuk-table__cell"><Link className="govuk-link" to={`/learning-actions/new?theme=${t.id}`}>Set a learning action<span className="govuk-visually-hidden"> for the theme</span>: {t.name}</Link></td>
                    <td className="govuk-table__cell govuk-table__cell--numeric">{t.disagreements}</td>
                    <td className="govuk-table__cell govuk-table__cell--numeric">{t.learningActions}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <p className="govuk-body"><Link className="govuk-link" to="/learning-actions">Back to learning actions</Link></p>
        </div>
      </div>
    );
  }
  const sourceParam = Object.entries(SOURCE_PARAMS).find(([, field]) => field === { FINDING: "findingId", DISAGREEMENT: "disagreementId", THEME: "themeId", MEETING: "meetingId" }[source.kind])![0];
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary formError={errors?.formError} fieldErrors={errors?.fieldErrors} />
        <h1 className="govuk-heading-l">
          <span className="govuk-caption-l">From {source.kindLabel.toLowerCase()}</span>
          Set a learning action
        </h1>
        <h2 className="govuk-heading-m">Where it comes from</h2>
        <SummaryList
          rows={[
            [source.kindLabel, source.href ? <Link className="govuk-link" to={source.href}>{source.label}</Link> : source.label],
            ...(source.detail ? ([["Detail", source.detail]] as [string, string][]) : []),
          ]}
        />
        <Form method="post" noValidate>
          <input type="hidden" name={sourceParam} value={source.id} />
          <TextInput name="title" label="Title" hint="A short name for the action, for lists and home pages" error={errors?.fieldErrors.title} autoComplete="off" />
          <Textarea name="description" label="What will change" hint="What the agency will do differently, and how the partnership will know" error={errors?.fieldErrors.description} rows={5} />
          <Select name="owningAgencyId" label="Owning agency" defaultValue="" options={[{ value: "", label: "Choose the agency" }, ...agencies.map((a) => ({ value: a.id, label: a.name }))]} error={errors?.fieldErrors.owningAgencyId} />
          <DateInput name="dueOn" legend="Due date" hint="The end of this day. For example, 31 1 2027" errors={errors?.fieldErrors} />
          {errors?.fieldErrors.source ? <p className="govuk-error-message" id="source">{errors.fieldErrors.source}</p> : null}
          <div className="govuk-button-group">
            <button type="submit" className="govuk-button" disabled={busy}>Set learning action</button>
            <Link className="govuk-link" to={source.href ?? "/learning-actions"}>Cancel</Link>
          </div>
        </Form>
      </div>
    </div>
  );
}
