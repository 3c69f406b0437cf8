/**
 * Answer validation and the scores of instrument.md "Scoring", as pure functions. Answers are keyed by
 * item id. "Can't judge" and a skipped statement are both stored as null — never as 3, which would pull
 * every mean towards the middle — and null never counts in a mean, share, index or alpha.
 */
import {
  type ConstructId,
  type DriverId,
  findItem,
  type Item,
  type ItemId,
  type LikertValue,
  NPS_MAX,
  NPS_MIN,
} from './items.js';
import { studentTQuantile } from './student-t.js';

/** A stored answer: 1–5 for a statement, 0–10 for the iNPS, text for an open question; null is no answer. */
export type AnswerValue = number | string | null;
/** One respondent's answers, by item id. An absent id and null both mean "no answer". */
export type Answers = Readonly<Partial<Record<ItemId, AnswerValue>>>;

export const MAX_OPEN_ANSWER_LENGTH = 2000;
/** Cronbach's alpha below this is flagged "statements disagree – read with care". */
export const RELIABILITY_THRESHOLD = 0.7;

export function isLikertValue(value: unknown): value is LikertValue {
  return Number.isInteger(value) && (value as number) >= 1 && (value as number) <= 5;
}

export function isNpsValue(value: unknown): value is number {
  return Number.isInteger(value) && (value as number) >= NPS_MIN && (value as number) <= NPS_MAX;
}

// ---------- validation ----------

export type AnswerProblemCode = 'unknown_item' | 'not_in_form' | 'invalid_likert' | 'invalid_nps' | 'invalid_open';

export interface AnswerProblem {
  readonly itemId: string;
  readonly code: AnswerProblemCode;
  readonly message: string;
}

export interface AnswerValidation {
  readonly problems: readonly AnswerProblem[];
  /** Every item of the form, in form order, with null where nothing (or "can't judge") was answered. */
  readonly answers: Answers;
}

/**
 * Checks submitted answers against the form's items. Statements take an integer 1–5 or null (can't
 * judge); the iNPS an integer 0–10 or null; open questions a string of at most 2000 characters (code
 * points, counted after trimming; blank becomes null) or null. Numbers sent as strings are rejected
 * rather than coerced, so a client bug cannot slip through as data. The normalized answers are only
 * meant to be stored when there are no problems.
 */
export function validateAnswers(formItems: readonly Item[], submitted: Readonly<Record<string, unknown>>): AnswerValidation {
  const problems: AnswerProblem[] = [];
  const inForm = new Map<string, Item>(formItems.map((item) => [item.id, item]));
  for (const itemId of Object.keys(submitted)) {
    if (!findItem(itemId)) problems.push({ itemId, code: 'unknown_item', message: `Unknown item ${itemId}.` });
    else if (!inForm.has(itemId))
      problems.push({ itemId, code: 'not_in_form', message: `Item ${itemId} is not part of this form.` });
  }
  const answers: Partial<Record<ItemId, AnswerValue>> = {};
  for (const item of formItems) {
    const value = Object.hasOwn(submitted, item.id) ? submitted[item.id] : null;
    const normalized = normalizeAnswer(item, value);
    if ('problem' in normalized) problems.push({ itemId: item.id, ...normalized.problem });
    else answers[item.id] = normalized.value;
  }
  return { problems, answers };
}

type Normalized = { value: AnswerValue } | { problem: { code: AnswerProblemCode; message: string } };

function normalizeAnswer(item: Item, value: unknown): Normalized {
  if (value === null || value === undefined) return { value: null };
  switch (item.kind) {
    case 'likert':
      return isLikertValue(value)
        ? { value }
        : { problem: { code: 'invalid_likert', message: `${item.id} takes a whole number from 1 to 5, or no answer.` } };
    case 'nps':
      return isNpsValue(value)
        ? { value }
        : { problem: { code: 'invalid_nps', message: `${item.id} takes a whole number from 0 to 10, or no answer.` } };
    case 'open': {
      if (typeof value !== 'string') return { problem: { code: 'invalid_open', message: `${item.id} takes text.` } };
      const text = value.trim();
      if ([...text].length > MAX_OPEN_ANSWER_LENGTH) {
        return { problem: { code: 'invalid_open', message: `${item.id} takes at most ${MAX_OPEN_ANSWER_LENGTH} characters.` } };
      }
      return { value: text === '' ? null : text };
    }
  }
}

