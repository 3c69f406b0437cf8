/**
 * Sufficient statistics of survey answers ("moments") per group of respondents, and the dashboard's
 * figures computed from them. Moments of disjoint groups add, so any group's figures come from summing
 * small per-atom tables instead of reading every answer again. Every figure here equals the direct
 * computation over the respondents' answers (moments.test.ts proves it for random data).
 *
 * What is kept, for one form layout (the statements a cycle asked):
 * - per statement, driver score, trust index and iNPS: n, Σx, Σx² (and the favourable or promoter and
 *   detractor counts);
 * - per pair of respondent-level variables (trust index, driver scores, iNPS): n, Σx, Σy, Σx², Σy², Σxy
 *   over the respondents who have both (pairwise-complete), for correlations;
 * - the key-driver rows [trust index, driver scores…] over complete cases, as SufficientStats;
 * - per construct with two or more statements in the form, the statement rows over complete cases, as
 *   SufficientStats, which is what Cronbach's alpha needs.
 */
import {
  type ConstructId,
  DRIVER_IDS,
  type DriverId,
  findItem,
  type Item,
  type ItemId,
} from '../../../common/instrument/items.js';
import {
  type Answers,
  type Change,
  isLikertValue,
  isNpsValue,
  RELIABILITY_THRESHOLD,
  type Reliability,
} from '../../../common/instrument/scoring.js';
import { studentTQuantile } from '../../../common/instrument/student-t.js';
import { addSufficientStats, emptySufficientStats, type SufficientStats, sufficientStatsOf } from './correlation.js';
import { type KeyDriverEstimate, type KeyDriverInsufficient, keyDriverEstimateFromStats } from './key-drivers.js';

/** Which statements and drivers a form asked; moments of different layouts cannot be added. */
export interface MomentLayout {
  readonly statements: readonly ItemId[];
  /** Drivers with at least one statement in the form, in instrument order. */
  readonly drivers: readonly DriverId[];
  /** Constructs (TRUST included) with two or more statements in the form, with those statements. */
  readonly constructs: Readonly<Partial<Record<ConstructId, readonly ItemId[]>>>;
}

export interface Moment {
  readonly n: number;
  readonly sum: number;
  readonly sumSquares: number;
}

/** A statement or driver score: favourable counts values of 4 or more. */
export interface ScoredMoment extends Moment {
  readonly favourable: number;
}

/** iNPS answers 0–10: promoters answer 9 or 10, detractors 0 to 6. */
export interface InpsMoment extends Moment {
  readonly promoters: number;
  readonly detractors: number;
}

/** Pairwise-complete statistics of two variables. */
export interface PairMoment {
  readonly n: number;
  readonly sumX: number;
  readonly sumY: number;
  readonly sumXX: number;
  readonly sumYY: number;
  readonly sumXY: number;
}

export interface Moments {
  readonly layout: MomentLayout;
  readonly respondents: number;
  readonly trustIndex: Moment;
  readonly inps: InpsMoment;
  readonly drivers: Readonly<Record<string, ScoredMoment>>;
  readonly statements: Readonly<Record<string, ScoredMoment>>;
  /** Upper triangle (i < j) of the pairs of pairVariablesOf(layout), row by row. */
  readonly pairs: readonly PairMoment[];
  /** Complete cases of [trust index, ...layout.drivers]. */
  readonly keyDrivers: SufficientStats;
  /** Complete cases of each construct's statements (layout.constructs order). */
  readonly reliability: Readonly<Record<string, SufficientStats>>;
}

export function layoutOf(items: readonly Item[]): MomentLayout {
  const statements = items.filter((item) => item.kind === 'likert');
  const byConstruct = new Map<ConstructId, ItemId[]>();
  for (const item of statements) {
    if (item.construct === null) continue;
    byConstruct.set(item.construct, [...(byConstruct.get(item.construct) ?? []), item.id]);
  }
  const constructs: Partial<Record<ConstructId, readonly ItemId[]>> = {};
  for (const [construct, ids] of byConstruct) if (ids.length >= 2) constructs[construct] = ids;
  return {
    statements: statements.map((item) => item.id),
    drivers: DRIVER_IDS.filter((driver) => byConstruct.has(driver)),
    constructs,
  };
}

