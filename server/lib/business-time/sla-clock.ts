/**
 * The SLA clocks of a request, as of a given moment. Both clocks start when the request is created and
 * count business time only. The first-response clock stops at the first response (or when the request
 * is delivered or declined without one). The resolution clock stops at delivery or decline and does not
 * count while the request waits for sales. Events later than `now` have not happened yet, so the same
 * history gives the state at any past moment.
 */

import { type BusinessClock, businessClockFor, type Instant, toEpochMillis } from './business-time.js';
import type { BusinessCalendar } from './calendar.js';

/** A request is at risk once this share of a target is used up. */
export const AT_RISK_SHARE = 0.8;

export type SlaTargetStatus = 'ok' | 'at_risk' | 'breached' | 'met' | 'missed';

export interface SlaPause {
  readonly from: Instant;
  /** null while the request still waits for sales. */
  readonly to: Instant | null;
}

export interface SlaClockInput {
  readonly createdAt: Instant;
  /** Periods of waiting for sales; they may overlap or be unordered. */
  readonly pauses?: readonly SlaPause[];
  readonly firstResponseAt?: Instant | null;
  /** When the request was delivered or declined. */
  readonly stoppedAt?: Instant | null;
  readonly now: Instant;
  /** Business milliseconds allowed; null when the policy sets no such target. */
  readonly targets: { readonly firstResponseMs: number | null; readonly resolutionMs: number | null };
}

export interface SlaTargetState {
  readonly targetMs: number;
  /** Business time counted so far (up to the stop when the clock has stopped). */
  readonly elapsedMs: number;
  /** Business time left before the target, 0 once it is used up. */
  readonly remainingMs: number;
  /** Business time beyond the target, 0 while within it. */
  readonly overdueMs: number;
  /** Share of the target used, in percent; above 100 when overdue. */
  readonly percentUsed: number;
  /**
   * When the target is (or was) reached. null while paused before reaching it: the due time then
   * depends on when sales answers.
   */
  readonly dueAt: Date | null;
  /**
   * ok and at_risk (≥ 80 % used) while running or paused; breached once the due time has passed
   * without a stop; met when stopped at or before the due time, missed when stopped after it.
   */
  readonly state: SlaTargetStatus;
  /** False once stopped, and for the resolution clock while paused. */
  readonly running: boolean;
}

export interface SlaState {
  readonly firstResponse: SlaTargetState | null;
  readonly resolution: SlaTargetState | null;
  /** True while the request waits for sales. */
  readonly paused: boolean;
}

interface Interval {
  from: number;
  to: number | null;
}

function checkTarget(value: number | null, name: string): void {
  if (value !== null && (!Number.isSafeInteger(value) || value <= 0)) {
    throw new RangeError(`targets.${name} must be a positive integer number of milliseconds or null, got ${value}`);
  }
}

/** The earlier of the instants that are not after `now`; null when none has happened yet. */
function earliestHappened(now: number, ...instants: (number | null)[]): number | null {
  let earliest: number | null = null;
  for (const instant of instants) {
    if (instant !== null && instant <= now && (earliest === null || instant < earliest)) earliest = instant;
  }
  return earliest;
}

/** Pauses as they stand at `now`, clipped to [createdAt, stop], merged and in order. */
function effectivePauses(pauses: readonly SlaPause[], createdAt: number, now: number, stop: number | null): Interval[] {
  const horizon = stop ?? now;
  const clipped: Interval[] = [];
  pauses.forEach((pause, index) => {
    const from = toEpochMillis(pause.from, `pauses[${index}].from`);
    const to = pause.to === null ? null : toEpochMillis(pause.to, `pauses[${index}].to`);
    if (to !== null && to < from) throw new RangeError(`pauses[${index}] ends before it starts`);
    const start = Math.max(from, createdAt);
    // A pause that has not started by the horizon does not count; one that ends later is still open then.
    if (start > horizon || (to !== null && to <= start)) return;
    const end = to === null || to > horizon ? (stop === null ? null : stop) : to;
    if (end !== null && end <= start) return;
    clipped.push({ from: start, to: end });
  });
  clipped.sort((a, b) => a.from - b.from);
  const merged: Interval[] = [];
  for (const pause of clipped) {
    const last = merged[merged.length - 1];
    if (last && (last.to === null || pause.from <= last.to)) {
      if (last.to !== null) last.to = pause.to === null ? null : Math.max(last.to, pause.to);
    } else {
      merged.push({ ...pause });
    }
  }
  return merged;
}

