import { describe, expect, it } from 'vitest';
import { createBusinessCalendar, type GermanFederalState, isBusinessDay, isBusinessMoment, publicHolidays } from './index.js';

const calendarOf = (federalState: GermanFederalState | null) => createBusinessCalendar({ federalState });
const datesOf = (federalState: GermanFederalState | null, year: number) =>
  publicHolidays(calendarOf(federalState), year).map((holiday) => holiday.date);

describe('publicHolidays', () => {
  it('lists the nine nationwide holidays of 2026 when no state is set', () => {
    // Easter Sunday 2026 is 5 April: Good Friday 3 April, Easter Monday 6 April, Ascension 14 May
    // (Easter + 39), Whit Monday 25 May (Easter + 50).
    expect(publicHolidays(calendarOf(null), 2026)).toEqual([
      { date: '2026-01-01', name: 'Neujahr', nameEn: "New Year's Day" },
      { date: '2026-04-03', name: 'Karfreitag', nameEn: 'Good Friday' },
      { date: '2026-04-06', name: 'Ostermontag', nameEn: 'Easter Monday' },
      { date: '2026-05-01', name: 'Maifeiertag', nameEn: 'Labour Day' },
      { date: '2026-05-14', name: 'Christi Himmelfahrt', nameEn: 'Ascension Day' },
      { date: '2026-05-25', name: 'Pfingstmontag', nameEn: 'Whit Monday' },
      { date: '2026-10-03', name: 'Tag der Deutschen Einheit', nameEn: 'Day of German Unity' },
      { date: '2026-12-25', name: '1. Weihnachtstag', nameEn: 'Christmas Day' },
      { date: '2026-12-26', name: '2. Weihnachtstag', nameEn: 'Boxing Day' },
    ]);
  });

  it('adds Epiphany, Corpus Christi and All Saints in Bavaria, but not Reformation Day nor Assumption', () => {
    // Corpus Christi is Easter + 60 = 4 June 2026. Assumption (15 August) is a holiday only in
    // Bavarian municipalities with a Catholic majority, so not statewide.
    expect(datesOf('BY', 2026)).toEqual([
      '2026-01-01',
      '2026-01-06',
      '2026-04-03',
      '2026-04-06',
      '2026-05-01',
      '2026-05-14',
      '2026-05-25',
      '2026-06-04',
      '2026-10-03',
      '2026-11-01',
      '2026-12-25',
      '2026-12-26',
    ]);
    expect(publicHolidays(calendarOf('BY'), 2026)).toContainEqual({
      date: '2026-01-06',
      name: 'Heilige Drei Könige',
      nameEn: 'Epiphany',
    });
  });

  it('knows the state differences the SLA depends on', () => {
    const has = (state: GermanFederalState, date: string) => datesOf(state, Number(date.slice(0, 4))).includes(date);
    // Epiphany: BW, BY, ST.
    expect(has('BY', '2026-01-06')).toBe(true);
    expect(has('BW', '2026-01-06')).toBe(true);
    expect(has('HH', '2026-01-06')).toBe(false);
    // Reformation Day: the northern and eastern states, including HH (since 2018) and SN; not BY.
    expect(has('HH', '2026-10-31')).toBe(true);
    expect(has('SN', '2026-10-31')).toBe(true);
    expect(has('BY', '2026-10-31')).toBe(false);
    // Corpus Christi: BY and NW, not HH.
    expect(has('BY', '2026-06-04')).toBe(true);
    expect(has('NW', '2026-06-04')).toBe(true);
    expect(has('HH', '2026-06-04')).toBe(false);
    // Repentance Day only in Saxony: Wednesday before 23 November, 18 November 2026.
    expect(has('SN', '2026-11-18')).toBe(true);
    expect(has('BY', '2026-11-18')).toBe(false);
    // Women's Day in Berlin, World Children's Day in Thuringia.
    expect(has('BE', '2026-03-08')).toBe(true);
    expect(has('TH', '2026-09-20')).toBe(true);
  });

  it('follows the years a holiday exists: Reformation Day in Hamburg from 2018, nationwide in 2017', () => {
    expect(datesOf('HH', 2016)).not.toContain('2016-10-31');
    expect(datesOf('HH', 2018)).toContain('2018-10-31');
    expect(datesOf(null, 2017)).toContain('2017-10-31');
    expect(datesOf(null, 2018)).not.toContain('2018-10-31');
  });

  it('moves Easter: Easter Monday is 21 April in 2025 and 29 March in 2027', () => {
    expect(datesOf(null, 2025)).toContain('2025-04-21');
    expect(datesOf(null, 2027)).toContain('2027-03-29');
  });

  it('leaves out 24 and 31 December: they stay working days unless closed by configuration', () => {
    expect(datesOf('BY', 2026)).not.toContain('2026-12-24');
    expect(datesOf('BY', 2026)).not.toContain('2026-12-31');
    const open = calendarOf('BY');
    const closed = createBusinessCalendar({ federalState: 'BY', closedDates: ['2026-12-24', '2026-12-31'] });
    // Thursday 24 December 2026, 15:00 (the library's half-day bank holidays start at 14:00).
    expect(isBusinessMoment(open, new Date('2026-12-24T15:00:00+01:00'))).toBe(true);
    expect(isBusinessMoment(closed, new Date('2026-12-24T15:00:00+01:00'))).toBe(false);
    expect(isBusinessDay(open, '2026-12-31')).toBe(true);
    expect(isBusinessDay(closed, '2026-12-31')).toBe(false);
    // Closed dates are not public holidays and are not listed as such.
    expect(publicHolidays(closed, 2026)).toEqual(publicHolidays(open, 2026));
  });

  it('is empty when the calendar ignores public holidays', () => {
    const calendar = createBusinessCalendar({ closeOnPublicHolidays: false, federalState: 'BY' });
    expect(publicHolidays(calendar, 2026)).toEqual([]);
    expect(isBusinessDay(calendar, '2026-05-01')).toBe(true);
  });

  it('refuses years it does not cover', () => {
    expect(() => publicHolidays(calendarOf('BY'), 1899)).toThrow(RangeError);
    expect(() => publicHolidays(calendarOf('BY'), 2026.5)).toThrow(RangeError);
  });
});