/** The respondent-level variables whose pairwise statistics are kept: trust index, each driver, iNPS. */
export function pairVariablesOf(layout: MomentLayout): string[] {
  return ['trustIndex', ...layout.drivers, 'inps'];
}

const emptyMoment = (): Moment => ({ n: 0, sum: 0, sumSquares: 0 });
const emptyScored = (): ScoredMoment => ({ n: 0, sum: 0, sumSquares: 0, favourable: 0 });
const emptyPair = (): PairMoment => ({ n: 0, sumX: 0, sumY: 0, sumXX: 0, sumYY: 0, sumXY: 0 });

export function emptyMoments(layout: MomentLayout): Moments {
  const variables = pairVariablesOf(layout).length;
  return {
    layout,
    respondents: 0,
    trustIndex: emptyMoment(),
    inps: { ...emptyMoment(), promoters: 0, detractors: 0 },
    drivers: Object.fromEntries(layout.drivers.map((driver) => [driver, emptyScored()])),
    statements: Object.fromEntries(layout.statements.map((id) => [id, emptyScored()])),
    pairs: Array.from({ length: (variables * (variables - 1)) / 2 }, emptyPair),
    keyDrivers: emptySufficientStats(layout.drivers.length + 1),
    reliability: Object.fromEntries(
      Object.entries(layout.constructs).map(([construct, ids]) => [construct, emptySufficientStats(ids.length)]),
    ),
  };
}

/** The respondent's variables in pairVariablesOf order, null where missing. */
function variablesOf(answers: Answers, layout: MomentLayout): (number | null)[] {
  // One pass over the answers instead of one per construct, with the values in the order the scoring
  // functions add them, so that every sum is bit-for-bit the one respondentDriverScore computes.
  const valid = new Map<ConstructId, number[]>();
  for (const [itemId, value] of Object.entries(answers)) {
    const item = findItem(itemId);
    if (item?.kind !== 'likert' || !isLikertValue(value)) continue;
    const list = valid.get(item.construct);
    if (list) list.push(value);
    else valid.set(item.construct, [value]);
  }
  const meanOfConstruct = (construct: ConstructId) => {
    const values = valid.get(construct);
    return values ? values.reduce((sum, value) => sum + value, 0) / values.length : null;
  };
  const trust = meanOfConstruct('TRUST');
  const inps = answers.INPS;
  return [
    trust === null ? null : ((trust - 1) / 4) * 100,
    ...layout.drivers.map(meanOfConstruct),
    isNpsValue(inps) ? inps : null,
  ];
}

/** Moments of a group of respondents, each given by their answers to a form of this layout. */
export function momentsOf(layout: MomentLayout, respondents: readonly Answers[]): Moments {
  const variableCount = pairVariablesOf(layout).length;
  const trustIndex = { ...emptyMoment() };
  const inps = { ...emptyMoment(), promoters: 0, detractors: 0 };
  const drivers = Object.fromEntries(layout.drivers.map((driver) => [driver, emptyScored()])) as Record<string, ScoredMoment>;
  const statements = Object.fromEntries(layout.statements.map((id) => [id, emptyScored()])) as Record<string, ScoredMoment>;
  const pairs = Array.from({ length: (variableCount * (variableCount - 1)) / 2 }, emptyPair);
  const keyDriverRows: number[][] = [];
  const reliabilityRows = new Map<string, number[][]>(Object.keys(layout.constructs).map((construct) => [construct, []]));

  // Accumulators are updated in place: this runs once per answer when a cycle's statistics are built.
  const addTo = <T extends Moment>(moment: T, value: number, extra: Partial<Record<keyof T, number>> = {}): T => {
    const target = moment as { n: number; sum: number; sumSquares: number };
    target.n += 1;
    target.sum += value;
    target.sumSquares += value * value;
    for (const key in extra) (moment[key] as number) += extra[key] as number;
    return moment;
  };

  for (const answers of respondents) {
    const variables = variablesOf(answers, layout);
    const trust = variables[0] as number | null;
    if (trust !== null) Object.assign(trustIndex, addTo(trustIndex, trust));
    const npsValue = variables[variableCount - 1] as number | null;
    if (npsValue !== null) {
      Object.assign(inps, addTo(inps, npsValue, { promoters: npsValue >= 9 ? 1 : 0, detractors: npsValue <= 6 ? 1 : 0 }));
    }
    layout.drivers.forEach((driver, index) => {
      const score = variables[index + 1] as number | null;
      if (score !== null) drivers[driver] = addTo(drivers[driver] as ScoredMoment, score, { favourable: score >= 4 ? 1 : 0 });
    });
    for (const id of layout.statements) {
      const value = answers[id];
      if (isLikertValue(value)) statements[id] = addTo(statements[id] as ScoredMoment, value, { favourable: value >= 4 ? 1 : 0 });
    }
    let pair = 0;
    for (let i = 0; i < variableCount; i++) {
      for (let j = i + 1; j < variableCount; j++, pair++) {
        const x = variables[i] as number | null;
        const y = variables[j] as number | null;
        if (x === null || y === null) continue;
        const p = pairs[pair] as { -readonly [K in keyof PairMoment]: number };
        p.n += 1;
        p.sumX += x;
        p.sumY += y;
        p.sumXX += x * x;
        p.sumYY += y * y;
        p.sumXY += x * y;
      }
    }
    const keyDriverRow = variables.slice(0, variableCount - 1);
    if (keyDriverRow.every((value) => value !== null)) keyDriverRows.push(keyDriverRow as number[]);
    for (const [construct, ids] of Object.entries(layout.constructs)) {
      const row = ids.map((id) => answers[id]);
      if (row.every(isLikertValue)) reliabilityRows.get(construct)?.push(row as number[]);
    }
  }
  return {
    layout,
    respondents: respondents.length,
    trustIndex,
    inps,
    drivers,
    statements,
    pairs,
    keyDrivers: sufficientStatsOf(keyDriverRows, layout.drivers.length + 1),
    reliability: Object.fromEntries(
      Object.entries(layout.constructs).map(([construct, ids]) => [
        construct,
        sufficientStatsOf(reliabilityRows.get(construct) ?? [], ids.length),
      ]),
    ),
  };
}

