import { describe, expect, it } from 'vitest';
import {
  addBusinessMillis,
  businessMillisBetween,
  createBusinessCalendar,
  isBusinessMoment,
  nextBusinessMoment,
  WEEKDAYS,
} from './index.js';

// Every expectation below is worked out by hand from a wall calendar; times carry their UTC offset
// (+01:00 winter, +02:00 summer time in Germany, 2026 switches on 29 March and 25 October).
const MINUTE = 60_000;
const HOUR = 3_600_000;
const at = (iso: string) => new Date(iso);

const bavaria = createBusinessCalendar({ federalState: 'BY' });
const hamburg = createBusinessCalendar({ federalState: 'HH' });
const saxony = createBusinessCalendar({ federalState: 'SN' });
const badenWuerttemberg = createBusinessCalendar({ federalState: 'BW' });
const northRhineWestphalia = createBusinessCalendar({ federalState: 'NW' });
const nationwide = createBusinessCalendar();

describe('isBusinessMoment', () => {
  it('is open from 08:00 up to but not including 17:00 on a working day', () => {
    // Tuesday 17 March 2026.
    expect(isBusinessMoment(bavaria, at('2026-03-17T07:59:59.999+01:00'))).toBe(false);
    expect(isBusinessMoment(bavaria, at('2026-03-17T08:00:00+01:00'))).toBe(true);
    expect(isBusinessMoment(bavaria, at('2026-03-17T16:59:59.999+01:00'))).toBe(true);
    expect(isBusinessMoment(bavaria, at('2026-03-17T17:00:00+01:00'))).toBe(false);
    expect(isBusinessMoment(bavaria, Date.parse('2026-03-17T12:00:00+01:00'))).toBe(true);
  });

  it('is closed at weekends and on holidays', () => {
    expect(isBusinessMoment(bavaria, at('2026-03-14T10:00:00+01:00'))).toBe(false); // Saturday
    expect(isBusinessMoment(bavaria, at('2026-03-15T10:00:00+01:00'))).toBe(false); // Sunday
    expect(isBusinessMoment(bavaria, at('2026-05-01T10:00:00+02:00'))).toBe(false); // Labour Day
    expect(isBusinessMoment(bavaria, at('2026-01-06T10:00:00+01:00'))).toBe(false); // Epiphany in Bavaria
    expect(isBusinessMoment(hamburg, at('2026-01-06T10:00:00+01:00'))).toBe(true);
  });

  it('reads opening hours in local time on both sides of the clock change', () => {
    // Monday 30 March 2026 is the first working day in summer time: 08:00 local is 06:00 UTC.
    expect(isBusinessMoment(bavaria, at('2026-03-30T05:59:59.999Z'))).toBe(false);
    expect(isBusinessMoment(bavaria, at('2026-03-30T06:00:00Z'))).toBe(true);
    // Friday 27 March, still winter time: 08:00 local is 07:00 UTC.
    expect(isBusinessMoment(bavaria, at('2026-03-27T06:30:00Z'))).toBe(false);
    expect(isBusinessMoment(bavaria, at('2026-03-27T07:00:00Z'))).toBe(true);
  });
});

