import { describe, expect, it } from 'vitest';
import {
  BusinessCalendarConfigError,
  createBusinessCalendar,
  isBusinessMoment,
  validateBusinessCalendarConfig,
} from './index.js';

function issuesOf(config: unknown): string[] {
  try {
    createBusinessCalendar(config as never);
  } catch (error) {
    expect(error).toBeInstanceOf(BusinessCalendarConfigError);
    return [...(error as BusinessCalendarConfigError).issues];
  }
  throw new Error('expected the config to be refused');
}

describe('createBusinessCalendar', () => {
  it('fills in the defaults: Berlin, Monday to Friday 08:00–17:00, nationwide holidays', () => {
    const calendar = createBusinessCalendar();
    expect(calendar.timeZone).toBe('Europe/Berlin');
    expect(calendar.workingDays).toEqual(['mon', 'tue', 'wed', 'thu', 'fri']);
    expect(calendar.workingHours.mon).toEqual([{ start: '08:00', end: '17:00' }]);
    expect(calendar.workingHours.sat).toEqual([]);
    expect(calendar.closeOnPublicHolidays).toBe(true);
    expect(calendar.federalState).toBeNull();
    expect(calendar.closedDates).toEqual([]);
    expect(Object.isFrozen(calendar)).toBe(true);
    expect(Object.isFrozen(calendar.workingHours.mon)).toBe(true);
  });

  it('gives equal rules the same key and different rules different keys', () => {
    const a = createBusinessCalendar({ federalState: 'BY', closedDates: ['2026-12-31', '2026-12-24', '2026-12-24'] });
    const b = createBusinessCalendar({ closedDates: ['2026-12-24', '2026-12-31'], federalState: 'BY' });
    expect(a.key).toBe(b.key);
    expect(a.closedDates).toEqual(['2026-12-24', '2026-12-31']);
    expect(createBusinessCalendar({ federalState: 'HH' }).key).not.toBe(a.key);
  });

  it('canonicalises the time zone name', () => {
    expect(createBusinessCalendar({ timeZone: 'europe/berlin' }).timeZone).toBe('Europe/Berlin');
    expect(createBusinessCalendar({ timeZone: 'UTC' }).timeZone).toBe('UTC');
  });

  it('takes several intervals per day and other hours on some weekdays', () => {
    const calendar = createBusinessCalendar({
      workingDays: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat'],
      workingHours: [
        { start: '09:00', end: '12:00' },
        { start: '13:00', end: '17:00' },
      ],
      workingHoursByWeekday: { sat: [{ start: '10:00', end: '14:00' }] },
    });
    expect(calendar.workingHours.tue).toHaveLength(2);
    expect(calendar.workingHours.sat).toEqual([{ start: '10:00', end: '14:00' }]);
    // Tuesday 3 March 2026, lunch break 12:00–13:00 is closed.
    expect(isBusinessMoment(calendar, new Date('2026-03-03T11:59:59.999+01:00'))).toBe(true);
    expect(isBusinessMoment(calendar, new Date('2026-03-03T12:00:00+01:00'))).toBe(false);
    expect(isBusinessMoment(calendar, new Date('2026-03-03T13:00:00+01:00'))).toBe(true);
    // Saturday 7 March 2026.
    expect(isBusinessMoment(calendar, new Date('2026-03-07T13:59:00+01:00'))).toBe(true);
    expect(isBusinessMoment(calendar, new Date('2026-03-07T14:00:00+01:00'))).toBe(false);
  });

  it('accepts 24:00 as the end of the day', () => {
    const calendar = createBusinessCalendar({ workingHours: [{ start: '00:00', end: '24:00' }] });
    expect(isBusinessMoment(calendar, new Date('2026-03-03T23:59:59.999+01:00'))).toBe(true);
  });
});

describe('config validation', () => {
  it('names every problem at once', () => {
    const issues = issuesOf({
      timeZone: 'Mars/Olympus',
      workingDays: ['mon', 'funday', 'mon'],
      workingHours: [{ start: '8:00', end: '17:00' }],
      federalState: 'XX',
      closedDates: ['2026-02-30', 20261224],
      closeOnPublicHolidays: 'yes',
      colour: 'blue',
    });
    expect(issues).toEqual([
      'colour: unknown setting',
      "timeZone: unknown IANA time zone 'Mars/Olympus'",
      "workingDays: unknown weekday 'funday', use mon, tue, wed, thu, fri, sat, sun",
      'workingDays: mon is listed twice',
      "workingHours[0].start: expected a time from '00:00' to '24:00', got '8:00'",
      "closeOnPublicHolidays: expected true or false, got 'yes'",
      "federalState: unknown German federal state 'XX', use one of BB, BE, BW, BY, HB, HE, HH, MV, NI, NW, RP, SH, SL, SN, ST, TH or null",
      "closedDates[0]: expected a real date as 'YYYY-MM-DD', got '2026-02-30'",
      "closedDates[1]: expected a real date as 'YYYY-MM-DD', got 20261224",
    ]);
  });

  it('refuses empty, reversed, overlapping and out-of-range hours', () => {
    expect(issuesOf({ workingHours: [] })).toEqual(['workingHours: needs at least one interval']);
    expect(issuesOf({ workingHours: [{ start: '17:00', end: '08:00' }] })).toEqual([
      'workingHours[0]: end 08:00 must be after start 17:00',
    ]);
    expect(issuesOf({ workingHours: [{ start: '09:00', end: '09:00' }] })).toEqual([
      'workingHours[0]: end 09:00 must be after start 09:00',
    ]);
    expect(
      issuesOf({
        workingHours: [
          { start: '09:00', end: '13:00' },
          { start: '12:00', end: '17:00' },
        ],
      }),
    ).toEqual(['workingHours[1]: starts at 12:00, before the previous interval ends; list intervals in order without overlap']);
    expect(issuesOf({ workingHours: [{ start: '08:60', end: '24:01' }] })).toEqual([
      "workingHours[0].start: expected a time from '00:00' to '24:00', got '08:60'",
      "workingHours[0].end: expected a time from '00:00' to '24:00', got '24:01'",
    ]);
    expect(issuesOf({ workingHours: 'nine to five' })).toEqual(['workingHours: expected a list of { start, end } intervals']);
  });

  it('refuses no working days, and hours for a day that is not a working day', () => {
    expect(issuesOf({ workingDays: [] })).toEqual(['workingDays: needs at least one working day']);
    expect(issuesOf({ workingHoursByWeekday: { sat: [{ start: '10:00', end: '12:00' }] } })).toEqual([
      'workingHoursByWeekday.sat: sat is not one of the working days',
    ]);
    expect(issuesOf({ workingHoursByWeekday: { friday: [] } })).toEqual([
      'workingHoursByWeekday.friday: unknown weekday, use mon, tue, wed, thu, fri, sat, sun',
    ]);
  });

  it('refuses what is not an object', () => {
    expect(validateBusinessCalendarConfig(null)).toEqual(['config: expected an object']);
    expect(validateBusinessCalendarConfig([])).toEqual(['config: expected an object']);
    expect(validateBusinessCalendarConfig({})).toEqual([]);
    expect(validateBusinessCalendarConfig({ federalState: null })).toEqual([]);
  });

  it('carries the issues in the error message', () => {
    expect(() => createBusinessCalendar({ federalState: 'Bayern' as never })).toThrow(
      /^Invalid business calendar: federalState: unknown German federal state 'Bayern'/,
    );
  });
});
