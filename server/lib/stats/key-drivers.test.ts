import { describe, expect, it } from 'vitest';
import { DRIVER_IDS, type DriverId } from '../../../common/instrument/items.js';
import { createRandom } from '../random.js';
import { addSufficientStats, sufficientStatsOf } from './correlation.js';
import {
  type KeyDriverAnalysis,
  type KeyDriverRespondent,
  keyDriverAnalysis,
  keyDriverAnalysisOfRows,
  keyDriverAnalysisOfRowsCooperatively,
  keyDriverEstimateFromStats,
  keyDriverRowOf,
  keyDriverRowsOf,
  MIN_KEY_DRIVER_RESPONDENTS,
} from './key-drivers.js';
import { ordinaryLeastSquares } from './regression.js';
import { relativeWeightsOfRows } from './relative-weights.js';

/** Likert-like driver scores (means of three 1–5 answers) and a trust index driven mostly by INV and INT. */
function simulatedRespondents(n: number, seed: number): KeyDriverRespondent[] {
  const random = createRandom(seed);
  const likertMean = (center: number) => {
    let total = 0;
    for (let i = 0; i < 3; i++) total += Math.min(5, Math.max(1, Math.round(center + random.normal())));
    return total / 3;
  };
  return Array.from({ length: n }, () => {
    const general = random.normal() * 0.7;
    const driverScores: Partial<Record<DriverId, number>> = {};
    for (const driver of DRIVER_IDS) driverScores[driver] = likertMean(3 + general);
    const signal = 2 * (driverScores.INV! - 3) + 1.5 * (driverScores.INT! - 3) + 0.3 * (driverScores.FAIR! - 3);
    const trustIndex = Math.min(100, Math.max(0, 50 + 10 * signal + 8 * random.normal()));
    return { trustIndex, driverScores };
  });
}

describe('keyDriverRowOf', () => {
  it('puts the trust index first and the drivers in the order asked; incomplete cases give null', () => {
    const respondent: KeyDriverRespondent = { trustIndex: 75, driverScores: { INV: 4, AMB: 3.5 } };
    expect(keyDriverRowOf(respondent, ['AMB', 'INV'])).toEqual([75, 3.5, 4]);
    expect(keyDriverRowOf(respondent, ['AMB', 'INV', 'FAIR'])).toBeNull();
    expect(keyDriverRowOf({ trustIndex: null, driverScores: { AMB: 3 } }, ['AMB'])).toBeNull();
    expect(keyDriverRowOf({ trustIndex: 50, driverScores: { AMB: null } }, ['AMB'])).toBeNull();
  });
});

