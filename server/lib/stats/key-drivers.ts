/**
 * The instrument's key-driver analysis (instrument.md, "Scoring"): respondent-level driver scores
 * predicting the respondent-level trust index, by relative weights (Johnson 2000), each driver's weight
 * with a 95 % bootstrap interval, plus the model's R² and n. Complete cases only: a respondent without
 * a trust index or without a score on any analysed driver is left out, because relative weights need
 * one correlation matrix over the same people.
 */
import type { DriverId } from '../../../common/instrument/items.js';
import { bootstrapRelativeWeightsSteps } from './bootstrap.js';
import { type Row, type SufficientStats, sufficientStatsOf } from './correlation.js';
import { relativeWeightsFromStats } from './relative-weights.js';
import { runSteps, runStepsCooperatively, type Steps } from './steps.js';

/** Below this many complete respondents the analysis is not shown: "not enough answers for a reliable analysis". */
export const MIN_KEY_DRIVER_RESPONDENTS = 30;

export interface KeyDriverRespondent {
  /** The respondent's trust index (0–100), null without a TRUST answer. */
  readonly trustIndex: number | null;
  /** The respondent's driver scores (1–5); absent or null where the respondent answered none. */
  readonly driverScores: Readonly<Partial<Record<DriverId, number | null>>>;
}

export interface KeyDriver {
  readonly driver: DriverId;
  /** Relative weight ε: the part of R² this driver accounts for; the weights sum to r2. */
  readonly weight: number;
  /** weight / R²: the driver's share of the explained variance; the shares sum to 1. */
  readonly share: number;
  /** 95 % bootstrap percentile interval of the weight. */
  readonly lower: number;
  readonly upper: number;
  /** 95 % bootstrap percentile interval of the share. */
  readonly shareLower: number;
  readonly shareUpper: number;
}

export interface KeyDriverAnalysis {
  readonly n: number;
  readonly r2: number;
  readonly drivers: KeyDriver[];
  /** Bootstrap resamples on which the weights were defined. */
  readonly replicates: number;
}

/** The point estimate only, which is all sufficient statistics can give (no rows to resample). */
export interface KeyDriverEstimate {
  readonly n: number;
  readonly r2: number;
  readonly drivers: { readonly driver: DriverId; readonly weight: number; readonly share: number }[];
}

export interface KeyDriverInsufficient {
  readonly n: number;
  readonly insufficient: true;
  /**
   * too_few_answers: fewer than 30 complete respondents. no_variation: a driver or the trust index is
   * constant, or drivers are collinear, so the weights are undefined.
   */
  readonly reason: 'too_few_answers' | 'no_variation';
}

export interface KeyDriverOptions {
  readonly seed: number | string;
  /** 1000 by default. */
  readonly replicates?: number;
}

/**
 * The analysis row of a respondent: [trust index, score of drivers[0], …], or null when any of them is
 * missing (not a complete case). Index 0 is the outcome; the dashboard sums these rows' sufficient
 * statistics per group in this layout.
 */
export function keyDriverRowOf(respondent: KeyDriverRespondent, drivers: readonly DriverId[]): number[] | null {
  const row = [respondent.trustIndex, ...drivers.map((driver) => respondent.driverScores[driver] ?? null)];
  return row.every((value): value is number => value !== null && Number.isFinite(value)) ? row : null;
}

export function keyDriverRowsOf(respondents: readonly KeyDriverRespondent[], drivers: readonly DriverId[]): number[][] {
  return respondents.map((respondent) => keyDriverRowOf(respondent, drivers)).filter((row): row is number[] => row !== null);
}

function predictorIndicesOf(drivers: readonly DriverId[]): number[] {
  return drivers.map((_, j) => j + 1);
}

/**
 * Point estimate from sufficient statistics of key-driver rows (layout of keyDriverRowOf): for merged
 * groups, where the rows themselves are not at hand.
 */
export function keyDriverEstimateFromStats(
  stats: SufficientStats,
  drivers: readonly DriverId[],
): KeyDriverEstimate | KeyDriverInsufficient {
  if (stats.sums.length !== drivers.length + 1) throw new RangeError('statistics must hold the trust index and every driver');
  const n = stats.n;
  if (n < MIN_KEY_DRIVER_RESPONDENTS) return { n, insufficient: true, reason: 'too_few_answers' };
  try {
    const weights = relativeWeightsFromStats(stats, 0, predictorIndicesOf(drivers));
    return {
      n,
      r2: weights.r2,
      drivers: drivers.map((driver, j) => ({ driver, weight: weights.weights[j]!, share: weights.shares[j]! })),
    };
  } catch (error) {
    if (error instanceof RangeError) return { n, insufficient: true, reason: 'no_variation' };
    throw error;
  }
}

function compareRows(a: Row, b: Row): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return 0;
}

/**
 * The full analysis from key-driver rows (complete cases, layout of keyDriverRowOf): the point estimate
 * from their sufficient statistics, and seeded bootstrap intervals from resampling them. A resample is
 * drawn as row positions, so the rows are put in a canonical order first (by value): the same
 * respondents give the same figures, to the last digit, in whatever order a database returns them.
 */
export function keyDriverAnalysisOfRows(
  rows: readonly Row[],
  drivers: readonly DriverId[],
  options: KeyDriverOptions,
): KeyDriverAnalysis | KeyDriverInsufficient {
  return runSteps(keyDriverAnalysisSteps(rows, drivers, options));
}

/**
 * keyDriverAnalysisOfRows in slices of about `sliceMs` milliseconds with the event loop running in
 * between (steps.ts): what the server runs, since a large group's bootstrap takes seconds. The same
 * steps as keyDriverAnalysisOfRows, so the same result to the last bit.
 */
export function keyDriverAnalysisOfRowsCooperatively(
  rows: readonly Row[],
  drivers: readonly DriverId[],
  options: KeyDriverOptions,
  sliceMs?: number,
): Promise<KeyDriverAnalysis | KeyDriverInsufficient> {
  return runStepsCooperatively(keyDriverAnalysisSteps(rows, drivers, options), sliceMs);
}

function* keyDriverAnalysisSteps(
  rows: readonly Row[],
  drivers: readonly DriverId[],
  options: KeyDriverOptions,
): Steps<KeyDriverAnalysis | KeyDriverInsufficient> {
  const ordered = [...rows].sort(compareRows);
  const estimate = keyDriverEstimateFromStats(sufficientStatsOf(ordered, drivers.length + 1), drivers);
  if ('insufficient' in estimate) return estimate;
  // Sorting and summing the rows above take milliseconds: a turn of the event loop before the resampling.
  yield;
  const bootstrapped = yield* bootstrapRelativeWeightsSteps(ordered, 0, predictorIndicesOf(drivers), options);
  return {
    n: estimate.n,
    r2: estimate.r2,
    drivers: estimate.drivers.map((entry, j) => {
      const interval = bootstrapped.predictors[j]!;
      return {
        ...entry,
        lower: interval.weightLower,
        upper: interval.weightUpper,
        shareLower: interval.shareLower,
        shareUpper: interval.shareUpper,
      };
    }),
    replicates: bootstrapped.replicates,
  };
}

/** The key-driver analysis of respondents: complete cases, then keyDriverAnalysisOfRows. */
export function keyDriverAnalysis(
  respondents: readonly KeyDriverRespondent[],
  drivers: readonly DriverId[],
  options: KeyDriverOptions,
): KeyDriverAnalysis | KeyDriverInsufficient {
  return keyDriverAnalysisOfRows(keyDriverRowsOf(respondents, drivers), drivers, options);
}
