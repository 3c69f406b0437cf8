import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { correlationMatrix, sufficientStatsOf } from './correlation.js';
import { identity, inverse, type Matrix, multiply, multiplyVector, symmetricEigen } from './matrix.js';
import { ordinaryLeastSquares } from './regression.js';
import {
  relativeWeights,
  relativeWeightsFromCorrelationMatrix,
  relativeWeightsFromStats,
  relativeWeightsOfRows,
} from './relative-weights.js';

function expectClose(actual: number, expected: number, tolerance = 1e-6): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(tolerance * Math.max(1, Math.abs(expected)));
}

/**
 * An independent route to Λ = R^{1/2}: the Denman–Beavers iteration Y ← (Y + Z⁻¹)/2, Z ← (Z + Y⁻¹)/2
 * from Y = R, Z = I, which converges quadratically to Y = R^{1/2} (Higham, Functions of Matrices, 2008,
 * §6.3) — no eigenvectors involved.
 */
function denmanBeaversSquareRoot(a: Matrix): number[][] {
  let y = a.map((row) => [...row]);
  let z = identity(a.length);
  for (let iteration = 0; iteration < 50; iteration++) {
    const yInverse = inverse(y);
    const zInverse = inverse(z);
    y = y.map((row, i) => row.map((value, j) => (value + zInverse[i]![j]!) / 2));
    z = z.map((row, i) => row.map((value, j) => (value + yInverse[i]![j]!) / 2));
  }
  return y;
}

/** Johnson's weights recomputed with the Denman–Beavers root: ε_j = Σ_k Λ_jk² β_k², β = Λ⁻¹ r_xy. */
function independentRelativeWeights(rxx: Matrix, rxy: readonly number[]): number[] {
  const root = denmanBeaversSquareRoot(rxx);
  const beta = multiplyVector(inverse(root), rxy);
  return root.map((row) => row.reduce((sum, lambda, k) => sum + lambda ** 2 * beta[k]! ** 2, 0));
}

// Columns: outcome, x1, x2, x3 — 12 made-up respondents with strongly correlated predictors.
const REFERENCE_ROWS = [
  [62, 3.2, 4.0, 2.5],
  [70, 3.8, 4.2, 3.1],
  [45, 2.1, 3.0, 2.8],
  [80, 4.5, 4.4, 3.9],
  [55, 2.9, 3.1, 3.5],
  [66, 3.6, 3.9, 2.2],
  [90, 4.8, 4.9, 4.1],
  [40, 2.4, 2.6, 1.9],
  [58, 3.0, 3.7, 3.0],
  [75, 4.1, 3.8, 4.4],
  [50, 2.7, 3.3, 2.0],
  [85, 4.4, 4.6, 3.6],
];

describe('relativeWeights', () => {
  it('matches an independent NumPy/SciPy computation on reference data', () => {
    // NumPy 2.4.6 / SciPy 1.17.1: R = corrcoef, Λ = scipy.linalg.sqrtm(R_xx) (Schur method),
    // β = solve(Λ, r_xy), ε = (Λ∘Λ)·β²; R² from numpy.linalg.lstsq of the full model = 0.9922784190673499.
    const result = relativeWeightsOfRows(REFERENCE_ROWS, 0, [1, 2, 3]);
    const expectedWeights = [0.38605495070995255, 0.3906661423608837, 0.21555732599651373];
    const expectedShares = [0.38905910205404703, 0.3937061764661513, 0.21723472147980172];
    result.weights.forEach((weight, j) => {
      expectClose(weight, expectedWeights[j]!, 1e-9);
    });
    result.shares.forEach((share, j) => {
      expectClose(share, expectedShares[j]!, 1e-9);
    });
    expectClose(result.r2, 0.9922784190673499, 1e-9);
  });

  it('has the closed form for two predictors', () => {
    // R_xx = [[1, r],[r, 1]] has eigenvalues 1 ± r with eigenvectors (1, ±1)/√2, so Λ = [[a, b],[b, a]] with
    // a = (√(1+r) + √(1−r))/2, b = (√(1+r) − √(1−r))/2 (by hand). Then β = Λ⁻¹r_xy and ε_1 = a²β₁² + b²β₂².
    const r = 0.5;
    const rxy = [0.6, 0.3];
    const a = (Math.sqrt(1 + r) + Math.sqrt(1 - r)) / 2;
    const b = (Math.sqrt(1 + r) - Math.sqrt(1 - r)) / 2;
    const determinant = a * a - b * b;
    const beta = [(a * rxy[0]! - b * rxy[1]!) / determinant, (a * rxy[1]! - b * rxy[0]!) / determinant];
    const expected = [a * a * beta[0]! ** 2 + b * b * beta[1]! ** 2, b * b * beta[0]! ** 2 + a * a * beta[1]! ** 2];
    // R² of two standardized predictors: (r1² + r2² − 2·r1·r2·r) / (1 − r²) = (.36 + .09 − .18)/.75 = 0.36.
    const result = relativeWeights(
      [
        [1, r],
        [r, 1],
      ],
      rxy,
    );
    result.weights.forEach((weight, j) => {
      expectClose(weight, expected[j]!, 1e-12);
    });
    expectClose(result.r2, 0.36, 1e-12);
  });

  it('equals the squared correlations for orthogonal predictors', () => {
    // With R_xx = I, Λ = I and β = r_xy, so ε_j = r_j² (Johnson 2000).
    const rxy = [0.5, -0.3, 0.2, 0.1];
    const result = relativeWeights(identity(4), rxy);
    result.weights.forEach((weight, j) => {
      expectClose(weight, rxy[j]! ** 2, 1e-12);
    });
    expectClose(result.r2, 0.25 + 0.09 + 0.04 + 0.01, 1e-12);
  });

  it('gives r² to orthogonal predictors in data too', () => {
    // x1 and x2 are centered and orthogonal (Σx1x2 = 0), so their correlation is exactly 0.
    const x1 = [1, -1, 1, -1, 1, -1, 1, -1];
    const x2 = [1, 1, -1, -1, 1, 1, -1, -1];
    const y = [3, 1, 2, 0.5, 2.5, 1.5, 1, 0];
    const rows = y.map((value, i) => [value, x1[i]!, x2[i]!]);
    const correlations = correlationMatrix(rows);
    const result = relativeWeightsOfRows(rows, 0, [1, 2]);
    expectClose(result.weights[0]!, correlations[0]![1]! ** 2, 1e-12);
    expectClose(result.weights[1]!, correlations[0]![2]! ** 2, 1e-12);
  });

  it('rejects collinear or constant predictors', () => {
    expect(() =>
      relativeWeights(
        [
          [1, 1],
          [1, 1],
        ],
        [0.5, 0.5],
      ),
    ).toThrow(RangeError);
    expect(() =>
      relativeWeightsOfRows(
        [
          [1, 2, 3],
          [2, 2, 4],
          [3, 2, 5],
        ],
        0,
        [1, 2],
      ),
    ).toThrow(RangeError);
  });
});

