// The business manager starts a joint audit round (decision 0038): a period, a sample rule, and
// the agencies whose auditors grade. The database draws the sample; a rule that matches nothing
// creates nothing and says so.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { DateInput } from "~/components/date-input";
import { readDateField, withDateErrors } from "~/utils/date-field";
import { Checkboxes, ConditionalRadios, ErrorSummary, Radios, Select, TextInput } from "~/components/form";
import { loadPage, readForm, toFormResponse, type FormErrors } from "~/utils/errors.server";
import { pageTitle } from "~/utils/title";
import { SAMPLE_RULE_LABELS } from "../../server/domain/audits/labels";

export const meta: MetaFunction = () => [{ title: pageTitle("Start an audit round") }];

export async function loader({ context, request }: LoaderFunctionArgs) {
  return loadPage(request, async () => json(await context.trpc.audits.newRoundForm()));
}

export async function action({ context, request }: ActionFunctionArgs) {
  const form = await readForm(request);
  const text = (name: string) => String(form.get(name) ?? "");
  const periodStart = readDateField(form, "periodStart", { label: "Start of the period" });
  const periodEnd = readDateField(form, "periodEnd", { label: "End of the period" });
  try {
    const { roundId } = await context.trpc.audits.create({
      title: text("title"),
      periodStart: periodStart.value,
      periodEnd: periodEnd.value,
      sampleRule: text("sampleRule") as never,
      sampleSize: text("sampleSize") as never,
      sourceAgencyId: text("sourceAgencyId"),
      thresholdLevel: text("thresholdLevel") as never,
      agencyIds: form.getAll("agencyIds").map(String),
    });
    return redirect(`/audits/${roundId}`);
  } catch (error) {
    const response = toFormResponse(error, request);
    const body = (await response.json()) as { errors: FormErrors };
    return json({ errors: { ...body.errors, fieldErrors: withDateErrors(body.errors.fieldErrors, ["periodStart", periodStart], ["periodEnd", periodEnd]) } }, { status: response.status });
  }
}

export default function NewAuditRound() {
  const { agencies, sourceAgencies } = useLoaderData<typeof loader>();
  const errors = useActionData<typeof action>()?.errors;
  const busy = useNavigation().state === "submitting";
  const rules = Object.entries(SAMPLE_RULE_LABELS) as [keyof typeof SAMPLE_RULE_LABELS, string][];
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary formError={errors?.formError} fieldErrors={errors?.fieldErrors} />
        <h1 className="govuk-heading-l">Start an audit round</h1>
        <p className="govuk-body">
          Concord picks the contacts whose current threshold decision was made in the period and matches the rule. Each taking-part agency's auditors then grade every one without seeing the others' grades.
        </p>
        <Form method="post" noValidate>
          <TextInput name="title" label="Title of the round" hint="For example, Closures in October 2026" error={errors?.fieldErrors.title} autoComplete="off" />
          <DateInput name="periodStart" legend="Decisions made from" hint="For example, 1 10 2026" errors={errors?.fieldErrors} />
          <DateInput name="periodEnd" legend="Decisions made up to and including" hint="Today or earlier. For example, 31 10 2026" errors={errors?.fieldErrors} />
          <ConditionalRadios
            name="sampleRule"
            legend="Which contacts to audit"
            error={errors?.fieldErrors.sampleRule}
            options={rules.map(([value, label]) => ({
              value,
              label,
              conditional:
                value === "SOURCE_AGENCY" ? (
                  <Select name="sourceAgencyId" label="Agency that made the contacts" options={[{ value: "", label: "Choose an agency" }, ...sourceAgencies.map((a) => ({ value: a.id, label: a.name }))]} error={errors?.fieldErrors.sourceAgencyId} />
                ) : value === "THRESHOLD_LEVEL" ? (
                  <Radios name="thresholdLevel" legend="Threshold level applied" small options={[1, 2, 3, 4].map((level) => ({ value: String(level), label: `Level ${level}` }))} error={errors?.fieldErrors.thresholdLevel} />
                ) : undefined,
            }))}
          />
          <TextInput name="sampleSize" label="How many contacts (optional)" hint="Leave empty to audit every contact that matches. With a number, Concord picks that many at random." width="10" error={errors?.fieldErrors.sampleSize} autoComplete="off" />
          <Checkboxes
            name="agencyIds"
            legend="Agencies taking part"
            hint="Council, police and health take part by default. Add education when the contacts concern schools. An agency needs an auditor in Concord to take part."
            options={agencies.map((a) => ({ value: a.id, label: a.hasAuditor ? a.name : `${a.name} (no auditor yet)` }))}
            defaultValues={agencies.filter((a) => a.ticked).map((a) => a.id)}
            error={errors?.fieldErrors.agencyIds}
          />
          <div className="govuk-button-group">
            <button type="submit" className="govuk-button" disabled={busy}>Start the round</button>
            <Link className="govuk-link" to="/audits">Cancel</Link>
          </div>
        </Form>
      </div>
    </div>
  );
}
