-- The dashboard's figures summed from maintained counts (docs/decisions/0031).
--
-- figure_count holds, for each London day ('d'), month ('m', keyed by its first day) and year
-- ('y', keyed by 1 January), the counts each figure needs, by agency where the figure has one:
-- a figure for any period sums at most one run of years, two of months and four of days.
-- Triggers on every table a figure reads append the London days they touch to
-- figure_stale_day (append-only: writers never wait for each other or for a reader), and
-- concord_refresh_figures(), called before the figures are read, recomputes those days from the
-- raw tables with the same expressions the figures used, then their months and years.

CREATE TABLE "figure_count" (
    "id" BIGSERIAL NOT NULL,
    "family" TEXT NOT NULL,
    "grain" TEXT NOT NULL,
    "day" DATE NOT NULL,
    "agency_id" UUID,
    "other_agency_id" UUID,
    "measure" TEXT NOT NULL,
    "label" TEXT,
    "n" BIGINT NOT NULL,

    CONSTRAINT "figure_count_pkey" PRIMARY KEY ("id")
);
-- Reads: one figure's measure over runs of days, months and years, answered from the index alone
-- (every column a figure sums is in it). Refreshes: a day's rows, whatever the measure.
CREATE INDEX "figure_count_read_idx" ON "figure_count"("family", "measure", "grain", "day", "agency_id", "other_agency_id", "label", "n");
CREATE INDEX "figure_count_grain_day_idx" ON "figure_count"("grain", "day");
ALTER TABLE "figure_count" ADD CONSTRAINT "figure_count_agency_id_fkey" FOREIGN KEY ("agency_id") REFERENCES "agency"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "figure_count" ADD CONSTRAINT "figure_count_other_agency_id_fkey" FOREIGN KEY ("other_agency_id") REFERENCES "agency"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "figure_count" ADD CONSTRAINT "figure_count_grain_check" CHECK ("grain" IN ('d', 'm', 'y'));
-- 'partnership' holds the contacts' and disagreements' counts summed over agencies, for the
-- figures read without an agency filter (a few rows instead of one per agency or pair).
ALTER TABLE "figure_count" ADD CONSTRAINT "figure_count_family_check" CHECK ("family" IN ('attendance', 'meetings', 'contacts', 'disagreements', 'partnership'));
ALTER TABLE "figure_count" ADD CONSTRAINT "figure_count_bucket_check" CHECK (
  ("grain" = 'd') OR ("grain" = 'm' AND extract(day FROM "day") = 1) OR ("grain" = 'y' AND extract(day FROM "day") = 1 AND extract(month FROM "day") = 1));

CREATE TABLE "figure_stale_day" (
    "id" BIGSERIAL NOT NULL,
    "day" DATE,

    CONSTRAINT "figure_stale_day_pkey" PRIMARY KEY ("id")
);

-- Meetings not started yet and minutes not yet out: the two figures that depend on the time of
-- reading ("late" and "closed") count these live, from the raw table.
CREATE INDEX "strategy_meeting_not_started_idx" ON "strategy_meeting" ("scheduled_start") WHERE "started_at" IS NULL;
CREATE INDEX "strategy_meeting_minutes_awaited_idx" ON "strategy_meeting" ("scheduled_start") WHERE "ended_at" IS NOT NULL AND "minutes_circulated_at" IS NULL;

CREATE FUNCTION concord_london_day(ts timestamptz) RETURNS date
LANGUAGE sql IMMUTABLE AS $$ SELECT (ts AT TIME ZONE 'Europe/London')::date $$;
CREATE FUNCTION concord_london_start(d date) RETURNS timestamptz
LANGUAGE sql IMMUTABLE AS $$ SELECT d::timestamp AT TIME ZONE 'Europe/London' $$;

-- Recomputes the given days' rows ('d') from the raw tables, then their months and years.
-- No JIT: the planner cannot know a call brings one day, and compiling its plans for a day's
-- few rows took seconds.
CREATE FUNCTION concord_figure_rebuild_days(days date[]) RETURNS void
LANGUAGE plpgsql SET jit = off AS $$
DECLARE
  months date[];
  years date[];
