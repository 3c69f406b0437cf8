/**
 * The business calendar of an organisation: time zone, working days and hours, German public holidays
 * of one federal state, and extra closed days. Configs usually come from the database as JSON, so
 * validation looks at every field at run time and reports all problems at once.
 */
import { canonicalTimeZone } from './time-zone.js';

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export const GERMAN_FEDERAL_STATES = [
  'BB',
  'BE',
  'BW',
  'BY',
  'HB',
  'HE',
  'HH',
  'MV',
  'NI',
  'NW',
  'RP',
  'SH',
  'SL',
  'SN',
  'ST',
  'TH',
] as const;
export type GermanFederalState = (typeof GERMAN_FEDERAL_STATES)[number];

/** One opening interval of a working day in local wall-clock time, 'HH:MM' to 'HH:MM' ('24:00' ends at midnight). */
export interface WorkingInterval {
  readonly start: string;
  readonly end: string;
}

/** What an organisation configures; every field is optional and falls back to the defaults below. */
export interface BusinessCalendarConfig {
  /** IANA time zone; working hours are wall-clock time there. Default 'Europe/Berlin'. */
  timeZone?: string;
  /** Default Monday to Friday. */
  workingDays?: readonly Weekday[];
  /** Opening hours of every working day, ascending and not overlapping. Default 08:00–17:00. */
  workingHours?: readonly WorkingInterval[];
  /** Different opening hours for some working days, e.g. `{ fri: [{ start: '08:00', end: '14:00' }] }`. */
  workingHoursByWeekday?: Partial<Record<Weekday, readonly WorkingInterval[]>>;
  /** Whether German public holidays close business. Default true. */
  closeOnPublicHolidays?: boolean;
  /** The federal state whose public holidays apply on top of the nationwide ones; null for nationwide only. Default null. */
  federalState?: GermanFederalState | null;
  /** Extra closed days as 'YYYY-MM-DD' in the calendar's time zone (e.g. 24 and 31 December, company days off). */
  closedDates?: readonly string[];
}

declare const calendarBrand: unique symbol;

/** A validated, frozen calendar; made only by createBusinessCalendar. */
export interface BusinessCalendar {
  readonly timeZone: string;
  readonly workingDays: readonly Weekday[];
  /** Opening intervals per weekday; empty for days that are not working days. */
  readonly workingHours: Readonly<Record<Weekday, readonly WorkingInterval[]>>;
  readonly closeOnPublicHolidays: boolean;
  readonly federalState: GermanFederalState | null;
  readonly closedDates: readonly string[];
  /** Identifies calendars with the same rules: they share cached year tables. */
  readonly key: string;
  readonly [calendarBrand]: true;
}

export const DEFAULT_TIME_ZONE = 'Europe/Berlin';
export const DEFAULT_WORKING_DAYS: readonly Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri'];
export const DEFAULT_WORKING_HOURS: readonly WorkingInterval[] = [{ start: '08:00', end: '17:00' }];

export class BusinessCalendarConfigError extends Error {
  readonly issues: readonly string[];

  constructor(issues: readonly string[]) {
    super(`Invalid business calendar: ${issues.join('; ')}`);
    this.name = 'BusinessCalendarConfigError';
    this.issues = issues;
  }
}

const TIME_PATTERN = /^(\d{2}):(\d{2})$/;
const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const KNOWN_FIELDS = new Set([
  'timeZone',
  'workingDays',
  'workingHours',
  'workingHoursByWeekday',
  'closeOnPublicHolidays',
  'federalState',
  'closedDates',
]);

/** Minutes after local midnight for 'HH:MM' (00:00 to 24:00), or null when malformed. */
export function parseClockTime(text: string): number | null {
  const match = TIME_PATTERN.exec(text);
  if (!match) return null;
  const hours = Number(match[1]);
  const minutes = Number(match[2]);
  if (minutes > 59 || hours > 24 || (hours === 24 && minutes !== 0)) return null;
  return hours * 60 + minutes;
}

