import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ANSCOMBE, ANSCOMBE_EXACT } from './anscombe.fixture.js';
import {
  addSufficientStats,
  averageRanks,
  correlationMatrix,
  correlationMatrixOf,
  covarianceMatrix,
  covarianceMatrixOf,
  emptySufficientStats,
  meansOf,
  pearson,
  selectVariables,
  spearman,
  sufficientStatsOf,
} from './correlation.js';
import type { Matrix } from './matrix.js';

/** |a − e| ≤ tolerance · max(1, |e|): absolute near zero, relative for large values. */
function expectClose(actual: number, expected: number, tolerance = 1e-6): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(tolerance * Math.max(1, Math.abs(expected)));
}

function expectMatrixClose(actual: Matrix, expected: Matrix, tolerance = 1e-6): void {
  actual.forEach((row, i) => {
    row.forEach((value, j) => {
      expectClose(value, expected[i]![j]!, tolerance);
    });
  });
}

/** Rows of 1–5 variables in [−100, 100] (the range of driver scores and trust indices, with room). */
const rowsArbitrary = (minRows: number) =>
  fc.integer({ min: 1, max: 5 }).chain((k) =>
    fc.array(fc.array(fc.double({ min: -100, max: 100, noNaN: true }), { minLength: k, maxLength: k }), {
      minLength: minRows,
      maxLength: 40,
    }),
  );

describe('pearson', () => {
  it("gives Anscombe's published r = 0.816 for all four sets, and the exact values", () => {
    // Anscombe (1973) reports r = 0.82; the commonly quoted 0.816 is within 0.001 of every set (set 4 has
    // 0.81652…, which rounds to 0.817); exact values from fractions.
    ANSCOMBE.forEach((set, index) => {
      const r = pearson(set.x, set.y);
      expect(Math.abs(r - 0.816)).toBeLessThan(1e-3);
      expectClose(r, ANSCOMBE_EXACT[index]!.r, 1e-12);
    });
  });

  it('is ±1 for exact lines and NaN without spread', () => {
    expect(pearson([1, 2, 3], [2, 4, 6])).toBeCloseTo(1, 14);
    expect(pearson([1, 2, 3], [3, 2, 1])).toBeCloseTo(-1, 14);
    expect(pearson([1, 1, 1], [1, 2, 3])).toBeNaN();
    expect(pearson([1], [2])).toBeNaN();
    expect(() => pearson([1, 2], [1])).toThrow(RangeError);
  });

  it('matches a hand computation', () => {
    // x = 1,2,3,4; y = 2,1,4,3: deviations (−1.5,−.5,.5,1.5) and (−.5,−1.5,1.5,.5); Σdxdy = .75+.75+.75+.75 = 3;
    // Σdx² = Σdy² = 5, so r = 3/5 = 0.6.
    expect(pearson([1, 2, 3, 4], [2, 1, 4, 3])).toBeCloseTo(0.6, 14);
  });
});

describe('spearman', () => {
  it('matches the worked example of Wikipedia "Spearman\'s rank correlation coefficient" (IQ vs. TV hours)', () => {
    // No ties: ρ = 1 − 6·Σd²/(n(n² − 1)) = 1 − 6·194/(10·99) = −29/165 ≈ −0.175757575…
    const iq = [106, 100, 86, 101, 99, 103, 97, 113, 112, 110];
    const tv = [7, 27, 2, 50, 28, 29, 20, 12, 6, 17];
    expect(spearman(iq, tv)).toBeCloseTo(-29 / 165, 12);
  });

  it('averages tied ranks like R rank() / scipy.stats.rankdata', () => {
    // scipy.stats.rankdata([1,2,2,3,5,5,5,8]) = [1, 2.5, 2.5, 4, 6, 6, 6, 8].
    expect(averageRanks([1, 2, 2, 3, 5, 5, 5, 8])).toEqual([1, 2.5, 2.5, 4, 6, 6, 6, 8]);
    expect(averageRanks([3, 1, 2])).toEqual([3, 1, 2]);
  });

  it('matches scipy.stats.spearmanr with ties', () => {
    // scipy 1.17.1: spearmanr([1,2,2,3,5,5,5,8], [2,1,4,4,6,9,9,7]).statistic = 0.8262304062195839.
    expect(spearman([1, 2, 2, 3, 5, 5, 5, 8], [2, 1, 4, 4, 6, 9, 9, 7])).toBeCloseTo(0.8262304062195839, 12);
  });

  it("matches scipy.stats.spearmanr on Anscombe's quartet", () => {
    ANSCOMBE.forEach((set, index) => {
      expectClose(spearman(set.x, set.y), ANSCOMBE_EXACT[index]!.spearman, 1e-12);
    });
  });

  it('is invariant under strictly increasing transforms (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: -50, max: 50 }), fc.integer({ min: -50, max: 50 })), { minLength: 3, maxLength: 30 }),
        (pairs) => {
          const x = pairs.map(([a]) => a);
          const y = pairs.map(([, b]) => b);
          const rho = spearman(x, y);
          fc.pre(Number.isFinite(rho));
          expectClose(
            spearman(
              x.map((v) => Math.exp(v / 10)),
              y.map((v) => v ** 3),
            ),
            rho,
            1e-12,
          );
        },
      ),
    );
  });
});