BEGIN
  DELETE FROM figure_count WHERE grain = 'd' AND day = ANY(days);

  -- Attendance by agency (the attendance table): one scan of the day's invitations.
  INSERT INTO figure_count (family, grain, day, agency_id, measure, n)
  SELECT 'attendance', 'd', x.day, x.agency_id, v.measure, v.n
  FROM (
    SELECT s.day, i.agency_id,
      count(*) AS invited,
      count(*) FILTER (WHERE i.attended_at IS NOT NULL) AS attended,
      count(*) FILTER (WHERE i.current_response = 'APOLOGIES' AND i.attended_at IS NULL) AS apologies,
      count(*) FILTER (WHERE i.current_response = 'DELEGATE') AS delegates,
      count(*) FILTER (WHERE i.current_response = 'WRITTEN_CONTRIBUTION') AS written,
      count(*) FILTER (WHERE i.current_response IS NULL AND i.attended_at IS NULL AND NOT i.convening) AS no_response
    FROM unnest(days) AS s(day)
    JOIN strategy_meeting m ON m.scheduled_start >= concord_london_start(s.day) AND m.scheduled_start < concord_london_start(s.day + 1)
    JOIN meeting_invitation i ON i.meeting_id = m.id
    GROUP BY s.day, i.agency_id
  ) x
  CROSS JOIN LATERAL (VALUES ('invited', x.invited), ('attended', x.attended), ('apologies', x.apologies), ('delegates', x.delegates), ('written', x.written), ('noResponse', x.no_response)) AS v(measure, n)
  WHERE v.n <> 0;

  -- Meetings: held with all three core agencies, invitations and attendance (the trend),
  -- timeliness (the part that does not depend on the time of reading), working days to meeting.
  INSERT INTO figure_count (family, grain, day, measure, label, n)
  WITH mm AS (
    SELECT s.day, m.started_at, m.scheduled_start, m.due_by, m.ended_at, m.minutes_circulated_at,
      (SELECT count(DISTINCT ag.kind) FROM meeting_attendance a JOIN agency ag ON ag.id = a.agency_id
        WHERE a.meeting_id = m.id AND ag.kind IN ('CHILDRENS_SOCIAL_CARE','POLICE','HEALTH')) AS core,
      (SELECT count(*) FROM meeting_invitation i WHERE i.meeting_id = m.id) AS invited,
      (SELECT count(i.attended_at) FROM meeting_invitation i WHERE i.meeting_id = m.id) AS attended,
      concord_working_days(m.decision_at, coalesce(m.started_at, m.scheduled_start)) AS wd
    FROM unnest(days) AS s(day)
    JOIN strategy_meeting m ON m.scheduled_start >= concord_london_start(s.day) AND m.scheduled_start < concord_london_start(s.day + 1)
  ), per_day AS (
    SELECT day,
      count(*) AS meetings,
      count(*) FILTER (WHERE core = 3) AS all_core,
      sum(invited) AS invited,
      sum(attended) AS attended,
      count(*) FILTER (WHERE (started_at IS NOT NULL AND started_at > due_by) OR (started_at IS NULL AND scheduled_start > due_by)) AS late,
      coalesce(sum(wd), 0) AS wd_sum,
      count(wd) AS wd_count,
      count(*) FILTER (WHERE ended_at IS NOT NULL AND minutes_circulated_at IS NOT NULL) AS circulated,
      count(*) FILTER (WHERE ended_at IS NOT NULL AND minutes_circulated_at IS NOT NULL AND concord_working_days(ended_at, minutes_circulated_at) <= 1) AS minutes_in_time
    FROM mm GROUP BY day
  )
  SELECT 'meetings', 'd', p.day, v.measure, NULL, v.n
  FROM per_day p
  CROSS JOIN LATERAL (VALUES ('meetings', p.meetings), ('allCore', p.all_core), ('invited', p.invited), ('attended', p.attended), ('late', p.late),
    ('wdSum', p.wd_sum), ('wdCount', p.wd_count), ('circulated', p.circulated), ('minutesInTime', p.minutes_in_time)) AS v(measure, n)
  WHERE v.n <> 0
  UNION ALL
  SELECT 'meetings', 'd', day, 'wdBucket', least(wd, 4)::text, count(*) FROM mm GROUP BY day, least(wd, 4);

  -- Contacts by source agency: decided in time, levels, closures and closures later disputed.
  INSERT INTO figure_count (family, grain, day, agency_id, measure, n)
  SELECT 'contacts', 'd', x.day, x.source_agency_id, v.measure, v.n
  FROM (
    SELECT s.day, c.source_agency_id,
      count(*) AS contacts,
      count(f.decided_at) AS decided,
      count(*) FILTER (WHERE f.decided_at <= c.decision_due_at) AS in_time,
      count(*) FILTER (WHERE d.level_applied = 1) AS level1,
      count(*) FILTER (WHERE d.level_applied = 2) AS level2,
      count(*) FILTER (WHERE d.level_applied = 3) AS level3,
      count(*) FILTER (WHERE d.level_applied = 4) AS level4,
      count(*) FILTER (WHERE d.id IS NULL) AS undecided,
      count(*) FILTER (WHERE first.outcome::text IN ('NO_FURTHER_ACTION','ADVICE_AND_INFORMATION','STEP_DOWN_EARLY_HELP')) AS closures,
      count(*) FILTER (WHERE first.outcome::text IN ('NO_FURTHER_ACTION','ADVICE_AND_INFORMATION','STEP_DOWN_EARLY_HELP')
        AND EXISTS (SELECT 1 FROM disagreement g WHERE g.contact_id = c.id)) AS disputed
    FROM unnest(days) AS s(day)
    JOIN contact c ON c.received_at >= concord_london_start(s.day) AND c.received_at < concord_london_start(s.day + 1)
    LEFT JOIN LATERAL (SELECT min(td.decided_at) AS decided_at FROM threshold_decision td WHERE td.contact_id = c.id) f ON true
    LEFT JOIN threshold_decision d ON d.id = c.current_decision_id
    LEFT JOIN LATERAL (SELECT td.outcome FROM threshold_decision td WHERE td.contact_id = c.id ORDER BY td.decided_at LIMIT 1) first ON true
    GROUP BY s.day, c.source_agency_id
  ) x
  CROSS JOIN LATERAL (VALUES ('contacts', x.contacts), ('decided', x.decided), ('inTime', x.in_time), ('level1', x.level1), ('level2', x.level2),
    ('level3', x.level3), ('level4', x.level4), ('undecided', x.undecided), ('closures', x.closures), ('disputed', x.disputed)) AS v(measure, n)
  WHERE v.n <> 0;

  -- Disagreements by raising and receiving agency, counted on the day they were raised.
  INSERT INTO figure_count (family, grain, day, agency_id, other_agency_id, measure, label, n)
  WITH g AS (
    SELECT s.day, g.*
    FROM unnest(days) AS s(day)
    JOIN disagreement g ON g.raised_at >= concord_london_start(s.day) AND g.raised_at < concord_london_start(s.day + 1)
  ), marks AS (
    SELECT g.day, g.raising_agency_id, g.receiving_agency_id, e.stage, e.type, e.occurred_at,
      lead(e.occurred_at) OVER (PARTITION BY e.disagreement_id ORDER BY e.seq) AS ended_at
    FROM g JOIN disagreement_event e ON e.disagreement_id = g.id
    WHERE e.type IN ('raised', 'escalated', 'resolved')
  )
  SELECT 'disagreements', 'd', day, raising_agency_id, receiving_agency_id, measure, label, n FROM (
    SELECT day, raising_agency_id, receiving_agency_id, v.measure, NULL::text AS label, v.n
    FROM (
      SELECT day, raising_agency_id, receiving_agency_id, count(*) AS raised,
        count(*) FILTER (WHERE status = 'OPEN') AS open, count(*) FILTER (WHERE status = 'RESOLVED') AS resolved,
        coalesce(sum(concord_working_days(raised_at, resolved_at)) FILTER (WHERE status = 'RESOLVED'), 0) AS resolved_wd_sum,
        count(concord_working_days(raised_at, resolved_at)) FILTER (WHERE status = 'RESOLVED') AS resolved_wd_count
      FROM g GROUP BY 1, 2, 3
    ) t CROSS JOIN LATERAL (VALUES ('raised', t.raised), ('open', t.open), ('resolved', t.resolved), ('resolvedWdSum', t.resolved_wd_sum), ('resolvedWdCount', t.resolved_wd_count)) AS v(measure, n)
    UNION ALL SELECT day, raising_agency_id, receiving_agency_id, 'subject', subject::text, count(*) FROM g GROUP BY 1, 2, 3, 5
    UNION ALL SELECT day, raising_agency_id, receiving_agency_id, 'stage', stage::text, count(*) FROM g GROUP BY 1, 2, 3, 5
    UNION ALL SELECT day, raising_agency_id, receiving_agency_id, 'outcome', coalesce(outcome::text, 'OPEN'), count(*) FROM g GROUP BY 1, 2, 3, 5
    UNION ALL SELECT day, raising_agency_id, receiving_agency_id, 'resolution', resolution::text, count(*) FROM g WHERE status = 'RESOLVED' GROUP BY 1, 2, 3, 5
    UNION ALL SELECT g.day, g.raising_agency_id, g.receiving_agency_id, 'theme', dt.theme_id::text, count(*) FROM g JOIN disagreement_theme dt ON dt.disagreement_id = g.id GROUP BY 1, 2, 3, 5
    UNION ALL SELECT g.day, g.raising_agency_id, g.receiving_agency_id, 'proposal', p.status::text, count(*) FROM g JOIN disagreement_proposal p ON p.disagreement_id = g.id GROUP BY 1, 2, 3, 5
    UNION ALL SELECT g.day, g.raising_agency_id, g.receiving_agency_id, 'breach', e.stage::text, count(*) FROM g JOIN disagreement_event e ON e.disagreement_id = g.id WHERE e.type = 'stage.overdue' GROUP BY 1, 2, 3, 5
    UNION ALL SELECT day, raising_agency_id, receiving_agency_id, v.measure, st.stage::text, v.n
    FROM (
      SELECT day, raising_agency_id, receiving_agency_id, stage, count(*) AS done,
        coalesce(sum(concord_working_days(occurred_at, ended_at)), 0) AS wd_sum, count(concord_working_days(occurred_at, ended_at)) AS wd_count
      FROM marks WHERE type IN ('raised', 'escalated') AND ended_at IS NOT NULL GROUP BY 1, 2, 3, 4
    ) st CROSS JOIN LATERAL (VALUES ('stageDone', st.done), ('stageWdSum', st.wd_sum), ('stageWdCount', st.wd_count)) AS v(measure, n)
    WHERE v.measure = 'stageDone' OR v.n <> 0
  ) rows;

  -- The partnership's totals of the contacts' and disagreements' counts.
  INSERT INTO figure_count (family, grain, day, measure, label, n)
  SELECT 'partnership', 'd', f.day, f.measure, f.label, sum(f.n)
  FROM figure_count f WHERE f.grain = 'd' AND f.day = ANY(days) AND f.family IN ('contacts', 'disagreements')
  GROUP BY f.day, f.measure, f.label;

  -- Months and years, summed from the rows below them.
  SELECT array_agg(DISTINCT date_trunc('month', d)::date) INTO months FROM unnest(days) AS d;
  SELECT array_agg(DISTINCT date_trunc('year', d)::date) INTO years FROM unnest(days) AS d;
  DELETE FROM figure_count WHERE grain = 'm' AND day = ANY(months);
  INSERT INTO figure_count (family, grain, day, agency_id, other_agency_id, measure, label, n)
  SELECT f.family, 'm', mo.day, f.agency_id, f.other_agency_id, f.measure, f.label, sum(f.n)
  FROM unnest(months) AS mo(day)
  JOIN figure_count f ON f.grain = 'd' AND f.day >= mo.day AND f.day < (mo.day + interval '1 month')::date
  GROUP BY f.family, mo.day, f.agency_id, f.other_agency_id, f.measure, f.label;
  DELETE FROM figure_count WHERE grain = 'y' AND day = ANY(years);
  INSERT INTO figure_count (family, grain, day, agency_id, other_agency_id, measure, label, n)
  SELECT f.family, 'y', y.day, f.agency_id, f.other_agency_id, f.measure, f.label, sum(f.n)
  FROM unnest(years) AS y(day)
  JOIN figure_count f ON f.grain = 'm' AND f.day >= y.day AND f.day < (y.day + interval '1 year')::date
  GROUP BY f.family, y.day, f.agency_id, f.other_agency_id, f.measure, f.label;
