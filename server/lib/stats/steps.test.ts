import { describe, expect, it } from 'vitest';
import { runSteps, runStepsCooperatively, type Steps } from './steps.js';

/** Counts to `count`, logging each step, and returns the log. */
function* counting(count: number, log: number[]): Steps<number[]> {
  for (let i = 0; i < count; i++) {
    log.push(i);
    yield;
  }
  return log;
}

describe('runSteps', () => {
  it('drains the steps at once and returns their result', () => {
    expect(runSteps(counting(4, []))).toEqual([0, 1, 2, 3]);
  });

  it('passes on what the steps throw', () => {
    function* failing(): Steps<never> {
      yield;
      throw new RangeError('undefined');
    }
    expect(() => runSteps(failing())).toThrow(RangeError);
  });
});

describe('runStepsCooperatively', () => {
  it('returns the same result and lets the event loop run between slices', async () => {
    // With slices of 0 ms every step ends a slice, so a callback queued meanwhile runs between steps.
    const log: number[] = [];
    let turns = 0;
    const probe = () => {
      turns++;
      log.push(-1);
      if (turns < 3) setImmediate(probe);
    };
    setImmediate(probe);
    const result = await runStepsCooperatively(counting(6, log), 0);
    expect(turns).toBe(3);
    // The probe's three turns came between steps, not before the first or after the last.
    expect(result.filter((entry) => entry >= 0)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(result[0]).toBe(0);
    expect(result.indexOf(-1)).toBeGreaterThan(0);
    expect(result.lastIndexOf(-1)).toBeLessThan(result.length - 1);
  });

  it('rejects with what the steps throw and checks the slice', async () => {
    function* failing(): Steps<never> {
      yield;
      throw new RangeError('undefined');
    }
    await expect(runStepsCooperatively(failing(), 0)).rejects.toThrow(RangeError);
    await expect(runStepsCooperatively(counting(1, []), -1)).rejects.toThrow(RangeError);
  });
});
