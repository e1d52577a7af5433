// The partnership's figures, computed by the database (grouped queries over indexed columns and
// concord_working_days(), a SQL function over the bank_holiday table). Nothing here loads rows
// into JavaScript to count them. No figure carries a case reference.
import { z } from "zod";
import { Prisma } from "../../db/generated/client";
import type { Services } from "../services";
import type { Actor } from "../access/actor";
import { forbidden } from "../errors";
import { canSeeMeeting, figuresAbilities, figuresScope } from "../access/policy";
import { recordAudit } from "../audit/audit";
import { addCalendarDays, fromLondon, londonDate } from "../calendar/working-days";
import { calendarDate, optionalFreeText } from "../validation";
import { attendanceThreshold } from "../settings/settings";

export const ATTENDANCE_SORTS = ["agencyName", "invited", "attended", "apologies", "delegates", "written", "noResponse", "attendanceRate"] as const;
export type AttendanceSort = (typeof ATTENDANCE_SORTS)[number];
export const PERIOD_ORDER_MESSAGE = "The ‘To’ date must be the same as or after the ‘From’ date";
/** Column names for ORDER BY, from a closed list: never text from the request. */
const ATTENDANCE_ORDER: Record<AttendanceSort, Prisma.Sql> = {
  agencyName: Prisma.sql`"agencyName"`,
  invited: Prisma.sql`invited`,
  attended: Prisma.sql`attended`,
  apologies: Prisma.sql`apologies`,
  delegates: Prisma.sql`delegates`,
  written: Prisma.sql`written`,
  noResponse: Prisma.sql`"noResponse"`,
  attendanceRate: Prisma.sql`"attendanceRate"`,
};

export const figuresInputSchema = z
  .object({
    from: calendarDate("Enter the start of the period as a real date from 1900 to 2100, like 2026-01-01").optional(),
    to: calendarDate("Enter the end of the period as a real date from 1900 to 2100, like 2026-12-31").optional(),
    agencyId: z.uuid({ error: "Choose an agency" }).optional(),
    /** A council team (e.g. MASH): contacts it decided and meetings it convened. */
    team: optionalFreeText("the team", 60, "Team must be 60 characters or fewer"),
    /** The attendance table's order: lowest attendance rate first unless the reader chooses. */
    sort: z.enum(ATTENDANCE_SORTS, { error: "Choose a column of the attendance table to sort by" }).optional(),
    dir: z.enum(["asc", "desc"], { error: "Choose ascending or descending order" }).optional(),
  })
  .refine((v) => !v.from || !v.to || v.from <= v.to, { path: ["to"], message: PERIOD_ORDER_MESSAGE })
  .default({ team: undefined });
export type FiguresInput = z.input<typeof figuresInputSchema>;

interface Period {
  from: Date;
  to: Date;
  fromDate: string;
  toDate: string;
}

/** The period in UK dates, inclusive; the last 12 months by default. */
export function periodOf(input: { from?: string; to?: string }, now: Date): Period {
  const toDate = input.to ?? londonDate(now);
  const fromDate = input.from ?? addCalendarDays(toDate, -364);
  return { fromDate, toDate, from: fromLondon(fromDate), to: fromLondon(addCalendarDays(toDate, 1)) };
}

const CORE_KINDS = Prisma.sql`('CHILDRENS_SOCIAL_CARE','POLICE','HEALTH')`;
const CLOSING = Prisma.sql`('NO_FURTHER_ACTION','ADVICE_AND_INFORMATION','STEP_DOWN_EARLY_HELP')`;
/**
 * Held late: started after its due-by time; one not started yet is late once its scheduled time
 * or now, whichever is later, is past its due-by time (a meeting never held cannot be on time).
 */
const HELD_LATE = (now: Date) => Prisma.sql`coalesce(m.started_at, greatest(m.scheduled_start, ${now}::timestamptz)) > m.due_by`;
/** "No response": no answer, did not attend (attending supersedes), and not the agency holding the meeting. */
const NO_RESPONSE = (alias: string) => Prisma.sql`${Prisma.raw(alias)}.last_kind IS NULL AND NOT ${Prisma.raw(alias)}.attended AND NOT ${Prisma.raw(alias)}.convening`;
const pct = (part: number, whole: number) => (whole > 0 ? Math.round((1000 * part) / whole) / 10 : null);
const orEmpty = (condition: unknown, fragment: Prisma.Sql) => (condition ? fragment : Prisma.empty);

export async function partnershipFigures(services: Services, actor: Actor, input: FiguresInput = {}) {
  return figures(services, actor, input, "summaries");
}

/**
 * The same figures computed straight from the raw tables, as they were before the maintained
 * summaries: what a council team's figures use, and the yardstick the equality test holds the
 * summaries to.
 */
export async function partnershipFiguresFromRawTables(services: Services, actor: Actor, input: FiguresInput = {}) {
  return figures(services, actor, input, "raw");
}