// ---------- statement, driver, trust index, iNPS ----------

export interface StatementScore {
  /** Number of valid answers (1–5); "can't judge" and skips are not counted. */
  readonly n: number;
  readonly mean: number | null;
  /** Share (0–1) of valid answers that are 4 or 5. */
  readonly favourableShare: number | null;
}

export function scoreStatement(values: readonly AnswerValue[]): StatementScore {
  const valid = values.filter(isLikertValue);
  if (valid.length === 0) return { n: 0, mean: null, favourableShare: null };
  return {
    n: valid.length,
    mean: mean(valid),
    favourableShare: valid.filter((value) => value >= 4).length / valid.length,
  };
}

/** Mean of the respondent's valid answers to the construct's statements; null if there are none. */
export function respondentDriverScore(answers: Answers, construct: ConstructId): number | null {
  const valid: number[] = [];
  for (const [itemId, value] of Object.entries(answers)) {
    const item = findItem(itemId);
    if (item?.kind === 'likert' && item.construct === construct && isLikertValue(value)) valid.push(value);
  }
  return valid.length === 0 ? null : mean(valid);
}

/** (mean of the respondent's TRUST answers − 1) / 4 × 100, from 0 to 100; null without a TRUST answer. */
export function respondentTrustIndex(answers: Answers): number | null {
  const trust = respondentDriverScore(answers, 'TRUST');
  return trust === null ? null : ((trust - 1) / 4) * 100;
}

export interface TrustIndex {
  /** 0–100, the mean of the respondents' trust indices; null when nobody answered a TRUST statement. */
  readonly value: number | null;
  /** Respondents with a trust index. */
  readonly n: number;
}

export function trustIndexOf(responses: readonly Answers[]): TrustIndex {
  const indices = responses.map(respondentTrustIndex).filter((index): index is number => index !== null);
  return { value: indices.length === 0 ? null : mean(indices), n: indices.length };
}

export interface InpsScore {
  /** Promoter share minus detractor share, in points from −100 to +100; null without valid answers. */
  readonly value: number | null;
  readonly n: number;
  /** Share (0–1) answering 9 or 10. */
  readonly promoterShare: number | null;
  /** Share (0–1) answering 0 to 6. */
  readonly detractorShare: number | null;
}

export function scoreInps(values: readonly AnswerValue[]): InpsScore {
  const valid = values.filter(isNpsValue);
  if (valid.length === 0) return { value: null, n: 0, promoterShare: null, detractorShare: null };
  const promoterShare = valid.filter((value) => value >= 9).length / valid.length;
  const detractorShare = valid.filter((value) => value <= 6).length / valid.length;
  return { value: (promoterShare - detractorShare) * 100, n: valid.length, promoterShare, detractorShare };
}

// ---------- reliability ----------

export interface Reliability {
  /** Cronbach's alpha; null when it is undefined (fewer than 2 items or complete cases, or no variance). */
  readonly alpha: number | null;
  /** Complete cases used. */
  readonly n: number;
  /** Number of items. */
  readonly k: number;
  /** True when alpha is below 0.70: "statements disagree – read with care". */
  readonly flagged: boolean;
}

/**
 * Cronbach's alpha = k/(k−1) × (1 − Σ item variances / variance of the totals), with sample variances,
 * on complete cases only: a row (one respondent, one value per item) with any null or non-finite value
 * is left out, because mixing pairwise-available answers would make the variances incomparable.
 */
export function cronbachAlpha(rows: readonly (readonly (number | null)[])[]): Reliability {
  const k = rows[0]?.length ?? 0;
  if (rows.some((row) => row.length !== k)) throw new RangeError('every row needs one value per item');
  const complete = rows.filter((row): row is readonly number[] => row.every((value) => Number.isFinite(value)));
  const n = complete.length;
  if (k < 2 || n < 2) return { alpha: null, n, k, flagged: false };
  const itemVarianceSum = Array.from({ length: k }, (_, column) => sampleVariance(complete.map((row) => row[column]!))).reduce(
    (sum, variance) => sum + variance,
    0,
  );
  const totalVariance = sampleVariance(complete.map((row) => row.reduce((sum, value) => sum + value, 0)));
  if (totalVariance === 0) return { alpha: null, n, k, flagged: false };
  const alpha = (k / (k - 1)) * (1 - itemVarianceSum / totalVariance);
  return { alpha, n, k, flagged: alpha < RELIABILITY_THRESHOLD };
}