/** True for a real calendar date written as 'YYYY-MM-DD'. */
export function isIsoDate(text: string): boolean {
  const match = DATE_PATTERN.exec(text);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

function describe(value: unknown): string {
  return typeof value === 'string' ? `'${value}'` : (JSON.stringify(value) ?? String(value));
}

function checkIntervals(value: unknown, path: string, issues: string[]): WorkingInterval[] {
  if (!Array.isArray(value)) {
    issues.push(`${path}: expected a list of { start, end } intervals`);
    return [];
  }
  if (value.length === 0) issues.push(`${path}: needs at least one interval`);
  const intervals: WorkingInterval[] = [];
  let previousEnd = -1;
  value.forEach((item: unknown, index) => {
    const at = `${path}[${index}]`;
    if (typeof item !== 'object' || item === null) {
      issues.push(`${at}: expected { start: 'HH:MM', end: 'HH:MM' }`);
      return;
    }
    const { start, end } = item as Record<string, unknown>;
    const startMinutes = typeof start === 'string' ? parseClockTime(start) : null;
    const endMinutes = typeof end === 'string' ? parseClockTime(end) : null;
    if (startMinutes === null) issues.push(`${at}.start: expected a time from '00:00' to '24:00', got ${describe(start)}`);
    if (endMinutes === null) issues.push(`${at}.end: expected a time from '00:00' to '24:00', got ${describe(end)}`);
    if (startMinutes === null || endMinutes === null) return;
    if (endMinutes <= startMinutes) {
      issues.push(`${at}: end ${end as string} must be after start ${start as string}`);
      return;
    }
    if (startMinutes < previousEnd) {
      issues.push(
        `${at}: starts at ${start as string}, before the previous interval ends; list intervals in order without overlap`,
      );
    }
    previousEnd = endMinutes;
    intervals.push({ start: start as string, end: end as string });
  });
  return intervals;
}

/** Every problem with a config, as readable messages; empty when the config is valid. */
export function validateBusinessCalendarConfig(config: unknown): string[] {
  return resolveConfig(config).issues;
}

/** Validates a config and fills in the defaults; throws BusinessCalendarConfigError listing every problem. */
export function createBusinessCalendar(config: BusinessCalendarConfig = {}): BusinessCalendar {
  const { calendar, issues } = resolveConfig(config);
  if (!calendar) throw new BusinessCalendarConfigError(issues);
  return calendar;
}

function resolveConfig(config: unknown): { calendar: BusinessCalendar | null; issues: string[] } {
  const issues: string[] = [];
  if (typeof config !== 'object' || config === null || Array.isArray(config)) {
    return { calendar: null, issues: ['config: expected an object'] };
  }
  const input = config as Record<string, unknown>;
  for (const field of Object.keys(input)) {
    if (!KNOWN_FIELDS.has(field)) issues.push(`${field}: unknown setting`);
  }

  let timeZone = DEFAULT_TIME_ZONE;
  if (input.timeZone !== undefined) {
    const canonical = typeof input.timeZone === 'string' ? canonicalTimeZone(input.timeZone) : null;
    if (canonical === null) issues.push(`timeZone: unknown IANA time zone ${describe(input.timeZone)}`);
    else timeZone = canonical;
  }

  let workingDays: Weekday[] = [...DEFAULT_WORKING_DAYS];
  if (input.workingDays !== undefined) {
    if (!Array.isArray(input.workingDays)) {
      issues.push(`workingDays: expected a list of weekdays (${WEEKDAYS.join(', ')})`);
    } else {
      const seen = new Set<Weekday>();
      for (const day of input.workingDays as unknown[]) {
        if (!WEEKDAYS.includes(day as Weekday))
          issues.push(`workingDays: unknown weekday ${describe(day)}, use ${WEEKDAYS.join(', ')}`);
        else if (seen.has(day as Weekday)) issues.push(`workingDays: ${day as string} is listed twice`);
        else seen.add(day as Weekday);
      }
      if (input.workingDays.length === 0) issues.push('workingDays: needs at least one working day');
      workingDays = WEEKDAYS.filter((day) => seen.has(day));
    }
  }

  const defaultHours =
    input.workingHours === undefined ? [...DEFAULT_WORKING_HOURS] : checkIntervals(input.workingHours, 'workingHours', issues);
  const workingHours = Object.fromEntries(WEEKDAYS.map((day) => [day, [] as WorkingInterval[]])) as Record<
    Weekday,
    WorkingInterval[]
  >;
  for (const day of workingDays) workingHours[day] = defaultHours;
  const byWeekday = input.workingHoursByWeekday;
  if (byWeekday !== undefined) {
    if (typeof byWeekday !== 'object' || byWeekday === null || Array.isArray(byWeekday)) {
      issues.push('workingHoursByWeekday: expected an object such as { fri: [{ start: "08:00", end: "14:00" }] }');
    } else {
      for (const [day, intervals] of Object.entries(byWeekday)) {
        const path = `workingHoursByWeekday.${day}`;
        if (!WEEKDAYS.includes(day as Weekday)) issues.push(`${path}: unknown weekday, use ${WEEKDAYS.join(', ')}`);
        else if (!workingDays.includes(day as Weekday)) issues.push(`${path}: ${day} is not one of the working days`);
        else workingHours[day as Weekday] = checkIntervals(intervals, path, issues);
      }
    }
  }

  let closeOnPublicHolidays = true;
  if (input.closeOnPublicHolidays !== undefined) {
    if (typeof input.closeOnPublicHolidays !== 'boolean')
      issues.push(`closeOnPublicHolidays: expected true or false, got ${describe(input.closeOnPublicHolidays)}`);
    else closeOnPublicHolidays = input.closeOnPublicHolidays;
  }

  let federalState: GermanFederalState | null = null;
  if (input.federalState !== undefined && input.federalState !== null) {
    if (!GERMAN_FEDERAL_STATES.includes(input.federalState as GermanFederalState)) {
      issues.push(
        `federalState: unknown German federal state ${describe(input.federalState)}, use one of ${GERMAN_FEDERAL_STATES.join(', ')} or null`,
      );
    } else {
      federalState = input.federalState as GermanFederalState;
    }
  }

  const closed = new Set<string>();
  if (input.closedDates !== undefined) {
    if (!Array.isArray(input.closedDates)) issues.push("closedDates: expected a list of 'YYYY-MM-DD' dates");
    else {
      input.closedDates.forEach((date: unknown, index) => {
        if (typeof date === 'string' && isIsoDate(date)) closed.add(date);
        else issues.push(`closedDates[${index}]: expected a real date as 'YYYY-MM-DD', got ${describe(date)}`);
      });
    }
  }
  const closedDates = [...closed].sort();

  if (issues.length > 0) return { calendar: null, issues };
  const rules = { timeZone, workingDays, workingHours, closeOnPublicHolidays, federalState, closedDates };
  const key = JSON.stringify(rules);
  const calendar = deepFreeze({ ...rules, key }) as unknown as BusinessCalendar;
  return { calendar, issues };
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
