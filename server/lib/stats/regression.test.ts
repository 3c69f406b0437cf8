import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ANSCOMBE, ANSCOMBE_EXACT } from './anscombe.fixture.js';
import { correlationMatrix, sufficientStatsOf } from './correlation.js';
import { symmetricEigen } from './matrix.js';
import { type OlsFit, ordinaryLeastSquares, ordinaryLeastSquaresFromStats } from './regression.js';

function expectClose(actual: number, expected: number, tolerance = 1e-6): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(tolerance * Math.max(1, Math.abs(expected)));
}

function expectFitsAgree(a: OlsFit, b: OlsFit, tolerance = 1e-6): void {
  expect(a.n).toBe(b.n);
  expectClose(a.intercept, b.intercept, tolerance);
  a.slopes.forEach((slope, j) => {
    expectClose(slope, b.slopes[j]!, tolerance);
  });
  expectClose(a.r2, b.r2, tolerance);
  expectClose(a.adjustedR2, b.adjustedR2, tolerance);
  expectClose(a.residualStandardError, b.residualStandardError, tolerance);
}

describe("OLS on Anscombe's quartet", () => {
  it('gives the published line y = 3.00 + 0.500x and the exact coefficients', () => {
    // Anscombe (1973): regression line y = 3 + 0.5x for all four sets (commonly quoted 3.0001 + 0.5001x
    // for set 1); exact values from Python fractions (see anscombe.fixture.ts).
    ANSCOMBE.forEach((set, index) => {
      const exact = ANSCOMBE_EXACT[index]!;
      const rows = set.x.map((x) => [x]);
      for (const fit of [
        ordinaryLeastSquares(rows, set.y),
        ordinaryLeastSquaresFromStats(sufficientStatsOf(set.x.map((x, i) => [set.y[i]!, x])), 0, [1]),
      ]) {
        expect(fit.intercept).toBeCloseTo(3, 2);
        expect(fit.slopes[0]!).toBeCloseTo(0.5, 3);
        expectClose(fit.intercept, exact.intercept, 1e-9);
        expectClose(fit.slopes[0]!, exact.slope, 1e-9);
        expectClose(fit.r2, exact.r2, 1e-9);
        expectClose(fit.adjustedR2, exact.adjustedR2, 1e-9);
        expectClose(fit.residualStandardError, exact.rse, 1e-9);
        expect(fit.residualDegreesOfFreedom).toBe(9);
      }
    });
  });

  it('has the classic set-1 summary: R² ≈ 0.6665, intercept 3.0001, slope 0.5001', () => {
    const fit = ordinaryLeastSquares(
      ANSCOMBE[0]!.x.map((x) => [x]),
      ANSCOMBE[0]!.y,
    );
    expect(fit.r2).toBeCloseTo(0.6665, 4);
    expect(fit.intercept).toBeCloseTo(3.0001, 4);
    expect(fit.slopes[0]!).toBeCloseTo(0.5001, 4);
  });
});

describe('multiple regression', () => {
  // x1 = 1..6, x2 = (2,1,4,3,6,5), y = (3,4,8,7,12,14). Solved exactly with sympy (rational normal
  // equations XᵀXb = Xᵀy): b = (−5/16, 73/48, 41/48); SSE = 37/12, SST = 94, R² = 1091/1128;
  // adjusted R² = 1 − (37/1128)·5/3 = 0.9453309692671394; RSE = √(37/36) = 1.0137937550497031.
  const x = [
    [1, 2],
    [2, 1],
    [3, 4],
    [4, 3],
    [5, 6],
    [6, 5],
  ];
  const y = [3, 4, 8, 7, 12, 14];

  it('matches the exact rational solution', () => {
    const fits = [
      ordinaryLeastSquares(x, y),
      ordinaryLeastSquaresFromStats(sufficientStatsOf(x.map((row, i) => [...row, y[i]!])), 2, [0, 1]),
    ];
    for (const fit of fits) {
      expectClose(fit.intercept, -5 / 16, 1e-12);
      expectClose(fit.slopes[0]!, 73 / 48, 1e-12);
      expectClose(fit.slopes[1]!, 41 / 48, 1e-12);
      expectClose(fit.r2, 1091 / 1128, 1e-12);
      expectClose(fit.adjustedR2, 0.9453309692671394, 1e-12);
      expectClose(fit.residualStandardError, Math.sqrt(37 / 36), 1e-12);
    }
  });

  it('recovers an exact linear relation with R² = 1', () => {
    // y = 1 + 2·x1 − 3·x2 exactly.
    const exactY = x.map(([a, b]) => 1 + 2 * a! - 3 * b!);
    const fit = ordinaryLeastSquares(x, exactY);
    expectClose(fit.intercept, 1, 1e-10);
    expectClose(fit.slopes[0]!, 2, 1e-10);
    expectClose(fit.slopes[1]!, -3, 1e-10);
    expectClose(fit.r2, 1, 1e-12);
    expect(fit.residualStandardError).toBeLessThan(1e-6);
  });

  it('rejects collinear predictors and too few rows', () => {
    expect(() =>
      ordinaryLeastSquares(
        x.map(([a]) => [a!, 2 * a!]),
        y,
      ),
    ).toThrow(RangeError);
    expect(() => ordinaryLeastSquares([[1, 2]], [3])).toThrow(RangeError);
  });

  it('an intercept-only model has R² = 0', () => {
    const fit = ordinaryLeastSquaresFromStats(sufficientStatsOf(y.map((v) => [v])), 0, []);
    expect(fit.intercept).toBeCloseTo(8, 12);
    expect(fit.r2).toBeCloseTo(0, 12);
  });
});

describe('OLS from sufficient statistics', () => {
  it('agrees with OLS on the raw rows (property)', () => {
    const data = fc.integer({ min: 1, max: 4 }).chain((k) =>
      // Values 0–100 in steps of 0.01: subnormal spreads (which fast-check loves) make XᵀX singular in
      // absolute terms while the correlations still look fine.
      fc.array(
        fc.array(
          fc.integer({ min: 0, max: 10_000 }).map((v) => v / 100),
          { minLength: k + 1, maxLength: k + 1 },
        ),
        {
          minLength: k + 3,
          maxLength: 40,
        },
      ),
    );
    fc.assert(
      fc.property(data, (rows) => {
        // Well-conditioned cases only: near-collinear predictors make both routes fragile, not wrong.
        const correlations = correlationMatrix(rows);
        fc.pre(correlations.flat().every(Number.isFinite));
        const eigenvalues = symmetricEigen(correlations).values;
        fc.pre(eigenvalues[eigenvalues.length - 1]! > 1e-3);
        const k = rows[0]!.length - 1;
        const predictors = Array.from({ length: k }, (_, j) => j + 1);
        const raw = ordinaryLeastSquares(
          rows.map((row) => row.slice(1)),
          rows.map((row) => row[0]!),
        );
        const fromStats = ordinaryLeastSquaresFromStats(sufficientStatsOf(rows), 0, predictors);
        expectFitsAgree(fromStats, raw, 1e-6);
      }),
    );
  });
});
