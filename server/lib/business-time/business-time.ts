/**
 * Business time on a business calendar: exact to the millisecond, pure, and fast enough for the SLA
 * state of every open request on each dashboard load.
 *
 * Each local year is turned once into a table: the instant each local day starts, the instants its
 * opening intervals start and end, and the business time before each day (a prefix sum). Business time
 * before an instant is then one table lookup plus the day's intervals, so the time between two instants
 * costs the same for an hour as for a year, and adding business time is a binary search. Opening hours
 * are wall-clock readings converted to instants per day, so a day open 08:00–17:00 has 9 hours even
 * on the days the clocks change.
 */
import { type BusinessCalendar, isIsoDate, parseClockTime, WEEKDAYS } from './calendar.js';
import { assertSupportedYear, germanPublicHolidays, MAX_YEAR, MIN_YEAR } from './holidays.js';
import { createZoneClock, MS_PER_DAY, MS_PER_MINUTE, type ZoneClock } from './time-zone.js';

/** A point in time: a Date or epoch milliseconds. */
export type Instant = Date | number;

interface YearTable {
  readonly year: number;
  /** Days since 1970-01-01 of 1 January. */
  readonly firstDay: number;
  readonly dayCount: number;
  /** Instant each local day starts; one more entry for 1 January of the next year. */
  readonly dayStarts: Float64Array;
  /** Business milliseconds of the year before each day starts; the last entry is the year's total. */
  readonly prefix: Float64Array;
  /** Per day the opening intervals as instants: [open, close, open, close, …]. */
  readonly openings: readonly Float64Array[];
  readonly total: number;
}

interface Engine {
  readonly calendar: BusinessCalendar;
  readonly clock: ZoneClock;
  /** Opening readings per weekday (Monday first), in minutes after local midnight, [start, end, …]. */
  readonly minutesByWeekday: readonly (readonly number[])[];
  /** The zone's usual offset, only to guess which local day an instant falls on. */
  readonly guessOffset: number;
  readonly tables: Map<number, YearTable>;
  /** The table used last: consecutive look-ups mostly fall into the same year. */
  lastTable: YearTable | null;
}

interface Location {
  readonly table: YearTable;
  readonly day: number;
}

const NO_OPENINGS = new Float64Array(0);
const MAX_ENGINES = 256;
const engines = new Map<string, Engine>();

function engineFor(calendar: BusinessCalendar): Engine {
  const cached = engines.get(calendar.key);
  if (cached) return cached;
  const clock = createZoneClock(calendar.timeZone);
  const engine: Engine = {
    calendar,
    clock,
    minutesByWeekday: WEEKDAYS.map((day) =>
      calendar.workingHours[day].flatMap((interval) => [parseClockTime(interval.start) ?? 0, parseClockTime(interval.end) ?? 0]),
    ),
    guessOffset: clock.offsetAt(Date.UTC(2000, 0, 1)),
    tables: new Map(),
    lastTable: null,
  };
  // Calendars are few (one per organisation); the bound only protects against unbounded growth.
  if (engines.size >= MAX_ENGINES) {
    const oldest = engines.keys().next().value;
    if (oldest !== undefined) engines.delete(oldest);
  }
  engines.set(calendar.key, engine);
  return engine;
}

function dayNumberOf(isoDate: string): number {
  return Date.UTC(Number(isoDate.slice(0, 4)), Number(isoDate.slice(5, 7)) - 1, Number(isoDate.slice(8, 10))) / MS_PER_DAY;
}

function closedDaysOf(engine: Engine, year: number): Set<number> {
  const { calendar } = engine;
  const closed = new Set<number>();
  if (calendar.closeOnPublicHolidays) {
    for (const holiday of germanPublicHolidays(calendar.federalState, year)) closed.add(dayNumberOf(holiday.date));
  }
  const prefix = `${year}-`;
  for (const date of calendar.closedDates) if (date.startsWith(prefix)) closed.add(dayNumberOf(date));
  return closed;
}

