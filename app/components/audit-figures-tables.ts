// The audit figures' tables (decision 0040): one definition serves /figures/audits, its CSV
// downloads and the yearly report, so a downloaded file has the rows the page shows.
import type { AuditFigures } from "../../server/domain/figures/audit-figures";
import { OUTCOME_LABELS } from "../../server/domain/front-door/labels";
import { formatDate } from "../../server/domain/calendar/uk-format";

type Row = Record<string, unknown>;
export interface AuditFiguresTable {
  id: string;
  title: string;
  columns: { key: string; label: string; numeric?: boolean }[];
  rows: (f: AuditFigures) => Row[];
}

export const AUDIT_ROUND_STATE_LABELS: Record<string, string> = { GRADING: "Grading", MODERATION: "Moderation", CLOSED: "Closed" };

/** A share in words with its counts: "8 of 10 (80%)"; of nothing, "none of 0". */
export function share(part: number, whole: number, percent: number | null): string {
  return percent === null ? `none of ${whole}` : `${part} of ${whole} (${percent}%)`;
}

const JUDGED_COLUMNS = [
  { key: "moderated", label: "Decisions moderated", numeric: true },
  { key: "levelRight", label: "Level right", numeric: true },
  { key: "levelRightPercent", label: "Level right (%)", numeric: true },
  { key: "outcomeSafe", label: "Outcome safe", numeric: true },
  { key: "outcomeSafePercent", label: "Outcome safe (%)", numeric: true },
  { key: "judgedRight", label: "Level right and outcome safe", numeric: true },
  { key: "judgedRightPercent", label: "Level right and outcome safe (%)", numeric: true },
];

export const AUDIT_FIGURES_TABLES: AuditFiguresTable[] = [
  {
    id: "audit-rounds",
    title: "Audit rounds",
    columns: [
      { key: "title", label: "Round" },
      { key: "stateLabel", label: "State" },
      { key: "auditedPeriod", label: "Decisions from" },
      { key: "sampled", label: "Contacts sampled", numeric: true },
      ...JUDGED_COLUMNS,
      { key: "closures", label: "Closures moderated", numeric: true },
      { key: "closuresUnsafe", label: "Closures judged unsafe", numeric: true },
      { key: "closuresUnsafePercent", label: "Closures judged unsafe (%)", numeric: true },
      { key: "compared", label: "Contacts every agency graded", numeric: true },
      { key: "allAgreed", label: "Agencies agreed on all three", numeric: true },
      { key: "allAgreedPercent", label: "Agreement (%)", numeric: true },
    ],
    rows: (f) =>
      f.byRound.map((r) => ({
        ...r,
        stateLabel: AUDIT_ROUND_STATE_LABELS[r.state] ?? r.state,
        auditedPeriod: `${formatDate(r.periodStart)} to ${formatDate(r.periodEnd)}`,
        compared: r.state === "GRADING" ? "still grading" : r.agreement.compared,
        allAgreed: r.state === "GRADING" ? "still grading" : r.agreement.allAgreed,
        allAgreedPercent: r.agreement.allAgreedPercent,
      })),
  },
  {
    id: "audit-agreement",
    title: "Agreement between agencies, by question",
    columns: [
      { key: "question", label: "Question" },
      { key: "agreed", label: "Every agency gave the same answer", numeric: true },
      { key: "compared", label: "Contacts every agency graded", numeric: true },
      { key: "percent", label: "Agreement (%)", numeric: true },
    ],
    rows: (f) => {
      const a = f.totals.agreement;
      return [
        { question: "Was the threshold level right?", agreed: a.levelAgreed, compared: a.compared, percent: a.levelAgreedPercent },
        { question: "Was the outcome safe?", agreed: a.outcomeAgreed, compared: a.compared, percent: a.outcomeAgreedPercent },
        { question: "Was the rationale recorded?", agreed: a.rationaleAgreed, compared: a.compared, percent: a.rationaleAgreedPercent },
        { question: "All three questions", agreed: a.allAgreed, compared: a.compared, percent: a.allAgreedPercent },
      ];
    },
  },
  {
    id: "audit-outcomes",
    title: "Decisions judged right, by outcome",
    columns: [{ key: "outcomeLabel", label: "Outcome of the decision" }, ...JUDGED_COLUMNS],
    rows: (f) => f.byOutcome.map((r) => ({ ...r, outcomeLabel: OUTCOME_LABELS[r.outcome as keyof typeof OUTCOME_LABELS] ?? r.outcome })),
  },
  {
    id: "audit-source-agencies",
    title: "Decisions judged right, by source agency",
    columns: [{ key: "agencyName", label: "Source agency" }, ...JUDGED_COLUMNS],
    rows: (f) => f.bySourceAgency,
  },
];
