/**
 * Relative weights (Johnson 2000, "A heuristic method for estimating the relative weight of predictor
 * variables in multiple regression", Multivariate Behavioral Research 35(1), 1–19): how much of R² each
 * predictor accounts for, fairly split when predictors correlate — which driver scores always do.
 *
 * The predictors X are replaced by their closest orthonormal counterparts Z = XΛ⁻¹ with Λ = R_xx^{1/2}
 * (symmetric square root). The outcome's regression on Z has weights β = Λ⁻¹r_xy, and Λ_jk² says how much
 * of Z_k is X_j; so ε_j = Σ_k Λ_jk² β_k². Because Λ's columns have unit length, Σ_j ε_j = Σ_k β_k² = R².
 */
import { correlationMatrix, correlationMatrixOf, type Row, type SufficientStats } from './correlation.js';
import { type Matrix, multiplyVector, symmetricEigen, symmetricMatrixFunction, type Vector } from './matrix.js';

export interface RelativeWeights {
  /** ε_j, one per predictor in the given order; they sum to r2. */
  readonly weights: number[];
  /** ε_j / R², each predictor's share of the explained variance; they sum to 1. NaN when R² = 0. */
  readonly shares: number[];
  /** R² of the full OLS model, Σ β_k². */
  readonly r2: number;
}

/**
 * Below this ratio of smallest to largest eigenvalue R_xx counts as singular: the predictors are
 * (nearly) collinear and Λ⁻¹ would amplify rounding noise into weights.
 */
const MIN_EIGENVALUE_RATIO = 1e-10;

/**
 * Relative weights from the predictors' correlation matrix R_xx and their correlations with the outcome
 * r_xy. Throws a RangeError when R_xx is not positive definite (collinear or constant predictors).
 */
export function relativeWeights(predictorCorrelations: Matrix, outcomeCorrelations: Vector): RelativeWeights {
  const k = outcomeCorrelations.length;
  if (predictorCorrelations.length !== k) throw new RangeError('R_xx and r_xy sizes do not match');
  if ([...predictorCorrelations.flat(), ...outcomeCorrelations].some((value) => !Number.isFinite(value))) {
    throw new RangeError('correlations must be finite (a variable without spread has none)');
  }
  const eigen = symmetricEigen(predictorCorrelations);
  const largest = eigen.values[0] ?? 0;
  const smallest = eigen.values[k - 1] ?? 0;
  if (k > 0 && !(smallest > largest * MIN_EIGENVALUE_RATIO)) throw new RangeError('predictors are collinear');
  const root = symmetricMatrixFunction(eigen, Math.sqrt);
  const inverseRoot = symmetricMatrixFunction(eigen, (value) => 1 / Math.sqrt(value));
  const beta = multiplyVector(inverseRoot, outcomeCorrelations);
  const weights = root.map((row) => row.reduce((sum, lambda, j) => sum + lambda * lambda * beta[j]! ** 2, 0));
  const r2 = beta.reduce((sum, b) => sum + b * b, 0);
  return { weights, shares: weights.map((weight) => weight / r2), r2 };
}

/** Splits a full correlation matrix into R_xx and r_xy and computes the relative weights. */
export function relativeWeightsFromCorrelationMatrix(
  correlations: Matrix,
  outcomeIndex: number,
  predictorIndices: readonly number[],
): RelativeWeights {
  return relativeWeights(
    predictorIndices.map((i) => predictorIndices.map((j) => correlations[i]![j]!)),
    predictorIndices.map((i) => correlations[i]![outcomeIndex]!),
  );
}

/** Relative weights of some columns of the rows predicting another column. */
export function relativeWeightsOfRows(
  rows: readonly Row[],
  outcomeIndex: number,
  predictorIndices: readonly number[],
): RelativeWeights {
  return relativeWeightsFromCorrelationMatrix(correlationMatrix(rows), outcomeIndex, predictorIndices);
}

/** Relative weights from sufficient statistics (the dashboard's merged groups). */
export function relativeWeightsFromStats(
  stats: SufficientStats,
  outcomeIndex: number,
  predictorIndices: readonly number[],
): RelativeWeights {
  return relativeWeightsFromCorrelationMatrix(correlationMatrixOf(stats), outcomeIndex, predictorIndices);
}