async function figures(services: Services, actor: Actor, input: FiguresInput, source: "summaries" | "raw") {
  const filters = figuresInputSchema.parse(input);
  const scope = figuresScope(actor, filters.agencyId);
  const now = services.clock.now();
  const p = periodOf(filters, now);
  const db = services.db;
  const agency = scope.agencyId;
  const team = filters.team;
  const threshold = await attendanceThreshold(db);
  const sort = filters.sort ?? "attendanceRate";
  const q: FigureQuery = { db, now, p, agency, team, threshold, sort, dir: filters.dir === "desc" ? Prisma.sql`DESC` : Prisma.sql`ASC` };
  // A council team's slice is counted from the raw tables: the summaries are by agency, not team.
  const [attendanceRows, coreByMonth, attendanceTrend, timeliness, distribution, frontDoor, contactRows, closures, disagreementTotals, pairs, subjects, stagesReached, outcomes, stageDurations, breaches, neverRaised, themes, toResolution, proposals, resolutions] =
    source === "raw" || team ? await fromRawTables(q) : await fromSummaries(q);

  // Per-agency tables show the agencies in scope; the totals are always the partnership's.
  const inScope = <T extends { agencyId: string }>(rows: T[]) => (agency ? rows.filter((r) => r.agencyId === agency) : rows);
  const sum = <T,>(rows: T[], pick: (row: T) => number) => rows.reduce((total, row) => total + pick(row), 0);
  const attendanceTotals = { invited: sum(attendanceRows, (r) => r.invited), attended: sum(attendanceRows, (r) => r.attended) };
  const coreTotals = { meetings: sum(coreByMonth, (r) => r.meetings), withAllCore: sum(coreByMonth, (r) => r.withAllCore) };
  const decided = sum(contactRows, (r) => r.level1 + r.level2 + r.level3 + r.level4);
  const belowStatutory = sum(contactRows, (r) => r.level1 + r.level2 + r.level3);
  const t = timeliness[0]!;
  const f = frontDoor[0]!;
  const trendByMonth = new Map(attendanceTrend.map((r) => [r.month, r]));

  return {
    period: { from: p.fromDate, to: p.toDate },
    scope: { all: scope.all, agencyId: agency ?? null, team: team ?? null },
    attendance: {
      byAgency: inScope(attendanceRows),
      /** The partnership's attendance threshold (a setting), in percent; the order of byAgency. */
      threshold,
      order: { sort, dir: filters.dir ?? "asc" },
      partnership: { ...attendanceTotals, attendanceRate: pct(attendanceTotals.attended, attendanceTotals.invited) },
      allCorePresent: { ...coreTotals, percent: pct(coreTotals.withAllCore, coreTotals.meetings) },
      trend: coreByMonth.map((r) => {
        const a = trendByMonth.get(r.month);
        return { month: r.month, meetings: r.meetings, withAllCore: r.withAllCore, allCorePercent: pct(r.withAllCore, r.meetings), invited: a?.invited ?? 0, attended: a?.attended ?? 0, attendanceRate: a ? pct(a.attended, a.invited) : null };
      }),
    },
    timeliness: {
      meetings: t.meetings,
      late: t.late,
      latePercent: pct(t.late, t.meetings),
      avgWorkingDaysToMeeting: t.avgWorkingDays === null ? null : Math.round(t.avgWorkingDays * 10) / 10,
      workingDaysToMeeting: distribution.map((r) => ({ days: r.days >= 4 ? "4 or more" : String(r.days), meetings: r.meetings })),
      closedMeetings: t.closed,
      minutesInTime: t.minutesInTime,
      minutesInTimePercent: pct(t.minutesInTime, t.closed),
      contacts: f.contacts,
      contactsDecided: f.decided,
      decisionsInTime: f.inTime,
      decisionsInTimePercent: pct(f.inTime, f.decided),
    },
    thresholds: {
      byAgency: inScope(contactRows),
      decided,
      notMeetingThreshold: belowStatutory,
      notMeetingThresholdPercent: pct(belowStatutory, decided),
      closures: closures[0]!.closures,
      closuresDisputed: closures[0]!.disputed,
      closuresDisputedPercent: pct(closures[0]!.disputed, closures[0]!.closures),
    },
    disagreements: {
      ...disagreementTotals[0]!,
      byAgencies: pairs,
      bySubject: subjects,
      byStageReached: stagesReached,
      byOutcome: outcomes,
      workingDaysPerStage: stageDurations.map((r) => ({ ...r, avgWorkingDays: r.avgWorkingDays === null ? null : Math.round(r.avgWorkingDays * 10) / 10 })),
      toResolution: { resolved: toResolution[0]!.resolved, avgWorkingDays: toResolution[0]!.avgWorkingDays === null ? null : Math.round(toResolution[0]!.avgWorkingDays * 10) / 10 },
      stageTimersBreached: breaches,
      proposals: proposals[0]!,
      /** How resolved disagreements ended: agreed by both sides, withdrawn, or determined by the partnership. */
      byResolution: resolutions,
      agenciesThatNeverRaised: neverRaised.map((r) => r.agencyName),
      themes,
    },
  };
}
export type PartnershipFigures = Awaited<ReturnType<typeof partnershipFigures>>;

interface FigureQuery {
  db: Services["db"];
  now: Date;
  p: Period;
  agency: string | undefined;
  team: string | undefined;
  threshold: number;
  sort: AttendanceSort;
  dir: Prisma.Sql;
}

