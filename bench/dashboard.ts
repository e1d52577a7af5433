// Dashboard benchmark: ten years of a large council's activity in PostgreSQL, the dashboard's
// figures computed by Concord (server/domain/figures) against a hand-written SQL baseline for
// the same figures, on the whole ten years and on the latest half. Reports ratios, measured in
// the same run on the same machine. Run: npm run bench:dashboard  (needs PostgreSQL:
// BENCH_DATABASE_URL or DATABASE_URL, default postgresql://postgres@127.0.0.1:5432/postgres).
import pg from "pg";
import { performance } from "node:perf_hooks";
import { openDatabase } from "../server/db/connect";
import { seedDemoData } from "../prisma/seed";
import { generateActivity, LARGE_COUNCIL } from "../server/db/generate-activity";
import { buildServices } from "../server/services";
import { loadActor } from "../server/domain/access/actor";
import { partnershipFigures, refreshFigureSummaries } from "../server/domain/figures/figures";

const serverUrl = process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const UNTIL = new Date("2026-11-01T00:00:00Z");

/** Its own database (BENCH_DATABASE_NAME lets two benchmarks share a server). */
const benchDatabase = process.env.BENCH_DATABASE_NAME ?? "concord_bench";
const url = new URL(serverUrl);
url.pathname = `/${benchDatabase}`;
const benchUrl = url.toString();

async function prepare() {
  // BENCH_REUSE=1 measures again on the database a previous run generated (and brings it up to date).
  if (process.env.BENCH_REUSE === "1") return openDatabase({ databaseUrl: benchUrl, poolSize: 10 });
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${benchDatabase} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${benchDatabase}`);
  await admin.end();
  const database = await openDatabase({ databaseUrl: benchUrl, poolSize: 10 });
  await seedDemoData(database.db);
  const started = performance.now();
  await generateActivity(database.db, { ...LARGE_COUNCIL, until: UNTIL });
  console.log(`generated ten years of activity in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  // The maintained summaries (docs/decisions/0031) catch up with the generated rows once, as the
  // migration's backfill does for existing data; the dashboard reads them from then on.
  const refreshed = performance.now();
  const days = await refreshFigureSummaries(database.db);
  console.log(`summaries built for ${days} days in ${((performance.now() - refreshed) / 1000).toFixed(1)} s`);
  // As autovacuum would after a million new rows: the figures then read figure_count's index alone.
  await database.db.$executeRawUnsafe("VACUUM ANALYZE figure_count");
  return database;
}