function yearTable(engine: Engine, year: number): YearTable {
  const cached = engine.tables.get(year);
  if (cached) return cached;
  if (year < MIN_YEAR || year > MAX_YEAR) {
    throw new RangeError(`Business time is supported from ${MIN_YEAR} to ${MAX_YEAR}; this needs the year ${year}`);
  }
  const firstDay = Date.UTC(year, 0, 1) / MS_PER_DAY;
  const dayCount = Date.UTC(year + 1, 0, 1) / MS_PER_DAY - firstDay;
  const closed = closedDaysOf(engine, year);
  const dayStarts = new Float64Array(dayCount + 1);
  const localOpenings: (number[] | null)[] = [];
  for (let index = 0; index <= dayCount; index++) {
    const dayNumber = firstDay + index;
    const localMidnight = dayNumber * MS_PER_DAY;
    // 1970-01-01 was a Thursday, index 3 counting from Monday.
    const weekday = (((dayNumber + 3) % 7) + 7) % 7;
    const minutes = index < dayCount && !closed.has(dayNumber) ? (engine.minutesByWeekday[weekday] ?? []) : [];
    const readings = [localMidnight, ...minutes.map((minute) => localMidnight + minute * MS_PER_MINUTE)];
    const instants =
      minutes.length > 0 ? engine.clock.instantsOfDay(localMidnight, readings) : [engine.clock.instantOf(localMidnight)];
    dayStarts[index] = instants[0] as number;
    localOpenings.push(minutes.length > 0 ? instants.slice(1) : null);
  }

  const prefix = new Float64Array(dayCount + 1);
  const openings: Float64Array[] = [];
  for (let index = 0; index < dayCount; index++) {
    const dayStart = dayStarts[index] as number;
    const dayEnd = dayStarts[index + 1] as number;
    const raw = localOpenings[index];
    let business = 0;
    if (!raw) openings.push(NO_OPENINGS);
    else {
      // Clamping keeps intervals inside their day and in order even where a clock change falls inside them.
      const kept: number[] = [];
      let floor = dayStart;
      for (let k = 0; k + 1 < raw.length; k += 2) {
        const open = Math.min(Math.max(raw[k] as number, floor), dayEnd);
        const close = Math.min(Math.max(raw[k + 1] as number, open), dayEnd);
        if (close > open) {
          kept.push(open, close);
          business += close - open;
        }
        floor = close;
      }
      openings.push(kept.length > 0 ? Float64Array.from(kept) : NO_OPENINGS);
    }
    prefix[index + 1] = (prefix[index] as number) + business;
  }
  const table: YearTable = { year, firstDay, dayCount, dayStarts, prefix, openings, total: prefix[dayCount] as number };
  engine.tables.set(year, table);
  return table;
}

/** The Gregorian year of a day number, by Howard Hinnant's civil-from-days (a Date is much slower). */
function yearOfDayNumber(dayNumber: number): number {
  const shifted = dayNumber + 719_468;
  const era = Math.floor(shifted / 146_097);
  const dayOfEra = shifted - era * 146_097;
  const yearOfEra = Math.floor(
    (dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36_524) - Math.floor(dayOfEra / 146_096)) / 365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const marchBasedMonth = Math.floor((5 * dayOfYear + 2) / 153);
  return yearOfEra + era * 400 + (marchBasedMonth >= 10 ? 1 : 0);
}

function locate(engine: Engine, instant: number): Location {
  const guessDay = Math.floor((instant + engine.guessOffset) / MS_PER_DAY);
  const last = engine.lastTable;
  let table =
    last && guessDay >= last.firstDay && guessDay < last.firstDay + last.dayCount
      ? last
      : yearTable(engine, yearOfDayNumber(guessDay));
  engine.lastTable = table;
  let day = Math.min(Math.max(guessDay - table.firstDay, 0), table.dayCount - 1);
  for (;;) {
    if (instant < (table.dayStarts[day] as number)) {
      day -= 1;
      if (day < 0) {
        table = yearTable(engine, table.year - 1);
        day = table.dayCount - 1;
      }
    } else if (instant >= (table.dayStarts[day + 1] as number)) {
      day += 1;
      if (day >= table.dayCount) {
        table = yearTable(engine, table.year + 1);
        day = 0;
      }
    } else {
      return { table, day };
    }
  }
}

/** Business milliseconds from the start of the location's year up to the instant. */
function businessBefore({ table, day }: Location, instant: number): number {
  const openings = table.openings[day] ?? NO_OPENINGS;
  let business = table.prefix[day] as number;
  for (let k = 0; k + 1 < openings.length; k += 2) {
    const open = openings[k] as number;
    if (instant <= open) break;
    business += Math.min(instant, openings[k + 1] as number) - open;
  }
  return business;
}

/** Epoch milliseconds of an instant; rejects invalid dates and non-integer numbers. */
export function toEpochMillis(instant: Instant, name = 'instant'): number {
  const millis = instant instanceof Date ? instant.getTime() : instant;
  if (typeof millis !== 'number' || !Number.isSafeInteger(millis)) {
    throw new RangeError(`${name} must be a valid Date or integer epoch milliseconds, got ${String(instant)}`);
  }
  return millis;
}

