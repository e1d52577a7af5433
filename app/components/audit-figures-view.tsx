// The audit figures as the page and the yearly report show them (decision 0040): a summary with
// counts beside every share, then the tables. "No rounds" is said in words, never as a percentage.
import type { ReactNode } from "react";
import { SummaryList } from "~/components/form";
import { AUDIT_FIGURES_TABLES, share, type AuditFiguresTable } from "~/components/audit-figures-tables";
import type { AuditFigures } from "../../server/domain/figures/audit-figures";

export function AuditSummary({ f }: { f: AuditFigures }) {
  const t = f.totals;
  if (f.rounds === 0) return <p className="govuk-body" data-testid="audit-no-rounds">No audit round in this period (a round counts in the period in which the decisions it audited end), so there are no audit figures.</p>;
  return (
    <SummaryList
      rows={[
        ["Audit rounds", `${f.rounds} (${t.sampled} contacts sampled, ${t.moderated} moderated)`],
        ["Decisions judged right (level right and outcome safe)", share(t.judgedRight, t.moderated, t.judgedRightPercent)],
        ["Threshold level right", share(t.levelRight, t.moderated, t.levelRightPercent)],
        ["Outcome safe", share(t.outcomeSafe, t.moderated, t.outcomeSafePercent)],
        ["Rationale recorded", share(t.rationaleRecorded, t.moderated, t.rationaleRecordedPercent)],
        ["Closures judged unsafe", share(t.closuresUnsafe, t.closures, t.closuresUnsafePercent)],
        ["Agreement between agencies (every agency gave the same three answers)", <span key="a" data-testid="audit-agreement-rate">{share(t.agreement.allAgreed, t.agreement.compared, t.agreement.allAgreedPercent)}{t.agreement.compared === 0 ? " (no round is past grading)" : ""}</span>],
      ]}
    />
  );
}

export function AuditTables({ f, csvQuery, headingLevel = 3 }: { f: AuditFigures; csvQuery?: string; headingLevel?: 2 | 3 }) {
  return (
    <>
      {AUDIT_FIGURES_TABLES.map((table) => (
        <FiguresTableView key={table.id} table={table} rows={table.rows(f)} headingLevel={headingLevel} csvHref={csvQuery === undefined ? undefined : `/figures/audits/csv/${table.id}?${csvQuery}`} />
      ))}
    </>
  );
}

/** One table: every column, scrolling inside its own region on a phone, opened out on paper. */
export function FiguresTableView({ table, rows, csvHref, headingLevel = 3, empty = "No figures for this period." }: { table: Pick<AuditFiguresTable, "id" | "title" | "columns">; rows: Record<string, unknown>[]; csvHref?: string; headingLevel?: 2 | 3; empty?: string }) {
  const Heading = headingLevel === 2 ? "h2" : "h3";
  const cell = (value: unknown): ReactNode => (value === null || value === undefined ? "none" : Array.isArray(value) ? value.join(", ") : String(value));
  return (
    <section className="govuk-!-margin-bottom-8" aria-labelledby={`${table.id}-title`}>
      <Heading className={headingLevel === 2 ? "govuk-heading-m" : "govuk-heading-s"} id={`${table.id}-title`}>{table.title}</Heading>
      {rows.length === 0 ? <p className="govuk-body">{empty}</p> : (
        <div className="concord-table-scroll" role="region" aria-label={`Table: ${table.title}`} tabIndex={0}>
          <table className="govuk-table govuk-!-font-size-16 concord-figures-table" data-testid={`table-${table.id}`}>
            <caption className="govuk-table__caption govuk-visually-hidden">{table.title}</caption>
            <thead className="govuk-table__head">
              <tr className="govuk-table__row">
                {table.columns.map((c) => <th key={c.key} scope="col" className={`govuk-table__header${c.numeric ? " govuk-table__header--numeric" : ""}`}>{c.label}</th>)}
              </tr>
            </thead>
            <tbody className="govuk-table__body">
              {rows.map((row, i) => (
                <tr className="govuk-table__row" key={i}>
                  {table.columns.map((c, j) =>
                    j === 0 ? <th key={c.key} scope="row" className="govuk-table__header">{cell(row[c.key])}</th> : <td key={c.key} className={`govuk-table__cell${c.numeric ? " govuk-table__cell--numeric" : ""}`}>{cell(row[c.key])}</td>,
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {csvHref ? (
        <p className="govuk-body-s concord-no-print">
          <a className="govuk-link" href={csvHref} download>Download “{table.title}” as CSV</a>
        </p>
      ) : null}
    </section>
  );
}