/** The same figures, written by hand as plain SQL: the baseline Concord is compared with. */
const BASELINE: string[] = [
  // attendance by agency
  `SELECT i.agency_id, count(*) AS invited, count(i.attended_at) AS attended,
          count(*) FILTER (WHERE i.current_response = 'APOLOGIES') AS apologies, count(*) FILTER (WHERE i.current_response = 'DELEGATE') AS delegates,
          count(*) FILTER (WHERE i.current_response = 'WRITTEN_CONTRIBUTION') AS written, count(*) FILTER (WHERE i.current_response IS NULL) AS no_response
   FROM meeting_invitation i JOIN strategy_meeting m ON m.id = i.meeting_id
   WHERE m.scheduled_start >= $1 AND m.scheduled_start < $2 GROUP BY i.agency_id`,
  // meetings with all core agencies present, by month
  `SELECT date_trunc('month', m.scheduled_start), count(*), count(*) FILTER (WHERE k = 3) FROM (
     SELECT m.id, m.scheduled_start, (SELECT count(DISTINCT ag.kind) FROM meeting_attendance a JOIN agency ag ON ag.id = a.agency_id WHERE a.meeting_id = m.id AND ag.kind IN ('CHILDRENS_SOCIAL_CARE','POLICE','HEALTH')) AS k
     FROM strategy_meeting m WHERE m.scheduled_start >= $1 AND m.scheduled_start < $2) m GROUP BY 1`,
  // attendance rate by month
  `SELECT date_trunc('month', m.scheduled_start), count(*), count(i.attended_at) FROM meeting_invitation i JOIN strategy_meeting m ON m.id = i.meeting_id
   WHERE m.scheduled_start >= $1 AND m.scheduled_start < $2 GROUP BY 1`,
  // timeliness of meetings and minutes
  `SELECT count(*), count(*) FILTER (WHERE coalesce(started_at, greatest(scheduled_start, now())) > due_by), avg(concord_working_days(decision_at, coalesce(started_at, scheduled_start))),
          count(*) FILTER (WHERE ended_at IS NOT NULL AND (minutes_circulated_at IS NOT NULL OR concord_working_days(ended_at, now()) > 1)),
          count(*) FILTER (WHERE ended_at IS NOT NULL AND minutes_circulated_at IS NOT NULL AND concord_working_days(ended_at, minutes_circulated_at) <= 1)
   FROM strategy_meeting WHERE scheduled_start >= $1 AND scheduled_start < $2`,
  `SELECT least(concord_working_days(decision_at, scheduled_start), 4), count(*) FROM strategy_meeting WHERE scheduled_start >= $1 AND scheduled_start < $2 GROUP BY 1`,
  // front-door decisions in time
  `SELECT count(*), count(f.first), count(*) FILTER (WHERE f.first <= c.decision_due_at) FROM contact c
   LEFT JOIN (SELECT contact_id, min(decided_at) AS first FROM threshold_decision GROUP BY contact_id) f ON f.contact_id = c.id
   WHERE c.received_at >= $1 AND c.received_at < $2`,
  // contacts by agency and level
  `SELECT c.source_agency_id, d.level_applied, count(*) FROM contact c LEFT JOIN threshold_decision d ON d.id = c.current_decision_id
   WHERE c.received_at >= $1 AND c.received_at < $2 GROUP BY 1, 2`,
  // closures later disputed
  `SELECT count(*), count(g.contact_id) FROM (SELECT DISTINCT ON (contact_id) contact_id, outcome FROM threshold_decision ORDER BY contact_id, decided_at) f
   JOIN contact c ON c.id = f.contact_id LEFT JOIN (SELECT DISTINCT contact_id FROM disagreement) g ON g.contact_id = c.id
   WHERE c.received_at >= $1 AND c.received_at < $2 AND f.outcome IN ('NO_FURTHER_ACTION','ADVICE_AND_INFORMATION','STEP_DOWN_EARLY_HELP')`,
  // disagreements: totals, by agencies, subject, stage, outcome
  `SELECT count(*), count(*) FILTER (WHERE status = 'OPEN') FROM disagreement WHERE raised_at >= $1 AND raised_at < $2`,
  `SELECT raising_agency_id, receiving_agency_id, count(*) FROM disagreement WHERE raised_at >= $1 AND raised_at < $2 GROUP BY 1, 2`,
  `SELECT subject, count(*) FROM disagreement WHERE raised_at >= $1 AND raised_at < $2 GROUP BY 1`,
  `SELECT stage, count(*) FROM disagreement WHERE raised_at >= $1 AND raised_at < $2 GROUP BY 1`,
  `SELECT outcome, count(*) FROM disagreement WHERE raised_at >= $1 AND raised_at < $2 GROUP BY 1`,
  // working days per stage, to resolution, breaches, never raised, themes
  `SELECT e.stage, avg(concord_working_days(e.occurred_at, n.occurred_at)) FROM disagreement_event e
   JOIN disagreement_event n ON n.disagreement_id = e.disagreement_id AND n.seq = (SELECT min(seq) FROM disagreement_event x WHERE x.disagreement_id = e.disagreement_id AND x.seq > e.seq AND x.type IN ('escalated','resolved'))
   JOIN disagreement g ON g.id = e.disagreement_id WHERE e.type IN ('raised','escalated') AND g.raised_at >= $1 AND g.raised_at < $2 GROUP BY 1`,
  `SELECT avg(concord_working_days(raised_at, resolved_at)) FROM disagreement WHERE status = 'RESOLVED' AND raised_at >= $1 AND raised_at < $2`,
  `SELECT e.stage, count(*) FROM disagreement_event e JOIN disagreement g ON g.id = e.disagreement_id WHERE e.type = 'stage.overdue' AND g.raised_at >= $1 AND g.raised_at < $2 GROUP BY 1`,
  `SELECT a.name FROM agency a WHERE a.kind <> 'PARTNERSHIP' AND a.id NOT IN (SELECT raising_agency_id FROM disagreement WHERE raised_at >= $1 AND raised_at < $2)`,
  `SELECT t.name, count(*) FROM disagreement_theme dt JOIN theme t ON t.id = dt.theme_id JOIN disagreement g ON g.id = dt.disagreement_id WHERE g.raised_at >= $1 AND g.raised_at < $2 GROUP BY 1`,
  // proposals by what became of them; how resolved disagreements ended
  `SELECT p.status, count(*) FROM disagreement_proposal p JOIN disagreement g ON g.id = p.disagreement_id WHERE g.raised_at >= $1 AND g.raised_at < $2 GROUP BY 1`,
  `SELECT resolution, count(*) FROM disagreement WHERE status = 'RESOLVED' AND raised_at >= $1 AND raised_at < $2 GROUP BY 1`,
];

