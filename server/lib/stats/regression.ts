/**
 * Ordinary least squares with an intercept, from raw rows and from sufficient statistics. Two honest
 * routes to the same numbers: the raw route solves the full normal equations XᵀXb = Xᵀy and measures the
 * residuals one by one; the sufficient-statistics route eliminates the intercept by centering and never
 * sees a row. Tests hold them to agreement.
 */
import { centeredCrossProductsOf, meansOf, type Row, type SufficientStats } from './correlation.js';
import { inverse, type Matrix, multiplyVector, type Vector } from './matrix.js';

export interface OlsFit {
  readonly n: number;
  /** Number of predictors k, not counting the intercept. */
  readonly predictors: number;
  readonly intercept: number;
  /** One slope per predictor, in the predictors' order. */
  readonly slopes: number[];
  /** R² = 1 − SSE/SST; NaN when the outcome has no spread. */
  readonly r2: number;
  /** 1 − (1 − R²)(n − 1)/(n − k − 1); NaN without residual degrees of freedom. */
  readonly adjustedR2: number;
  /** √(SSE/(n − k − 1)); NaN without residual degrees of freedom. */
  readonly residualStandardError: number;
  /** n − k − 1. */
  readonly residualDegreesOfFreedom: number;
}

function fitSummary(n: number, predictors: number, intercept: number, slopes: number[], sse: number, sst: number): OlsFit {
  const residualDegreesOfFreedom = n - predictors - 1;
  const r2 = sst > 0 ? 1 - sse / sst : Number.NaN;
  const hasDegreesOfFreedom = residualDegreesOfFreedom > 0;
  return {
    n,
    predictors,
    intercept,
    slopes,
    r2,
    adjustedR2: hasDegreesOfFreedom ? 1 - ((1 - r2) * (n - 1)) / residualDegreesOfFreedom : Number.NaN,
    // A perfect fit can leave SSE a hair below zero by rounding on the sufficient-statistics route.
    residualStandardError: hasDegreesOfFreedom ? Math.sqrt(Math.max(sse, 0) / residualDegreesOfFreedom) : Number.NaN,
    residualDegreesOfFreedom,
  };
}

function assertEnoughRows(n: number, predictors: number): void {
  if (n < predictors + 1)
    throw new RangeError(`OLS with ${predictors} predictors needs at least ${predictors + 1} rows, got ${n}`);
}

/**
 * OLS of y on the columns of x plus an intercept: b = (XᵀX)⁻¹Xᵀy with X = [1 | x]. Throws a RangeError
 * when the predictors are collinear (XᵀX singular).
 */
export function ordinaryLeastSquares(x: readonly Row[], y: Vector): OlsFit {
  if (x.length !== y.length) throw new RangeError('x and y need the same number of rows');
  const n = y.length;
  const k = x[0]?.length ?? 0;
  assertEnoughRows(n, k);
  const design = x.map((row) => {
    if (row.length !== k) throw new RangeError('every row of x needs the same number of predictors');
    return [1, ...row];
  });
  const p = k + 1;
  const xtx = Array.from({ length: p }, () => new Array<number>(p).fill(0));
  const xty = new Array<number>(p).fill(0);
  design.forEach((row, r) => {
    for (let i = 0; i < p; i++) {
      xty[i] = xty[i]! + row[i]! * y[r]!;
      for (let j = 0; j < p; j++) xtx[i]![j] = xtx[i]![j]! + row[i]! * row[j]!;
    }
  });
  const coefficients = multiplyVector(inverse(xtx), xty);
  let sse = 0;
  let sst = 0;
  const meanY = y.reduce((sum, value) => sum + value, 0) / n;
  design.forEach((row, r) => {
    let fitted = 0;
    for (let i = 0; i < p; i++) fitted += row[i]! * coefficients[i]!;
    sse += (y[r]! - fitted) ** 2;
    sst += (y[r]! - meanY) ** 2;
  });
  return fitSummary(n, k, coefficients[0]!, coefficients.slice(1), sse, sst);
}

/**
 * OLS from sufficient statistics. With C the centered cross-products, the normal equations reduce to
 * C_xx b = C_xy for the slopes; the intercept is ȳ − bᵀx̄; SSE = C_yy − bᵀC_xy and SST = C_yy.
 */
export function ordinaryLeastSquaresFromStats(
  stats: SufficientStats,
  outcomeIndex: number,
  predictorIndices: readonly number[],
): OlsFit {
  const k = predictorIndices.length;
  assertEnoughRows(stats.n, k);
  const centered = centeredCrossProductsOf(stats);
  const means = meansOf(stats);
  const cxx: Matrix = predictorIndices.map((i) => predictorIndices.map((j) => centered[i]![j]!));
  const cxy = predictorIndices.map((i) => centered[i]![outcomeIndex]!);
  const slopes = k === 0 ? [] : multiplyVector(inverse(cxx), cxy);
  const intercept = predictorIndices.reduce((value, index, j) => value - slopes[j]! * means[index]!, means[outcomeIndex]!);
  const sst = centered[outcomeIndex]![outcomeIndex]!;
  const explained = slopes.reduce((sum, slope, j) => sum + slope * cxy[j]!, 0);
  return fitSummary(stats.n, k, intercept, slopes, sst - explained, sst);
}
