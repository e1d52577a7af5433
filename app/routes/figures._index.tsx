import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData, useLocation } from "@remix-run/react";
import type { ReactNode } from "react";
import { BarChart } from "~/components/bar-chart";
import { ErrorSummary, SummaryList } from "~/components/form";
import { PeriodDateInputs } from "~/components/date-input";
import { FIGURES_TABLES, type FiguresTable } from "~/components/figures-tables";
import { TRPCError } from "@trpc/server";
import { describeError, loadPage } from "~/utils/errors.server";
import { formatDate, formatMonth } from "~/utils/format";
import { figuresFilters, figuresPeriodErrors } from "~/utils/figures.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data && "errors" in data && data.errors ? "Error: " : ""}Partnership figures - Concord` }];

export async function loader({ context, request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const filters = figuresFilters(url);
  const periodErrors = figuresPeriodErrors(url);
  return loadPage(request, async () => {
    const options = await context.trpc.figures.options();
    // A date that could not be read is told beside its field before anything is asked of the server.
    if (Object.keys(periodErrors).length > 0) return json({ figures: null, options, filters, errors: { formError: undefined as string | undefined, fieldErrors: periodErrors } }, { status: 400 });
    try {
      return json({ figures: await context.trpc.figures.partnership(filters), options, filters, errors: null });
    } catch (error) {
      // A period the reader typed wrongly (From after To) is told beside its field, with the form
      // kept; any other refusal is a page error.
      if (!(error instanceof TRPCError) || error.code !== "BAD_REQUEST") throw error;
      const { formError, fieldErrors } = describeError(error);
      return json({ figures: null, options, filters, errors: { formError, fieldErrors } }, { status: 400 });
    }
  });
}

const percent = (value: number | null) => (value === null ? "none" : `${value}%`);

export default function Figures() {
  const data = useLoaderData<typeof loader>();
  const { options, filters, errors } = data;
  const f = data.figures;
  const { search } = useLocation();
  const query = new URLSearchParams(search);
  return (
    <>
      <h1 className="govuk-heading-l">
        <span className="govuk-caption-l">{options.all ? "Every agency" : "Your agency and partnership totals"}</span>
        Partnership figures
      </h1>
      <ErrorSummary formError={errors?.formError} fieldErrors={errors?.fieldErrors} />
      {/* Those who read every agency's figures read the joint audit's and the yearly report too (decision 0040). */}
      {options.all ? (
        <ul className="govuk-list concord-no-print">
          <li><Link className="govuk-link" to="/figures/audits">Audit figures: decisions judged right, closures judged unsafe, agreement between agencies</Link></li>
          <li><Link className="govuk-link" to="/report/yearly">The yearly report</Link></li>
        </ul>
      ) : null}
      <Form method="get" className="concord-no-print govuk-!-margin-bottom-6" aria-label="Filter the figures" noValidate>
        {/* The table keeps the order the reader chose when they change the period or agency. */}
        {filters.sort && !errors?.fieldErrors.sort ? <input type="hidden" name="sort" value={filters.sort} /> : null}
        {filters.dir && !errors?.fieldErrors.dir ? <input type="hidden" name="dir" value={filters.dir} /> : null}
        <div className="govuk-grid-row">
          <PeriodDateInputs from={f?.period.from ?? filters.from} to={f?.period.to ?? filters.to} errors={errors?.fieldErrors} />
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
          {f ? <button type="button" className="govuk-button govuk-button--secondary" onClick={() => window.print()}>Print this report</button> : null}
        </div>
      </Form>
      {f ? <Report f={f} options={options} filters={filters} query={query} /> : null}
    </>
  );
}

type Loaded = ReturnType<typeof useLoaderData<typeof loader>>;

function Report({ f, options, filters, query }: { f: NonNullable<Loaded["figures"]>; options: Loaded["options"]; filters: Loaded["filters"]; query: URLSearchParams }) {
  const period = new URLSearchParams({ from: f.period.from, to: f.period.to, ...(filters.team ? { team: filters.team } : {}) });
  const table = (id: string) => FIGURES_TABLES.find((t) => t.id === id)!;
  const drill = (measure: string, agencyId?: string) => `/figures/meetings?${new URLSearchParams({ ...Object.fromEntries(period), measure, ...(agencyId ? { agencyId } : {}) })}`;
  // Which agencies the per-agency figures and the monthly attendance rate cover.
  const scopeName = f.scope.agencyId ? (options.agencies.find((a) => a.id === f.scope.agencyId)?.name ?? "your agency") : "all agencies";
  const filteredRow = f.scope.agencyId ? f.attendance.byAgency[0] : undefined;
  const sortHeader = (key: string, label: string, numeric?: boolean) => {
    const current = f.attendance.order.sort === key;
    const next = current && f.attendance.order.dir === "asc" ? "desc" : "asc";
    const params = new URLSearchParams(query);
    params.set("sort", key);
    params.set("dir", next);
    return (
      <th key={key} scope="col" className={`govuk-table__header${numeric ? " govuk-table__header--numeric" : ""}`} aria-sort={current ? (f.attendance.order.dir === "asc" ? "ascending" : "descending") : "none"}>
        <Link className="govuk-link concord-sort-link" to={`/figures?${params}#attendance-title`} preventScrollReset>
          {label}
          <span className="govuk-visually-hidden">{current ? `, sorted ${f.attendance.order.dir === "asc" ? "lowest" : "highest"} first; sort ${next === "asc" ? "lowest" : "highest"} first` : ", sort by this column"}</span>
          {current ? <span aria-hidden="true"> {f.attendance.order.dir === "asc" ? "▲" : "▼"}</span> : null}
        </Link>
      </th>
    );
  };
  const attendanceCell = (row: Record<string, unknown>, key: string): ReactNode | undefined => {
    if (key === "thresholdStatus") return row.belowThreshold ? <strong className="govuk-tag govuk-tag--red">{String(row[key])}</strong> : String(row[key]);
    if (!["invited", "attended", "apologies", "delegates", "written", "noResponse"].includes(key) || Number(row[key]) <= 0) return undefined;
    return <Link className="govuk-link" to={drill(key, String(row.agencyId))} aria-label={`${row[key]} ${key}: the meetings`}>{String(row[key])}</Link>;
  };
  return (
    <>
      <h2 className="govuk-heading-m">Strategy meeting attendance</h2>
      <SummaryList
        rows={[
          ["Period", `${formatDate(`${f.period.from}T12:00:00Z`)} to ${formatDate(`${f.period.to}T12:00:00Z`)}`],
          ["Attendance threshold", `${f.attendance.threshold}% of invitations attended (a partnership setting)`],
          ["Partnership attendance rate (all agencies)", `${percent(f.attendance.partnership.attendanceRate)} (${f.attendance.partnership.attended} of ${f.attendance.partnership.invited} invitations)`],
          ...(filteredRow ? [[`Attendance rate for ${filteredRow.agencyName} (filtered)`, `${percent(filteredRow.attendanceRate)} (${filteredRow.attended} of ${filteredRow.invited} invitations)`] as [string, string]] : []),
          ["Meetings with all three core agencies present (partnership)", <span key="c">{percent(f.attendance.allCorePresent.percent)} (<Link className="govuk-link" to={drill("allCore")}>{f.attendance.allCorePresent.withAllCore}</Link> of {f.attendance.allCorePresent.meetings}; <Link className="govuk-link" to={drill("notAllCore")}>meetings without them</Link>)</span>],
        ]}
      />
      <ChartAndTable table={table("attendance")} figures={f} query={query} header={(c) => (c.key === "thresholdStatus" ? undefined : sortHeader(c.key, c.label, c.numeric))} chart={<BarChart title="Attendance rate by agency" unit="%" rows={f.attendance.byAgency.map((r) => ({ label: r.agencyName, value: r.attendanceRate }))} />}
        cell={attendanceCell} />
      <ChartAndTable table={table("trend")} figures={f} query={query} chart={<BarChart title={`Attendance rate by month, ${scopeName}`} unit="%" rows={f.attendance.trend.map((r) => ({ label: formatMonth(r.month), value: r.attendanceRate }))} />} chartTitle={`Attendance rate by month, ${scopeName}`} />

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


function ChartAndTable({ table, figures, query, chart, chartTitle, cell, header }: { table: FiguresTable; figures: Parameters<FiguresTable["rows"]>[0]; query: URLSearchParams; chart?: ReactNode; chartTitle?: string; cell?: (row: Record<string, unknown>, key: string) => ReactNode | undefined; header?: (column: FiguresTable["columns"][number]) => ReactNode }) {
  const rows = table.rows(figures);
  return (
    <section className="govuk-!-margin-bottom-8" aria-labelledby={`${table.id}-title`}>
      <h3 className="govuk-heading-s" id={`${table.id}-title`}>{table.title}</h3>
      {rows.length === 0 ? <p className="govuk-body">No figures for this period.</p> : (
        <div>
          {chart ? (
            <figure className="govuk-!-margin-0 govuk-!-margin-bottom-4 concord-chart-wrapper">
              {chartTitle ? <figcaption className="govuk-body-s govuk-!-font-weight-bold">{chartTitle}</figcaption> : null}
              {chart}
            </figure>
          ) : null}
          <div className="concord-table-scroll" role="region" aria-label={`Table: ${table.title}`} tabIndex={0}>
            <table className="govuk-table govuk-!-font-size-16 concord-figures-table" data-testid={`table-${table.id}`}>
              <caption className="govuk-table__caption govuk-visually-hidden">{table.title}</caption>
              <thead className="govuk-table__head">
                <tr className="govuk-table__row">
                  {table.columns.map((c) => header?.(c) ?? <th key={c.key} scope="col" className={`govuk-table__header${c.numeric ? " govuk-table__header--numeric" : ""}`}>{c.label}</th>)}
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