describe('businessMillisBetween', () => {
  it('skips the weekend', () => {
    // Friday 15:00–17:00 is 2 h, Monday 08:00–10:00 is 2 h.
    expect(businessMillisBetween(bavaria, at('2026-03-06T15:00:00+01:00'), at('2026-03-09T10:00:00+01:00'))).toBe(4 * HOUR);
    // A whole week from Monday midnight: 5 × 9 h.
    expect(businessMillisBetween(bavaria, at('2026-03-09T00:00:00+01:00'), at('2026-03-16T00:00:00+01:00'))).toBe(45 * HOUR);
  });

  it('counts nothing outside opening hours and starts at the next opening', () => {
    expect(businessMillisBetween(bavaria, at('2026-03-17T06:00:00+01:00'), at('2026-03-17T07:59:00+01:00'))).toBe(0);
    expect(businessMillisBetween(bavaria, at('2026-03-17T17:00:00+01:00'), at('2026-03-18T08:00:00+01:00'))).toBe(0);
    // Saturday 10:00 to Monday 09:30: only Monday 08:00–09:30.
    expect(businessMillisBetween(bavaria, at('2026-03-14T10:00:00+01:00'), at('2026-03-16T09:30:00+01:00'))).toBe(90 * MINUTE);
    // 22:00 to the next day 08:00:00.001.
    expect(businessMillisBetween(bavaria, at('2026-03-17T22:00:00+01:00'), at('2026-03-18T08:00:00.001+01:00'))).toBe(1);
  });

  it('is negative when the end comes first', () => {
    expect(businessMillisBetween(bavaria, at('2026-03-09T10:00:00+01:00'), at('2026-03-06T15:00:00+01:00'))).toBe(-4 * HOUR);
    expect(businessMillisBetween(bavaria, at('2026-03-09T10:00:00+01:00'), at('2026-03-09T10:00:00+01:00'))).toBe(0);
  });

  it('skips nationwide holidays', () => {
    // Thursday 30 April 16:00–17:00, Friday 1 May closed, Monday 4 May 08:00–09:00.
    expect(businessMillisBetween(nationwide, at('2026-04-30T16:00:00+02:00'), at('2026-05-04T09:00:00+02:00'))).toBe(2 * HOUR);
    // Thursday 2 April 15:00 to Tuesday 7 April 17:00 over Easter: 2 h + Tuesday 9 h.
    expect(businessMillisBetween(bavaria, at('2026-04-02T15:00:00+02:00'), at('2026-04-07T17:00:00+02:00'))).toBe(11 * HOUR);
  });

  it('adds up whole years: 252 working days in Bavaria and 254 in Hamburg in 2026', () => {
    // 2026 has 261 weekdays. Bavaria loses 9 to holidays on weekdays (1 Jan, 6 Jan, 3 Apr, 6 Apr, 1 May,
    // 14 May, 25 May, 4 Jun, 25 Dec); Hamburg 7 (Reformation Day falls on a Saturday).
    const from = at('2026-01-01T00:00:00+01:00');
    const to = at('2027-01-01T00:00:00+01:00');
    expect(businessMillisBetween(bavaria, from, to)).toBe(252 * 9 * HOUR);
    expect(businessMillisBetween(hamburg, from, to)).toBe(254 * 9 * HOUR);
    // 2027: 261 weekdays less 8 Bavarian holidays on weekdays (1 Jan, 6 Jan, 26 Mar, 29 Mar, 6 May,
    // 17 May, 27 May, 1 Nov).
    expect(businessMillisBetween(bavaria, from, at('2028-01-01T00:00:00+01:00'))).toBe((252 + 253) * 9 * HOUR);
  });

  it('counts a 08:00–17:00 day as 9 hours on the days the clocks change', () => {
    const sevenDays = createBusinessCalendar({ workingDays: [...WEEKDAYS], closeOnPublicHolidays: false });
    expect(businessMillisBetween(sevenDays, at('2026-03-29T00:00:00+01:00'), at('2026-03-30T00:00:00+02:00'))).toBe(9 * HOUR);
    expect(businessMillisBetween(sevenDays, at('2026-10-25T00:00:00+02:00'), at('2026-10-26T00:00:00+01:00'))).toBe(9 * HOUR);
  });

  it('counts real elapsed time when the opening hours contain the clock change', () => {
    const allDay = createBusinessCalendar({
      workingDays: [...WEEKDAYS],
      workingHours: [{ start: '00:00', end: '24:00' }],
      closeOnPublicHolidays: false,
    });
    expect(businessMillisBetween(allDay, at('2026-03-29T00:00:00+01:00'), at('2026-03-30T00:00:00+02:00'))).toBe(23 * HOUR);
    expect(businessMillisBetween(allDay, at('2026-10-25T00:00:00+02:00'), at('2026-10-26T00:00:00+01:00'))).toBe(25 * HOUR);
    const night = createBusinessCalendar({
      workingDays: [...WEEKDAYS],
      workingHours: [{ start: '01:00', end: '04:00' }],
      closeOnPublicHolidays: false,
    });
    // 01:00 CET to 04:00 CEST is 2 h; 01:00 CEST to 04:00 CET is 4 h.
    expect(businessMillisBetween(night, at('2026-03-29T00:00:00+01:00'), at('2026-03-30T00:00:00+02:00'))).toBe(2 * HOUR);
    expect(businessMillisBetween(night, at('2026-10-25T00:00:00+02:00'), at('2026-10-26T00:00:00+01:00'))).toBe(4 * HOUR);
  });

  it('respects a lunch break', () => {
    const withLunch = createBusinessCalendar({
      workingHours: [
        { start: '09:00', end: '12:00' },
        { start: '13:00', end: '17:00' },
      ],
    });
    expect(businessMillisBetween(withLunch, at('2026-03-03T11:00:00+01:00'), at('2026-03-03T14:00:00+01:00'))).toBe(2 * HOUR);
    expect(businessMillisBetween(withLunch, at('2026-03-03T00:00:00+01:00'), at('2026-03-04T00:00:00+01:00'))).toBe(7 * HOUR);
  });
});

