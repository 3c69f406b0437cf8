/**
 * Correlations and covariances, from raw rows and from sufficient statistics. The dashboard keeps, per
 * group, only n, the sums and the cross-products of the scores: those add up across groups (teams to
 * regions to the organisation) without revisiting any answer, and every moment the analyses need
 * follows from them.
 */
import { mean } from './describe.js';
import type { Matrix, Vector } from './matrix.js';

/** A row is one respondent (or unit): one value per variable, all finite. */
export type Row = readonly number[];

/**
 * Pearson's r = Σ(x − x̄)(y − ȳ) / √(Σ(x − x̄)² Σ(y − ȳ)²). NaN when either variable has no spread or
 * there are fewer than 2 pairs: the correlation is undefined there, and 0 would be a claim.
 */
export function pearson(x: Vector, y: Vector): number {
  if (x.length !== y.length) throw new RangeError('x and y need the same length');
  if (x.length < 2) return Number.NaN;
  const meanX = mean(x);
  const meanY = mean(y);
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < x.length; i++) {
    const dx = x[i]! - meanX;
    const dy = y[i]! - meanY;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  if (sxx === 0 || syy === 0) return Number.NaN;
  return sxy / Math.sqrt(sxx * syy);
}

/**
 * Ranks 1…n, ties sharing the mean of the ranks they occupy ("average" or fractional ranking, as R's
 * rank() default), so that Spearman's ρ stays a Pearson correlation of ranks with ties.
 */
export function averageRanks(values: Vector): number[] {
  const order = values.map((value, index) => ({ value, index })).sort((a, b) => a.value - b.value);
  const ranks = new Array<number>(values.length);
  let start = 0;
  while (start < order.length) {
    let end = start;
    while (end + 1 < order.length && order[end + 1]!.value === order[start]!.value) end++;
    // Positions start…end (0-based) hold ranks start+1…end+1; their mean is the midpoint.
    const shared = (start + end) / 2 + 1;
    for (let k = start; k <= end; k++) ranks[order[k]!.index] = shared;
    start = end + 1;
  }
  return ranks;
}

/** Spearman's ρ: Pearson's r of the average ranks (correct with ties, unlike 1 − 6Σd²/(n(n²−1))). */
export function spearman(x: Vector, y: Vector): number {
  if (x.length !== y.length) throw new RangeError('x and y need the same length');
  return pearson(averageRanks(x), averageRanks(y));
}

function columnCount(rows: readonly Row[]): number {
  const k = rows[0]?.length ?? 0;
  if (rows.some((row) => row.length !== k)) throw new RangeError('every row needs the same number of values');
  return k;
}

/** Sample covariance matrix S_ij = Σ(x_i − x̄_i)(x_j − x̄_j) / (n − 1), computed around the means. */
export function covarianceMatrix(rows: readonly Row[]): number[][] {
  const k = columnCount(rows);
  const n = rows.length;
  const means = Array.from({ length: k }, (_, j) => mean(rows.map((row) => row[j]!)));
  const s = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  for (const row of rows) {
    for (let i = 0; i < k; i++) {
      const di = row[i]! - means[i]!;
      for (let j = 0; j <= i; j++) s[i]![j] = s[i]![j]! + di * (row[j]! - means[j]!);
    }
  }
  return symmetricFromLower(s, (value) => value / (n - 1));
}

/** Correlation matrix of the columns: r_ij = S_ij / √(S_ii S_jj), 1 on the diagonal. */
export function correlationMatrix(rows: readonly Row[]): number[][] {
  return correlationFromCovariance(covarianceMatrix(rows));
}

/** r_ij = S_ij / √(S_ii S_jj); NaN off the diagonal for a variable without spread. */
export function correlationFromCovariance(covariance: Matrix): number[][] {
  const sd = covariance.map((row, i) => Math.sqrt(row[i]!));
  return covariance.map((row, i) => row.map((value, j) => (i === j ? 1 : value / (sd[i]! * sd[j]!))));
}

