/**
 * Long statistics (the key-driver bootstrap resamples thousands of respondents a thousand times) are
 * written once, as generators that yield between steps of at most a few milliseconds, and run by one
 * of two drivers over the same code: runSteps drains a generator at once, for pure callers and tests;
 * runStepsCooperatively gives the event loop a turn between slices of a few milliseconds, so that a
 * server computing one group's intervals still answers every other request meanwhile. The steps do
 * the same arithmetic in the same order under either driver, so the results agree to the last bit.
 */
import { setImmediate as nextTurn } from 'node:timers/promises';

/** A computation cut into steps: each `yield` marks a point where it may be paused; it returns the result. */
export type Steps<T> = Generator<void, T, undefined>;

/**
 * Work done between two turns of the event loop. A few milliseconds keeps requests waiting at most
 * that long (plus one step), while the turns themselves cost a few percent of the work at most.
 */
export const DEFAULT_SLICE_MS = 5;

/** Runs the steps to the end without pausing. */
export function runSteps<T>(steps: Steps<T>): T {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/**
 * Runs the steps in slices of about `sliceMs` milliseconds, letting the event loop run timers, I/O
 * and other requests between slices (setImmediate: after pending I/O, not before it).
 */
export async function runStepsCooperatively<T>(steps: Steps<T>, sliceMs = DEFAULT_SLICE_MS): Promise<T> {
  if (!(sliceMs >= 0)) throw new RangeError(`sliceMs must be zero or more, got ${sliceMs}`);
  let sliceEnd = performance.now() + sliceMs;
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    if (performance.now() >= sliceEnd) {
      await nextTurn();
      sliceEnd = performance.now() + sliceMs;
    }
  }
}
