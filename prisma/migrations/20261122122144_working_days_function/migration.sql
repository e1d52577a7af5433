-- Working days between two instants, in the database, for the partnership's figures: the
-- working days after `from_ts`'s UK date up to and including `to_ts`'s (0 if `to_ts` is not
-- later). Mirrors workingDaysBetween in server/domain/calendar/working-days.ts, reading the same
-- bank_holiday table, so figures stay right when an administrator adds a holiday.
CREATE OR REPLACE FUNCTION concord_working_days(from_ts timestamptz, to_ts timestamptz)
RETURNS integer
LANGUAGE sql
STABLE
AS $$
  SELECT count(*)::integer
  FROM generate_series(
    (from_ts AT TIME ZONE 'Europe/London')::date + 1,
    (to_ts AT TIME ZONE 'Europe/London')::date,
    interval '1 day'
  ) AS d(day)
  WHERE extract(isodow FROM d.day) < 6
    AND NOT EXISTS (SELECT 1 FROM bank_holiday b WHERE b.date = d.day::date)
$$;
