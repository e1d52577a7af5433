// Working days in England and Wales: Monday to Friday, less bank holidays, counted in UK local
// time (Europe/London, so a clock crossing into British Summer Time keeps its local hour).
// Pure functions: the holiday list is passed in (see bank-holidays.ts for where it comes from).

const ZONE = "Europe/London";
const partsFormat = new Intl.DateTimeFormat("en-GB", {
  timeZone: ZONE,
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
  hourCycle: "h23",
});

/** An ISO calendar date, "YYYY-MM-DD". */
export type IsoDate = string;

interface LocalParts {
  date: IsoDate;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
}

export function londonParts(instant: Date): LocalParts {
  const p = Object.fromEntries(partsFormat.formatToParts(instant).map((part) => [part.type, part.value]));
  return {
    date: `${p.year}-${p.month}-${p.day}`,
    hour: Number(p.hour),
    minute: Number(p.minute),
    second: Number(p.second),
    millisecond: instant.getUTCMilliseconds(),
  };
}

export function londonDate(instant: Date): IsoDate {
  return londonParts(instant).date;
}

/** The instant at which the clock in London reads `date` and the given time. */
export function fromLondon(date: IsoDate, time: Omit<LocalParts, "date"> = { hour: 0, minute: 0, second: 0, millisecond: 0 }): Date {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  const asUtc = Date.UTC(y, m - 1, d, time.hour, time.minute, time.second, time.millisecond);
  let guess = asUtc - offsetAt(new Date(asUtc));
  const corrected = asUtc - offsetAt(new Date(guess));
  if (corrected !== guess) guess = corrected;
  return new Date(guess);
}

/** London's offset from UTC, in ms, at an instant (0 in winter, one hour in summer). */
function offsetAt(instant: Date): number {
  const p = londonParts(instant);
  const [y, m, d] = p.date.split("-").map(Number) as [number, number, number];
  return Date.UTC(y, m - 1, d, p.hour, p.minute, p.second, p.millisecond) - instant.getTime();
}

export function addCalendarDays(date: IsoDate, days: number): IsoDate {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

export function isWorkingDay(date: IsoDate, holidays: ReadonlySet<IsoDate>): boolean {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  const weekday = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
  return weekday !== 0 && weekday !== 6 && !holidays.has(date);
}

export function nextWorkingDay(date: IsoDate, holidays: ReadonlySet<IsoDate>): IsoDate {
  let next = addCalendarDays(date, 1);
  while (!isWorkingDay(next, holidays)) next = addCalendarDays(next, 1);
  return next;
}

/**
 * The instant `days` working days after `start`: the same local time that many working days
 * later. Something that starts on a weekend or bank holiday starts at the beginning of the
 * next working day, so a Saturday referral is due by the end of Monday for 1 working day.
 */
export function addWorkingDays(start: Date, days: number, holidays: ReadonlySet<IsoDate>): Date {
  if (!Number.isInteger(days) || days < 0) throw new RangeError("days must be a whole number, 0 or more");
  const local = londonParts(start);
  let date = local.date;
  let time: Omit<LocalParts, "date"> = local;
  if (!isWorkingDay(date, holidays)) {
    date = nextWorkingDay(date, holidays);
    time = { hour: 0, minute: 0, second: 0, millisecond: 0 };
  }
  for (let i = 0; i < days; i++) date = nextWorkingDay(date, holidays);
  return fromLondon(date, time);
}

/**
 * Whole working days from `from` to `to`: the working days after `from`'s date up to and
 * including `to`'s date (0 when both fall on the same day; negative when `to` is earlier).
 */
export function workingDaysBetween(from: Date, to: Date, holidays: ReadonlySet<IsoDate>): number {
  const start = londonDate(from);
  const end = londonDate(to);
  if (end < start) return -workingDaysBetween(to, from, holidays);
  let count = 0;
  for (let date = addCalendarDays(start, 1); date <= end; date = addCalendarDays(date, 1)) {
    if (isWorkingDay(date, holidays)) count++;
  }
  return count;
}

/** "HH:MM" as a London time of day. */
function timeOfDay(hhmm: string): Omit<LocalParts, "date"> {
  const [hour, minute] = hhmm.split(":").map(Number) as [number, number];
  return { hour, minute, second: 0, millisecond: 0 };
}

/**
 * An urgent deadline: the end of the working day on which something starts, or of the next
 * working day when it starts at or after the cut-off (or on a weekend or bank holiday), plus
 * `extraDays` further working days. Never midnight, never a fraction of a normal timescale.
 */
export function endOfWorkingDayDue(start: Date, extraDays: number, hours: { cutoff: string; end: string }, holidays: ReadonlySet<IsoDate>): Date {
  if (!Number.isInteger(extraDays) || extraDays < 0) throw new RangeError("extraDays must be a whole number, 0 or more");
  const local = londonParts(start);
  const cutoff = timeOfDay(hours.cutoff);
  let date = local.date;
  const afterCutoff = local.hour * 60 + local.minute >= cutoff.hour * 60 + cutoff.minute;
  if (!isWorkingDay(date, holidays) || afterCutoff) date = nextWorkingDay(date, holidays);
  for (let i = 0; i < extraDays; i++) date = nextWorkingDay(date, holidays);
  return fromLondon(date, timeOfDay(hours.end));
}
