import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ANSCOMBE, ANSCOMBE_EXACT } from './anscombe.fixture.js';
import { mean, meanWithInterval, median, quantile, quantiles, sampleStandardDeviation, sampleVariance } from './describe.js';

describe('mean, variance, standard deviation', () => {
  it('match a hand computation', () => {
    // [2, 4, 4, 4, 5, 5, 7, 9]: Σ = 40, mean 5; Σ(x − 5)² = 9+1+1+1+0+0+4+16 = 32, so s² = 32/7.
    const values = [2, 4, 4, 4, 5, 5, 7, 9];
    expect(mean(values)).toBe(5);
    expect(sampleVariance(values)).toBeCloseTo(32 / 7, 12);
    expect(sampleStandardDeviation(values)).toBeCloseTo(Math.sqrt(32 / 7), 12);
  });

  it("match Anscombe's published means and the exact variances", () => {
    // Anscombe (1973): mean of x 9, variance of x 11 (sets 1–3 and 4 alike), mean of y 7.50 (to 2 decimals).
    ANSCOMBE.forEach((set, index) => {
      expect(mean(set.x)).toBeCloseTo(9, 12);
      expect(sampleVariance(set.x)).toBeCloseTo(11, 12);
      expect(mean(set.y)).toBeCloseTo(7.5, 2);
      expect(sampleVariance(set.y)).toBeCloseTo(ANSCOMBE_EXACT[index]!.varianceY, 9);
    });
  });

  it('are undefined (NaN) where they have no meaning', () => {
    expect(mean([])).toBeNaN();
    expect(sampleVariance([3])).toBeNaN();
  });
});

describe('quantiles (type 7)', () => {
  it('match numpy.quantile / R quantile(type = 7)', () => {
    // numpy 2.4.6: np.quantile([3,1,4,1,5,9,2,6], [0, .1, .25, .5, .9, 1]) = [1, 1, 1.75, 3.5, 6.9, 9].
    // By hand: sorted 1 1 2 3 4 5 6 9; p = .25 → h = 1.75 → 1 + .75·(2 − 1) = 1.75; p = .9 → h = 6.3 → 6 + .3·3 = 6.9.
    expect(quantiles([3, 1, 4, 1, 5, 9, 2, 6], [0, 0.1, 0.25, 0.5, 0.9, 1])).toEqual([
      1,
      1,
      1.75,
      3.5,
      expect.closeTo(6.9, 12),
      9,
    ]);
  });

  it('median is the middle value or the mean of the two middle values', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it('rejects probabilities outside [0, 1] and gives NaN for no values', () => {
    expect(() => quantile([1, 2], 1.5)).toThrow(RangeError);
    expect(quantile([], 0.5)).toBeNaN();
  });

  it('is monotone in p and stays within the data (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 50 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (values, p, q) => {
          const [low, high] = quantiles(values, [Math.min(p, q), Math.max(p, q)]);
          expect(low!).toBeLessThanOrEqual(high!);
          expect(low!).toBeGreaterThanOrEqual(Math.min(...values));
          expect(high!).toBeLessThanOrEqual(Math.max(...values));
        },
      ),
    );
  });
});

describe('meanWithInterval', () => {
  it('matches scipy.stats.t for [2, 4, 4, 4, 5, 5, 7, 9]', () => {
    // scipy 1.17.1: s = 2.138089935299395, se = s/√8 = 0.7559289460184544, t.ppf(.975, 7) = 2.364624251592784,
    // interval 5 ∓ t·se = [3.21251208176379, 6.787487918236209].
    const interval = meanWithInterval([2, 4, 4, 4, 5, 5, 7, 9])!;
    expect(interval.n).toBe(8);
    expect(interval.mean).toBe(5);
    expect(interval.standardError).toBeCloseTo(0.7559289460184544, 12);
    expect(interval.lower).toBeCloseTo(3.21251208176379, 9);
    expect(interval.upper).toBeCloseTo(6.787487918236209, 9);
  });

  it('is null below two values and rejects a bad confidence', () => {
    expect(meanWithInterval([1])).toBeNull();
    expect(() => meanWithInterval([1, 2], 1)).toThrow(RangeError);
  });
});
