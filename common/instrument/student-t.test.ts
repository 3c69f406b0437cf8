import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { studentTCdf, studentTQuantile } from './student-t.js';

describe('Student t quantile', () => {
  it('matches printed table values to 1e-6', () => {
    // Printed t tables give these to 3 decimals (e.g. NIST/SEMATECH e-Handbook of Statistical Methods,
    // 1.3.6.7.2: 12.706, 2.228, 2.042, 4.032); all nine-digit values agree with scipy.stats.t.ppf.
    expect(studentTQuantile(0.975, 1)).toBeCloseTo(12.70620474, 6);
    expect(studentTQuantile(0.975, 10)).toBeCloseTo(2.228138852, 6);
    expect(studentTQuantile(0.975, 30)).toBeCloseTo(2.042272456, 6);
    expect(Math.abs(studentTQuantile(0.975, 1000) - 1.962339081)).toBeLessThan(1e-6);
    expect(studentTQuantile(0.995, 5)).toBeCloseTo(4.032142984, 6);
  });

  it('matches the closed form for 2 degrees of freedom: t = (2p − 1) / √(2p(1 − p))', () => {
    for (const p of [0.6, 0.9, 0.975, 0.999]) {
      expect(studentTQuantile(p, 2)).toBeCloseTo((2 * p - 1) / Math.sqrt(2 * p * (1 - p)), 10);
    }
  });

  it('matches independently computed values for non-integer and extreme cases', () => {
    // Reference values from scipy.stats.t.ppf (SciPy 1.17), which uses the Boost incomplete-beta inverse.
    const cases: [p: number, df: number, expected: number][] = [
      [0.95, 2.5, 2.5582186141359355],
      [0.975, 7.3, 2.345066736547703],
      [0.975, 100 / 17, 2.458823709699146],
      [0.6, 3, 0.2766706623326898],
      [0.999999, 1, 318309.88617359026],
      [1e-8, 4, -131.59473694062356],
      [0.975, 0.5, 164.55767348048818],
      [0.975, 1e6, 1.959966356814107],
    ];
    for (const [p, df, expected] of cases) {
      expect(Math.abs(studentTQuantile(p, df) - expected) / Math.abs(expected)).toBeLessThan(1e-9);
    }
  });

  it('is antisymmetric around p = 0.5', () => {
    expect(studentTQuantile(0.5, 7)).toBe(0);
    expect(studentTQuantile(0.025, 10)).toBeCloseTo(-2.228138852, 6);
  });

  it('inverts the CDF', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1e-6, max: 1 - 1e-6, noNaN: true }),
        fc.double({ min: 0.5, max: 1e5, noNaN: true }),
        (p, df) => {
          expect(Math.abs(studentTCdf(studentTQuantile(p, df), df) - p)).toBeLessThan(1e-12);
        },
      ),
    );
  });

  it('gives the known CDF values', () => {
    expect(studentTCdf(0, 4)).toBe(0.5);
    // Cauchy (1 df): P(T ≤ 1) = 1/2 + arctan(1)/π = 0.75.
    expect(studentTCdf(1, 1)).toBeCloseTo(0.75, 14);
    expect(studentTCdf(-1, 3)).toBeCloseTo(0.19550110947788524, 12);
  });

  it('rejects impossible arguments', () => {
    expect(() => studentTQuantile(0, 5)).toThrow(RangeError);
    expect(() => studentTQuantile(1, 5)).toThrow(RangeError);
    expect(() => studentTQuantile(Number.NaN, 5)).toThrow(RangeError);
    expect(() => studentTQuantile(0.975, 0)).toThrow(RangeError);
    expect(() => studentTQuantile(0.975, Number.POSITIVE_INFINITY)).toThrow(RangeError);
  });
});
