/**
 * The nonparametric bootstrap with percentile intervals (Efron & Tibshirani 1993, An Introduction to
 * the Bootstrap, ch. 13): resample the rows with replacement, recompute the statistic, and read the
 * interval off the quantiles of the replicates. Seeded, so a dashboard shows the same interval on every
 * load and a test can pin it.
 */
import { createRandom } from '../random.js';
import { type Row, type SufficientStats, sufficientStatsOf } from './correlation.js';
import { quantileOfSorted } from './describe.js';
import { type RelativeWeights, relativeWeightsFromStats } from './relative-weights.js';
import { runSteps, type Steps } from './steps.js';

export interface BootstrapOptions {
  /** Number of resamples; 1000 is enough for 95 % percentile intervals (Efron & Tibshirani, §19.3). */
  readonly replicates?: number;
  readonly seed: number | string;
  /** Coverage of the interval, 0.95 by default. */
  readonly confidence?: number;
}

export interface Interval {
  readonly lower: number;
  readonly upper: number;
}

const DEFAULT_REPLICATES = 1000;

/**
 * The statistic on `replicates` resamples of the rows (each of the same size, drawn with replacement).
 * A statistic may answer null where it is undefined on a resample (say, a constant column); such
 * replicates are left out rather than counted as zero, so callers should report how many remain.
 */
export function bootstrapReplicates<T>(
  rows: readonly T[],
  statistic: (sample: readonly T[]) => readonly number[] | null,
  options: BootstrapOptions,
): number[][] {
  const replicates = options.replicates ?? DEFAULT_REPLICATES;
  if (!(Number.isInteger(replicates) && replicates > 0))
    throw new RangeError(`replicates must be a positive integer, got ${replicates}`);
  if (rows.length === 0) return [];
  const random = createRandom(options.seed);
  const results: number[][] = [];
  const sample = new Array<T>(rows.length);
  for (let r = 0; r < replicates; r++) {
    for (let i = 0; i < rows.length; i++) sample[i] = rows[random.int(0, rows.length - 1)]!;
    const value = statistic(sample);
    if (value?.every(Number.isFinite)) results.push([...value]);
  }
  return results;
}

/**
 * bootstrapReplicates for a statistic of each resample's sufficient statistics (n, Σx_i, Σx_i·x_j), without
 * building the resamples: the draws are the same (n draws of random.int(0, n − 1) per replicate from
 * createRandom(seed)) and every resample's statistics are summed in draw order, as sufficientStatsOf
 * sums them, so the replicates equal bootstrapReplicates(rows, (sample) => statistic(sufficientStatsOf(sample)))
 * bit for bit. Closing a cycle resamples tens of thousands of respondents a thousand times per group:
 * flat arrays instead of a sample and a matrix of arrays per replicate make that several times faster.
 */
export function bootstrapSufficientStatsReplicates(
  rows: readonly Row[],
  statistic: (stats: SufficientStats) => readonly number[] | null,
  options: BootstrapOptions,
): number[][] {
  return runSteps(sufficientStatsReplicateSteps(rows, statistic, options));
}

/**
 * bootstrapSufficientStatsReplicates as steps (steps.ts), one replicate each: a replicate of 15,000
 * respondents takes a few milliseconds, so a cooperative run can pause between any two of them.
 */
function* sufficientStatsReplicateSteps(
  rows: readonly Row[],
  statistic: (stats: SufficientStats) => readonly number[] | null,
  options: BootstrapOptions,
): Steps<number[][]> {
  const replicates = options.replicates ?? DEFAULT_REPLICATES;
  if (!(Number.isInteger(replicates) && replicates > 0))
    throw new RangeError(`replicates must be a positive integer, got ${replicates}`);
  const n = rows.length;
  if (n === 0) return [];
  const k = rows[0]!.length;
  if (rows.some((row) => row.length !== k)) throw new RangeError('every row needs the same number of values');
  const values = new Float64Array(n * k);
  for (let i = 0; i < n; i++) values.set(rows[i]!, i * k);
  const sums = new Float64Array(k);
  const lower = new Float64Array(k * k);
  const random = createRandom(options.seed);
  const results: number[][] = [];
  for (let r = 0; r < replicates; r++) {
    sums.fill(0);
    lower.fill(0);
    for (let draw = 0; draw < n; draw++) {
      const base = random.int(0, n - 1) * k;
      for (let i = 0; i < k; i++) {
        const xi = values[base + i]!;
        sums[i] = sums[i]! + xi;
        const line = i * k;
        for (let j = 0; j <= i; j++) lower[line + j] = lower[line + j]! + xi * values[base + j]!;
      }
    }
    const crossProducts = Array.from({ length: k }, (_, i) =>
      Array.from({ length: k }, (_, j) => (i >= j ? lower[i * k + j]! : lower[j * k + i]!)),
    );
    const value = statistic({ n, sums: Array.from(sums), crossProducts });
    if (value?.every(Number.isFinite)) results.push([...value]);
    yield;
  }
  return results;
}