function symmetricFromLower(lower: number[][], map: (value: number) => number): number[][] {
  const k = lower.length;
  return Array.from({ length: k }, (_, i) => Array.from({ length: k }, (_, j) => map(i >= j ? lower[i]![j]! : lower[j]![i]!)));
}

// ---------- sufficient statistics ----------

/**
 * n, Σx_i and Σx_i·x_j over a set of rows: everything means, covariances, correlations and OLS need,
 * and additive, so that groups can be merged by adding. crossProducts is the full symmetric k×k matrix.
 */
export interface SufficientStats {
  readonly n: number;
  readonly sums: readonly number[];
  readonly crossProducts: readonly (readonly number[])[];
}

export function emptySufficientStats(variables: number): SufficientStats {
  return {
    n: 0,
    sums: new Array<number>(variables).fill(0),
    crossProducts: Array.from({ length: variables }, () => new Array<number>(variables).fill(0)),
  };
}

export function sufficientStatsOf(rows: readonly Row[], variables = rows[0]?.length ?? 0): SufficientStats {
  if (rows.some((row) => row.length !== variables)) throw new RangeError('every row needs the same number of values');
  const sums = new Array<number>(variables).fill(0);
  const lower = Array.from({ length: variables }, () => new Array<number>(variables).fill(0));
  for (const row of rows) {
    for (let i = 0; i < variables; i++) {
      const xi = row[i]!;
      sums[i] = sums[i]! + xi;
      const line = lower[i]!;
      for (let j = 0; j <= i; j++) line[j] = line[j]! + xi * row[j]!;
    }
  }
  return { n: rows.length, sums, crossProducts: symmetricFromLower(lower, (value) => value) };
}

/** The statistics of the union of two disjoint sets of rows: every component adds. */
export function addSufficientStats(a: SufficientStats, b: SufficientStats): SufficientStats {
  if (a.sums.length !== b.sums.length) throw new RangeError('cannot add statistics of different variables');
  return {
    n: a.n + b.n,
    sums: a.sums.map((sum, i) => sum + b.sums[i]!),
    crossProducts: a.crossProducts.map((row, i) => row.map((value, j) => value + b.crossProducts[i]![j]!)),
  };
}

/** x̄_i = Σx_i / n. */
export function meansOf(stats: SufficientStats): number[] {
  return stats.sums.map((sum) => sum / stats.n);
}

/**
 * Centered cross-products C_ij = Σx_i x_j − Σx_i Σx_j / n = Σ(x_i − x̄_i)(x_j − x̄_j). The subtraction
 * loses digits when means are large against the spread; scores of 1–5 and indices of 0–100 are far
 * from that regime (a 50,000-person group keeps about ten significant digits).
 */
export function centeredCrossProductsOf(stats: SufficientStats): number[][] {
  const { n, sums, crossProducts } = stats;
  return crossProducts.map((row, i) => row.map((value, j) => value - (sums[i]! * sums[j]!) / n));
}

/** Sample covariance matrix C / (n − 1). */
export function covarianceMatrixOf(stats: SufficientStats): number[][] {
  return centeredCrossProductsOf(stats).map((row) => row.map((value) => value / (stats.n - 1)));
}

/** Correlation matrix from the sufficient statistics. */
export function correlationMatrixOf(stats: SufficientStats): number[][] {
  return correlationFromCovariance(covarianceMatrixOf(stats));
}

/** Picks the sub-statistics of some variables (in the given order), e.g. the drivers of a wider row. */
export function selectVariables(stats: SufficientStats, indices: readonly number[]): SufficientStats {
  return {
    n: stats.n,
    sums: indices.map((i) => stats.sums[i]!),
    crossProducts: indices.map((i) => indices.map((j) => stats.crossProducts[i]![j]!)),
  };
}
