// The dashboard's tables: one definition serves the page, its CSV downloads and the printable
// report, so a downloaded file always has the rows the table shows.
import { formatMonth } from "../../server/domain/calendar/uk-format";
import type { PartnershipFigures } from "../../server/domain/figures/figures";
import { DISAGREEMENT_OUTCOME_LABELS, RESOLUTION_LABELS, SUBJECT_LABELS } from "../../server/domain/disagreements/labels";

type Row = Record<string, unknown>;

/** The threshold flag in words, never colour alone: the database decided which side each agency is. */
export function thresholdStatus(row: { invited: number; belowThreshold: boolean }, threshold: number): string {
  if (row.invited === 0) return "Not invited in this period";
  return row.belowThreshold ? `Below ${threshold}% threshold` : `Meets ${threshold}% threshold`;
}
export interface FiguresTable {
  id: string;
  title: string;
  columns: { key: string; label: string; numeric?: boolean }[];
  rows: (f: PartnershipFigures) => Row[];
}

export const FIGURES_TABLES: FiguresTable[] = [
  {
    id: "attendance",
    title: "Strategy meeting attendance by agency",
    columns: [
      { key: "agencyName", label: "Agency" },
      { key: "invited", label: "Invited", numeric: true },
      { key: "attended", label: "Attended", numeric: true },
      { key: "apologies", label: "Apologies", numeric: true },
      { key: "delegates", label: "Delegates", numeric: true },
      { key: "written", label: "Written contributions", numeric: true },
      { key: "noResponse", label: "No response", numeric: true },
      { key: "attendanceRate", label: "Attendance rate (%)", numeric: true },
      { key: "thresholdStatus", label: "Against the threshold" },
    ],
    // In the order the server sorted them (lowest attendance rate first unless chosen otherwise).
    rows: (f) => f.attendance.byAgency.map((r) => ({ ...r, thresholdStatus: thresholdStatus(r, f.attendance.threshold) })),
  },
  {
    id: "trend",
    title: "Attendance over time",
    columns: [
      { key: "month", label: "Month" },
      { key: "meetings", label: "Meetings held (partnership)", numeric: true },
      { key: "allCorePercent", label: "All three core agencies present (%, partnership)", numeric: true },
      { key: "attendanceRate", label: "Attendance rate (%, agencies shown)", numeric: true },
    ],
    rows: (f) => f.attendance.trend.map((r) => ({ ...r, month: formatMonth(r.month) })),
  },
  {
    id: "days-to-meeting",
    title: "Working days from decision to strategy meeting",
    columns: [
      { key: "days", label: "Working days" },
      { key: "meetings", label: "Meetings", numeric: true },
    ],
    rows: (f) => f.timeliness.workingDaysToMeeting,
  },
  {
    id: "contacts",
    title: "Contacts by source agency and level applied",
    columns: [
      { key: "agencyName", label: "Source agency" },
      { key: "contacts", label: "Contacts", numeric: true },
      { key: "level1", label: "Level 1", numeric: true },
      { key: "level2", label: "Level 2", numeric: true },
      { key: "level3", label: "Level 3", numeric: true },
      { key: "level4", label: "Level 4", numeric: true },
      { key: "undecided", label: "Not yet decided", numeric: true },
    ],
    rows: (f) => f.thresholds.byAgency,
  },
  {
    id: "disagreement-agencies",
    title: "Disagreements by raising and receiving agency",
    columns: [
      { key: "raisingAgency", label: "Raised by" },
      { key: "receivingAgency", label: "Raised with" },
      { key: "disagreements", label: "Disagreements", numeric: true },
    ],
    rows: (f) => f.disagreements.byAgencies,
  },
  {
    id: "disagreement-subjects",
    title: "Disagreements by reason",
    columns: [
      { key: "subject", label: "Reason" },
      { key: "disagreements", label: "Disagreements", numeric: true },
    ],
    rows: (f) => f.disagreements.bySubject.map((r) => ({ ...r, subject: SUBJECT_LABELS[r.subject as keyof typeof SUBJECT_LABELS] ?? r.subject })),
  },
  {
    id: "disagreement-stages",
    title: "Disagreements by stage reached",
    columns: [
      { key: "stage", label: "Stage" },
      { key: "disagreements", label: "Disagreements", numeric: true },
    ],
    rows: (f) => f.disagreements.byStageReached,
  },
  {
    id: "disagreement-outcomes",
    title: "Disagreements by outcome",
    columns: [
      { key: "outcome", label: "Outcome" },
      { key: "disagreements", label: "Disagreements", numeric: true },
    ],
    rows: (f) => f.disagreements.byOutcome.map((r) => ({ ...r, outcome: r.outcome === "OPEN" ? "Still open" : DISAGREEMENT_OUTCOME_LABELS[r.outcome as keyof typeof DISAGREEMENT_OUTCOME_LABELS] })),
  },
  {
    id: "disagreement-resolutions",
    title: "How disagreements ended",
    columns: [
      { key: "resolution", label: "Ended" },
      { key: "disagreements", label: "Disagreements", numeric: true },
    ],
    rows: (f) => f.disagreements.byResolution.map((r) => ({ ...r, resolution: RESOLUTION_LABELS[r.resolution as keyof typeof RESOLUTION_LABELS] ?? r.resolution })),
  },
  {
    id: "disagreement-proposals",
    title: "Proposed outcomes",
    columns: [
      { key: "proposed", label: "Proposed", numeric: true },
      { key: "accepted", label: "Agreed", numeric: true },
      { key: "declined", label: "Declined", numeric: true },
      { key: "lapsed", label: "Lapsed on escalation", numeric: true },
      { key: "waiting", label: "Waiting for an answer", numeric: true },
    ],
    rows: (f) => [f.disagreements.proposals],
  },
  {
    id: "stage-times",
    title: "Working days per stage",
    columns: [
      { key: "stage", label: "Stage" },
      { key: "completed", label: "Stages completed", numeric: true },
      { key: "avgWorkingDays", label: "Average working days", numeric: true },
    ],
    rows: (f) => f.disagreements.workingDaysPerStage,
  },
  {
    id: "stage-breaches",
    title: "Stage timers breached",
    columns: [
      { key: "stage", label: "Stage" },
      { key: "breaches", label: "Times overdue", numeric: true },
    ],
    rows: (f) => f.disagreements.stageTimersBreached,
  },
  {
    id: "themes",
    title: "Themes of resolved disagreements",
    columns: [
      { key: "theme", label: "Theme" },
      { key: "disagreements", label: "Disagreements", numeric: true },
    ],
    rows: (f) => f.disagreements.themes,
  },
];