/** Cronbach's alpha of the given statements over the responses; answers outside 1–5 count as missing. */
export function reliabilityOf(responses: readonly Answers[], itemIds: readonly ItemId[]): Reliability {
  return cronbachAlpha(
    responses.map((answers) =>
      itemIds.map((itemId) => {
        const value = answers[itemId];
        return isLikertValue(value) ? value : null;
      }),
    ),
  );
}

// ---------- change between two cycles ----------

export interface Change {
  /** Mean after minus mean before. */
  readonly difference: number;
  readonly lower: number;
  readonly upper: number;
  readonly standardError: number;
  /** Welch–Satterthwaite degrees of freedom. */
  readonly degreesOfFreedom: number;
  /** The UI calls a change real only when the interval excludes zero. */
  readonly isRealChange: boolean;
  readonly nBefore: number;
  readonly nAfter: number;
}

/**
 * Welch's difference of means with a confidence interval (95 % by default). Welch, not Student, because
 * cycles differ in size and spread. null values (respondents without a score) are ignored; null is
 * returned when either side has fewer than 2 values. When both sides have no spread at all the interval
 * collapses to the difference itself.
 */
export function welchChange(
  before: readonly (number | null)[],
  after: readonly (number | null)[],
  confidence = 0.95,
): Change | null {
  if (!(confidence > 0 && confidence < 1)) throw new RangeError(`confidence must be between 0 and 1, got ${confidence}`);
  const a = before.filter((value): value is number => Number.isFinite(value));
  const b = after.filter((value): value is number => Number.isFinite(value));
  if (a.length < 2 || b.length < 2) return null;
  const difference = mean(b) - mean(a);
  const shareA = sampleVariance(a) / a.length;
  const shareB = sampleVariance(b) / b.length;
  const standardError = Math.sqrt(shareA + shareB);
  const counts = { nBefore: a.length, nAfter: b.length };
  if (standardError === 0) {
    const degreesOfFreedom = a.length + b.length - 2;
    return {
      difference,
      lower: difference,
      upper: difference,
      standardError,
      degreesOfFreedom,
      isRealChange: difference !== 0,
      ...counts,
    };
  }
  const degreesOfFreedom = (shareA + shareB) ** 2 / (shareA ** 2 / (a.length - 1) + shareB ** 2 / (b.length - 1));
  const margin = studentTQuantile(1 - (1 - confidence) / 2, degreesOfFreedom) * standardError;
  const lower = difference - margin;
  const upper = difference + margin;
  return { difference, lower, upper, standardError, degreesOfFreedom, isRealChange: lower > 0 || upper < 0, ...counts };
}

// ---------- priority ----------

export interface DriverStanding {
  readonly driver: DriverId;
  /** The driver's score (mean of respondent driver scores); null when not available. */
  readonly score: number | null;
  /** The driver's relative weight from the key-driver analysis; null when not computed. */
  readonly weight: number | null;
}

/**
 * Focus areas: drivers scoring below the median driver score whose relative weight is above the median
 * weight (low score, high importance). Both medians are taken over the drivers that have a score and a
 * weight; the comparisons are strict, so a driver at a median is not a focus area.
 */
export function focusAreas(standings: readonly DriverStanding[]): DriverId[] {
  const rated = standings.filter(
    (standing): standing is DriverStanding & { score: number; weight: number } =>
      standing.score !== null && standing.weight !== null,
  );
  if (rated.length === 0) return [];
  const scoreMedian = median(rated.map((standing) => standing.score));
  const weightMedian = median(rated.map((standing) => standing.weight));
  return rated
    .filter((standing) => standing.score < scoreMedian && standing.weight > weightMedian)
    .map((standing) => standing.driver);
}

// ---------- descriptive helpers ----------

function mean(values: readonly number[]): number {
  return values.reduce((sum, value) => sum + value, 0) / values.length;
}

function sampleVariance(values: readonly number[]): number {
  const center = mean(values);
  return values.reduce((sum, value) => sum + (value - center) ** 2, 0) / (values.length - 1);
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((x, y) => x - y);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}
