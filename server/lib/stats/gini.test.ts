import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { gini, lorenzCurve } from './gini.js';

/** Σ_i Σ_j |x_i − x_j| / (2n²·x̄): the definition gini() rewrites for sorted values. */
function meanAbsoluteDifferenceGini(values: readonly number[]): number {
  const n = values.length;
  const total = values.reduce((sum, value) => sum + value, 0);
  let differences = 0;
  for (const a of values) for (const b of values) differences += Math.abs(a - b);
  return differences / (2 * n * total);
}

const amounts = fc.array(
  fc.integer({ min: 0, max: 10_000 }).map((v) => v / 10),
  { minLength: 1, maxLength: 60 },
);

describe('gini', () => {
  it('is 0 for perfect equality and (n − 1)/n when one person has everything', () => {
    expect(gini([1, 1, 1, 1])).toBe(0);
    // (2·4 − 5)·1 / (4·1) = 3/4.
    expect(gini([0, 0, 0, 1])).toBe(0.75);
    expect(gini([0, 0, 0, 0])).toBe(0);
  });

  it('matches a hand computation', () => {
    // [4, 1, 3, 2] sorted 1,2,3,4; weights 2i − 5 = −3,−1,1,3: −3 − 2 + 3 + 12 = 10; G = 10/(4·10) = 0.25.
    // Check by mean absolute difference: Σ|x_i − x_j| over ordered pairs = 2·(1+2+3+1+2+1) = 20; 20/(2·16·2.5) = 0.25.
    expect(gini([4, 1, 3, 2])).toBeCloseTo(0.25, 14);
  });

  it('rejects negative or non-finite values and is null for none', () => {
    expect(() => gini([1, -1])).toThrow(RangeError);
    expect(() => gini([Number.NaN])).toThrow(RangeError);
    expect(gini([])).toBeNull();
  });

  it('equals the mean-absolute-difference definition and is scale-invariant (property)', () => {
    fc.assert(
      fc.property(amounts, fc.integer({ min: 1, max: 1000 }), (values, scale) => {
        fc.pre(values.some((value) => value > 0));
        const g = gini(values)!;
        expect(Math.abs(g - meanAbsoluteDifferenceGini(values))).toBeLessThanOrEqual(1e-12);
        expect(Math.abs(gini(values.map((value) => value * scale))! - g)).toBeLessThanOrEqual(1e-12);
        expect(g).toBeGreaterThanOrEqual(-1e-15);
        expect(g).toBeLessThanOrEqual((values.length - 1) / values.length + 1e-12);
      }),
    );
  });
});

describe('lorenzCurve', () => {
  it('accumulates sorted shares from (0, 0) to (1, 1)', () => {
    // [3, 1, 0, 4], total 8: sorted 0,1,3,4 → cumulative shares 0, 1/8, 4/8, 8/8.
    expect(lorenzCurve([3, 1, 0, 4])).toEqual([
      { population: 0, amount: 0 },
      { population: 0.25, amount: 0 },
      { population: 0.5, amount: 0.125 },
      { population: 0.75, amount: 0.5 },
      { population: 1, amount: 1 },
    ]);
    expect(lorenzCurve([])).toEqual([]);
    expect(lorenzCurve([0, 0]).map((point) => point.amount)).toEqual([0, 0.5, 1]);
  });

  it('has Gini = 1 − 2·(area under the curve) (property)', () => {
    fc.assert(
      fc.property(amounts, (values) => {
        fc.pre(values.some((value) => value > 0));
        const points = lorenzCurve(values);
        let area = 0;
        for (let i = 1; i < points.length; i++) {
          area += ((points[i]!.population - points[i - 1]!.population) * (points[i]!.amount + points[i - 1]!.amount)) / 2;
        }
        expect(Math.abs(1 - 2 * area - gini(values)!)).toBeLessThanOrEqual(1e-12);
      }),
    );
  });
});
