import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addBusinessMillis,
  businessMillisBetween,
  computeSlaState,
  createBusinessCalendar,
  type SlaClockInput,
} from './index.js';

// Expectations worked out by hand on the Bavarian calendar, 08:00–17:00 Monday to Friday (9 h a day).
// Monday 2 March 2026 is a normal working week in winter time (+01:00).
const MINUTE = 60_000;
const HOUR = 3_600_000;
const at = (iso: string) => new Date(iso);

const bavaria = createBusinessCalendar({ federalState: 'BY' });
const created = at('2026-03-02T09:00:00+01:00'); // Monday 09:00
const targets = { firstResponseMs: 4 * HOUR, resolutionMs: 16 * HOUR };

function state(input: Partial<SlaClockInput> & Pick<SlaClockInput, 'now'>) {
  return computeSlaState(bavaria, { createdAt: created, targets, ...input });
}

describe('computeSlaState: a fresh request', () => {
  it('starts both clocks at creation with the due times of the targets', () => {
    const result = state({ now: created });
    expect(result.paused).toBe(false);
    expect(result.firstResponse).toEqual({
      targetMs: 4 * HOUR,
      elapsedMs: 0,
      remainingMs: 4 * HOUR,
      overdueMs: 0,
      percentUsed: 0,
      dueAt: at('2026-03-02T13:00:00+01:00'),
      state: 'ok',
      running: true,
    });
    // Monday 09:00–17:00 is 8 h, Tuesday 08:00–16:00 another 8 h.
    expect(result.resolution?.dueAt).toEqual(at('2026-03-03T16:00:00+01:00'));
    expect(result.resolution?.state).toBe('ok');
  });

  it('starts counting at the next opening when created outside opening hours', () => {
    const saturday = at('2026-03-14T10:00:00+01:00');
    const result = computeSlaState(bavaria, { createdAt: saturday, now: at('2026-03-16T09:00:00+01:00'), targets });
    expect(result.firstResponse?.elapsedMs).toBe(1 * HOUR);
    expect(result.firstResponse?.dueAt).toEqual(at('2026-03-16T12:00:00+01:00'));
    // Tuesday 06:00 and 22:00.
    const early = computeSlaState(bavaria, {
      createdAt: at('2026-03-17T06:00:00+01:00'),
      now: at('2026-03-17T07:30:00+01:00'),
      targets,
    });
    expect(early.firstResponse?.elapsedMs).toBe(0);
    expect(early.firstResponse?.dueAt).toEqual(at('2026-03-17T12:00:00+01:00'));
    const late = computeSlaState(bavaria, {
      createdAt: at('2026-03-17T22:00:00+01:00'),
      now: at('2026-03-17T23:00:00+01:00'),
      targets,
    });
    expect(late.firstResponse?.dueAt).toEqual(at('2026-03-18T12:00:00+01:00'));
    expect(late.resolution?.dueAt).toEqual(at('2026-03-19T15:00:00+01:00'));
  });

  it('gives the DST example: created Friday 27 March 2026 16:00 with 8 hours, due Monday 15:00 summer time', () => {
    const result = computeSlaState(bavaria, {
      createdAt: at('2026-03-27T16:00:00+01:00'),
      now: at('2026-03-30T12:00:00+02:00'),
      targets: { firstResponseMs: null, resolutionMs: 8 * HOUR },
    });
    expect(result.firstResponse).toBeNull();
    // Friday 16:00–17:00 (1 h) and Monday 08:00–12:00 (4 h).
    expect(result.resolution?.elapsedMs).toBe(5 * HOUR);
    expect(result.resolution?.dueAt).toEqual(at('2026-03-30T15:00:00+02:00'));
    expect(result.resolution?.percentUsed).toBe(62.5);
  });
});

