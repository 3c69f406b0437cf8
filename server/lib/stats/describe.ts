/**
 * Descriptive statistics for the dashboard: means with a t interval, spread, median and quantiles.
 * Pure functions on finite numbers; callers drop missing answers first.
 */
import { studentTQuantile } from '../../../common/instrument/student-t.js';

/** Arithmetic mean Σx / n; NaN for an empty list, so a forgotten emptiness check shows up as NaN. */
export function mean(values: readonly number[]): number {
  let sum = 0;
  for (const value of values) sum += value;
  return sum / values.length;
}

/**
 * Sample variance Σ(x − x̄)² / (n − 1) (Bessel's correction, as R's var()); NaN below 2 values.
 * Two passes around the mean instead of Σx² − n·x̄², which cancels badly when the mean is large.
 */
export function sampleVariance(values: readonly number[]): number {
  if (values.length < 2) return Number.NaN;
  const center = mean(values);
  let sum = 0;
  for (const value of values) sum += (value - center) ** 2;
  return sum / (values.length - 1);
}

/** Sample standard deviation √(sample variance), as R's sd(). */
export function sampleStandardDeviation(values: readonly number[]): number {
  return Math.sqrt(sampleVariance(values));
}

/**
 * Quantile of type 7 (Hyndman & Fan 1996), R's default: h = (n − 1)·p, the value at position ⌊h⌋
 * (0-based, sorted) plus (h − ⌊h⌋) of the step to the next one. NaN for an empty list.
 */
export function quantile(values: readonly number[], p: number): number {
  return quantiles(values, [p])[0]!;
}

/** Several type-7 quantiles at once, sorting only once. */
export function quantiles(values: readonly number[], ps: readonly number[]): number[] {
  for (const p of ps) {
    if (!(p >= 0 && p <= 1)) throw new RangeError(`quantile probability must be in [0, 1], got ${p}`);
  }
  if (values.length === 0) return ps.map(() => Number.NaN);
  const sorted = [...values].sort((a, b) => a - b);
  return ps.map((p) => quantileOfSorted(sorted, p));
}

/** Type-7 quantile of an already ascending list (for callers that sort once and ask many times). */
export function quantileOfSorted(sorted: readonly number[], p: number): number {
  const h = (sorted.length - 1) * p;
  const below = Math.floor(h);
  const lowerValue = sorted[below]!;
  const upperValue = sorted[Math.min(below + 1, sorted.length - 1)]!;
  return lowerValue + (h - below) * (upperValue - lowerValue);
}

/** The median: the type-7 quantile at ½, i.e. the middle value or the mean of the two middle values. */
export function median(values: readonly number[]): number {
  return quantile(values, 0.5);
}

export interface MeanInterval {
  readonly n: number;
  readonly mean: number;
  /** s / √n. */
  readonly standardError: number;
  readonly lower: number;
  readonly upper: number;
}

/**
 * Mean with its confidence interval x̄ ± t(1 − α/2, n − 1) · s/√n (95 % by default), the Student t
 * interval. null below 2 values, where no spread can be estimated.
 */
export function meanWithInterval(values: readonly number[], confidence = 0.95): MeanInterval | null {
  if (!(confidence > 0 && confidence < 1)) throw new RangeError(`confidence must be between 0 and 1, got ${confidence}`);
  const n = values.length;
  if (n < 2) return null;
  const center = mean(values);
  const standardError = sampleStandardDeviation(values) / Math.sqrt(n);
  const margin = studentTQuantile(1 - (1 - confidence) / 2, n - 1) * standardError;
  return { n, mean: center, standardError, lower: center - margin, upper: center + margin };
}