function sameLayout(a: MomentLayout, b: MomentLayout): boolean {
  return a === b || JSON.stringify(a) === JSON.stringify(b);
}

/** Adds every count and sum of two moments of the same shape. */
function addMoment<T extends object>(a: T, b: T): T {
  const sum: Record<string, number> = { ...(a as unknown as Record<string, number>) };
  for (const [key, value] of Object.entries(b as unknown as Record<string, number>)) sum[key] = (sum[key] ?? 0) + value;
  return sum as unknown as T;
}

/** Moments of the union of two disjoint groups answering the same form layout. */
export function addMoments(a: Moments, b: Moments): Moments {
  if (!sameLayout(a.layout, b.layout)) throw new RangeError('cannot add moments of different form layouts');
  return {
    layout: a.layout,
    respondents: a.respondents + b.respondents,
    trustIndex: addMoment(a.trustIndex, b.trustIndex),
    inps: addMoment(a.inps, b.inps),
    drivers: Object.fromEntries(
      Object.entries(a.drivers).map(([id, moment]) => [id, addMoment(moment, b.drivers[id] as ScoredMoment)]),
    ),
    statements: Object.fromEntries(
      Object.entries(a.statements).map(([id, moment]) => [id, addMoment(moment, b.statements[id] as ScoredMoment)]),
    ),
    pairs: a.pairs.map((pair, index) => addMoment(pair, b.pairs[index] as PairMoment)),
    keyDrivers: addSufficientStats(a.keyDrivers, b.keyDrivers),
    reliability: Object.fromEntries(
      Object.entries(a.reliability).map(([construct, stats]) => [
        construct,
        addSufficientStats(stats, b.reliability[construct] as SufficientStats),
      ]),
    ),
  };
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

function addMomentInto(target: object, addend: object) {
  const sums = target as Record<string, number>;
  for (const [key, value] of Object.entries(addend as Record<string, number>)) sums[key] = (sums[key] ?? 0) + value;
}

// The shapes summed most often (thousands of atoms into thousands of groups), spelled out: the same
// additions as addMomentInto, without a key list per moment.
function addScoredInto(target: Mutable<ScoredMoment>, addend: ScoredMoment) {
  target.n += addend.n;
  target.sum += addend.sum;
  target.sumSquares += addend.sumSquares;
  target.favourable += addend.favourable;
}

function addPairInto(target: Mutable<PairMoment>, addend: PairMoment) {
  target.n += addend.n;
  target.sumX += addend.sumX;
  target.sumY += addend.sumY;
  target.sumXX += addend.sumXX;
  target.sumYY += addend.sumYY;
  target.sumXY += addend.sumXY;
}

function addStatsInto(target: SufficientStats, addend: SufficientStats) {
  if (target.sums.length !== addend.sums.length) throw new RangeError('cannot add statistics of different variables');
  (target as Mutable<SufficientStats>).n += addend.n;
  const sums = target.sums as number[];
  for (let i = 0; i < sums.length; i++) sums[i] = (sums[i] as number) + (addend.sums[i] as number);
  target.crossProducts.forEach((row, i) => {
    const line = row as number[];
    const other = addend.crossProducts[i] as readonly number[];
    for (let j = 0; j < line.length; j++) line[j] = (line[j] as number) + (other[j] as number);
  });
}

/**
 * The moments of the union of disjoint groups: the fold of addMoments from empty moments, with the same
 * additions in the same order (so the same sums to the last digit), but into one accumulator instead
 * of a fresh copy per part. Closing a cycle sums thousands of atoms into thousands of groups.
 */
export function sumMoments(layout: MomentLayout, parts: readonly Moments[]): Moments {
  const total = emptyMoments(layout) as Mutable<Moments>;
  const driverIds = Object.keys(total.drivers);
  const statementIds = Object.keys(total.statements);
  for (const part of parts) {
    if (!sameLayout(layout, part.layout)) throw new RangeError('cannot add moments of different form layouts');
    total.respondents += part.respondents;
    addMomentInto(total.trustIndex, part.trustIndex);
    addMomentInto(total.inps, part.inps);
    for (const id of driverIds) addScoredInto(total.drivers[id] as ScoredMoment, part.drivers[id] as ScoredMoment);
    for (const id of statementIds) addScoredInto(total.statements[id] as ScoredMoment, part.statements[id] as ScoredMoment);
    for (let index = 0; index < total.pairs.length; index++)
      addPairInto(total.pairs[index] as PairMoment, part.pairs[index] as PairMoment);
    addStatsInto(total.keyDrivers, part.keyDrivers);
    for (const [construct, stats] of Object.entries(total.reliability)) {
      addStatsInto(stats, part.reliability[construct] as SufficientStats);
    }
  }
  return total;
}

// ---------- figures from moments ----------

/** Centered sum of squares Σx² − (Σx)²/n; rounding noise around an exact zero (no spread) reads as zero. */
function centeredSquares(n: number, sum: number, sumSquares: number): number {
  const value = sumSquares - (sum * sum) / n;
  return value <= Math.abs(sumSquares) * 1e-12 ? 0 : value;
}

export function meanOf(moment: Moment): number | null {
  return moment.n === 0 ? null : moment.sum / moment.n;
}

/** Sample variance (n − 1); null below 2 values. */
export function varianceOf(moment: Moment): number | null {
  return moment.n < 2 ? null : centeredSquares(moment.n, moment.sum, moment.sumSquares) / (moment.n - 1);
}

export function standardDeviationOf(moment: Moment): number | null {
  const variance = varianceOf(moment);
  return variance === null ? null : Math.sqrt(variance);
}

/** Mean with its Student t interval (as describe.meanWithInterval); null below 2 values. */
export function meanIntervalOf(moment: Moment, confidence = 0.95) {
  const variance = varianceOf(moment);
  if (variance === null) return null;
  const mean = moment.sum / moment.n;
  const standardError = Math.sqrt(variance / moment.n);
  const margin = studentTQuantile(1 - (1 - confidence) / 2, moment.n - 1) * standardError;
  return { n: moment.n, mean, standardError, lower: mean - margin, upper: mean + margin };
}

export function favourableShareOf(moment: ScoredMoment): number | null {
  return moment.n === 0 ? null : moment.favourable / moment.n;
}

/** iNPS in points and its shares, as scoring.scoreInps. */
export function inpsOf(moment: InpsMoment) {
  if (moment.n === 0) return { value: null, n: 0, promoterShare: null, detractorShare: null };
  const promoterShare = moment.promoters / moment.n;
  const detractorShare = moment.detractors / moment.n;
  return { value: (promoterShare - detractorShare) * 100, n: moment.n, promoterShare, detractorShare };
}

/**
 * Each respondent's iNPS contribution coded +100 (promoter), 0 (passive), −100 (detractor): its mean is
 * the iNPS, so a change of iNPS gets the same Welch interval as any other mean.
 */
export function inpsCodedMoment(moment: InpsMoment): Moment {
  return {
    n: moment.n,
    sum: 100 * (moment.promoters - moment.detractors),
    sumSquares: 10_000 * (moment.promoters + moment.detractors),
  };
}

/** Pearson correlation of two pair variables over their pairwise-complete respondents; null where undefined. */
export function correlationOf(moments: Moments, a: string, b: string): number | null {
  const variables = pairVariablesOf(moments.layout);
  let i = variables.indexOf(a);
  let j = variables.indexOf(b);
  if (i < 0 || j < 0) throw new RangeError(`unknown variable ${i < 0 ? a : b}`);
  if (i === j) throw new RangeError('a correlation needs two different variables');
  if (i > j) [i, j] = [j, i];
  const k = variables.length;
  const pair = moments.pairs[i * k - (i * (i + 1)) / 2 + (j - i - 1)] as PairMoment;
  if (pair.n < 2) return null;
  const sxx = centeredSquares(pair.n, pair.sumX, pair.sumXX);
  const syy = centeredSquares(pair.n, pair.sumY, pair.sumYY);
  if (sxx === 0 || syy === 0) return null;
  const sxy = pair.sumXY - (pair.sumX * pair.sumY) / pair.n;
  return Math.max(-1, Math.min(1, sxy / Math.sqrt(sxx * syy)));
}

/** Cronbach's alpha of a construct over complete cases (as scoring.cronbachAlpha); null when not kept. */
export function reliabilityOfMoments(moments: Moments, construct: ConstructId): Reliability | null {
  const stats = moments.reliability[construct];
  if (!stats) return null;
  const { n } = stats;
  const k = stats.sums.length;
  if (k < 2 || n < 2) return { alpha: null, n, k, flagged: false };
  let itemVariances = 0;
  let totalSum = 0;
  let totalSquares = 0;
  for (let i = 0; i < k; i++) {
    itemVariances += centeredSquares(n, stats.sums[i] as number, stats.crossProducts[i]?.[i] as number) / (n - 1);
    totalSum += stats.sums[i] as number;
    for (let j = 0; j < k; j++) totalSquares += stats.crossProducts[i]?.[j] as number;
  }
  const totalVariance = centeredSquares(n, totalSum, totalSquares) / (n - 1);
  if (totalVariance === 0) return { alpha: null, n, k, flagged: false };
  const alpha = (k / (k - 1)) * (1 - itemVariances / totalVariance);
  return { alpha, n, k, flagged: alpha < RELIABILITY_THRESHOLD };
}

/** Relative weights of the drivers for the trust index (point estimate; intervals need the rows). */
export function keyDriverEstimateOfMoments(moments: Moments): KeyDriverEstimate | KeyDriverInsufficient {
  return keyDriverEstimateFromStats(moments.keyDrivers, moments.layout.drivers);
}

/** Welch's difference of means with its interval, from moments (as scoring.welchChange on the values). */
export function welchChangeOfMoments(before: Moment, after: Moment, confidence = 0.95): Change | null {
  if (!(confidence > 0 && confidence < 1)) throw new RangeError(`confidence must be between 0 and 1, got ${confidence}`);
  if (before.n < 2 || after.n < 2) return null;
  const difference = after.sum / after.n - before.sum / before.n;
  const shareA = (varianceOf(before) as number) / before.n;
  const shareB = (varianceOf(after) as number) / after.n;
  const standardError = Math.sqrt(shareA + shareB);
  const counts = { nBefore: before.n, nAfter: after.n };
  if (standardError === 0) {
    return {
      difference,
      lower: difference,
      upper: difference,
      standardError,
      degreesOfFreedom: before.n + after.n - 2,
      isRealChange: difference !== 0,
      ...counts,
    };
  }
  const degreesOfFreedom = (shareA + shareB) ** 2 / (shareA ** 2 / (before.n - 1) + shareB ** 2 / (after.n - 1));
  const margin = studentTQuantile(1 - (1 - confidence) / 2, degreesOfFreedom) * standardError;
  const lower = difference - margin;
  const upper = difference + margin;
  return { difference, lower, upper, standardError, degreesOfFreedom, isRealChange: lower > 0 || upper < 0, ...counts };
}
