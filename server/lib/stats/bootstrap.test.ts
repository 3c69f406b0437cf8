import { describe, expect, it } from 'vitest';
import { createRandom } from '../random.js';
import {
  bootstrapInterval,
  bootstrapRelativeWeights,
  bootstrapRelativeWeightsSteps,
  bootstrapReplicates,
  bootstrapSufficientStatsReplicates,
  percentileInterval,
} from './bootstrap.js';
import { type SufficientStats, sufficientStatsOf } from './correlation.js';
import { mean } from './describe.js';
import { relativeWeightsFromStats } from './relative-weights.js';
import { runStepsCooperatively } from './steps.js';

const sum = (values: readonly number[]) => values.reduce((total, value) => total + value, 0);

/** y = 0.6·x1 + 0.3·x2 + noise with correlated x1, x2: well-behaved data with a clear signal. */
function simulatedRows(n: number, seed: number): number[][] {
  const random = createRandom(seed);
  return Array.from({ length: n }, () => {
    const x1 = random.normal();
    const x2 = 0.4 * x1 + random.normal();
    const x3 = random.normal();
    return [0.6 * x1 + 0.3 * x2 + 0.1 * x3 + random.normal(), x1, x2, x3];
  });
}

describe('percentileInterval', () => {
  it('takes the type-7 quantiles at α/2 and 1 − α/2', () => {
    // Values 1…1000: the type-7 quantile at p is 1 + p·999, so 95 % → [25.975, 975.025] and 90 % → [50.95, 950.05].
    const values = createRandom(7).shuffle(Array.from({ length: 1000 }, (_, i) => i + 1));
    const interval = percentileInterval(values);
    expect(interval.lower).toBeCloseTo(25.975, 9);
    expect(interval.upper).toBeCloseTo(975.025, 9);
    const ninety = percentileInterval(values, 0.9);
    expect(ninety.lower).toBeCloseTo(50.95, 9);
    expect(ninety.upper).toBeCloseTo(950.05, 9);
  });

  it('is NaN without replicates and rejects a bad confidence', () => {
    expect(percentileInterval([]).lower).toBeNaN();
    expect(() => percentileInterval([1, 2], 0)).toThrow(RangeError);
  });
});

describe('bootstrapReplicates', () => {
  it('resamples with replacement from createRandom(seed), n draws per replicate', () => {
    // Recomputed by hand from the same generator: each draw is random.int(0, n − 1).
    const rows = [1, 10, 100, 1000, 10_000];
    const random = createRandom(42);
    const expected = Array.from({ length: 3 }, () => {
      let total = 0;
      for (let i = 0; i < rows.length; i++) total += rows[random.int(0, rows.length - 1)]!;
      return [total];
    });
    expect(bootstrapReplicates(rows, (sample) => [sum(sample)], { replicates: 3, seed: 42 })).toEqual(expected);
  });

  it('leaves out replicates where the statistic is undefined', () => {
    const rows = [1, 2];
    const replicates = bootstrapReplicates(rows, (sample) => (sample[0] === sample[1] ? null : [1]), {
      replicates: 200,
      seed: 1,
    });
    // Two rows resample to a constant pair with probability ½: about 100 of 200 remain.
    expect(replicates.length).toBeGreaterThan(60);
    expect(replicates.length).toBeLessThan(140);
    expect(() => bootstrapReplicates(rows, () => [1], { replicates: 0, seed: 1 })).toThrow(RangeError);
    expect(bootstrapReplicates([], () => [1], { seed: 1 })).toEqual([]);
  });
});

describe('bootstrapSufficientStatsReplicates', () => {
  it('equals resampling the rows and summing each resample, bit for bit', () => {
    const rows = simulatedRows(57, 3);
    const statistic = (stats: SufficientStats) => [stats.n, ...stats.sums, ...stats.crossProducts.flat()];
    const fast = bootstrapSufficientStatsReplicates(rows, statistic, { replicates: 25, seed: 'same draws' });
    const direct = bootstrapReplicates(rows, (sample) => statistic(sufficientStatsOf(sample)), {
      replicates: 25,
      seed: 'same draws',
    });
    expect(fast).toHaveLength(25);
    expect(fast).toEqual(direct);
  });

  it('leaves out undefined replicates and checks its input', () => {
    const rows = [
      [1, 2],
      [1, 3],
    ];
    // The first column never varies: a statistic undefined without spread is left out every time.
    const spread = (stats: SufficientStats) => {
      const variance = stats.crossProducts[0]![0]! - stats.sums[0]! ** 2 / stats.n;
      return variance > 0 ? [variance] : null;
    };
    expect(bootstrapSufficientStatsReplicates(rows, spread, { replicates: 20, seed: 1 })).toEqual([]);
    expect(bootstrapSufficientStatsReplicates([], () => [1], { seed: 1 })).toEqual([]);
    expect(() => bootstrapSufficientStatsReplicates(rows, () => [1], { replicates: 1.5, seed: 1 })).toThrow(RangeError);
    expect(() => bootstrapSufficientStatsReplicates([[1, 2], [3]], () => [1], { seed: 1 })).toThrow(RangeError);
  });
});

