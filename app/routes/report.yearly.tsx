import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { TRPCError } from "@trpc/server";
import { ErrorSummary, SummaryList } from "~/components/form";
import { FIGURES_TABLES } from "~/components/figures-tables";
import { AuditSummary, AuditTables, FiguresTableView } from "~/components/audit-figures-view";
import { share } from "~/components/audit-figures-tables";
import { describeError, loadPage } from "~/utils/errors.server";
import { formatDate, formatDateTime } from "~/utils/format";

export const meta: MetaFunction<typeof loader> = ({ data }) => {
  const period = data && "report" in data && data.report ? data.report.period : null;
  const name = period?.year ? `Yearly report ${period.year} to ${period.year + 1}` : "Yearly report";
  return [{ title: `${data?.errors ? "Error: " : ""}${name} - Concord` }];
};

export async function loader({ context, request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const text = (name: string) => url.searchParams.get(name)?.trim() || undefined;
  const input = { year: text("year") as never, from: text("from"), to: text("to") };
  return loadPage(request, async () => {
    try {
      return json({ report: await context.trpc.report.yearly(input), year: text("year") ?? "", errors: null });
    } catch (error) {
      // A year that cannot be read is told beside its field; any other refusal is a page error.
      if (!(error instanceof TRPCError) || error.code !== "BAD_REQUEST") throw error;
      await context.trpc.report.yearly({});
      const { formError, fieldErrors } = describeError(error);
      return json({ report: null, year: text("year") ?? "", errors: { formError, fieldErrors } }, { status: 400 });
    }
  });
}

const day = (iso: string) => formatDate(`${iso}T12:00:00Z`);
const percent = (value: number | null) => (value === null ? "none" : `${value}%`);
const table = (id: string) => FIGURES_TABLES.find((t) => t.id === id)!;

export default function YearlyReport() {
  const { report, year, errors } = useLoaderData<typeof loader>();
  return (
    <>
      <h1 className="govuk-heading-l">
        <span className="govuk-caption-l">Safeguarding children partnership</span>
        {report?.period.year ? `Yearly report, ${report.period.year} to ${report.period.year + 1}` : "Yearly report"}
      </h1>
      <ErrorSummary formError={errors?.formError} fieldErrors={errors?.fieldErrors} />
      <Form method="get" className="concord-no-print govuk-!-margin-bottom-6" aria-label="Choose the reporting year" noValidate>
        <div className={`govuk-form-group${errors?.fieldErrors.year ? " govuk-form-group--error" : ""}`}>
          <label className="govuk-label govuk-label--s" htmlFor="year">Reporting year starting 1 April</label>
          <div id="year-hint" className="govuk-hint">For example, 2026 for 1 April 2026 to 31 March 2027</div>
          {errors?.fieldErrors.year ? <p id="year-error" className="govuk-error-message"><span className="govuk-visually-hidden">Error:</span> {errors.fieldErrors.year}</p> : null}
          <input className={`govuk-input govuk-input--width-4${errors?.fieldErrors.year ? " govuk-input--error" : ""}`} id="year" name="year" inputMode="numeric" defaultValue={year || (report?.period.year ?? "")} aria-describedby={`year-hint${errors?.fieldErrors.year ? " year-error" : ""}`} />
        </div>
        <div className="govuk-button-group">
          <button type="submit" className="govuk-button govuk-button--secondary">Show the report</button>
          {report ? <button type="button" className="govuk-button" onClick={() => window.print()}>Print the report</button> : null}
        </div>
      </Form>
      {report ? <Report report={report} /> : null}
    </>
  );
}

type Loaded = NonNullable<ReturnType<typeof useLoaderData<typeof loader>>["report"]>;

function Report({ report }: { report: Loaded }) {
  const f = report.figures;
  const la = report.learningActions;
  return (
    <div data-testid="yearly-report">
      <SummaryList
        rows={[
          ["Period", `${day(report.period.from)} to ${day(report.period.to)}`],
          ["Prepared", formatDateTime(report.generatedAt)],
        ]}
      />

      <h2 className="govuk-heading-l" id="attendance">1. Attendance</h2>
      <SummaryList
        rows={[
          ["Partnership attendance rate", `${percent(f.attendance.partnership.attendanceRate)} (${f.attendance.partnership.attended} of ${f.attendance.partnership.invited} invitations)`],
          ["Meetings with all three core agencies present", `${f.attendance.allCorePresent.withAllCore} of ${f.attendance.allCorePresent.meetings} (${percent(f.attendance.allCorePresent.percent)})`],
          ["Attendance threshold", `${f.attendance.threshold}% of invitations attended`],
        ]}
      />
      <FiguresTableView table={table("attendance")} rows={table("attendance").rows(f)} />

      <h2 className="govuk-heading-l" id="timeliness">2. Timeliness</h2>
      <SummaryList
        rows={[
          ["Strategy meetings held later than due", `${f.timeliness.late} of ${f.timeliness.meetings} (${percent(f.timeliness.latePercent)})`],
          ["Minutes circulated within 1 working day", `${f.timeliness.minutesInTime} of ${f.timeliness.closedMeetings} (${percent(f.timeliness.minutesInTimePercent)})`],
          ["Front-door decisions within 1 working day", `${f.timeliness.decisionsInTime} of ${f.timeliness.contactsDecided} (${percent(f.timeliness.decisionsInTimePercent)})`],
          ["Average working days from decision to meeting", f.timeliness.avgWorkingDaysToMeeting === null ? "none" : String(f.timeliness.avgWorkingDaysToMeeting)],
        ]}
      />

      <h2 className="govuk-heading-l" id="thresholds">3. Thresholds</h2>
      <SummaryList
        rows={[
          ["Decided contacts not meeting the threshold for social work (levels 1 to 3)", `${f.thresholds.notMeetingThreshold} of ${f.thresholds.decided} (${percent(f.thresholds.notMeetingThresholdPercent)})`],
          ["Closures later disputed", `${f.thresholds.closuresDisputed} of ${f.thresholds.closures} (${percent(f.thresholds.closuresDisputedPercent)})`],
        ]}
      />
      <FiguresTableView table={table("contacts")} rows={table("contacts").rows(f)} />

      <h2 className="govuk-heading-l" id="disagreements">4. Disagreements</h2>
      <SummaryList
        rows={[
          ["Raised in the period", `${f.disagreements.raised} (${f.disagreements.open} open, ${f.disagreements.resolved} resolved)`],
          ["Average working days to resolution", f.disagreements.toResolution.avgWorkingDays === null ? "none" : `${f.disagreements.toResolution.avgWorkingDays} (${f.disagreements.toResolution.resolved} resolved)`],
          ["Agencies that raised none", f.disagreements.agenciesThatNeverRaised.join(", ") || "none"],
        ]}
      />
      {["disagreement-agencies", "disagreement-stages", "disagreement-outcomes", "stage-times"].map((id) => (
        <FiguresTableView key={id} table={table(id)} rows={table(id).rows(f)} />
      ))}

      <h2 className="govuk-heading-l" id="audit">5. Audit results</h2>
      <AuditSummary f={report.audit} />
      {report.audit.rounds > 0 ? <AuditTables f={report.audit} /> : null}

      <h2 className="govuk-heading-l" id="learning-actions">6. Learning actions</h2>
      <SummaryList
        rows={[
          ["Set in the period", String(la.set)],
          ["Completed", share(la.completed, la.set, la.completedPercent)],
          ["Completed by their due date", `${la.completedInTime} of ${la.completed} completed`],
          ["Still open", `${la.open}, of which ${la.overdue} past their due date`],
        ]}
      />
      <FiguresTableView
        table={{ id: "learning-actions-by-agency", title: "Learning actions by owning agency", columns: [{ key: "agencyName", label: "Agency" }, { key: "set", label: "Set", numeric: true }, { key: "completed", label: "Completed", numeric: true }, { key: "completedPercent", label: "Completed (%)", numeric: true }, { key: "completedInTime", label: "Completed by due date", numeric: true }, { key: "open", label: "Open", numeric: true }, { key: "overdue", label: "Overdue", numeric: true }] }}
        rows={la.byAgency}
        empty="No learning actions were set in this period."
      />
    </div>
  );
}