describe('computeSlaState: first response', () => {
  it('is met when the response comes before or exactly at the due time', () => {
    const early = state({ firstResponseAt: at('2026-03-02T12:00:00+01:00'), now: at('2026-03-04T10:00:00+01:00') });
    expect(early.firstResponse).toMatchObject({
      state: 'met',
      elapsedMs: 3 * HOUR,
      remainingMs: HOUR,
      running: false,
      percentUsed: 75,
    });
    const onTheDot = state({ firstResponseAt: at('2026-03-02T13:00:00+01:00'), now: at('2026-03-04T10:00:00+01:00') });
    expect(onTheDot.firstResponse).toMatchObject({ state: 'met', elapsedMs: 4 * HOUR, remainingMs: 0, percentUsed: 100 });
  });

  it('is missed when the response comes a millisecond late', () => {
    const late = state({ firstResponseAt: at('2026-03-02T13:00:00.001+01:00'), now: at('2026-03-04T10:00:00+01:00') });
    expect(late.firstResponse).toMatchObject({ state: 'missed', elapsedMs: 4 * HOUR + 1, overdueMs: 1, remainingMs: 0 });
  });

  it('is breached while the due time has passed without a response', () => {
    const result = state({ now: at('2026-03-02T13:30:00+01:00') });
    expect(result.firstResponse).toMatchObject({
      state: 'breached',
      elapsedMs: 4.5 * HOUR,
      overdueMs: 30 * MINUTE,
      percentUsed: 112.5,
      running: true,
    });
  });

  it('turns at risk at exactly 80 % of the target', () => {
    // 80 % of 4 h is 3 h 12 min: Monday 12:12.
    expect(state({ now: at('2026-03-02T12:11:59.999+01:00') }).firstResponse?.state).toBe('ok');
    const atRisk = state({ now: at('2026-03-02T12:12:00+01:00') }).firstResponse;
    expect(atRisk?.state).toBe('at_risk');
    expect(atRisk?.percentUsed).toBe(80);
    // At the due time itself the target is used up but not yet passed.
    expect(state({ now: at('2026-03-02T13:00:00+01:00') }).firstResponse?.state).toBe('at_risk');
    expect(state({ now: at('2026-03-02T13:00:00.001+01:00') }).firstResponse?.state).toBe('breached');
  });

  it('is breached once a due time at closing has passed, though no business time runs after it', () => {
    const result = computeSlaState(bavaria, {
      createdAt: created,
      now: at('2026-03-02T20:00:00+01:00'),
      targets: { firstResponseMs: 8 * HOUR, resolutionMs: null },
    });
    expect(result.firstResponse).toMatchObject({
      dueAt: at('2026-03-02T17:00:00+01:00'),
      elapsedMs: 8 * HOUR,
      state: 'breached',
    });
    expect(result.resolution).toBeNull();
  });

  it('ignores a response recorded after now: the state is as of now', () => {
    const result = state({ firstResponseAt: at('2026-03-02T12:00:00+01:00'), now: at('2026-03-02T11:00:00+01:00') });
    expect(result.firstResponse).toMatchObject({ state: 'ok', elapsedMs: 2 * HOUR, running: true, percentUsed: 50 });
  });

  it('stops at a decline or delivery that comes without a response', () => {
    const result = state({ stoppedAt: at('2026-03-02T10:00:00+01:00'), now: at('2026-03-05T10:00:00+01:00') });
    expect(result.firstResponse).toMatchObject({ state: 'met', elapsedMs: HOUR, running: false });
    expect(result.resolution).toMatchObject({ state: 'met', elapsedMs: HOUR, running: false });
  });

  it('does not pause while waiting for sales', () => {
    const result = state({
      pauses: [{ from: at('2026-03-02T10:00:00+01:00'), to: null }],
      now: at('2026-03-02T12:00:00+01:00'),
    });
    expect(result.firstResponse).toMatchObject({ elapsedMs: 3 * HOUR, running: true });
  });
});

