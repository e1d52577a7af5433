// The joint audit's figures (issue 17 item 5, decision 0040), computed by the database: per round
// and over the rounds whose audited period ends in the chosen period.
// - "Judged right": of the sampled decisions moderation agreed answers for, how many had the right
//   threshold level, a safe outcome, and both. Unmoderated items count nowhere but "sampled".
// - Closures judged unsafe: of the moderated closures (no further action, advice and information,
//   step down to early help), how many moderation judged unsafe (the inspectors' 10%).
// - Agreement between agencies: of the sampled contacts every taking-part agency graded, in rounds
//   past grading (before that the grades are hidden and may still change), how many had every
//   agency giving the same answer to each question, and to all three.
// Every share comes with its counts; a share of nothing is null ("none"), never 0% or 100%.
import { z } from "zod";
import { Prisma } from "../../db/generated/client";
import type { Services } from "../services";
import type { Actor } from "../access/actor";
import { assertCanReadAuditFigures } from "../access/policy";
import { calendarDate } from "../validation";
import { periodOf, PERIOD_ORDER_MESSAGE } from "./figures";

export const auditFiguresInputSchema = z
  .object({
    from: calendarDate("Enter the start of the period as a real date from 1900 to 2100, like 2026-01-01").optional(),
    to: calendarDate("Enter the end of the period as a real date from 1900 to 2100, like 2026-12-31").optional(),
    /** One round only. */
    roundId: z.uuid({ error: "Choose an audit round" }).optional(),
  })
  .refine((v) => !v.from || !v.to || v.from <= v.to, { path: ["to"], message: PERIOD_ORDER_MESSAGE })
  .default({});
export type AuditFiguresInput = z.input<typeof auditFiguresInputSchema>;

const CLOSING = Prisma.sql`('NO_FURTHER_ACTION','ADVICE_AND_INFORMATION','STEP_DOWN_EARLY_HELP')`;
const pct = (part: number, whole: number) => (whole > 0 ? Math.round((1000 * part) / whole) / 10 : null);

interface Judged {
  moderated: number;
  levelRight: number;
  outcomeSafe: number;
  judgedRight: number;
  rationaleRecorded: number;
}
interface RoundRow extends Judged {
  roundId: string | null;
  title: string | null;
  state: "GRADING" | "MODERATION" | "CLOSED" | null;
  periodStart: Date | null;
  periodEnd: Date | null;
  rounds: number;
  sampled: number;
  closures: number;
  closuresUnsafe: number;
  compared: number;
  levelAgreed: number;
  outcomeAgreed: number;
  rationaleAgreed: number;
  allAgreed: number;
}

const judgedShares = (r: Judged) => ({
  moderated: r.moderated,
  levelRight: r.levelRight,
  levelRightPercent: pct(r.levelRight, r.moderated),
  outcomeSafe: r.outcomeSafe,
  outcomeSafePercent: pct(r.outcomeSafe, r.moderated),
  judgedRight: r.judgedRight,
  judgedRightPercent: pct(r.judgedRight, r.moderated),
  rationaleRecorded: r.rationaleRecorded,
  rationaleRecordedPercent: pct(r.rationaleRecorded, r.moderated),
});

const roundShares = (r: RoundRow) => ({
  sampled: r.sampled,
  ...judgedShares(r),
  closures: r.closures,
  closuresUnsafe: r.closuresUnsafe,
  closuresUnsafePercent: pct(r.closuresUnsafe, r.closures),
  agreement: {
    compared: r.compared,
    levelAgreed: r.levelAgreed,
    levelAgreedPercent: pct(r.levelAgreed, r.compared),
    outcomeAgreed: r.outcomeAgreed,
    outcomeAgreedPercent: pct(r.outcomeAgreed, r.compared),
    rationaleAgreed: r.rationaleAgreed,
    rationaleAgreedPercent: pct(r.rationaleAgreed, r.compared),
    allAgreed: r.allAgreed,
    allAgreedPercent: pct(r.allAgreed, r.compared),
  },
});

const londonDay = (d: Date) => d.toISOString().slice(0, 10);