/** Every figure from the raw tables: grouped queries over indexed columns (docs/decisions/0011). */
function fromRawTables({ db, now, p, agency, team, threshold, sort, dir }: FigureQuery) {
  const meetingTeam = orEmpty(team, Prisma.sql`AND EXISTS (SELECT 1 FROM app_user u WHERE u.id = m.convened_by_id AND u.team = ${team})`);
  const contactTeam = orEmpty(team, Prisma.sql`AND EXISTS (SELECT 1 FROM threshold_decision td JOIN app_user u ON u.id = td.decided_by_id WHERE td.id = c.current_decision_id AND u.team = ${team})`);
  // A disagreement concerns an agency that raised it or received it.
  const disagreementAgency = orEmpty(agency, Prisma.sql`AND (g.raising_agency_id = ${agency}::uuid OR g.receiving_agency_id = ${agency}::uuid)`);
  const inPeriod = (column: Prisma.Sql) => Prisma.sql`${column} >= ${p.from} AND ${column} < ${p.to}`;
  return Promise.all([
    // The rate and the flag are the database's: an agency is below the threshold when it was
    // invited at all and attended fewer than threshold% of its invitations.
    db.$queryRaw<{ agencyId: string; agencyName: string; kind: string; invited: number; attended: number; apologies: number; delegates: number; written: number; noResponse: number; attendanceRate: number | null; belowThreshold: boolean }[]>`
      WITH inv AS (
        SELECT i.agency_id, i.attended_at IS NOT NULL AS attended, i.current_response::text AS last_kind, i.convening
        FROM meeting_invitation i JOIN strategy_meeting m ON m.id = i.meeting_id
        WHERE ${inPeriod(Prisma.sql`m.scheduled_start`)} ${meetingTeam}
      ), per_agency AS (
        SELECT a.id AS "agencyId", a.name AS "agencyName", a.kind::text AS kind,
          count(inv.agency_id)::int AS invited,
          count(*) FILTER (WHERE inv.attended)::int AS attended,
          count(*) FILTER (WHERE inv.last_kind = 'APOLOGIES' AND NOT inv.attended)::int AS apologies,
          count(*) FILTER (WHERE inv.last_kind = 'DELEGATE')::int AS delegates,
          count(*) FILTER (WHERE inv.last_kind = 'WRITTEN_CONTRIBUTION')::int AS written,
          count(*) FILTER (WHERE inv.agency_id IS NOT NULL AND ${NO_RESPONSE("inv")})::int AS "noResponse"
        FROM agency a LEFT JOIN inv ON inv.agency_id = a.id
        WHERE a.kind <> 'PARTNERSHIP'
        GROUP BY a.id, a.name, a.kind
      )
      SELECT *,
        (round(1000.0 * attended / nullif(invited, 0)) / 10)::float AS "attendanceRate",
        (invited > 0 AND attended * 100 < ${threshold}::int * invited) AS "belowThreshold"
      FROM per_agency
      ORDER BY ${ATTENDANCE_ORDER[sort]} ${dir} NULLS LAST, "agencyName"`,
    db.$queryRaw<{ month: string; meetings: number; withAllCore: number }[]>`
      SELECT month, count(*)::int AS meetings, count(*) FILTER (WHERE core = 3)::int AS "withAllCore"
      FROM (
        SELECT m.id, to_char(m.scheduled_start AT TIME ZONE 'Europe/London', 'YYYY-MM') AS month,
               count(DISTINCT ag.kind) FILTER (WHERE ag.kind IN ${CORE_KINDS}) AS core
        FROM strategy_meeting m
        LEFT JOIN meeting_attendance a ON a.meeting_id = m.id
        LEFT JOIN agency ag ON ag.id = a.agency_id
        WHERE ${inPeriod(Prisma.sql`m.scheduled_start`)} AND m.scheduled_start <= ${now} ${meetingTeam}
        GROUP BY m.id
      ) held
      GROUP BY month ORDER BY month`,
    db.$queryRaw<{ month: string; invited: number; attended: number }[]>`
      SELECT to_char(m.scheduled_start AT TIME ZONE 'Europe/London', 'YYYY-MM') AS month,
        count(*)::int AS invited,
        count(i.attended_at)::int AS attended
      FROM meeting_invitation i JOIN strategy_meeting m ON m.id = i.meeting_id
      WHERE ${inPeriod(Prisma.sql`m.scheduled_start`)} AND m.scheduled_start <= ${now} ${orEmpty(agency, Prisma.sql`AND i.agency_id = ${agency}::uuid`)} ${meetingTeam}
      GROUP BY 1 ORDER BY 1`,
    // Minutes are measured from the meeting's actual end to circulation; a meeting counts once its
    // minutes are out or overdue (one still within its working day is neither in time nor late yet).
    db.$queryRaw<{ meetings: number; late: number; avgWorkingDays: number | null; closed: number; minutesInTime: number }[]>`
      SELECT count(*)::int AS meetings,
        count(*) FILTER (WHERE ${HELD_LATE(now)})::int AS late,
        avg(concord_working_days(m.decision_at, coalesce(m.started_at, m.scheduled_start)))::float AS "avgWorkingDays",
        count(*) FILTER (WHERE m.ended_at IS NOT NULL AND (m.minutes_circulated_at IS NOT NULL OR concord_working_days(m.ended_at, ${now}) > 1))::int AS closed,
        count(*) FILTER (WHERE m.ended_at IS NOT NULL AND m.minutes_circulated_at IS NOT NULL AND concord_working_days(m.ended_at, m.minutes_circulated_at) <= 1)::int AS "minutesInTime"
      FROM strategy_meeting m
      WHERE ${inPeriod(Prisma.sql`m.scheduled_start`)} ${meetingTeam}`,
    db.$queryRaw<{ days: number; meetings: number }[]>`
      SELECT least(concord_working_days(m.decision_at, coalesce(m.started_at, m.scheduled_start)), 4)::int AS days, count(*)::int AS meetings
      FROM strategy_meeting m
      WHERE ${inPeriod(Prisma.sql`m.scheduled_start`)} ${meetingTeam}
      GROUP BY 1 ORDER BY 1`,
    db.$queryRaw<{ contacts: number; decided: number; inTime: number }[]>`
      SELECT count(*)::int AS contacts, count(f.decided_at)::int AS decided, count(*) FILTER (WHERE f.decided_at <= c.decision_due_at)::int AS "inTime"
      FROM contact c
      LEFT JOIN LATERAL (SELECT min(d.decided_at) AS decided_at FROM threshold_decision d WHERE d.contact_id = c.id) f ON true
      WHERE ${inPeriod(Prisma.sql`c.received_at`)} ${orEmpty(agency, Prisma.sql`AND c.source_agency_id = ${agency}::uuid`)} ${contactTeam}`,
    db.$queryRaw<{ agencyId: string; agencyName: string; contacts: number; level1: number; level2: number; level3: number; level4: number; undecided: number }[]>`
      SELECT a.id AS "agencyId", a.name AS "agencyName", count(c.id)::int AS contacts,
        count(*) FILTER (WHERE d.level_applied = 1)::int AS level1,
        count(*) FILTER (WHERE d.level_applied = 2)::int AS level2,
        count(*) FILTER (WHERE d.level_applied = 3)::int AS level3,
        count(*) FILTER (WHERE d.level_applied = 4)::int AS level4,
        count(*) FILTER (WHERE c.id IS NOT NULL AND d.id IS NULL)::int AS undecided
      FROM agency a
      LEFT JOIN contact c ON c.source_agency_id = a.id AND ${inPeriod(Prisma.sql`c.received_at`)} ${contactTeam}
      LEFT JOIN threshold_decision d ON d.id = c.current_decision_id
      WHERE a.kind <> 'PARTNERSHIP'
      GROUP BY a.id, a.name, a.kind
      ORDER BY a.kind, a.name`,
    db.$queryRaw<{ closures: number; disputed: number }[]>`
      SELECT count(*)::int AS closures, count(*) FILTER (WHERE EXISTS (SELECT 1 FROM disagreement g WHERE g.contact_id = c.id))::int AS disputed
      FROM contact c
      JOIN LATERAL (SELECT d.outcome FROM threshold_decision d WHERE d.contact_id = c.id ORDER BY d.decided_at LIMIT 1) first ON true
      WHERE ${inPeriod(Prisma.sql`c.received_at`)} AND first.outcome::text IN ${CLOSING} ${orEmpty(agency, Prisma.sql`AND c.source_agency_id = ${agency}::uuid`)} ${contactTeam}`,
    db.$queryRaw<{ raised: number; open: number; resolved: number }[]>`
      SELECT count(*)::int AS raised, count(*) FILTER (WHERE g.status = 'OPEN')::int AS open, count(*) FILTER (WHERE g.status = 'RESOLVED')::int AS resolved
      FROM disagreement g WHERE ${inPeriod(Prisma.sql`g.raised_at`)} ${disagreementAgency}`,
    db.$queryRaw<{ raisingAgency: string; receivingAgency: string; disagreements: number }[]>`
      SELECT ra.name AS "raisingAgency", rc.name AS "receivingAgency", count(*)::int AS disagreements
      FROM disagreement g JOIN agency ra ON ra.id = g.raising_agency_id JOIN agency rc ON rc.id = g.receiving_agency_id
      WHERE ${inPeriod(Prisma.sql`g.raised_at`)} ${disagreementAgency}
      GROUP BY ra.name, rc.name ORDER BY 3 DESC, 1, 2`,
    db.$queryRaw<{ subject: string; disagreements: number }[]>`
      SELECT g.subject::text AS subject, count(*)::int AS disagreements FROM disagreement g
      WHERE ${inPeriod(Prisma.sql`g.raised_at`)} ${disagreementAgency}
      GROUP BY 1 ORDER BY 2 DESC, 1`,
    db.$queryRaw<{ stage: number; disagreements: number }[]>`
      SELECT g.stage, count(*)::int AS disagreements FROM disagreement g
      WHERE ${inPeriod(Prisma.sql`g.raised_at`)} ${disagreementAgency}
      GROUP BY 1 ORDER BY 1`,
    db.$queryRaw<{ outcome: string; disagreements: number }[]>`
      SELECT coalesce(g.outcome::text, 'OPEN') AS outcome, count(*)::int AS disagreements FROM disagreement g
      WHERE ${inPeriod(Prisma.sql`g.raised_at`)} ${disagreementAgency}
      GROUP BY 1 ORDER BY 2 DESC, 1`,
    db.$queryRaw<{ stage: number; completed: number; avgWorkingDays: number | null }[]>`
      WITH marks AS (
        SELECT e.stage, e.type, e.occurred_at, lead(e.occurred_at) OVER (PARTITION BY e.disagreement_id ORDER BY e.seq) AS ended_at
        FROM disagreement_event e JOIN disagreement g ON g.id = e.disagreement_id
        WHERE e.type IN ('raised', 'escalated', 'resolved') AND ${inPeriod(Prisma.sql`g.raised_at`)}
          ${disagreementAgency}
      )
      SELECT stage, count(*)::int AS completed, avg(concord_working_days(occurred_at, ended_at))::float AS "avgWorkingDays"
      FROM marks WHERE type IN ('raised', 'escalated') AND ended_at IS NOT NULL
      GROUP BY stage ORDER BY stage`,
    db.$queryRaw<{ stage: number; breaches: number }[]>`
      SELECT e.stage, count(*)::int AS breaches FROM disagreement_event e JOIN disagreement g ON g.id = e.disagreement_id
      WHERE e.type = 'stage.overdue' AND ${inPeriod(Prisma.sql`g.raised_at`)} ${disagreementAgency}
      GROUP BY 1 ORDER BY 1`,
    db.$queryRaw<{ agencyName: string }[]>`
      SELECT a.name AS "agencyName" FROM agency a
      WHERE a.kind <> 'PARTNERSHIP' ${orEmpty(agency, Prisma.sql`AND a.id = ${agency}::uuid`)}
        AND NOT EXISTS (SELECT 1 FROM disagreement g WHERE g.raising_agency_id = a.id AND ${inPeriod(Prisma.sql`g.raised_at`)})
      ORDER BY a.kind, a.name`,
    db.$queryRaw<{ theme: string; disagreements: number }[]>`
      SELECT t.name AS theme, count(*)::int AS disagreements
      FROM disagreement_theme dt JOIN theme t ON t.id = dt.theme_id JOIN disagreement g ON g.id = dt.disagreement_id
      WHERE ${inPeriod(Prisma.sql`g.raised_at`)} ${disagreementAgency}
      GROUP BY 1 ORDER BY 2 DESC, 1`,
    db.$queryRaw<{ resolved: number; avgWorkingDays: number | null }[]>`
      SELECT count(*)::int AS resolved, avg(concord_working_days(g.raised_at, g.resolved_at))::float AS "avgWorkingDays"
      FROM disagreement g WHERE g.status = 'RESOLVED' AND ${inPeriod(Prisma.sql`g.raised_at`)} ${disagreementAgency}`,
    // Outcomes proposed by one side and what the other side did with them.
    db.$queryRaw<{ proposed: number; accepted: number; declined: number; lapsed: number; waiting: number }[]>`
      SELECT count(*)::int AS proposed, count(*) FILTER (WHERE p.status = 'ACCEPTED')::int AS accepted, count(*) FILTER (WHERE p.status = 'DECLINED')::int AS declined,
        count(*) FILTER (WHERE p.status = 'LAPSED')::int AS lapsed, count(*) FILTER (WHERE p.status = 'PENDING')::int AS waiting
      FROM disagreement_proposal p JOIN disagreement g ON g.id = p.disagreement_id
      WHERE ${inPeriod(Prisma.sql`g.raised_at`)} ${disagreementAgency}`,
    db.$queryRaw<{ resolution: string; disagreements: number }[]>`
      SELECT g.resolution::text AS resolution, count(*)::int AS disagreements FROM disagreement g
      WHERE g.status = 'RESOLVED' AND ${inPeriod(Prisma.sql`g.raised_at`)} ${disagreementAgency}
      GROUP BY 1 ORDER BY 1`,
  ]);

}