describe('computeSlaState: resolution and waiting for sales', () => {
  const pause = { from: at('2026-03-02T14:00:00+01:00'), to: at('2026-03-03T10:00:00+01:00') };

  it('extends the due time by exactly the business time spent waiting', () => {
    // Waiting Monday 14:00–17:00 and Tuesday 08:00–10:00: 5 business hours. Without waiting the due
    // time is Tuesday 16:00; 5 h later is Wednesday 12:00 (Tuesday 16:00–17:00, Wednesday 08:00–12:00).
    const result = state({
      pauses: [pause],
      firstResponseAt: at('2026-03-02T10:00:00+01:00'),
      now: at('2026-03-03T12:00:00+01:00'),
    });
    expect(result.paused).toBe(false);
    expect(result.resolution).toEqual({
      targetMs: 16 * HOUR,
      elapsedMs: 7 * HOUR, // Monday 09:00–14:00 and Tuesday 10:00–12:00
      remainingMs: 9 * HOUR,
      overdueMs: 0,
      percentUsed: 43.75,
      dueAt: at('2026-03-04T12:00:00+01:00'),
      state: 'ok',
      running: true,
    });
    expect(result.firstResponse?.state).toBe('met');
  });

  it('has no due time while waiting, and counts nothing', () => {
    const waiting = { from: pause.from, to: null };
    const result = state({
      pauses: [waiting],
      firstResponseAt: at('2026-03-02T10:00:00+01:00'),
      now: at('2026-03-03T15:00:00+01:00'),
    });
    expect(result.paused).toBe(true);
    expect(result.resolution).toMatchObject({ elapsedMs: 5 * HOUR, dueAt: null, state: 'ok', running: false });
  });

  it('keeps the due time when the target ran out before the wait began', () => {
    const result = computeSlaState(bavaria, {
      createdAt: created,
      pauses: [{ from: at('2026-03-02T15:00:00+01:00'), to: null }],
      now: at('2026-03-03T09:00:00+01:00'),
      targets: { firstResponseMs: null, resolutionMs: 4 * HOUR },
    });
    expect(result.paused).toBe(true);
    expect(result.resolution).toMatchObject({ elapsedMs: 6 * HOUR, dueAt: at('2026-03-02T13:00:00+01:00'), state: 'breached' });
  });

  it('changes nothing for a wait outside opening hours', () => {
    const overnight = { from: at('2026-03-02T17:30:00+01:00'), to: at('2026-03-03T07:00:00+01:00') };
    const result = state({ pauses: [overnight], now: at('2026-03-03T09:00:00+01:00') });
    expect(result.resolution?.dueAt).toEqual(at('2026-03-03T16:00:00+01:00'));
    expect(result.resolution?.elapsedMs).toBe(9 * HOUR);
  });

  it('merges overlapping and unordered waits and ignores waits before creation', () => {
    const result = state({
      pauses: [
        { from: at('2026-03-02T14:00:00+01:00'), to: at('2026-03-02T16:00:00+01:00') },
        { from: at('2026-03-02T13:00:00+01:00'), to: at('2026-03-02T15:00:00+01:00') },
        { from: at('2026-03-01T10:00:00+01:00'), to: at('2026-03-02T10:00:00+01:00') },
      ],
      now: at('2026-03-02T17:00:00+01:00'),
    });
    // Running Monday 10:00–13:00 and 16:00–17:00.
    expect(result.resolution?.elapsedMs).toBe(4 * HOUR);
    // 12 h left after Monday: Tuesday 9 h, Wednesday 08:00 + 3 h.
    expect(result.resolution?.dueAt).toEqual(at('2026-03-04T11:00:00+01:00'));
  });

  it('ignores a wait that starts after now and treats one ending after now as still open', () => {
    const future = state({ pauses: [{ from: at('2026-03-02T16:00:00+01:00'), to: null }], now: at('2026-03-02T15:00:00+01:00') });
    expect(future.paused).toBe(false);
    expect(future.resolution?.elapsedMs).toBe(6 * HOUR);
    const ongoing = state({ pauses: [pause], now: at('2026-03-02T16:00:00+01:00') });
    expect(ongoing.paused).toBe(true);
    expect(ongoing.resolution).toMatchObject({ elapsedMs: 5 * HOUR, dueAt: null, running: false });
  });

  it('is met when delivered by the due time and missed after it; the clock stops at delivery', () => {
    const delivered = state({ stoppedAt: at('2026-03-03T15:00:00+01:00'), now: at('2026-03-06T10:00:00+01:00') });
    expect(delivered.resolution).toMatchObject({ state: 'met', elapsedMs: 15 * HOUR, remainingMs: HOUR, running: false });
    const late = state({ stoppedAt: at('2026-03-04T09:00:00+01:00'), now: at('2026-03-06T10:00:00+01:00') });
    expect(late.resolution).toMatchObject({
      state: 'missed',
      elapsedMs: 18 * HOUR, // Monday 8 h, Tuesday 9 h, Wednesday 08:00–09:00
      overdueMs: 2 * HOUR,
      dueAt: at('2026-03-03T16:00:00+01:00'),
    });
  });

  it('closes an open wait at a decline and projects the due time from there', () => {
    const result = state({
      pauses: [{ from: pause.from, to: null }],
      stoppedAt: at('2026-03-03T10:00:00+01:00'),
      now: at('2026-03-05T10:00:00+01:00'),
    });
    expect(result.paused).toBe(false);
    expect(result.resolution).toMatchObject({
      state: 'met',
      elapsedMs: 5 * HOUR,
      dueAt: at('2026-03-04T12:00:00+01:00'),
      running: false,
    });
  });

  it('crosses Easter and the turn of the year', () => {
    // Created Thursday 2 April 2026 15:00 with 16 h: due Wednesday 8 April 13:00 (see business-time tests).
    const easter = computeSlaState(bavaria, {
      createdAt: at('2026-04-02T15:00:00+02:00'),
      now: at('2026-04-07T12:00:00+02:00'),
      targets: { firstResponseMs: null, resolutionMs: 16 * HOUR },
    });
    expect(easter.resolution).toMatchObject({ elapsedMs: 6 * HOUR, dueAt: at('2026-04-08T13:00:00+02:00'), state: 'ok' });
    // Created Wednesday 30 December 2026 16:00, waiting all of 31 December: 16 h due Tuesday 5 January 14:00
    // (1 h, then Monday 4 January 9 h, Tuesday 6 h).
    const newYear = computeSlaState(bavaria, {
      createdAt: at('2026-12-30T16:00:00+01:00'),
      pauses: [{ from: at('2026-12-31T00:00:00+01:00'), to: at('2027-01-01T00:00:00+01:00') }],
      now: at('2027-01-05T13:00:00+01:00'),
      targets: { firstResponseMs: null, resolutionMs: 16 * HOUR },
    });
    expect(newYear.resolution).toMatchObject({
      elapsedMs: 15 * HOUR,
      dueAt: at('2027-01-05T14:00:00+01:00'),
      state: 'at_risk',
      percentUsed: 93.75,
    });
  });

  it('refuses bad input', () => {
    expect(() =>
      state({ pauses: [{ from: at('2026-03-03T10:00:00+01:00'), to: at('2026-03-03T09:00:00+01:00') }], now: created }),
    ).toThrow(/pauses\[0\] ends before it starts/);
    expect(() =>
      computeSlaState(bavaria, { createdAt: created, now: created, targets: { firstResponseMs: 0, resolutionMs: null } }),
    ).toThrow(RangeError);
    expect(() => state({ now: new Date('nonsense') })).toThrow(/now must be a valid Date/);
  });
});