function median(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

async function time(label: string, fn: () => Promise<unknown>) {
  await fn(); // warm-up
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    await fn();
    samples.push(performance.now() - started);
  }
  const ms = median(samples);
  console.log(`  ${label.padEnd(44)} median ${ms.toFixed(1)} ms over ${RUNS} runs`);
  return ms;
}

async function main() {
  const database = await prepare();
  const counts = await database.db.$queryRawUnsafe<Record<string, number>[]>(
    `SELECT (SELECT count(*) FROM strategy_meeting)::int AS meetings, (SELECT count(*) FROM meeting_invitation)::int AS invitations,
            (SELECT count(*) FROM contact)::int AS contacts, (SELECT count(*) FROM disagreement)::int AS disagreements`,
  );
  console.log("rows:", counts[0]);
  const { services } = buildServices(database.db, { NODE_ENV: "production", SESSION_TTL_HOURS: 12, INVITATION_TTL_HOURS: 72, PUBLIC_URL: undefined });
  services.clock = { now: () => UNTIL };
  const chairUser = await database.db.user.findUniqueOrThrow({ where: { email: "chris.morgan@partnership.example.org" } });
  const chair = (await loadActor(database.db, chairUser.id))!;
  const baseline = new pg.Pool({ connectionString: benchUrl, max: 10 });

  const periods = {
    "ten years": { from: "2016-11-01", to: "2026-10-31" },
    "latest five years (half)": { from: "2021-11-01", to: "2026-10-31" },
  };
  const results: Record<string, { concord: number; baseline: number }> = {};
  for (const [name, period] of Object.entries(periods)) {
    console.log(`${name}:`);
    const from = new Date(`${period.from}T00:00:00Z`);
    const to = new Date(`${period.to}T23:59:59Z`);
    const concord = await time("Concord dashboard (all figures)", () => partnershipFigures(services, chair, period));
    const hand = await time("hand-written SQL baseline (same figures)", () => Promise.all(BASELINE.map((sql) => baseline.query(sql, [from, to]))));
    results[name] = { concord, baseline: hand };
  }
  // Ten years against half, alternately, so both meet the same load on a shared machine.
  const pairs = Number(process.env.BENCH_PAIRS ?? 21);
  const tenOverHalf: number[] = [];
  for (let i = 0; i < pairs; i++) {
    let started = performance.now();
    await partnershipFigures(services, chair, periods["ten years"]);
    const ten = performance.now() - started;
    started = performance.now();
    await partnershipFigures(services, chair, periods["latest five years (half)"]);
    tenOverHalf.push(ten / (performance.now() - started));
  }
  console.log(`  Concord ten years / half, alternating     median ${median(tenOverHalf).toFixed(2)} over ${pairs} pairs`);
  // After one change (an agency's answer to a meeting four years ago), the next read refreshes
  // that day, its month and its year before summing.
  const afterChange: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    await database.db.$executeRawUnsafe(
      `UPDATE meeting_invitation SET current_response = CASE WHEN current_response = 'APOLOGIES' THEN 'ATTENDING' ELSE 'APOLOGIES' END::"InvitationResponseKind"
       WHERE id = (SELECT i.id FROM meeting_invitation i JOIN strategy_meeting m ON m.id = i.meeting_id WHERE m.scheduled_start >= '2022-06-01' ORDER BY m.scheduled_start, i.id LIMIT 1)`,
    );
    const started = performance.now();
    await partnershipFigures(services, chair, periods["ten years"]);
    afterChange.push(performance.now() - started);
  }
  console.log(`  Concord dashboard, ten years, first read after a change   median ${median(afterChange).toFixed(1)} ms over ${RUNS} runs`);
  await baseline.end();
  await database.close();

  const full = results["ten years"]!;
  const half = results["latest five years (half)"]!;
  console.log("\nratios (lower is better; 1.00 = as fast as the hand-written baseline):");
  console.log(`  Concord / baseline, ten years:    ${(full.concord / full.baseline).toFixed(2)}`);
  console.log(`  Concord / baseline, half:         ${(half.concord / half.baseline).toFixed(2)}`);
  console.log(`  Concord ten years / half:         ${(full.concord / half.concord).toFixed(2)}   (baseline: ${(full.baseline / half.baseline).toFixed(2)})`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