describe('keyDriverAnalysis', () => {
  const respondents = simulatedRespondents(120, 8);

  it(`is not computed under ${MIN_KEY_DRIVER_RESPONDENTS} complete respondents`, () => {
    // 29 complete + 10 without a trust index: still too few complete cases.
    const few = [...respondents.slice(0, 29), ...respondents.slice(29, 39).map((r) => ({ ...r, trustIndex: null }))];
    expect(keyDriverAnalysis(few, DRIVER_IDS, { seed: 1 })).toEqual({ n: 29, insufficient: true, reason: 'too_few_answers' });
    const enough = keyDriverAnalysis(respondents.slice(0, 30), DRIVER_IDS, { seed: 1, replicates: 50 });
    expect('insufficient' in enough).toBe(false);
    expect(enough.n).toBe(30);
  });

  it('reports no_variation when a driver is constant', () => {
    const constant = respondents.map((r) => ({ ...r, driverScores: { ...r.driverScores, BUF: 3 } }));
    expect(keyDriverAnalysis(constant, DRIVER_IDS, { seed: 1 })).toEqual({ n: 120, insufficient: true, reason: 'no_variation' });
  });

  it('gives relative weights summing to the OLS R², with intervals, deterministic for a seed', () => {
    const result = keyDriverAnalysis(respondents, DRIVER_IDS, { seed: 'cycle-1', replicates: 300 }) as KeyDriverAnalysis;
    const again = keyDriverAnalysis(respondents, DRIVER_IDS, { seed: 'cycle-1', replicates: 300 });
    expect(again).toEqual(result);
    expect(result.n).toBe(120);
    expect(result.replicates).toBe(300);
    const rows = keyDriverRowsOf(respondents, DRIVER_IDS);
    const ols = ordinaryLeastSquares(
      rows.map((row) => row.slice(1)),
      rows.map((row) => row[0]!),
    );
    expect(Math.abs(result.r2 - ols.r2)).toBeLessThanOrEqual(1e-9);
    const totalWeight = result.drivers.reduce((sum, driver) => sum + driver.weight, 0);
    expect(Math.abs(totalWeight - ols.r2)).toBeLessThanOrEqual(1e-9);
    expect(Math.abs(result.drivers.reduce((sum, driver) => sum + driver.share, 0) - 1)).toBeLessThanOrEqual(1e-9);
    expect(result.drivers.map((driver) => driver.driver)).toEqual([...DRIVER_IDS]);
    for (const driver of result.drivers) {
      expect(driver.lower).toBeLessThanOrEqual(driver.weight);
      expect(driver.weight).toBeLessThanOrEqual(driver.upper);
      expect(driver.shareLower).toBeLessThanOrEqual(driver.share);
      expect(driver.share).toBeLessThanOrEqual(driver.shareUpper);
    }
    // The simulated trust depends most on INV: it has the largest weight.
    const top = [...result.drivers].sort((a, b) => b.weight - a.weight)[0]!;
    expect(top.driver).toBe('INV');
  });

  it('gives the same intervals whatever the order of the respondents', () => {
    const options = { seed: 'order', replicates: 100 };
    const result = keyDriverAnalysis(respondents, DRIVER_IDS, options);
    const shuffled = keyDriverAnalysis(createRandom(17).shuffle(respondents), DRIVER_IDS, options);
    expect(shuffled).toEqual(result);
    expect(keyDriverAnalysis([...respondents].reverse(), DRIVER_IDS, options)).toEqual(result);
  });

  it('point estimate from summed group statistics equals the one from all rows', () => {
    const rows = keyDriverRowsOf(respondents, DRIVER_IDS);
    const merged = addSufficientStats(sufficientStatsOf(rows.slice(0, 50)), sufficientStatsOf(rows.slice(50)));
    const fromStats = keyDriverEstimateFromStats(merged, DRIVER_IDS);
    const fromRows = relativeWeightsOfRows(
      rows,
      0,
      DRIVER_IDS.map((_, j) => j + 1),
    );
    if ('insufficient' in fromStats) throw new Error('expected an estimate');
    expect(fromStats.n).toBe(120);
    expect(Math.abs(fromStats.r2 - fromRows.r2)).toBeLessThanOrEqual(1e-6);
    fromStats.drivers.forEach((driver, j) => {
      expect(Math.abs(driver.weight - fromRows.weights[j]!)).toBeLessThanOrEqual(1e-6);
      expect(Math.abs(driver.share - fromRows.shares[j]!)).toBeLessThanOrEqual(1e-6);
    });
    const full = keyDriverAnalysisOfRows(rows, DRIVER_IDS, { seed: 4, replicates: 20 });
    if ('insufficient' in full) throw new Error('expected an analysis');
    full.drivers.forEach((driver, j) => {
      expect(Math.abs(driver.weight - fromStats.drivers[j]!.weight)).toBeLessThanOrEqual(1e-12);
    });
  });

  it('checks the layout of the statistics', () => {
    expect(() => keyDriverEstimateFromStats(sufficientStatsOf([[1, 2]]), DRIVER_IDS)).toThrow(RangeError);
  });
});