describe('computeSlaState: properties', () => {
  const instant = fc.integer({ min: Date.UTC(2025, 0, 1), max: Date.UTC(2027, 0, 1) });

  it('extends the due time by the business time of closed waits that end before it', () => {
    fc.assert(
      fc.property(
        instant,
        fc.integer({ min: 1, max: 200 * HOUR }),
        fc.array(fc.tuple(fc.integer({ min: 0, max: 30 * 86_400_000 }), fc.integer({ min: 0, max: 5 * 86_400_000 })), {
          maxLength: 4,
        }),
        (createdAt, resolutionMs, offsets) => {
          let cursor = createdAt;
          const pauses = offsets.map(([gap, length]) => {
            const from = cursor + gap;
            cursor = from + length;
            return { from, to: cursor };
          });
          const now = cursor + 400 * 86_400_000;
          const result = computeSlaState(bavaria, { createdAt, pauses, now, targets: { firstResponseMs: null, resolutionMs } });
          const dueAt = result.resolution?.dueAt?.getTime() ?? Number.NaN;
          // Business time to the due time, less the waiting before it, is the target.
          let waited = 0;
          for (const { from, to } of pauses) waited += businessMillisBetween(bavaria, Math.min(from, dueAt), Math.min(to, dueAt));
          expect(businessMillisBetween(bavaria, createdAt, dueAt) - waited).toBe(resolutionMs);
          if (pauses.length === 0) expect(dueAt).toBe(addBusinessMillis(bavaria, createdAt, resolutionMs).getTime());
          // Long after the due time, without a stop, it is breached and all the running time counts.
          expect(result.resolution?.state).toBe('breached');
          let waitedInAll = 0;
          for (const { from, to } of pauses) waitedInAll += businessMillisBetween(bavaria, from, to);
          expect(result.resolution?.elapsedMs).toBe(businessMillisBetween(bavaria, createdAt, now) - waitedInAll);
        },
      ),
      { numRuns: 200 },
    );
  });
});