describe('bootstrapInterval', () => {
  const random = createRandom(2024);
  const values = Array.from({ length: 200 }, () => 50 + 10 * random.normal());

  it('is deterministic for a seed and differs between seeds', () => {
    const first = bootstrapInterval(values, mean, { seed: 11 });
    const again = bootstrapInterval(values, mean, { seed: 11 });
    const other = bootstrapInterval(values, mean, { seed: 12 });
    expect(again).toEqual(first);
    expect(other.lower).not.toBe(first.lower);
    expect(first.replicates).toBe(1000);
  });

  it('contains the point estimate and is close to the t interval for a mean', () => {
    const interval = bootstrapInterval(values, mean, { seed: 3 });
    expect(interval.estimate).toBe(mean(values));
    expect(interval.lower).toBeLessThan(interval.estimate);
    expect(interval.upper).toBeGreaterThan(interval.estimate);
    // For a mean of 200 near-normal values the percentile interval approximates x̄ ± 1.97·s/√n
    // (Efron & Tibshirani 1993, §13.3); the half-width of 10/√200 · 1.97 ≈ 1.39 within 20 %.
    const halfWidth = (interval.upper - interval.lower) / 2;
    expect(halfWidth).toBeGreaterThan(1.39 * 0.8);
    expect(halfWidth).toBeLessThan(1.39 * 1.2);
  });
});

describe('bootstrapRelativeWeights', () => {
  const rows = simulatedRows(150, 99);

  it('is deterministic for a seed', () => {
    const first = bootstrapRelativeWeights(rows, 0, [1, 2, 3], { replicates: 200, seed: 'kda' });
    const again = bootstrapRelativeWeights(rows, 0, [1, 2, 3], { replicates: 200, seed: 'kda' });
    expect(again).toEqual(first);
  });

  it('takes its intervals from the relative weights of resamples of the rows', () => {
    // The same replicates computed the slow, obvious way: resample, sum, weigh.
    const direct = bootstrapReplicates(
      rows,
      (sample) => {
        try {
          const weights = relativeWeightsFromStats(sufficientStatsOf(sample), 0, [1, 2, 3]);
          return [...weights.weights, ...weights.shares];
        } catch {
          return null;
        }
      },
      { replicates: 200, seed: 'kda' },
    );
    const result = bootstrapRelativeWeights(rows, 0, [1, 2, 3], { replicates: 200, seed: 'kda' });
    expect(result.replicates).toBe(direct.length);
    result.predictors.forEach((predictor, j) => {
      expect(predictor.weightLower).toBe(percentileInterval(direct.map((values) => values[j]!)).lower);
      expect(predictor.shareUpper).toBe(percentileInterval(direct.map((values) => values[3 + j]!)).upper);
    });
  });

  it('gives the same figures, bit for bit, when run cooperatively', async () => {
    // toEqual compares numbers with Object.is: one unit in the last place (or 0 against −0) would fail.
    for (const [size, seed] of [
      [40, 1],
      [150, 'kda'],
      [333, 'cycle|region=Nord'],
    ] as const) {
      const sample = simulatedRows(size, size);
      const options = { replicates: 120, seed };
      const sync = bootstrapRelativeWeights(sample, 0, [1, 2, 3], options);
      const everyStep = await runStepsCooperatively(bootstrapRelativeWeightsSteps(sample, 0, [1, 2, 3], options), 0);
      const slices = await runStepsCooperatively(bootstrapRelativeWeightsSteps(sample, 0, [1, 2, 3], options));
      expect(everyStep).toEqual(sync);
      expect(slices).toEqual(sync);
    }
  });

  it('gives intervals around the point estimates', () => {
    const result = bootstrapRelativeWeights(rows, 0, [1, 2, 3], { seed: 5 });
    expect(result.replicates).toBe(1000);
    expect(result.predictors.map((predictor) => predictor.predictorIndex)).toEqual([1, 2, 3]);
    for (const predictor of result.predictors) {
      expect(predictor.weightLower).toBeLessThanOrEqual(predictor.weight);
      expect(predictor.weight).toBeLessThanOrEqual(predictor.weightUpper);
      expect(predictor.shareLower).toBeLessThanOrEqual(predictor.share);
      expect(predictor.share).toBeLessThanOrEqual(predictor.shareUpper);
      expect(predictor.weightLower).toBeGreaterThanOrEqual(0);
    }
    // x1 carries most of the signal: its share is the largest and its interval lies above x3's.
    const [x1, , x3] = result.predictors;
    expect(x1!.shareLower).toBeGreaterThan(x3!.shareUpper);
  });
});