/** True while the calendar is open: on a working day that is no holiday nor closed date, within opening hours (start inclusive, end exclusive). */
export function isBusinessMoment(calendar: BusinessCalendar, instant: Instant): boolean {
  const engine = engineFor(calendar);
  const at = toEpochMillis(instant);
  const { table, day } = locate(engine, at);
  const openings = table.openings[day] ?? NO_OPENINGS;
  for (let k = 0; k + 1 < openings.length; k += 2) {
    if (at >= (openings[k] as number) && at < (openings[k + 1] as number)) return true;
  }
  return false;
}

/** True when the local date ('YYYY-MM-DD') has opening hours: a working day that is no public holiday nor closed date. */
export function isBusinessDay(calendar: BusinessCalendar, date: string): boolean {
  if (!isIsoDate(date)) throw new RangeError(`date must be a real date as 'YYYY-MM-DD', got '${date}'`);
  const year = Number(date.slice(0, 4));
  assertSupportedYear(year);
  const table = yearTable(engineFor(calendar), year);
  return (table.openings[dayNumberOf(date) - table.firstDay] ?? NO_OPENINGS).length > 0;
}

/**
 * Business milliseconds between two instants: the part of [from, to) during which the calendar is open.
 * Negative when `to` is before `from`, so that between(a, b) + between(b, c) = between(a, c) always.
 */
export function businessMillisBetween(calendar: BusinessCalendar, from: Instant, to: Instant): number {
  return millisBetween(engineFor(calendar), toEpochMillis(from, 'from'), toEpochMillis(to, 'to'));
}

function millisBetween(engine: Engine, start: number, end: number): number {
  if (end < start) return 0 - millisBetween(engine, end, start); // 0 - x, not -x: no -0
  const startAt = locate(engine, start);
  const endAt = locate(engine, end);
  let business = businessBefore(endAt, end) - businessBefore(startAt, start);
  for (let year = startAt.table.year; year < endAt.table.year; year++) business += yearTable(engine, year).total;
  return business;
}

/**
 * The earliest instant at which `millis` of business time have passed since `from`: a due time.
 * A target reached exactly at closing time is due at closing time, not at the next opening.
 * With 0 it is `from` itself.
 */
export function addBusinessMillis(calendar: BusinessCalendar, from: Instant, millis: number): Date {
  const start = toEpochMillis(from, 'from');
  if (!Number.isSafeInteger(millis) || millis < 0) {
    throw new RangeError(`millis must be a non-negative integer, got ${millis}`);
  }
  return new Date(addMillis(engineFor(calendar), start, millis));
}

function addMillis(engine: Engine, start: number, millis: number): number {
  if (millis === 0) return start;
  const startAt = locate(engine, start);
  let table = startAt.table;
  let target = businessBefore(startAt, start) + millis;
  while (target > table.total) {
    target -= table.total;
    table = yearTable(engine, table.year + 1);
  }
  // The first day whose business time reaches the target: prefix[day] < target <= prefix[day + 1].
  let low = 0;
  let high = table.dayCount - 1;
  while (low < high) {
    const middle = (low + high) >> 1;
    if ((table.prefix[middle + 1] as number) >= target) high = middle;
    else low = middle + 1;
  }
  let remaining = target - (table.prefix[low] as number);
  const openings = table.openings[low] ?? NO_OPENINGS;
  for (let k = 0; k + 1 < openings.length; k += 2) {
    const open = openings[k] as number;
    const length = (openings[k + 1] as number) - open;
    if (remaining <= length) return open + remaining;
    remaining -= length;
  }
  throw new Error('addBusinessMillis: year table is inconsistent');
}

/** Business-time arithmetic on epoch milliseconds, without checks, for callers that checked their input. */
export interface BusinessClock {
  between(from: number, to: number): number;
  add(from: number, millis: number): number;
}

export function businessClockFor(calendar: BusinessCalendar): BusinessClock {
  const engine = engineFor(calendar);
  return {
    between: (from, to) => millisBetween(engine, from, to),
    add: (from, millis) => addMillis(engine, from, millis),
  };
}

/** The instant itself when the calendar is open then, otherwise the next opening. */
export function nextBusinessMoment(calendar: BusinessCalendar, instant: Instant): Date {
  const engine = engineFor(calendar);
  const at = toEpochMillis(instant);
  let { table, day } = locate(engine, at);
  for (;;) {
    const openings = table.openings[day] ?? NO_OPENINGS;
    for (let k = 0; k + 1 < openings.length; k += 2) {
      if (at < (openings[k + 1] as number)) return new Date(Math.max(at, openings[k] as number));
    }
    day += 1;
    if (day >= table.dayCount) {
      table = yearTable(engine, table.year + 1);
      day = 0;
    }
  }
}
