import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { TRPCError } from "@trpc/server";
import { ErrorSummary } from "~/components/form";
import { PeriodDateInputs } from "~/components/date-input";
import { AuditSummary, AuditTables } from "~/components/audit-figures-view";
import { describeError, loadPage } from "~/utils/errors.server";
import { formatDate } from "~/utils/format";
import { figuresFilters, figuresPeriodErrors } from "~/utils/figures.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data && data.errors ? "Error: " : ""}Audit figures - Concord` }];

export async function loader({ context, request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const { from, to } = figuresFilters(url);
  const filters = { from, to };
  const periodErrors = figuresPeriodErrors(url);
  return loadPage(request, async () => {
    // The gate first: someone who may not read the audit figures is refused before anything else.
    if (Object.keys(periodErrors).length > 0) {
      await context.trpc.figures.audits({});
      return json({ figures: null, filters, errors: { formError: undefined as string | undefined, fieldErrors: periodErrors } }, { status: 400 });
    }
    try {
      return json({ figures: await context.trpc.figures.audits(filters), filters, errors: null });
    } catch (error) {
      if (!(error instanceof TRPCError) || error.code !== "BAD_REQUEST") throw error;
      const { formError, fieldErrors } = describeError(error);
      return json({ figures: null, filters, errors: { formError, fieldErrors } }, { status: 400 });
    }
  });
}

export default function AuditFiguresPage() {
  const { figures: f, filters, errors } = useLoaderData<typeof loader>();
  const query = f ? new URLSearchParams({ from: f.period.from, to: f.period.to }).toString() : "";
  return (
    <>
      <p className="govuk-body concord-no-print"><Link className="govuk-back-link" to="/figures">Back to the partnership figures</Link></p>
      <h1 className="govuk-heading-l">
        <span className="govuk-caption-l">Joint audit of front-door decisions</span>
        Audit figures
      </h1>
      <ErrorSummary formError={errors?.formError} fieldErrors={errors?.fieldErrors} />
      <p className="govuk-body">Rounds count in the period in which the decisions they audited end. Only decisions moderation agreed answers for count as judged; agreement between agencies counts only rounds past grading and contacts every taking-part agency graded.</p>
      <Form method="get" className="concord-no-print govuk-!-margin-bottom-6" aria-label="Choose the period" noValidate>
        <div className="govuk-grid-row">
          <PeriodDateInputs from={f?.period.from ?? filters.from} to={f?.period.to ?? filters.to} errors={errors?.fieldErrors} />
        </div>
        <div className="govuk-button-group">
          <button type="submit" className="govuk-button govuk-button--secondary">Show figures</button>
          {f ? <button type="button" className="govuk-button govuk-button--secondary" onClick={() => window.print()}>Print these figures</button> : null}
        </div>
      </Form>
      {f ? (
        <>
          <h2 className="govuk-heading-m">
            {formatDate(`${f.period.from}T12:00:00Z`)} to {formatDate(`${f.period.to}T12:00:00Z`)}
          </h2>
          <AuditSummary f={f} />
          <AuditTables f={f} csvQuery={query} />
        </>
      ) : null}
    </>
  );
}
