-- Working days counted with the calendar_day table: two primary-key lookups instead of walking
-- every day (the dashboard counts working days for every meeting and disagreement).
CREATE OR REPLACE FUNCTION concord_rebuild_calendar() RETURNS void
LANGUAGE sql
AS $$
  DELETE FROM calendar_day;
  INSERT INTO calendar_day (day, working_ordinal)
  SELECT d::date,
         sum(CASE WHEN extract(isodow FROM d) < 6 AND NOT EXISTS (SELECT 1 FROM bank_holiday b WHERE b.date = d::date) THEN 1 ELSE 0 END) OVER (ORDER BY d)
  FROM generate_series(date '2000-01-01', date '2100-12-31', interval '1 day') AS d;
$$;

SELECT concord_rebuild_calendar();

-- Same meaning as before: the working days after from_ts's UK date up to and including
-- to_ts's (0 when to_ts is not later). Mirrors workingDaysBetween in working-days.ts.
CREATE OR REPLACE FUNCTION concord_working_days(from_ts timestamptz, to_ts timestamptz)
RETURNS integer
LANGUAGE sql
STABLE
AS $$
  SELECT greatest(0,
    (SELECT working_ordinal FROM calendar_day WHERE day = (to_ts AT TIME ZONE 'Europe/London')::date) -
    (SELECT working_ordinal FROM calendar_day WHERE day = (from_ts AT TIME ZONE 'Europe/London')::date))
$$;

-- Fill the maintained columns for meetings that already exist.
UPDATE meeting_invitation i SET current_response = (SELECT r.kind FROM invitation_response r WHERE r.invitation_id = i.id ORDER BY r.position DESC LIMIT 1);
UPDATE meeting_invitation i SET attended_at = (SELECT min(a.joined_at) FROM meeting_attendance a WHERE a.meeting_id = i.meeting_id AND a.agency_id = i.agency_id);