/** Well-conditioned data: 1–5 predictors and an outcome, 0–100 in steps of 0.01, 10–40 rows. */
const dataArbitrary = fc.integer({ min: 1, max: 5 }).chain((k) =>
  fc
    .array(
      fc.array(
        fc.integer({ min: 0, max: 10_000 }).map((v) => v / 100),
        { minLength: k + 1, maxLength: k + 1 },
      ),
      {
        minLength: k + 8,
        maxLength: 40,
      },
    )
    .filter((rows) => {
      const correlations = correlationMatrix(rows);
      if (!correlations.flat().every(Number.isFinite)) return false;
      const values = symmetricEigen(correlations).values;
      return values[values.length - 1]! > 1e-3;
    }),
);

describe('relative weights (properties)', () => {
  it('sum to the R² of the full OLS model and agree with an independent Denman–Beavers computation', () => {
    fc.assert(
      fc.property(dataArbitrary, (rows) => {
        const k = rows[0]!.length - 1;
        const predictors = Array.from({ length: k }, (_, j) => j + 1);
        const result = relativeWeightsOfRows(rows, 0, predictors);
        const ols = ordinaryLeastSquares(
          rows.map((row) => row.slice(1)),
          rows.map((row) => row[0]!),
        );
        expectClose(
          result.weights.reduce((sum, weight) => sum + weight, 0),
          ols.r2,
          1e-6,
        );
        expectClose(result.r2, ols.r2, 1e-6);
        const correlations = correlationMatrix(rows);
        const independent = independentRelativeWeights(
          predictors.map((i) => predictors.map((j) => correlations[i]![j]!)),
          predictors.map((i) => correlations[i]![0]!),
        );
        result.weights.forEach((weight, j) => {
          expectClose(weight, independent[j]!, 1e-6);
        });
        for (const weight of result.weights) expect(weight).toBeGreaterThanOrEqual(0);
      }),
      { numRuns: 60 },
    );
  });

  it('do not depend on the order of the predictors', () => {
    fc.assert(
      fc.property(dataArbitrary, fc.nat(), (rows, seed) => {
        const k = rows[0]!.length - 1;
        const predictors = Array.from({ length: k }, (_, j) => j + 1);
        // A rotation of the predictor list by a seed-chosen amount, reversed: a permutation that is easy to undo.
        const shift = seed % k;
        const permuted = [...predictors.slice(shift), ...predictors.slice(0, shift)].reverse();
        const original = relativeWeightsOfRows(rows, 0, predictors);
        const reordered = relativeWeightsOfRows(rows, 0, permuted);
        permuted.forEach((predictor, position) => {
          expectClose(reordered.weights[position]!, original.weights[predictor - 1]!, 1e-9);
        });
      }),
      { numRuns: 60 },
    );
  });

  it('from sufficient statistics equal those from raw rows', () => {
    fc.assert(
      fc.property(dataArbitrary, (rows) => {
        const predictors = Array.from({ length: rows[0]!.length - 1 }, (_, j) => j + 1);
        const raw = relativeWeightsOfRows(rows, 0, predictors);
        const fromStats = relativeWeightsFromStats(sufficientStatsOf(rows), 0, predictors);
        raw.weights.forEach((weight, j) => {
          expectClose(fromStats.weights[j]!, weight, 1e-6);
        });
        raw.shares.forEach((share, j) => {
          expectClose(fromStats.shares[j]!, share, 1e-6);
        });
        expectClose(fromStats.r2, raw.r2, 1e-6);
      }),
      { numRuns: 60 },
    );
  });

  it('Λ² = R_xx for the eigen-based root used inside', () => {
    // Sanity link between the two roots: on the reference data both square to R_xx.
    const correlations = correlationMatrix(REFERENCE_ROWS);
    const rxx = [1, 2, 3].map((i) => [1, 2, 3].map((j) => correlations[i]![j]!));
    const root = denmanBeaversSquareRoot(rxx);
    multiply(root, root).forEach((row, i) => {
      row.forEach((value, j) => {
        expectClose(value, rxx[i]![j]!, 1e-12);
      });
    });
    const viaMatrix = relativeWeightsFromCorrelationMatrix(correlations, 0, [1, 2, 3]);
    expectClose(
      viaMatrix.shares.reduce((sum, share) => sum + share, 0),
      1,
      1e-12,
    );
  });
});