describe('addBusinessMillis', () => {
  it('is due at closing time when the target runs out exactly then, not at the next opening', () => {
    expect(addBusinessMillis(bavaria, at('2026-03-06T15:00:00+01:00'), 2 * HOUR)).toEqual(at('2026-03-06T17:00:00+01:00'));
    expect(addBusinessMillis(bavaria, at('2026-03-06T15:00:00+01:00'), 2 * HOUR + 1)).toEqual(
      at('2026-03-09T08:00:00.001+01:00'),
    );
  });

  it('returns the start itself for zero, even outside opening hours', () => {
    expect(addBusinessMillis(bavaria, at('2026-03-14T10:00:00+01:00'), 0)).toEqual(at('2026-03-14T10:00:00+01:00'));
  });

  it('starts requests made outside opening hours at the next opening', () => {
    // Saturday 10:00 + 4 h: Monday 08:00–12:00.
    expect(addBusinessMillis(bavaria, at('2026-03-14T10:00:00+01:00'), 4 * HOUR)).toEqual(at('2026-03-16T12:00:00+01:00'));
    // Tuesday 06:00 + 4 h: Tuesday 08:00–12:00.
    expect(addBusinessMillis(bavaria, at('2026-03-17T06:00:00+01:00'), 4 * HOUR)).toEqual(at('2026-03-17T12:00:00+01:00'));
    // Tuesday 22:00 + 4 h: Wednesday 08:00–12:00.
    expect(addBusinessMillis(bavaria, at('2026-03-17T22:00:00+01:00'), 4 * HOUR)).toEqual(at('2026-03-18T12:00:00+01:00'));
  });

  it('carries a 16-hour target over Easter in Bavaria', () => {
    // Maundy Thursday 2 April 15:00: 2 h; Good Friday, the weekend and Easter Monday closed; Tuesday
    // 7 April 9 h (11 h); Wednesday 8 April 08:00 + 5 h = 13:00.
    expect(addBusinessMillis(bavaria, at('2026-04-02T15:00:00+02:00'), 16 * HOUR)).toEqual(at('2026-04-08T13:00:00+02:00'));
    // The Friday a week before Easter, 27 March 15:00: 2 h; weekend (clocks go forward); Monday 30 March
    // 9 h (11 h); Tuesday 31 March 08:00 + 5 h = 13:00 summer time.
    expect(addBusinessMillis(bavaria, at('2026-03-27T15:00:00+01:00'), 16 * HOUR)).toEqual(at('2026-03-31T13:00:00+02:00'));
  });

  it('carries an 8-hour target over both clock changes of 2026', () => {
    // Friday 27 March 16:00 CET: 1 h; Monday 30 March 08:00 CEST + 7 h = 15:00 CEST (13:00 UTC).
    const spring = addBusinessMillis(bavaria, at('2026-03-27T16:00:00+01:00'), 8 * HOUR);
    expect(spring).toEqual(at('2026-03-30T15:00:00+02:00'));
    expect(spring.toISOString()).toBe('2026-03-30T13:00:00.000Z');
    expect(businessMillisBetween(bavaria, at('2026-03-27T16:00:00+01:00'), spring)).toBe(8 * HOUR);
    // Friday 23 October 16:00 CEST: 1 h; Monday 26 October 08:00 CET + 7 h = 15:00 CET (14:00 UTC).
    const autumn = addBusinessMillis(bavaria, at('2026-10-23T16:00:00+02:00'), 8 * HOUR);
    expect(autumn.toISOString()).toBe('2026-10-26T14:00:00.000Z');
  });

  it('closes on nationwide holidays', () => {
    // Thursday 2 October 2025 16:00: 1 h; Friday 3 October closed; Monday 6 October 08:00 + 1 h.
    expect(addBusinessMillis(nationwide, at('2025-10-02T16:00:00+02:00'), 2 * HOUR)).toEqual(at('2025-10-06T09:00:00+02:00'));
    // Christmas Eve Thursday 24 December 2026 16:00: 1 h; 25 December and the weekend closed; Monday 28th.
    expect(addBusinessMillis(bavaria, at('2026-12-24T16:00:00+01:00'), 2 * HOUR)).toEqual(at('2026-12-28T09:00:00+01:00'));
    // Easter Monday 6 April 2026 closed: Thursday 2nd 16:00 + 2 h ends Tuesday 7th 09:00.
    expect(addBusinessMillis(hamburg, at('2026-04-02T16:00:00+02:00'), 2 * HOUR)).toEqual(at('2026-04-07T09:00:00+02:00'));
  });

  it('closes on Epiphany in Bavaria and Baden-Württemberg, not in Hamburg', () => {
    // Monday 5 January 2026 16:00 + 2 h.
    const start = at('2026-01-05T16:00:00+01:00');
    expect(addBusinessMillis(bavaria, start, 2 * HOUR)).toEqual(at('2026-01-07T09:00:00+01:00'));
    expect(addBusinessMillis(badenWuerttemberg, start, 2 * HOUR)).toEqual(at('2026-01-07T09:00:00+01:00'));
    expect(addBusinessMillis(hamburg, start, 2 * HOUR)).toEqual(at('2026-01-06T09:00:00+01:00'));
  });

  it('closes on Reformation Day in Hamburg and Saxony, not in Bavaria', () => {
    // Thursday 30 October 2025 16:00 + 2 h; Friday 31 October is Reformation Day.
    const start = at('2025-10-30T16:00:00+01:00');
    expect(addBusinessMillis(hamburg, start, 2 * HOUR)).toEqual(at('2025-11-03T09:00:00+01:00'));
    expect(addBusinessMillis(saxony, start, 2 * HOUR)).toEqual(at('2025-11-03T09:00:00+01:00'));
    expect(addBusinessMillis(bavaria, start, 2 * HOUR)).toEqual(at('2025-10-31T09:00:00+01:00'));
  });

  it('closes on Corpus Christi in Bavaria and North Rhine-Westphalia, not in Hamburg', () => {
    // Wednesday 3 June 2026 16:00 + 2 h; Thursday 4 June is Corpus Christi.
    const start = at('2026-06-03T16:00:00+02:00');
    expect(addBusinessMillis(bavaria, start, 2 * HOUR)).toEqual(at('2026-06-05T09:00:00+02:00'));
    expect(addBusinessMillis(northRhineWestphalia, start, 2 * HOUR)).toEqual(at('2026-06-05T09:00:00+02:00'));
    expect(addBusinessMillis(hamburg, start, 2 * HOUR)).toEqual(at('2026-06-04T09:00:00+02:00'));
  });

  it('crosses the turn of the year', () => {
    // Wednesday 30 December 2026 16:00: 1 h; Thursday 31st 9 h (10 h); 1 January closed; weekend;
    // Monday 4 and Tuesday 5 January 9 h each (28 h); Wednesday 6 January is Epiphany in Bavaria;
    // Thursday 7 January 08:00 + 2 h. Hamburg works on the 6th.
    const start = at('2026-12-30T16:00:00+01:00');
    expect(addBusinessMillis(bavaria, start, 30 * HOUR)).toEqual(at('2027-01-07T10:00:00+01:00'));
    expect(addBusinessMillis(hamburg, start, 30 * HOUR)).toEqual(at('2027-01-06T10:00:00+01:00'));
    expect(businessMillisBetween(bavaria, start, at('2027-01-07T10:00:00+01:00'))).toBe(30 * HOUR);
  });

  it('skips extra closed days', () => {
    // With 24 and 31 December closed: Wednesday 30 December 16:00: 1 h; Monday 4 January 9 h (10 h);
    // Tuesday 5 January 08:00 + 6 h = 14:00.
    const closedAtYearEnd = createBusinessCalendar({ federalState: 'BY', closedDates: ['2026-12-24', '2026-12-31'] });
    expect(addBusinessMillis(closedAtYearEnd, at('2026-12-30T16:00:00+01:00'), 16 * HOUR)).toEqual(
      at('2027-01-05T14:00:00+01:00'),
    );
    // A company day off on Tuesday 10 March 2026.
    const dayOff = createBusinessCalendar({ closedDates: ['2026-03-10'] });
    expect(addBusinessMillis(dayOff, at('2026-03-09T16:00:00+01:00'), 2 * HOUR)).toEqual(at('2026-03-11T09:00:00+01:00'));
  });

  it('works in other time zones with their own clock changes', () => {
    // The USA changed to summer time on Sunday 8 March 2026.
    const newYork = createBusinessCalendar({
      timeZone: 'America/New_York',
      workingHours: [{ start: '09:00', end: '17:00' }],
      closeOnPublicHolidays: false,
    });
    expect(addBusinessMillis(newYork, at('2026-03-06T16:00:00-05:00'), 2 * HOUR)).toEqual(at('2026-03-09T10:00:00-04:00'));
    const kolkata = createBusinessCalendar({ timeZone: 'Asia/Kolkata', closeOnPublicHolidays: false });
    expect(addBusinessMillis(kolkata, at('2026-03-06T16:30:00+05:30'), 1 * HOUR)).toEqual(at('2026-03-09T08:30:00+05:30'));
  });

  it('finds due times in a lunch-break calendar', () => {
    const withLunch = createBusinessCalendar({
      workingHours: [
        { start: '09:00', end: '12:00' },
        { start: '13:00', end: '17:00' },
      ],
    });
    expect(addBusinessMillis(withLunch, at('2026-03-03T11:00:00+01:00'), HOUR)).toEqual(at('2026-03-03T12:00:00+01:00'));
    expect(addBusinessMillis(withLunch, at('2026-03-03T11:00:00+01:00'), 2 * HOUR)).toEqual(at('2026-03-03T14:00:00+01:00'));
  });

  it('refuses bad input', () => {
    expect(() => addBusinessMillis(bavaria, at('2026-03-03T11:00:00+01:00'), -1)).toThrow(RangeError);
    expect(() => addBusinessMillis(bavaria, at('2026-03-03T11:00:00+01:00'), 1.5)).toThrow(RangeError);
    expect(() => addBusinessMillis(bavaria, new Date('not a date'), HOUR)).toThrow(/from must be a valid Date/);
    expect(() => businessMillisBetween(bavaria, at('1850-01-01T00:00:00Z'), at('2026-01-01T00:00:00Z'))).toThrow(RangeError);
  });
});

describe('nextBusinessMoment', () => {
  it('is the instant itself during opening hours and the next opening otherwise', () => {
    expect(nextBusinessMoment(bavaria, at('2026-03-17T10:00:00+01:00'))).toEqual(at('2026-03-17T10:00:00+01:00'));
    expect(nextBusinessMoment(bavaria, at('2026-03-17T17:00:00+01:00'))).toEqual(at('2026-03-18T08:00:00+01:00'));
    expect(nextBusinessMoment(bavaria, at('2026-03-14T10:00:00+01:00'))).toEqual(at('2026-03-16T08:00:00+01:00'));
    // Wednesday 30 December 2026 18:00 → Thursday 31st; with it closed → Monday 4 January 2027.
    expect(nextBusinessMoment(bavaria, at('2026-12-30T18:00:00+01:00'))).toEqual(at('2026-12-31T08:00:00+01:00'));
    const closed = createBusinessCalendar({ federalState: 'BY', closedDates: ['2026-12-31'] });
    expect(nextBusinessMoment(closed, at('2026-12-30T18:00:00+01:00'))).toEqual(at('2027-01-04T08:00:00+01:00'));
  });
});