/**
 * Percentile interval: the type-7 quantiles (as R's quantile()) of the replicates at α/2 and 1 − α/2,
 * α = 1 − confidence. NaN bounds without replicates.
 */
export function percentileInterval(values: readonly number[], confidence = 0.95): Interval {
  if (!(confidence > 0 && confidence < 1)) throw new RangeError(`confidence must be between 0 and 1, got ${confidence}`);
  if (values.length === 0) return { lower: Number.NaN, upper: Number.NaN };
  const sorted = [...values].sort((a, b) => a - b);
  const alpha = 1 - confidence;
  return { lower: quantileOfSorted(sorted, alpha / 2), upper: quantileOfSorted(sorted, 1 - alpha / 2) };
}

export interface BootstrapInterval extends Interval {
  /** The statistic on all rows. */
  readonly estimate: number;
  /** Replicates on which the statistic was defined. */
  readonly replicates: number;
}

/** Percentile bootstrap interval of a scalar statistic of the rows. */
export function bootstrapInterval<T>(
  rows: readonly T[],
  statistic: (sample: readonly T[]) => number | null,
  options: BootstrapOptions,
): BootstrapInterval {
  const estimate = statistic(rows) ?? Number.NaN;
  const replicates = bootstrapReplicates(
    rows,
    (sample) => {
      const value = statistic(sample);
      return value === null ? null : [value];
    },
    options,
  );
  const interval = percentileInterval(
    replicates.map((values) => values[0]!),
    options.confidence,
  );
  return { estimate, ...interval, replicates: replicates.length };
}

export interface PredictorWeightInterval {
  /** The predictor's column in the rows. */
  readonly predictorIndex: number;
  readonly weight: number;
  readonly share: number;
  readonly weightLower: number;
  readonly weightUpper: number;
  readonly shareLower: number;
  readonly shareUpper: number;
}

export interface BootstrappedRelativeWeights {
  readonly estimate: RelativeWeights;
  readonly predictors: PredictorWeightInterval[];
  /** Resamples on which the weights were defined (not collinear, every column with spread). */
  readonly replicates: number;
}

/** Weights and shares of one resample, or null where relative weights are undefined on it. */
function weightsAndSharesOf(stats: SufficientStats, outcomeIndex: number, predictorIndices: readonly number[]): number[] | null {
  try {
    const result = relativeWeightsFromStats(stats, outcomeIndex, predictorIndices);
    return [...result.weights, ...result.shares];
  } catch (error) {
    if (error instanceof RangeError) return null;
    throw error;
  }
}

/**
 * Relative weights of the predictor columns for the outcome column, each with percentile intervals
 * (Tonidandel, LeBreton & Johnson 2009 recommend the bootstrap for relative weights). Deterministic for
 * a seed. Throws a RangeError when the weights are undefined on the full rows.
 */
export function bootstrapRelativeWeights(
  rows: readonly Row[],
  outcomeIndex: number,
  predictorIndices: readonly number[],
  options: BootstrapOptions,
): BootstrappedRelativeWeights {
  return runSteps(bootstrapRelativeWeightsSteps(rows, outcomeIndex, predictorIndices, options));
}

/** bootstrapRelativeWeights as steps (steps.ts): one per replicate. */
export function* bootstrapRelativeWeightsSteps(
  rows: readonly Row[],
  outcomeIndex: number,
  predictorIndices: readonly number[],
  options: BootstrapOptions,
): Steps<BootstrappedRelativeWeights> {
  const estimate = relativeWeightsFromStats(sufficientStatsOf(rows), outcomeIndex, predictorIndices);
  const replicates = yield* sufficientStatsReplicateSteps(
    rows,
    (stats) => weightsAndSharesOf(stats, outcomeIndex, predictorIndices),
    options,
  );
  const k = predictorIndices.length;
  const predictors = predictorIndices.map((predictorIndex, j) => {
    const weightInterval = percentileInterval(
      replicates.map((values) => values[j]!),
      options.confidence,
    );
    const shareInterval = percentileInterval(
      replicates.map((values) => values[k + j]!),
      options.confidence,
    );
    return {
      predictorIndex,
      weight: estimate.weights[j]!,
      share: estimate.shares[j]!,
      weightLower: weightInterval.lower,
      weightUpper: weightInterval.upper,
      shareLower: shareInterval.lower,
      shareUpper: shareInterval.upper,
    };
  });
  return { estimate, predictors, replicates: replicates.length };
}