/** A run of whole days, months or years: [from, to) in UK dates, matching figure_count's grain. */
export interface BucketRange {
  grain: "d" | "m" | "y";
  from: string;
  to: string;
}

const monthStart = (date: string) => `${date.slice(0, 7)}-01`;
const nextMonth = (first: string) => {
  const [y, m] = first.split("-").map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, "0")}-01`;
};
const yearStart = (date: string) => `${date.slice(0, 4)}-01-01`;
const nextYear = (first: string) => `${Number(first.slice(0, 4)) + 1}-01-01`;

/**
 * Splits the UK dates [from, to) into the fewest whole years (with `coarsest` "y"), months and
 * days: at most one run of years, two of months and four of days, so a figure for any period
 * sums a few dozen rows per agency however long the period.
 */
export function bucketRanges(from: string, to: string, coarsest: "y" | "m" = "y"): BucketRange[] {
  if (from >= to) return [];
  if (coarsest === "y") {
    const y1 = from === yearStart(from) ? from : nextYear(yearStart(from));
    const y2 = yearStart(to);
    if (y1 < y2) return [...bucketRanges(from, y1, "m"), { grain: "y", from: y1, to: y2 }, ...bucketRanges(y2, to, "m")];
    return bucketRanges(from, to, "m");
  }
  const m1 = from === monthStart(from) ? from : nextMonth(monthStart(from));
  const m2 = monthStart(to);
  if (m1 >= m2) return [{ grain: "d", from, to }];
  const ranges: BucketRange[] = [];
  if (from < m1) ranges.push({ grain: "d", from, to: m1 });
  ranges.push({ grain: "m", from: m1, to: m2 });
  if (m2 < to) ranges.push({ grain: "d", from: m2, to });
  return ranges;
}

/**
 * figure_count rows of one family's measures in the given runs of days, months and years, as a
 * table to select from: one range scan of figure_count_read_idx per run (it holds every column
 * a figure sums, so the rows come from the index alone).
 */
function summaryRows(family: string, ranges: BucketRange[], measures: string[]) {
  const runs = ranges.map(
    (r) => Prisma.sql`SELECT f.day, f.agency_id, f.other_agency_id, f.measure, f.label, f.n FROM figure_count f
      WHERE f.family = ${family} AND f.measure IN (${Prisma.join(measures)}) AND f.grain = ${r.grain} AND f.day >= ${r.from}::date AND f.day < ${r.to}::date`,
  );
  return Prisma.sql`(${runs.length ? Prisma.join(runs, " UNION ALL ") : Prisma.sql`SELECT NULL::date AS day, NULL::uuid AS agency_id, NULL::uuid AS other_agency_id, NULL::text AS measure, NULL::text AS label, NULL::bigint AS n WHERE FALSE`})`;
}
const total = (measure: string) => Prisma.sql`coalesce(sum(f.n) FILTER (WHERE f.measure = ${measure}), 0)::int`;
/** A mean as avg() gives it: null with nothing to average (zero sums are not stored). */
const average = (sumMeasure: string, countMeasure: string) =>
  Prisma.sql`(coalesce(sum(f.n) FILTER (WHERE f.measure = ${sumMeasure}), 0)::numeric / nullif(sum(f.n) FILTER (WHERE f.measure = ${countMeasure}), 0)::numeric)::float`;

/** Brings figure_count up to date with the raw tables: recomputes the days changed since the last refresh. */
export async function refreshFigureSummaries(db: Services["db"]): Promise<number> {
  const [row] = await db.$queryRaw<{ days: number }[]>`SELECT concord_refresh_figures() AS days`;
  return row?.days ?? 0;
}

/**
 * Every figure summed from figure_count (docs/decisions/0031), with the same columns and order
 * as fromRawTables. Two figures depend on the time of reading, so their time-dependent part is
 * counted live from the raw table (a partial index each): meetings not started yet that are late
 * only because now is past their due-by time, and meetings whose minutes are overdue without
 * having gone out. "Held" meetings (the trend) are the summary's days before today plus today's
 * and later days counted live.
 */
async function fromSummaries({ db, now, p, agency, threshold, sort, dir }: FigureQuery) {
  await refreshFigureSummaries(db);
  const end = addCalendarDays(p.toDate, 1);
  const period = bucketRanges(p.fromDate, end);
  const today = londonDate(now);
  const heldEnd = end < today ? end : today;
  const heldMonths = bucketRanges(p.fromDate, heldEnd, "m");
  const liveFrom = p.fromDate > today ? p.fromDate : today;
  const live = liveFrom < end ? { from: fromLondon(liveFrom), to: p.to } : null;
  const byAgency = orEmpty(agency, Prisma.sql`AND f.agency_id = ${agency}::uuid`);
  const disagreementAgency = orEmpty(agency, Prisma.sql`AND (f.agency_id = ${agency}::uuid OR f.other_agency_id = ${agency}::uuid)`);
  // Without an agency filter, the partnership's totals: one row per measure and bucket.
  const dis = (...measures: string[]) => summaryRows(agency ? "disagreements" : "partnership", period, measures);
  const byMonth = <T extends { month: string }>(parts: T[][], add: (into: T, row: T) => void) => {
    const months = new Map<string, T>();
    for (const row of parts.flat()) {
      const seen = months.get(row.month);
      if (seen) add(seen, row);
      else months.set(row.month, { ...row });
    }
    return [...months.values()].sort((a, b) => (a.month < b.month ? -1 : a.month > b.month ? 1 : 0));
  };
  type CoreMonth = { month: string; meetings: number; withAllCore: number };
  type TrendMonth = { month: string; invited: number; attended: number };

  const [attendanceRows, coreSummary, coreLive, trendSummary, trendLive, timelinessSummary, timelinessLive, distribution, frontDoor, contactRows, closures, disagreementTotals, pairs, subjects, stagesReached, outcomes, stageDurations, breaches, neverRaised, themes, toResolution, proposals, resolutions] = await Promise.all([
    db.$queryRaw<{ agencyId: string; agencyName: string; kind: string; invited: number; attended: number; apologies: number; delegates: number; written: number; noResponse: number; attendanceRate: number | null; belowThreshold: boolean }[]>`
      WITH per_agency AS (
        SELECT a.id AS "agencyId", a.name AS "agencyName", a.kind::text AS kind,
          ${total("invited")} AS invited, ${total("attended")} AS attended, ${total("apologies")} AS apologies,
          ${total("delegates")} AS delegates, ${total("written")} AS written, ${total("noResponse")} AS "noResponse"
        FROM agency a LEFT JOIN ${summaryRows("attendance", period, ["invited", "attended", "apologies", "delegates", "written", "noResponse"])} f ON f.agency_id = a.id
        WHERE a.kind <> 'PARTNERSHIP'
        GROUP BY a.id, a.name, a.kind
      )
      SELECT *,
        (round(1000.0 * attended / nullif(invited, 0)) / 10)::float AS "attendanceRate",
        (invited > 0 AND attended * 100 < ${threshold}::int * invited) AS "belowThreshold"
      FROM per_agency
      ORDER BY ${ATTENDANCE_ORDER[sort]} ${dir} NULLS LAST, "agencyName"`,
    db.$queryRaw<CoreMonth[]>`
      SELECT to_char(f.day, 'YYYY-MM') AS month, ${total("meetings")} AS meetings, ${total("allCore")} AS "withAllCore"
      FROM ${summaryRows("meetings", heldMonths, ["meetings", "allCore"])} f WHERE TRUE
      GROUP BY 1 HAVING sum(f.n) FILTER (WHERE f.measure = 'meetings') > 0`,
    live
      ? db.$queryRaw<CoreMonth[]>`
      SELECT month, count(*)::int AS meetings, count(*) FILTER (WHERE core = 3)::int AS "withAllCore"
      FROM (
        SELECT m.id, to_char(m.scheduled_start AT TIME ZONE 'Europe/London', 'YYYY-MM') AS month,
               count(DISTINCT ag.kind) FILTER (WHERE ag.kind IN ${CORE_KINDS}) AS core
        FROM strategy_meeting m
        LEFT JOIN meeting_attendance a ON a.meeting_id = m.id
        LEFT JOIN agency ag ON ag.id = a.agency_id
        WHERE m.scheduled_start >= ${live.from} AND m.scheduled_start < ${live.to} AND m.scheduled_start <= ${now}
        GROUP BY m.id
      ) held
      GROUP BY month`
      : [],
    agency
      ? db.$queryRaw<TrendMonth[]>`
      SELECT to_char(f.day, 'YYYY-MM') AS month, ${total("invited")} AS invited, ${total("attended")} AS attended
      FROM ${summaryRows("attendance", heldMonths, ["invited", "attended"])} f WHERE TRUE AND f.agency_id = ${agency}::uuid
      GROUP BY 1 HAVING sum(f.n) FILTER (WHERE f.measure = 'invited') > 0`
      : db.$queryRaw<TrendMonth[]>`
      SELECT to_char(f.day, 'YYYY-MM') AS month, ${total("invited")} AS invited, ${total("attended")} AS attended
      FROM ${summaryRows("meetings", heldMonths, ["invited", "attended"])} f WHERE TRUE
      GROUP BY 1 HAVING sum(f.n) FILTER (WHERE f.measure = 'invited') > 0`,
    live
      ? db.$queryRaw<TrendMonth[]>`
      SELECT to_char(m.scheduled_start AT TIME ZONE 'Europe/London', 'YYYY-MM') AS month, count(*)::int AS invited, count(i.attended_at)::int AS attended
      FROM meeting_invitation i JOIN strategy_meeting m ON m.id = i.meeting_id
      WHERE m.scheduled_start >= ${live.from} AND m.scheduled_start < ${live.to} AND m.scheduled_start <= ${now} ${orEmpty(agency, Prisma.sql`AND i.agency_id = ${agency}::uuid`)}
      GROUP BY 1`
      : [],
    db.$queryRaw<{ meetings: number; late: number; avgWorkingDays: number | null; closed: number; minutesInTime: number }[]>`
      SELECT ${total("meetings")} AS meetings, ${total("late")} AS late, ${average("wdSum", "wdCount")} AS "avgWorkingDays",
        ${total("circulated")} AS closed, ${total("minutesInTime")} AS "minutesInTime"
      FROM ${summaryRows("meetings", period, ["meetings", "late", "wdSum", "wdCount", "circulated", "minutesInTime"])} f WHERE TRUE`,
    db.$queryRaw<{ late: number; closed: number }[]>`
      SELECT
        (SELECT count(*) FROM strategy_meeting m WHERE m.started_at IS NULL AND m.scheduled_start >= ${p.from} AND m.scheduled_start < ${p.to}
           AND m.scheduled_start <= m.due_by AND ${now}::timestamptz > m.due_by)::int AS late,
        (SELECT count(*) FROM strategy_meeting m WHERE m.ended_at IS NOT NULL AND m.minutes_circulated_at IS NULL AND m.scheduled_start >= ${p.from} AND m.scheduled_start < ${p.to}
           AND concord_working_days(m.ended_at, ${now}) > 1)::int AS closed`,
    db.$queryRaw<{ days: number; meetings: number }[]>`
      SELECT f.label::int AS days, sum(f.n)::int AS meetings
      FROM ${summaryRows("meetings", period, ["wdBucket"])} f WHERE TRUE
      GROUP BY f.label ORDER BY 1`,
    db.$queryRaw<{ contacts: number; decided: number; inTime: number }[]>`
      SELECT ${total("contacts")} AS contacts, ${total("decided")} AS decided, ${total("inTime")} AS "inTime"
      FROM ${summaryRows(agency ? "contacts" : "partnership", period, ["contacts", "decided", "inTime"])} f WHERE TRUE ${byAgency}`,
    db.$queryRaw<{ agencyId: string; agencyName: string; contacts: number; level1: number; level2: number; level3: number; level4: number; undecided: number }[]>`
      SELECT a.id AS "agencyId", a.name AS "agencyName", ${total("contacts")} AS contacts,
        ${total("level1")} AS level1, ${total("level2")} AS level2, ${total("level3")} AS level3, ${total("level4")} AS level4, ${total("undecided")} AS undecided
      FROM agency a LEFT JOIN ${summaryRows("contacts", period, ["contacts", "level1", "level2", "level3", "level4", "undecided"])} f ON f.agency_id = a.id
      WHERE a.kind <> 'PARTNERSHIP'
      GROUP BY a.id, a.name, a.kind
      ORDER BY a.kind, a.name`,
    db.$queryRaw<{ closures: number; disputed: number }[]>`
      SELECT ${total("closures")} AS closures, ${total("disputed")} AS disputed
      FROM ${summaryRows(agency ? "contacts" : "partnership", period, ["closures", "disputed"])} f WHERE TRUE ${byAgency}`,
    db.$queryRaw<{ raised: number; open: number; resolved: number }[]>`
      SELECT ${total("raised")} AS raised, ${total("open")} AS open, ${total("resolved")} AS resolved
      FROM ${dis("raised", "open", "resolved")} f WHERE TRUE ${disagreementAgency}`,
    db.$queryRaw<{ raisingAgency: string; receivingAgency: string; disagreements: number }[]>`
      SELECT ra.name AS "raisingAgency", rc.name AS "receivingAgency", sum(f.n)::int AS disagreements
      FROM ${summaryRows("disagreements", period, ["raised"])} f JOIN agency ra ON ra.id = f.agency_id JOIN agency rc ON rc.id = f.other_agency_id
      WHERE TRUE ${disagreementAgency}
      GROUP BY ra.name, rc.name ORDER BY 3 DESC, 1, 2`,
    db.$queryRaw<{ subject: string; disagreements: number }[]>`
      SELECT f.label AS subject, sum(f.n)::int AS disagreements FROM ${dis("subject")} f
      WHERE TRUE ${disagreementAgency}
      GROUP BY 1 ORDER BY 2 DESC, 1`,
    db.$queryRaw<{ stage: number; disagreements: number }[]>`
      SELECT f.label::int AS stage, sum(f.n)::int AS disagreements FROM ${dis("stage")} f
      WHERE TRUE ${disagreementAgency}
      GROUP BY f.label ORDER BY 1`,
    db.$queryRaw<{ outcome: string; disagreements: number }[]>`
      SELECT f.label AS outcome, sum(f.n)::int AS disagreements FROM ${dis("outcome")} f
      WHERE TRUE ${disagreementAgency}
      GROUP BY 1 ORDER BY 2 DESC, 1`,
    db.$queryRaw<{ stage: number; completed: number; avgWorkingDays: number | null }[]>`
      SELECT f.label::int AS stage, ${total("stageDone")} AS completed, ${average("stageWdSum", "stageWdCount")} AS "avgWorkingDays"
      FROM ${dis("stageDone", "stageWdSum", "stageWdCount")} f WHERE TRUE ${disagreementAgency}
      GROUP BY f.label ORDER BY 1`,
    db.$queryRaw<{ stage: number; breaches: number }[]>`
      SELECT f.label::int AS stage, sum(f.n)::int AS breaches FROM ${dis("breach")} f
      WHERE TRUE ${disagreementAgency}
      GROUP BY f.label ORDER BY 1`,
    db.$queryRaw<{ agencyName: string }[]>`
      SELECT a.name AS "agencyName" FROM agency a LEFT JOIN (SELECT DISTINCT f.agency_id FROM ${summaryRows("disagreements", period, ["raised"])} f) raised ON raised.agency_id = a.id
      WHERE a.kind <> 'PARTNERSHIP' ${orEmpty(agency, Prisma.sql`AND a.id = ${agency}::uuid`)} AND raised.agency_id IS NULL
      ORDER BY a.kind, a.name`,
    db.$queryRaw<{ theme: string; disagreements: number }[]>`
      SELECT t.name AS theme, sum(f.n)::int AS disagreements
      FROM ${dis("theme")} f JOIN theme t ON t.id = f.label::uuid
      WHERE TRUE ${disagreementAgency}
      GROUP BY 1 ORDER BY 2 DESC, 1`,
    db.$queryRaw<{ resolved: number; avgWorkingDays: number | null }[]>`
      SELECT ${total("resolved")} AS resolved, ${average("resolvedWdSum", "resolvedWdCount")} AS "avgWorkingDays"
      FROM ${dis("resolved", "resolvedWdSum", "resolvedWdCount")} f WHERE TRUE ${disagreementAgency}`,
    db.$queryRaw<{ proposed: number; accepted: number; declined: number; lapsed: number; waiting: number }[]>`
      SELECT coalesce(sum(f.n), 0)::int AS proposed,
        coalesce(sum(f.n) FILTER (WHERE f.label = 'ACCEPTED'), 0)::int AS accepted, coalesce(sum(f.n) FILTER (WHERE f.label = 'DECLINED'), 0)::int AS declined,
        coalesce(sum(f.n) FILTER (WHERE f.label = 'LAPSED'), 0)::int AS lapsed, coalesce(sum(f.n) FILTER (WHERE f.label = 'PENDING'), 0)::int AS waiting
      FROM ${dis("proposal")} f WHERE TRUE ${disagreementAgency}`,
    db.$queryRaw<{ resolution: string; disagreements: number }[]>`
      SELECT f.label AS resolution, sum(f.n)::int AS disagreements FROM ${dis("resolution")} f
      WHERE TRUE ${disagreementAgency}
      GROUP BY 1 ORDER BY 1`,
  ]);
  const coreByMonth = byMonth<CoreMonth>([coreSummary, coreLive], (into, row) => {
    into.meetings += row.meetings;
    into.withAllCore += row.withAllCore;
  });
  const attendanceTrend = byMonth<TrendMonth>([trendSummary, trendLive], (into, row) => {
    into.invited += row.invited;
    into.attended += row.attended;
  });
  const s = timelinessSummary[0]!;
  const l = timelinessLive[0]!;
  const timeliness = [{ ...s, late: s.late + l.late, closed: s.closed + l.closed }];
  return [attendanceRows, coreByMonth, attendanceTrend, timeliness, distribution, frontDoor, contactRows, closures, disagreementTotals, pairs, subjects, stagesReached, outcomes, stageDurations, breaches, neverRaised, themes, toResolution, proposals, resolutions] as const;
}

export const MEETING_MEASURES = ["invited", "attended", "apologies", "delegates", "written", "noResponse", "late", "allCore", "notAllCore"] as const;
export const meetingsBehindInputSchema = z.object({
  from: calendarDate("Enter the start of the period as a real date from 1900 to 2100, like 2026-01-01").optional(),
  to: calendarDate("Enter the end of the period as a real date from 1900 to 2100, like 2026-12-31").optional(),
  agencyId: z.uuid({ error: "Choose an agency" }).optional(),
  team: optionalFreeText("the team", 60, "Team must be 60 characters or fewer"),
  measure: z.enum(MEETING_MEASURES, { error: "Choose a figure" }),
});

/** The meetings behind a figure: dates and agencies, never the child's case reference. The list is audited. */
export async function meetingsBehind(services: Services, actor: Actor, input: z.input<typeof meetingsBehindInputSchema>, meta: { requestId?: string } = {}) {
  const data = meetingsBehindInputSchema.parse(input);
  const scope = figuresScope(actor, data.agencyId);
  const now = services.clock.now();
  const p = periodOf(data, now);
  const agency = scope.agencyId;
  const needsAgency = ["invited", "attended", "apologies", "delegates", "written", "noResponse"].includes(data.measure);
  if (needsAgency && !agency) throw forbidden("Choose an agency to see the meetings behind its figures.");
  const lastKind = Prisma.sql`i.current_response::text`;
  const attended = Prisma.sql`i.attended_at IS NOT NULL`;
  const core = Prisma.sql`(SELECT count(DISTINCT ag.kind) FROM meeting_attendance a JOIN agency ag ON ag.id = a.agency_id WHERE a.meeting_id = m.id AND ag.kind IN ${CORE_KINDS})`;
  const condition = {
    invited: Prisma.sql`TRUE`,
    attended,
    apologies: Prisma.sql`${lastKind} = 'APOLOGIES' AND NOT ${attended}`,
    delegates: Prisma.sql`${lastKind} = 'DELEGATE'`,
    written: Prisma.sql`${lastKind} = 'WRITTEN_CONTRIBUTION'`,
    noResponse: Prisma.sql`${lastKind} IS NULL AND NOT ${attended} AND NOT i.convening`,
    late: HELD_LATE(now),
    allCore: Prisma.sql`m.scheduled_start <= ${now} AND ${core} = 3`,
    notAllCore: Prisma.sql`m.scheduled_start <= ${now} AND ${core} < 3`,
  }[data.measure];
  const team = data.team ? Prisma.sql`AND EXISTS (SELECT 1 FROM app_user u WHERE u.id = m.convened_by_id AND u.team = ${data.team})` : Prisma.empty;
  // A list of meetings names them (date, urgency, agencies): a manager sees only the meetings
  // their own agency was invited to; the partnership-wide totals stay in the figures.
  const invitedOnly = scope.all ? Prisma.empty : Prisma.sql`AND EXISTS (SELECT 1 FROM meeting_invitation own WHERE own.meeting_id = m.id AND own.agency_id = ${actor.agencyId}::uuid)`;
  const rows = await services.db.$queryRaw<{ id: string; scheduledStart: Date; urgency: string; status: string; late: boolean; agencies: string[]; agencyIds: string[] }[]>`
    SELECT m.id, m.scheduled_start AS "scheduledStart", m.urgency::text AS urgency, m.status::text AS status, ${HELD_LATE(now)} AS late,
      (SELECT array_agg(ag.name ORDER BY ag.name) FROM meeting_invitation mi JOIN agency ag ON ag.id = mi.agency_id WHERE mi.meeting_id = m.id) AS agencies,
      (SELECT array_agg(mi.agency_id::text) FROM meeting_invitation mi WHERE mi.meeting_id = m.id) AS "agencyIds"
    FROM strategy_meeting m
    ${needsAgency ? Prisma.sql`JOIN meeting_invitation i ON i.meeting_id = m.id AND i.agency_id = ${agency}::uuid` : Prisma.empty}
    WHERE m.scheduled_start >= ${p.from} AND m.scheduled_start < ${p.to} AND ${condition} ${team} ${invitedOnly}
    ORDER BY m.scheduled_start DESC
    LIMIT 500`;
  await services.db.$transaction((tx) => recordAudit(tx, actor, { action: "figures.meetings_behind", entityType: "meeting", detail: { measure: data.measure, meetingIds: rows.map((r) => r.id) } }, meta.requestId));
  return rows.map((r) => ({
    id: r.id,
    scheduledStart: r.scheduledStart.toISOString(),
    urgency: r.urgency,
    status: r.status,
    late: r.late,
    agencies: r.agencies ?? [],
    canOpen: canSeeMeeting(actor, r.agencyIds ?? []),
  }));
}

/** The filters the dashboard can offer this person. */
export async function figuresOptions(services: Services, actor: Actor) {
  const scope = figuresScope(actor);
  const agencies = await services.db.agency.findMany({ where: { kind: { not: "PARTNERSHIP" }, ...(scope.all ? {} : { id: scope.agencyId }) }, orderBy: [{ kind: "asc" }, { name: "asc" }], select: { id: true, name: true } });
  return { all: scope.all, agencies, teams: figuresAbilities(actor).filterByCouncilTeam ? await councilTeams(services) : [] };
}

export async function councilTeams(services: Services) {
  const rows = await services.db.user.findMany({ where: { team: { not: null }, agency: { kind: "CHILDRENS_SOCIAL_CARE" } }, distinct: ["team"], select: { team: true }, orderBy: { team: "asc" } });
  return rows.map((r) => r.team!);
}