export async function auditFigures(services: Services, actor: Actor, input: AuditFiguresInput = {}) {
  assertCanReadAuditFigures(actor);
  const filters = auditFiguresInputSchema.parse(input);
  const p = periodOf(filters, services.clock.now());
  const db = services.db;
  const oneRound = filters.roundId ? Prisma.sql`AND r.id = ${filters.roundId}::uuid` : Prisma.empty;
  // The rounds in the period, their sampled items with the graded decision, and per item whether
  // every taking-part agency graded it alike (only rounds past grading, only fully graded items).
  const base = Prisma.sql`
    rounds AS (
      SELECT r.id, r.title, r.state, r.period_start, r.period_end FROM audit_round r
      WHERE r.period_end >= ${p.fromDate}::date AND r.period_end <= ${p.toDate}::date ${oneRound}
    ),
    items AS (
      SELECT i.id, i.round_id, c.source_agency_id, d.outcome::text AS outcome, d.outcome IN ${CLOSING} AS closure,
        i.moderated_at IS NOT NULL AS moderated, i.agreed_level_right AS lr, i.agreed_outcome_safe AS os, i.agreed_rationale_recorded AS rr
      FROM audit_item i JOIN rounds ON rounds.id = i.round_id
      JOIN threshold_decision d ON d.id = i.decision_id
      JOIN contact c ON c.id = i.contact_id
    ),
    agreement AS (
      SELECT g.item_id,
        bool_and(g.level_right) = bool_or(g.level_right) AS level_agreed,
        bool_and(g.outcome_safe) = bool_or(g.outcome_safe) AS outcome_agreed,
        bool_and(g.rationale_recorded) = bool_or(g.rationale_recorded) AS rationale_agreed
      FROM audit_grade g JOIN rounds ON rounds.id = g.round_id
      WHERE rounds.state <> 'GRADING'
      GROUP BY g.item_id, g.round_id
      HAVING count(*) >= 2 AND count(*) = (SELECT count(*) FROM audit_round_agency ra WHERE ra.round_id = g.round_id)
    )`;
  const judged = Prisma.sql`
    count(*) FILTER (WHERE it.moderated)::int AS moderated,
    count(*) FILTER (WHERE it.moderated AND it.lr)::int AS "levelRight",
    count(*) FILTER (WHERE it.moderated AND it.os)::int AS "outcomeSafe",
    count(*) FILTER (WHERE it.moderated AND it.lr AND it.os)::int AS "judgedRight",
    count(*) FILTER (WHERE it.moderated AND it.rr)::int AS "rationaleRecorded"`;
  const [roundRows, outcomeRows, agencyRows] = await Promise.all([
    db.$queryRaw<RoundRow[]>`
      WITH ${base}
      SELECT r.id AS "roundId", r.title, r.state::text AS state, r.period_start AS "periodStart", r.period_end AS "periodEnd",
        count(DISTINCT r.id)::int AS rounds, count(it.id)::int AS sampled, ${judged},
        count(*) FILTER (WHERE it.moderated AND it.closure)::int AS closures,
        count(*) FILTER (WHERE it.moderated AND it.closure AND NOT it.os)::int AS "closuresUnsafe",
        count(ag.item_id)::int AS compared,
        count(*) FILTER (WHERE ag.level_agreed)::int AS "levelAgreed",
        count(*) FILTER (WHERE ag.outcome_agreed)::int AS "outcomeAgreed",
        count(*) FILTER (WHERE ag.rationale_agreed)::int AS "rationaleAgreed",
        count(*) FILTER (WHERE ag.level_agreed AND ag.outcome_agreed AND ag.rationale_agreed)::int AS "allAgreed"
      FROM rounds r LEFT JOIN items it ON it.round_id = r.id LEFT JOIN agreement ag ON ag.item_id = it.id
      GROUP BY GROUPING SETS ((r.id, r.title, r.state, r.period_start, r.period_end), ())
      ORDER BY r.period_end DESC NULLS LAST, r.title`,
    db.$queryRaw<(Judged & { outcome: string })[]>`
      WITH ${base}
      SELECT it.outcome, ${judged} FROM items it WHERE it.moderated
      GROUP BY it.outcome ORDER BY 2 DESC, 1`,
    db.$queryRaw<(Judged & { agencyId: string; agencyName: string })[]>`
      WITH ${base}
      SELECT a.id AS "agencyId", a.name AS "agencyName", ${judged}
      FROM items it JOIN agency a ON a.id = it.source_agency_id WHERE it.moderated
      GROUP BY a.id, a.name, a.kind ORDER BY a.kind, a.name`,
  ]);
  // The grouping set () always answers, with zero rounds when there are none.
  const total = roundRows.find((r) => r.roundId === null)!;
  return {
    period: { from: p.fromDate, to: p.toDate },
    roundId: filters.roundId ?? null,
    rounds: total.rounds,
    totals: roundShares(total),
    byRound: roundRows
      .filter((r) => r.roundId !== null)
      .map((r) => ({ roundId: r.roundId!, title: r.title!, state: r.state!, periodStart: londonDay(r.periodStart!), periodEnd: londonDay(r.periodEnd!), ...roundShares(r) })),
    byOutcome: outcomeRows.map((r) => ({ outcome: r.outcome, ...judgedShares(r) })),
    bySourceAgency: agencyRows.map((r) => ({ agencyId: r.agencyId, agencyName: r.agencyName, ...judgedShares(r) })),
  };
}
export type AuditFigures = Awaited<ReturnType<typeof auditFigures>>;
