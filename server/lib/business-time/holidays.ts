/**
 * German public holidays, nationwide and per federal state, from the date-holidays package. Only days
 * it marks as 'public' close business: observances, school holidays and the 'bank' half days (24 and
 * 31 December from 14:00) stay working days; organisations that close then list them as closed dates.
 */
import Holidays from 'date-holidays';
import type { BusinessCalendar, GermanFederalState } from './calendar.js';

export interface PublicHoliday {
  /** 'YYYY-MM-DD', local date. */
  readonly date: string;
  /** German name, e.g. 'Heilige Drei Könige'. */
  readonly name: string;
  /** English name, e.g. 'Epiphany'. */
  readonly nameEn: string;
}

/** Where the library's English name says less than the German one. */
const ENGLISH_NAMES: Readonly<Record<string, string>> = { '10-03': 'Day of German Unity' };

export const MIN_YEAR = 1900;
export const MAX_YEAR = 2999;

const sources = new Map<string, Holidays>();
const byYear = new Map<string, readonly PublicHoliday[]>();

export function assertSupportedYear(year: number): void {
  if (!Number.isInteger(year) || year < MIN_YEAR || year > MAX_YEAR) {
    throw new RangeError(`year must be an integer from ${MIN_YEAR} to ${MAX_YEAR}, got ${year}`);
  }
}

/** Holidays of a state (or nationwide for null) in one year; computed once per state and year. */
export function germanPublicHolidays(federalState: GermanFederalState | null, year: number): readonly PublicHoliday[] {
  assertSupportedYear(year);
  const region = federalState ?? 'DE';
  const cacheKey = `${region}:${year}`;
  const cached = byYear.get(cacheKey);
  if (cached) return cached;

  let source = sources.get(region);
  if (!source) {
    source = federalState ? new Holidays('DE', federalState) : new Holidays('DE');
    sources.set(region, source);
  }
  const english = new Map(source.getHolidays(year, 'en').map((holiday) => [`${holiday.date}|${holiday.rule}`, holiday.name]));
  const holidays: PublicHoliday[] = [];
  for (const holiday of source.getHolidays(year, 'de')) {
    if (holiday.type !== 'public') continue;
    const date = holiday.date.slice(0, 10);
    // Two holidays on one day (Easter Sunday and another feast) close it once.
    if (holidays.some((entry) => entry.date === date)) continue;
    const nameEn = ENGLISH_NAMES[holiday.rule] ?? english.get(`${holiday.date}|${holiday.rule}`) ?? holiday.name;
    holidays.push(Object.freeze({ date, name: holiday.name, nameEn }));
  }
  holidays.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  const frozen = Object.freeze(holidays);
  byYear.set(cacheKey, frozen);
  return frozen;
}

/** The public holidays that close business under a calendar in a year; empty when it ignores public holidays. */
export function publicHolidays(calendar: BusinessCalendar, year: number): readonly PublicHoliday[] {
  if (!calendar.closeOnPublicHolidays) {
    assertSupportedYear(year);
    return [];
  }
  return germanPublicHolidays(calendar.federalState, year);
}