describe('isBusinessDay', () => {
  it('is false on weekends, nationwide and state holidays, true otherwise', () => {
    const bavaria = calendarOf('BY');
    const hamburg = calendarOf('HH');
    expect(isBusinessDay(bavaria, '2026-03-06')).toBe(true); // Friday
    expect(isBusinessDay(bavaria, '2026-03-07')).toBe(false); // Saturday
    expect(isBusinessDay(bavaria, '2026-03-08')).toBe(false); // Sunday
    expect(isBusinessDay(bavaria, '2026-05-01')).toBe(false); // Friday, Labour Day
    expect(isBusinessDay(bavaria, '2025-10-03')).toBe(false); // Friday, German Unity Day
    expect(isBusinessDay(bavaria, '2026-04-06')).toBe(false); // Easter Monday
    expect(isBusinessDay(bavaria, '2026-12-25')).toBe(false); // Friday, Christmas Day
    expect(isBusinessDay(bavaria, '2026-01-06')).toBe(false); // Tuesday, Epiphany in Bavaria
    expect(isBusinessDay(hamburg, '2026-01-06')).toBe(true);
    expect(isBusinessDay(hamburg, '2025-10-31')).toBe(false); // Friday, Reformation Day in Hamburg
    expect(isBusinessDay(bavaria, '2025-10-31')).toBe(true);
    expect(isBusinessDay(bavaria, '2026-06-04')).toBe(false); // Thursday, Corpus Christi in Bavaria
    expect(isBusinessDay(hamburg, '2026-06-04')).toBe(true);
  });

  it('refuses a malformed date', () => {
    expect(() => isBusinessDay(calendarOf(null), '2026-13-01')).toThrow(RangeError);
  });
});