END $$;

-- Brings figure_count up to date: recomputes the days marked stale since the last refresh (all
-- of them after a change that touches every day: an agency's kind, the working-day calendar).
-- Refreshes queue one behind another; a day marked while one runs stays marked for the next.
CREATE FUNCTION concord_refresh_figures() RETURNS integer
LANGUAGE plpgsql SET jit = off AS $$
DECLARE
  everything boolean;
  days date[];
BEGIN
  PERFORM pg_advisory_xact_lock(7270031);
  WITH taken AS (DELETE FROM figure_stale_day RETURNING day)
  SELECT bool_or(day IS NULL), array_agg(DISTINCT day) FILTER (WHERE day IS NOT NULL) INTO everything, days FROM taken;
  IF everything IS NULL THEN
    RETURN 0;
  END IF;
  IF everything THEN
    DELETE FROM figure_count;
    SELECT array_agg(DISTINCT d) INTO days FROM (
      SELECT concord_london_day(scheduled_start) AS d FROM strategy_meeting
      UNION SELECT concord_london_day(received_at) FROM contact
      UNION SELECT concord_london_day(raised_at) FROM disagreement) all_days;
  END IF;
  IF days IS NOT NULL THEN
    PERFORM concord_figure_rebuild_days(days);
  END IF;
  RETURN coalesce(cardinality(days), 0);
END $$;

-- Marking: each statement that changes a table a figure reads appends the London days it touched.
CREATE FUNCTION concord_mark_figures_stale() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_TABLE_NAME IN ('agency', 'calendar_day') THEN
    INSERT INTO figure_stale_day (day) VALUES (NULL);
    RETURN NULL;
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    CASE TG_TABLE_NAME
      WHEN 'strategy_meeting' THEN INSERT INTO figure_stale_day (day) SELECT DISTINCT concord_london_day(r.scheduled_start) FROM old_rows r;
      WHEN 'meeting_invitation', 'meeting_attendance' THEN INSERT INTO figure_stale_day (day) SELECT DISTINCT concord_london_day(m.scheduled_start) FROM old_rows r JOIN strategy_meeting m ON m.id = r.meeting_id;
      WHEN 'contact' THEN INSERT INTO figure_stale_day (day) SELECT DISTINCT concord_london_day(r.received_at) FROM old_rows r;
      WHEN 'threshold_decision' THEN INSERT INTO figure_stale_day (day) SELECT DISTINCT concord_london_day(c.received_at) FROM old_rows r JOIN contact c ON c.id = r.contact_id;
      WHEN 'disagreement' THEN INSERT INTO figure_stale_day (day)
        SELECT concord_london_day(r.raised_at) FROM old_rows r UNION SELECT concord_london_day(c.received_at) FROM old_rows r JOIN contact c ON c.id = r.contact_id;
      ELSE INSERT INTO figure_stale_day (day) SELECT DISTINCT concord_london_day(g.raised_at) FROM old_rows r JOIN disagreement g ON g.id = r.disagreement_id;
    END CASE;
  END IF;
  IF TG_OP IN ('UPDATE', 'INSERT') THEN
    CASE TG_TABLE_NAME
      WHEN 'strategy_meeting' THEN INSERT INTO figure_stale_day (day) SELECT DISTINCT concord_london_day(r.scheduled_start) FROM new_rows r;
      WHEN 'meeting_invitation', 'meeting_attendance' THEN INSERT INTO figure_stale_day (day) SELECT DISTINCT concord_london_day(m.scheduled_start) FROM new_rows r JOIN strategy_meeting m ON m.id = r.meeting_id;
      WHEN 'contact' THEN INSERT INTO figure_stale_day (day) SELECT DISTINCT concord_london_day(r.received_at) FROM new_rows r;
      WHEN 'threshold_decision' THEN INSERT INTO figure_stale_day (day) SELECT DISTINCT concord_london_day(c.received_at) FROM new_rows r JOIN contact c ON c.id = r.contact_id;
      WHEN 'disagreement' THEN INSERT INTO figure_stale_day (day)
        SELECT concord_london_day(r.raised_at) FROM new_rows r UNION SELECT concord_london_day(c.received_at) FROM new_rows r JOIN contact c ON c.id = r.contact_id;
      ELSE INSERT INTO figure_stale_day (day) SELECT DISTINCT concord_london_day(g.raised_at) FROM new_rows r JOIN disagreement g ON g.id = r.disagreement_id;
    END CASE;
  END IF;
  RETURN NULL;
END $$;

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['strategy_meeting', 'meeting_invitation', 'meeting_attendance', 'contact', 'threshold_decision', 'disagreement', 'disagreement_event', 'disagreement_theme', 'disagreement_proposal'] LOOP
    EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON %I REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION concord_mark_figures_stale()', t || '_figures_insert', t);
    EXECUTE format('CREATE TRIGGER %I AFTER UPDATE ON %I REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION concord_mark_figures_stale()', t || '_figures_update', t);
    EXECUTE format('CREATE TRIGGER %I AFTER DELETE ON %I REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION concord_mark_figures_stale()', t || '_figures_delete', t);
  END LOOP;
END $$;
-- An agency's kind decides "all three core agencies present"; the calendar decides working days.
CREATE TRIGGER agency_figures_kind AFTER UPDATE OF kind ON agency FOR EACH STATEMENT EXECUTE FUNCTION concord_mark_figures_stale();
CREATE TRIGGER calendar_day_figures AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON calendar_day FOR EACH STATEMENT EXECUTE FUNCTION concord_mark_figures_stale();

-- Backfill: count everything that exists now.
INSERT INTO figure_stale_day (day) VALUES (NULL);
SELECT concord_refresh_figures();
