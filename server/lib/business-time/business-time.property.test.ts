import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addBusinessMillis,
  type BusinessCalendar,
  businessMillisBetween,
  createBusinessCalendar,
  isBusinessMoment,
  nextBusinessMoment,
  publicHolidays,
  WEEKDAYS,
  type Weekday,
} from './index.js';

const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;

const calendars: Record<string, BusinessCalendar> = {
  'Bavaria 08–17': createBusinessCalendar({ federalState: 'BY', closedDates: ['2026-12-24', '2026-12-31'] }),
  'Hamburg with lunch break and Saturday mornings': createBusinessCalendar({
    federalState: 'HH',
    workingDays: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat'],
    workingHours: [
      { start: '08:30', end: '12:15' },
      { start: '13:00', end: '17:45' },
    ],
    workingHoursByWeekday: { sat: [{ start: '09:00', end: '12:00' }] },
  }),
  'round the clock in Berlin': createBusinessCalendar({
    workingDays: [...WEEKDAYS],
    workingHours: [{ start: '00:00', end: '24:00' }],
    closeOnPublicHolidays: false,
  }),
  'New York 09–17': createBusinessCalendar({
    timeZone: 'America/New_York',
    workingHours: [{ start: '09:00', end: '17:00' }],
    closeOnPublicHolidays: false,
  }),
  'Kolkata 10–18:30': createBusinessCalendar({
    timeZone: 'Asia/Kolkata',
    workingHours: [{ start: '10:00', end: '18:30' }],
    closeOnPublicHolidays: false,
  }),
};

const instant = fc.integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2032, 0, 1) });
const amount = fc.integer({ min: 0, max: 3000 * HOUR });
const runs = { numRuns: 300 };

/**
 * An independent, slow reference: walks in 15-minute steps and asks Intl for each step's local date,
 * weekday and time. Every opening boundary and UTC offset in these calendars is a multiple of 15
 * minutes, so a step is either wholly open or wholly closed.
 */
function referenceMillisBetween(calendar: BusinessCalendar, from: number, to: number): number {
  const format = new Intl.DateTimeFormat('en-US', {
    timeZone: calendar.timeZone,
    hourCycle: 'h23',
    weekday: 'short',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  });
  const closed = new Set(calendar.closedDates);
  const step = 15 * MINUTE;
  let business = 0;
  for (let start = Math.floor(from / step) * step; start < to; start += step) {
    const parts = Object.fromEntries(format.formatToParts(start).map((part) => [part.type, part.value]));
    const date = `${parts.year}-${parts.month}-${parts.day}`;
    const year = Number(parts.year);
    if (closed.has(date) || publicHolidays(calendar, year).some((holiday) => holiday.date === date)) continue;
    const weekday = (parts.weekday ?? '').toLowerCase() as Weekday;
    const minutes = Number(parts.hour) * 60 + Number(parts.minute);
    const open = calendar.workingHours[weekday].some((interval) => {
      const [startHour, startMinute] = interval.start.split(':').map(Number) as [number, number];
      const [endHour, endMinute] = interval.end.split(':').map(Number) as [number, number];
      return minutes >= startHour * 60 + startMinute && minutes < endHour * 60 + endMinute;
    });
    if (open) business += Math.min(to, start + step) - Math.max(from, start);
  }
  return business;
}

describe.each(Object.entries(calendars))('business time on %s', (_name, calendar) => {
  it('agrees with a slow step-by-step reference over spans of up to six days', () => {
    fc.assert(
      fc.property(instant, fc.integer({ min: 0, max: 6 * DAY }), (from, length) => {
        expect(businessMillisBetween(calendar, from, from + length)).toBe(referenceMillisBetween(calendar, from, from + length));
      }),
      { numRuns: 60 },
    );
  });

  it('agrees with the reference around the 2026 clock changes', () => {
    const around = (iso: string) => fc.integer({ min: Date.parse(iso) - 3 * DAY, max: Date.parse(iso) + DAY });
    fc.assert(
      fc.property(
        fc.oneof(around('2026-03-29T01:00:00Z'), around('2026-10-25T01:00:00Z'), around('2026-03-08T07:00:00Z')),
        fc.integer({ min: 0, max: 4 * DAY }),
        (from, length) => {
          expect(businessMillisBetween(calendar, from, from + length)).toBe(
            referenceMillisBetween(calendar, from, from + length),
          );
        },
      ),
      { numRuns: 60 },
    );
  });

  it('adding business time and measuring it are inverse', () => {
    fc.assert(
      fc.property(instant, amount, (from, millis) => {
        const due = addBusinessMillis(calendar, from, millis);
        expect(due.getTime()).toBeGreaterThanOrEqual(from);
        expect(businessMillisBetween(calendar, from, due)).toBe(millis);
      }),
      runs,
    );
    fc.assert(
      fc.property(instant, instant, (a, b) => {
        const [from, to] = a <= b ? [a, b] : [b, a];
        const reached = addBusinessMillis(calendar, from, businessMillisBetween(calendar, from, to)).getTime();
        // The earliest instant with the same business time: `to` itself, or the last closing before it.
        expect(reached).toBeLessThanOrEqual(to);
        expect(businessMillisBetween(calendar, reached, to)).toBe(0);
        if (isBusinessMoment(calendar, to - 1)) expect(reached).toBe(to);
      }),
      runs,
    );
  });

  it('is additive over any split point and antisymmetric', () => {
    fc.assert(
      fc.property(instant, instant, instant, (a, b, c) => {
        expect(businessMillisBetween(calendar, a, b) + businessMillisBetween(calendar, b, c)).toBe(
          businessMillisBetween(calendar, a, c),
        );
        expect(businessMillisBetween(calendar, b, a) + businessMillisBetween(calendar, a, b)).toBe(0);
      }),
      runs,
    );
  });

  it('is monotone and never exceeds the elapsed time', () => {
    fc.assert(
      fc.property(instant, instant, instant, (x, y, z) => {
        const [a, b, c] = [x, y, z].sort((p, q) => p - q) as [number, number, number];
        const shorter = businessMillisBetween(calendar, a, b);
        expect(shorter).toBeGreaterThanOrEqual(0);
        expect(shorter).toBeLessThanOrEqual(b - a);
        expect(businessMillisBetween(calendar, a, c)).toBeGreaterThanOrEqual(shorter);
        expect(businessMillisBetween(calendar, b, c)).toBeLessThanOrEqual(businessMillisBetween(calendar, a, c));
      }),
      runs,
    );
    fc.assert(
      fc.property(instant, amount, amount, (from, m, n) => {
        const [less, more] = m <= n ? [m, n] : [n, m];
        expect(addBusinessMillis(calendar, from, less).getTime()).toBeLessThanOrEqual(
          addBusinessMillis(calendar, from, more).getTime(),
        );
      }),
      runs,
    );
  });

  it('agrees with itself on single moments', () => {
    fc.assert(
      fc.property(instant, (at) => {
        expect(isBusinessMoment(calendar, at)).toBe(businessMillisBetween(calendar, at, at + 1) === 1);
        const next = nextBusinessMoment(calendar, at).getTime();
        expect(isBusinessMoment(calendar, next)).toBe(true);
        expect(businessMillisBetween(calendar, at, next)).toBe(0);
        expect(next).toBe(addBusinessMillis(calendar, at, 1).getTime() - 1);
      }),
      runs,
    );
  });
});
