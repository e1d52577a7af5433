// The yearly report pack (issue 17 item 7, decision 0040): the partnership's year in one printable
// document for the yearly report Working Together 2023 asks for. It reuses the dashboard's figures
// and the audit figures for the same period rather than counting again; only the learning actions,
// which no other figure covers, are counted here (by the database).
import { z } from "zod";
import type { Services } from "../services";
import type { Actor } from "../access/actor";
import { assertCanReadYearlyReport } from "../access/policy";
import { calendarDate } from "../validation";
import { londonDate } from "../calendar/working-days";
import { partnershipFigures, periodOf, PERIOD_ORDER_MESSAGE } from "../figures/figures";
import { auditFigures } from "../figures/audit-figures";

/** A reporting year starts on 1 April (the partnership's financial year) and ends on 31 March. */
export const REPORT_YEAR_START = "04-01";

export const yearlyReportInputSchema = z
  .object({
    /** The reporting year starting 1 April of this year. */
    year: z.coerce.number({ error: "Enter the year as 4 digits, like 2026" }).int({ error: "Enter the year as 4 digits, like 2026" }).min(2000, { error: "Enter a year from 2000 to 2100" }).max(2100, { error: "Enter a year from 2000 to 2100" }).optional(),
    from: calendarDate("Enter the start of the period as a real date from 1900 to 2100, like 2026-04-01").optional(),
    to: calendarDate("Enter the end of the period as a real date from 1900 to 2100, like 2027-03-31").optional(),
  })
  .refine((v) => !v.from || !v.to || v.from <= v.to, { path: ["to"], message: PERIOD_ORDER_MESSAGE })
  .default({});
export type YearlyReportInput = z.input<typeof yearlyReportInputSchema>;

/** The period a report covers: a chosen period, a reporting year, or the reporting year holding today. */
export function reportPeriod(input: z.output<typeof yearlyReportInputSchema>, now: Date): { from: string; to: string; year: number | null } {
  if (input.from || input.to) {
    const p = periodOf(input, now);
    return { from: p.fromDate, to: p.toDate, year: null };
  }
  const today = londonDate(now);
  const year = input.year ?? (today.slice(5) >= REPORT_YEAR_START ? Number(today.slice(0, 4)) : Number(today.slice(0, 4)) - 1);
  return { from: `${year}-${REPORT_YEAR_START}`, to: `${year + 1}-03-31`, year };
}

interface ActionRow {
  agencyId: string | null;
  agencyName: string | null;
  set: number;
  completed: number;
  completedInTime: number;
  open: number;
  overdue: number;
}

/** Learning actions set in the period: how many, completed (and by their due date), still open, overdue now, by owning agency. */
async function learningActionFigures(services: Services, period: { from: string; to: string }) {
  const now = services.clock.now();
  const today = londonDate(now);
  const rows = await services.db.$queryRaw<ActionRow[]>`
    SELECT a.id AS "agencyId", a.name AS "agencyName",
      count(la.id)::int AS set,
      count(*) FILTER (WHERE la.state = 'COMPLETED')::int AS completed,
      count(*) FILTER (WHERE la.state = 'COMPLETED' AND (la.completed_at AT TIME ZONE 'Europe/London')::date <= la.due_on)::int AS "completedInTime",
      count(*) FILTER (WHERE la.state = 'OPEN')::int AS open,
      count(*) FILTER (WHERE la.state = 'OPEN' AND la.due_on < ${today}::date)::int AS overdue
    FROM learning_action la JOIN agency a ON a.id = la.owning_agency_id
    WHERE (la.created_at AT TIME ZONE 'Europe/London')::date BETWEEN ${period.from}::date AND ${period.to}::date
    GROUP BY GROUPING SETS ((a.id, a.name, a.kind), ())
    ORDER BY a.kind NULLS FIRST, a.name`;
  const pct = (part: number, whole: number) => (whole > 0 ? Math.round((1000 * part) / whole) / 10 : null);
  const total = rows.find((r) => r.agencyId === null)!;
  const shares = (r: ActionRow) => ({ set: r.set, completed: r.completed, completedPercent: pct(r.completed, r.set), completedInTime: r.completedInTime, open: r.open, overdue: r.overdue });
  return {
    ...shares(total),
    byAgency: rows.filter((r) => r.agencyId !== null).map((r) => ({ agencyId: r.agencyId!, agencyName: r.agencyName!, ...shares(r) })),
  };
}

export async function yearlyReport(services: Services, actor: Actor, input: YearlyReportInput = {}) {
  assertCanReadYearlyReport(actor);
  const data = yearlyReportInputSchema.parse(input);
  const period = reportPeriod(data, services.clock.now());
  const [figures, audit, learningActions] = await Promise.all([
    partnershipFigures(services, actor, { from: period.from, to: period.to }),
    auditFigures(services, actor, { from: period.from, to: period.to }),
    learningActionFigures(services, period),
  ]);
  return {
    period,
    generatedAt: services.clock.now().toISOString(),
    /** The dashboard's figures for the period: attendance, timeliness, thresholds, disagreements. */
    figures,
    audit,
    learningActions,
  };
}
export type YearlyReport = Awaited<ReturnType<typeof yearlyReport>>;