function targetState(
  targetMs: number,
  elapsedMs: number,
  dueAt: Date | null,
  stop: number | null,
  now: number,
  running: boolean,
): SlaTargetState {
  let state: SlaTargetStatus;
  const due = dueAt?.getTime() ?? null;
  if (stop !== null) state = due !== null && stop > due ? 'missed' : 'met';
  else if (due !== null && now > due) state = 'breached';
  // Integer comparison, so that exactly 80 % is at risk without rounding doubts.
  else if (elapsedMs * 5 >= targetMs * 4) state = 'at_risk';
  else state = 'ok';
  return {
    targetMs,
    elapsedMs,
    remainingMs: Math.max(0, targetMs - elapsedMs),
    overdueMs: Math.max(0, elapsedMs - targetMs),
    percentUsed: (elapsedMs / targetMs) * 100,
    dueAt,
    state,
    running,
  };
}

/** Both SLA clocks of a request as of `now`. */
export function computeSlaState(calendar: BusinessCalendar, input: SlaClockInput): SlaState {
  const createdAt = toEpochMillis(input.createdAt, 'createdAt');
  const now = Math.max(toEpochMillis(input.now, 'now'), createdAt);
  const firstResponseAt = input.firstResponseAt == null ? null : toEpochMillis(input.firstResponseAt, 'firstResponseAt');
  const stoppedAt = input.stoppedAt == null ? null : toEpochMillis(input.stoppedAt, 'stoppedAt');
  const { firstResponseMs, resolutionMs } = input.targets;
  checkTarget(firstResponseMs, 'firstResponseMs');
  checkTarget(resolutionMs, 'resolutionMs');
  const clock: BusinessClock = businessClockFor(calendar);

  const stop = earliestHappened(now, stoppedAt === null ? null : Math.max(stoppedAt, createdAt));
  const pauses = effectivePauses(input.pauses ?? [], createdAt, now, stop);
  const paused = stop === null && pauses.length > 0 && pauses[pauses.length - 1]?.to === null;

  let firstResponse: SlaTargetState | null = null;
  if (firstResponseMs !== null) {
    const responded = earliestHappened(now, firstResponseAt === null ? null : Math.max(firstResponseAt, createdAt), stop);
    const elapsed = clock.between(createdAt, responded ?? now);
    const dueAt = new Date(clock.add(createdAt, firstResponseMs));
    firstResponse = targetState(firstResponseMs, elapsed, dueAt, responded, now, responded === null);
  }

  let resolution: SlaTargetState | null = null;
  if (resolutionMs !== null) {
    const end = stop ?? now;
    let elapsed = clock.between(createdAt, end);
    for (const pause of pauses) elapsed -= clock.between(pause.from, pause.to ?? end);

    // Walk the running stretches between pauses until the target is used up.
    let dueAt: Date | null = null;
    let remaining = resolutionMs;
    let cursor: number | null = createdAt;
    for (const pause of pauses) {
      const stretch = clock.between(cursor, pause.from);
      if (stretch >= remaining) break;
      remaining -= stretch;
      cursor = pause.to;
      if (cursor === null) break;
    }
    if (cursor !== null) dueAt = new Date(clock.add(cursor, remaining));
    resolution = targetState(resolutionMs, elapsed, dueAt, stop, now, stop === null && !paused);
  }

  return { firstResponse, resolution, paused };
}
