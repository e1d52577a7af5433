import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData, useLocation } from "@remix-run/react";
import type { ReactNode } from "react";
import { BarChart } from "~/components/bar-chart";
import { ErrorSummary, SummaryList } from "~/components/form";
import { DateInput } from "~/components/date-input";
import { dateInputFrom } from "../../server/domain/calendar/date-input";
import { FIGURES_TABLES, type FiguresTable } from "~/components/figures-tables";
import { loadPage } from "~/utils/errors.server";
import { formatDate, formatMonth } from "~/utils/format";
import { figuresFilters, figuresPeriodErrors } from "~/utils/figures.server";

export const meta: MetaFunction = () => [{ title: "Partnership figures - Concord" }];

export async function loader({ context, request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const filters = figuresFilters(url);
  const periodErrors = figuresPeriodErrors(url);
  return loadPage(request, async () => {
    const [figures, options] = await Promise.all([context.trpc.figures.partnership(filters), context.trpc.figures.options()]);
    return json({ figures, options, filters, periodErrors });
  });
}

const percent = (value: number | null) => (value === null ? "none" : `${value}%`);

export default function Figures() {
  const { figures: f, options, filters, periodErrors } = useLoaderData<typeof loader>();
  const { search } = useLocation();
  const query = new URLSearchParams(search);
  const period = new URLSearchParams({ from: f.period.from, to: f.period.to, ...(filters.team ? { team: filters.team } : {}) });
  const table = (id: string) => FIGURES_TABLES.find((t) => t.id === id)!;
  const drill = (measure: string, agencyId?: string) => `/figures/meetings?${new URLSearchParams({ ...Object.fromEntries(period), measure, ...(agencyId ? { agencyId } : {}) })}`;
  return (
    <>
      <h1 className="govuk-heading-l">
        <span className="govuk-caption-l">{options.all ? "Every agency" : "Your agency and partnership totals"}</span>
        Partnership figures
      </h1>
      <ErrorSummary fieldErrors={periodErrors} />
      <Form method="get" className="concord-no-print govuk-!-margin-bottom-6" aria-label="Filter the figures">
        <div className="govuk-grid-row">
          <div className="govuk-grid-column-one-half">
            <DateInput name="from" legend="From" hint="For example, 1 4 2026" errors={periodErrors} defaultValue={dateInputFrom(f.period.from)} />
          </div>
          <div className="govuk-grid-column-one-half">
            <DateInput name="to" legend="To" hint="For example, 31 3 2027" errors={periodErrors} defaultValue={dateInputFrom(f.period.to)} />
          </div>
          {options.all ? (
            <div className="govuk-grid-column-one-quarter">
              <div className="govuk-form-group">
                <label className="govuk-label" htmlFor="agencyId">Agency</label>
                <select className="govuk-select" id="agencyId" name="agencyId" defaultValue={filters.agencyId ?? ""}>
                  <option value="">All agencies</option>
                  {options.agencies.map((a) => <option key={a.id} value={a.id}>{a.name}</option>)}
                </select>
              </div>
            </div>
          ) : null}
          {options.teams.length ? (
            <div className="govuk-grid-column-one-quarter">
              <div className="govuk-form-group">
                <label className="govuk-label" htmlFor="team">Council team</label>
                <select className="govuk-select" id="team" name="team" defaultValue={filters.team ?? ""}>
                  <option value="">All teams</option>
                  {options.teams.map((t) => <option key={t} value={t}>{t}</option>)}
                </select>
              </div>
            </div>
          ) : null}
        </div>
        <div className="govuk-button-group">
          <button type="submit" className="govuk-button govuk-button--secondary">Show figures</button>
          <button type="button" className="govuk-button govuk-button--secondary" onClick={() => window.print()}>Print this report</button>
        </div>
      </Form>

      <h2 className="govuk-heading-m">Strategy meeting attendance</h2>
      <SummaryList
        rows={[
          ["Period", `${formatDate(f.period.from)} to ${formatDate(f.period.to)}`],
          ["Partnership attendance rate", `${percent(f.attendance.partnership.attendanceRate)} (${f.attendance.partnership.attended} of ${f.attendance.partnership.invited} invitations)`],
          ["Meetings with all three core agencies present", <span key="c">{percent(f.attendance.allCorePresent.percent)} (<Link className="govuk-link" to={drill("allCore")}>{f.attendance.allCorePresent.withAllCore}</Link> of {f.attendance.allCorePresent.meetings}; <Link className="govuk-link" to={drill("notAllCore")}>meetings without them</Link>)</span>],
        ]}
      />
      <ChartAndTable table={table("attendance")} figures={f} query={query} chart={<BarChart title="Attendance rate by agency" unit="%" rows={f.attendance.byAgency.map((r) => ({ label: r.agencyName, value: r.attendanceRate }))} />}
        cell={(row, key) => (["invited", "attended", "apologies", "delegates", "written", "noResponse"].includes(key) && Number(row[key]) > 0 ? <Link className="govuk-link" to={drill(key, String(row.agencyId))} aria-label={`${row[key]} ${key}: the meetings`}>{String(row[key])}</Link> : undefined)} />
      <ChartAndTable table={table("trend")} figures={f} query={query} chart={<BarChart title="Meetings with all core agencies present, by month" unit="%" rows={f.attendance.trend.map((r) => ({ label: formatMonth(r.month), value: r.allCorePercent }))} />} />

      <h2 className="govuk-heading-m">Timeliness</h2>
      <SummaryList
        rows={[
          ["Average working days from decision to meeting", f.timeliness.avgWorkingDaysToMeeting === null ? "none" : String(f.timeliness.avgWorkingDaysToMeeting)],
          ["Meetings held later than due", <span key="l"><Link className="govuk-link" to={drill("late")}>{f.timeliness.late}</Link> of {f.timeliness.meetings} ({percent(f.timeliness.latePercent)})</span>],
          ["Minutes circulated within 1 working day", `${f.timeliness.minutesInTime} of ${f.timeliness.closedMeetings} meetings whose minutes are due (${percent(f.timeliness.minutesInTimePercent)})`],
          ["Front-door decisions within 1 working day", `${f.timeliness.decisionsInTime} of ${f.timeliness.contactsDecided} decided contacts (${percent(f.timeliness.decisionsInTimePercent)})`],
        ]}
      />
      <ChartAndTable table={table("days-to-meeting")} figures={f} query={query} chart={<BarChart title="Meetings by working days from decision" rows={f.timeliness.workingDaysToMeeting.map((r) => ({ label: `${r.days} working day${String(r.days) === "1" ? "" : "s"}`, value: r.meetings }))} />} />

      <h2 className="govuk-heading-m">Thresholds</h2>
      <SummaryList
        rows={[
          ["Decided contacts not meeting the threshold for social work (levels 1 to 3)", `${f.thresholds.notMeetingThreshold} of ${f.thresholds.decided} (${percent(f.thresholds.notMeetingThresholdPercent)})`],
          ["Closures later disputed", `${f.thresholds.closuresDisputed} of ${f.thresholds.closures} closures (${percent(f.thresholds.closuresDisputedPercent)})`],
        ]}
      />
      <ChartAndTable table={table("contacts")} figures={f} query={query} chart={<BarChart title="Contacts by source agency" rows={f.thresholds.byAgency.map((r) => ({ label: r.agencyName, value: r.contacts }))} />} />

      <h2 className="govuk-heading-m">Disagreements</h2>
      <SummaryList
        rows={[
          ["Raised in the period", `${f.disagreements.raised} (${f.disagreements.open} open, ${f.disagreements.resolved} resolved)`],
          ["Average working days to resolution", f.disagreements.toResolution.avgWorkingDays === null ? "none" : String(f.disagreements.toResolution.avgWorkingDays)],
          ["Agencies that raised none", f.disagreements.agenciesThatNeverRaised.join(", ") || "none"],
        ]}
      />
      {["disagreement-agencies", "disagreement-subjects", "disagreement-stages", "disagreement-outcomes", "disagreement-resolutions", "disagreement-proposals", "stage-times", "stage-breaches", "themes"].map((id) => (
        <ChartAndTable key={id} table={table(id)} figures={f} query={query} />
      ))}
    </>
  );
}

function ChartAndTable({ table, figures, query, chart, cell }: { table: FiguresTable; figures: Parameters<FiguresTable["rows"]>[0]; query: URLSearchParams; chart?: ReactNode; cell?: (row: Record<string, unknown>, key: string) => ReactNode | undefined }) {
  const rows = table.rows(figures);
  return (
    <section className="govuk-!-margin-bottom-8" aria-labelledby={`${table.id}-title`}>
      <h3 className="govuk-heading-s" id={`${table.id}-title`}>{table.title}</h3>
      {rows.length === 0 ? <p className="govuk-body">No figures for this period.</p> : (
        <div>
          {chart ? <div className="govuk-!-margin-bottom-4 concord-chart-wrapper">{chart}</div> : null}
          <div>
            <table className="govuk-table govuk-!-font-size-16" data-testid={`table-${table.id}`}>
              <caption className="govuk-table__caption govuk-visually-hidden">{table.title}</caption>
              <thead className="govuk-table__head">
                <tr className="govuk-table__row">
                  {table.columns.map((c) => <th key={c.key} scope="col" className={`govuk-table__header${c.numeric ? " govuk-table__header--numeric" : ""}`}>{c.label}</th>)}
                </tr>
              </thead>
              <tbody className="govuk-table__body">
                {rows.map((row, i) => (
                  <tr className="govuk-table__row" key={i}>
                    {table.columns.map((c, j) => {
                      const content = cell?.(row, c.key) ?? (row[c.key] === null || row[c.key] === undefined ? "none" : String(row[c.key]));
                      return j === 0 ? <th key={c.key} scope="row" className="govuk-table__header">{content}</th> : <td key={c.key} className={`govuk-table__cell${c.numeric ? " govuk-table__cell--numeric" : ""}`}>{content}</td>;
                    })}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
      )}
      <p className="govuk-body-s concord-no-print">
        <a className="govuk-link" href={`/figures/csv/${table.id}?${query.toString()}`} download>Download “{table.title}” as CSV</a>
      </p>
    </section>
  );
}