describe('covariance and correlation matrices', () => {
  it('match a hand computation', () => {
    // Columns (1,2,3,4) and (2,1,4,3): variances 5/3 each, covariance 3/3 = 1, correlation 0.6.
    const rows = [
      [1, 2],
      [2, 1],
      [3, 4],
      [4, 3],
    ];
    expectMatrixClose(
      covarianceMatrix(rows),
      [
        [5 / 3, 1],
        [1, 5 / 3],
      ],
      1e-14,
    );
    expectMatrixClose(
      correlationMatrix(rows),
      [
        [1, 0.6],
        [0.6, 1],
      ],
      1e-14,
    );
  });
});

describe('sufficient statistics', () => {
  it('hold n, sums and cross-products', () => {
    // Rows (1,2), (3,4): Σx = (4, 6); Σx1² = 10, Σx1x2 = 2 + 12 = 14, Σx2² = 20.
    expect(
      sufficientStatsOf([
        [1, 2],
        [3, 4],
      ]),
    ).toEqual({
      n: 2,
      sums: [4, 6],
      crossProducts: [
        [10, 14],
        [14, 20],
      ],
    });
    expect(sufficientStatsOf([], 2)).toEqual(emptySufficientStats(2));
  });

  it('give the same means, covariances and correlations as the raw rows (property)', () => {
    fc.assert(
      fc.property(rowsArbitrary(2), (rows) => {
        const stats = sufficientStatsOf(rows);
        const k = rows[0]!.length;
        const columnMeans = Array.from({ length: k }, (_, j) => rows.reduce((sum, row) => sum + row[j]!, 0) / rows.length);
        meansOf(stats).forEach((value, j) => {
          expectClose(value, columnMeans[j]!, 1e-9);
        });
        // Cross-products of values up to 100 reach 10⁴·n; compare covariances on that scale.
        const raw = covarianceMatrix(rows);
        const fromStats = covarianceMatrixOf(stats);
        raw.forEach((row, i) => {
          row.forEach((value, j) => {
            expect(Math.abs(fromStats[i]![j]! - value)).toBeLessThanOrEqual(1e-6);
          });
        });
        // Correlations only where every column has real spread (otherwise both are NaN or ill-defined).
        if (raw.every((row, i) => row[i]! > 1e-3)) expectMatrixClose(correlationMatrixOf(stats), correlationMatrix(rows), 1e-6);
      }),
    );
  });

  it('of two halves add up to those of the whole (property)', () => {
    fc.assert(
      fc.property(rowsArbitrary(0), fc.nat(), (rows, cut) => {
        const k = rows[0]?.length ?? 3;
        const at = rows.length === 0 ? 0 : cut % (rows.length + 1);
        const whole = sufficientStatsOf(rows, k);
        const added = addSufficientStats(sufficientStatsOf(rows.slice(0, at), k), sufficientStatsOf(rows.slice(at), k));
        expect(added.n).toBe(whole.n);
        added.sums.forEach((value, j) => {
          expectClose(value, whole.sums[j]!, 1e-9);
        });
        expectMatrixClose(added.crossProducts, whole.crossProducts, 1e-9);
      }),
    );
  });

  it('select variables in the order asked', () => {
    const stats = sufficientStatsOf([
      [1, 2, 3],
      [4, 5, 7],
    ]);
    expect(selectVariables(stats, [2, 0])).toEqual({
      n: 2,
      sums: [10, 5],
      crossProducts: [
        [58, 31],
        [31, 17],
      ],
    });
    expect(() => addSufficientStats(emptySufficientStats(1), emptySufficientStats(2))).toThrow(RangeError);
  });
});