describe('keyDriverAnalysisOfRowsCooperatively', () => {
  it('gives the same analysis as keyDriverAnalysisOfRows, bit for bit', async () => {
    // Two of 30 respondents vary on BUF: many resamples have a constant BUF and are left out, so the
    // count of replicates is checked too, not just the intervals.
    const rare = simulatedRespondents(30, 3).map((r, i) => ({ ...r, driverScores: { ...r.driverScores, BUF: i < 2 ? 4 : 3 } }));
    const cases: [KeyDriverRespondent[], number | string][] = [
      [simulatedRespondents(30, 1), 1],
      [simulatedRespondents(120, 8), 'cycle-1'],
      [simulatedRespondents(1000, 5), 'cycle|region=Süd'],
      [rare, 'rare'],
      [simulatedRespondents(29, 2), 'too few'],
      [simulatedRespondents(60, 4).map((r) => ({ ...r, driverScores: { ...r.driverScores, AMB: 2 } })), 'constant'],
    ];
    for (const [respondents, seed] of cases) {
      const rows = keyDriverRowsOf(respondents, DRIVER_IDS);
      const options = { seed, replicates: 150 };
      const sync = keyDriverAnalysisOfRows(rows, DRIVER_IDS, options);
      // toEqual compares numbers with Object.is: one unit in the last place (or 0 against −0) would fail.
      expect(await keyDriverAnalysisOfRowsCooperatively(rows, DRIVER_IDS, options, 0)).toEqual(sync);
      expect(await keyDriverAnalysisOfRowsCooperatively(rows, DRIVER_IDS, options)).toEqual(sync);
    }
    const rareResult = keyDriverAnalysisOfRows(keyDriverRowsOf(rare, DRIVER_IDS), DRIVER_IDS, { seed: 'rare', replicates: 150 });
    expect('replicates' in rareResult && rareResult.replicates > 0 && rareResult.replicates < 150).toBe(true);
  });

  it('keeps the event loop turning while it resamples', async () => {
    const rows = keyDriverRowsOf(simulatedRespondents(4000, 11), DRIVER_IDS);
    const options = (replicates: number) => ({ seed: 'busy', replicates });
    // This process's processor time in milliseconds: unlike the clock, it does not run on while other
    // processes have the processor, so it measures this code and not the load on a shared machine.
    const cpuMs = (since?: NodeJS.CpuUsage) => {
      const used = process.cpuUsage(since);
      return (used.user + used.system) / 1000;
    };
    // Compiled code first: a cold first run is several times slower.
    keyDriverAnalysisOfRows(rows, DRIVER_IDS, options(50));
    await keyDriverAnalysisOfRowsCooperatively(rows, DRIVER_IDS, options(50));
    // A synchronous run of at least 1.2 s on this machine, whatever its speed or load: scaled up from a
    // first guess until it takes that long (timings on a shared machine vary threefold from run to run).
    let replicates = 250;
    let sync: ReturnType<typeof keyDriverAnalysisOfRows> | undefined;
    let syncMs = 0;
    let syncCpuMs = 0;
    for (let attempt = 0; attempt < 5 && syncMs < 1200; attempt++) {
      if (attempt > 0) replicates = Math.min(10_000, Math.ceil((replicates * 1500) / Math.max(syncMs, 1)));
      const started = performance.now();
      const cpuStarted = process.cpuUsage();
      sync = keyDriverAnalysisOfRows(rows, DRIVER_IDS, options(replicates));
      syncCpuMs = cpuMs(cpuStarted);
      syncMs = performance.now() - started;
    }

    // A timer probe, as an HTTP request or a lease renewal would wait: the longest time between two of
    // its turns (or between the start or end of the run and the nearest turn) is how long anything
    // waits, by the clock and in this process's processor time.
    let ticks = 0;
    let longestGapMs = 0;
    let longestGapCpuMs = 0;
    const started = performance.now();
    let last = started;
    let lastCpu = process.cpuUsage();
    const measureGap = () => {
      const now = performance.now();
      longestGapMs = Math.max(longestGapMs, now - last);
      longestGapCpuMs = Math.max(longestGapCpuMs, cpuMs(lastCpu));
      last = now;
      lastCpu = process.cpuUsage();
    };
    const probe = setInterval(() => {
      measureGap();
      ticks++;
    }, 1);
    const cooperative = await keyDriverAnalysisOfRowsCooperatively(rows, DRIVER_IDS, options(replicates));
    clearInterval(probe);
    measureGap();
    const cooperativeMs = performance.now() - started;

    expect(cooperative).toEqual(sync);
    const figures = `${replicates} replicates; synchronous ${syncMs.toFixed(0)} ms (${syncCpuMs.toFixed(0)} ms processor); cooperative ${cooperativeMs.toFixed(0)} ms, ${ticks} probe turns, longest gap ${longestGapMs.toFixed(0)} ms (${longestGapCpuMs.toFixed(0)} ms processor)`;
    // Margins. A slice is 5 ms plus one replicate (about a millisecond for 4,000 rows), so the gaps this
    // code is responsible for stay under 10 ms. A runner that never paused would leave one gap as long
    // as the whole run, which is about as long as the synchronous run, by either measure.
    // - The probe, due every millisecond, turns once per slice: hundreds of times in the run. One that
    //   never paused would see no turn at all, so "at least ten" is no timing bet.
    // - Processor time: a quarter of a synchronous run of over a second is over 250 ms of it; between
    //   two probe turns this code uses one slice (plus garbage collection on other threads of the
    //   process). Other processes taking the processor do not count here, so load cannot fail it.
    // - Clock: on a shared 2-core machine under load (browsers and test runs of others) single gaps of up
    //   to about 270 ms were seen, the process simply not running; half of a synchronous run of at least
    //   1.2 s is at least 600 ms, and under such load the synchronous run itself takes longer.
    expect(ticks, figures).toBeGreaterThanOrEqual(10);
    expect(longestGapCpuMs, figures).toBeLessThan(syncCpuMs / 4);
    expect(longestGapMs, figures).toBeLessThan(syncMs / 2);
  });
});
