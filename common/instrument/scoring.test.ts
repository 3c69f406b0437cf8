import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MIRROR_FORM_ITEMS, pulseItemsFor, TRUST_CHECK_ITEMS } from './forms.js';
import {
  type Answers,
  cronbachAlpha,
  focusAreas,
  reliabilityOf,
  respondentDriverScore,
  respondentTrustIndex,
  scoreInps,
  scoreStatement,
  trustIndexOf,
  validateAnswers,
  welchChange,
} from './scoring.js';

describe('validateAnswers', () => {
  it('accepts a complete trust check and returns every form item, null where nothing was answered', () => {
    const result = validateAnswers(TRUST_CHECK_ITEMS, { TRUST1: 5, AMB1: 1, INPS: 10, OPEN1: '  More field visits. ' });
    expect(result.problems).toEqual([]);
    expect(Object.keys(result.answers)).toHaveLength(TRUST_CHECK_ITEMS.length);
    expect(result.answers).toMatchObject({
      TRUST1: 5,
      AMB1: 1,
      TRUST2: null,
      INPS: 10,
      OPEN1: 'More field visits.',
      OPEN2: null,
    });
  });

  it("stores can't judge (null) as null, never as 3", () => {
    const result = validateAnswers(TRUST_CHECK_ITEMS, { TRUST1: null, INPS: null, OPEN1: null });
    expect(result.problems).toEqual([]);
    expect(result.answers.TRUST1).toBeNull();
    expect(result.answers.INPS).toBeNull();
  });

  it('rejects unknown ids and items of another form', () => {
    // Parsed from JSON, as the API receives it, so that "__proto__" is an own key and not the prototype.
    const submitted = JSON.parse('{"TRUST9": 3, "AMB1_M": 4, "__proto__": 1, "TRUST1": 4}');
    const result = validateAnswers(TRUST_CHECK_ITEMS, submitted);
    expect(result.problems.map((problem) => [problem.itemId, problem.code])).toEqual([
      ['TRUST9', 'unknown_item'],
      ['AMB1_M', 'not_in_form'],
      ['__proto__', 'unknown_item'],
    ]);
    expect(result.answers.TRUST1).toBe(4);
    // The pulse of cycle 0 asks AMB1, not AMB2.
    expect(validateAnswers(pulseItemsFor(0), { AMB2: 4 }).problems).toEqual([
      expect.objectContaining({ itemId: 'AMB2', code: 'not_in_form' }),
    ]);
    expect(validateAnswers(MIRROR_FORM_ITEMS, { INPS: 9 }).problems[0]?.code).toBe('not_in_form');
  });

  it('rejects statement answers that are not a whole number from 1 to 5', () => {
    for (const bad of [0, 6, 3.5, -1, '4', '', true, Number.NaN, Number.POSITIVE_INFINITY, [4], { value: 4 }]) {
      const result = validateAnswers(TRUST_CHECK_ITEMS, { AMB2: bad });
      expect(result.problems).toEqual([expect.objectContaining({ itemId: 'AMB2', code: 'invalid_likert' })]);
      expect(result.answers).not.toHaveProperty('AMB2');
    }
    for (const good of [1, 2, 3, 4, 5]) expect(validateAnswers(TRUST_CHECK_ITEMS, { AMB2: good }).problems).toEqual([]);
  });

  it('rejects iNPS answers that are not a whole number from 0 to 10', () => {
    for (const bad of [-1, 11, 7.5, '9', false]) {
      expect(validateAnswers(TRUST_CHECK_ITEMS, { INPS: bad }).problems[0]?.code).toBe('invalid_nps');
    }
    for (const good of [0, 6, 10]) expect(validateAnswers(TRUST_CHECK_ITEMS, { INPS: good }).problems).toEqual([]);
  });

  it('takes open answers as text of at most 2000 characters, blank as no answer', () => {
    expect(validateAnswers(TRUST_CHECK_ITEMS, { OPEN2: 'x'.repeat(2000) }).problems).toEqual([]);
    // 2000 emoji are 4000 UTF-16 units but 2000 characters: allowed.
    expect(validateAnswers(TRUST_CHECK_ITEMS, { OPEN2: '🤝'.repeat(2000) }).problems).toEqual([]);
    expect(validateAnswers(TRUST_CHECK_ITEMS, { OPEN2: 'x'.repeat(2001) }).problems[0]?.code).toBe('invalid_open');
    expect(validateAnswers(TRUST_CHECK_ITEMS, { OPEN2: 42 }).problems[0]?.code).toBe('invalid_open');
    expect(validateAnswers(TRUST_CHECK_ITEMS, { OPEN2: '   ' }).answers.OPEN2).toBeNull();
  });
});

describe('statement and respondent scores', () => {
  it('scores a statement: mean and favourable share of valid answers only', () => {
    // Valid: 5, 4, 4, 3, 2, 1 (n = 6); null, 3.5 and '4' are not answers.
    // Mean = 19 / 6 = 3.1666…; favourable (4 or 5) = 3 of 6 = 0.5.
    const score = scoreStatement([5, 4, null, 4, 3, 3.5, 2, '4', 1]);
    expect(score.n).toBe(6);
    expect(score.mean).toBeCloseTo(19 / 6, 12);
    expect(score.favourableShare).toBe(0.5);
    expect(scoreStatement([null, null])).toEqual({ n: 0, mean: null, favourableShare: null });
  });

  it("scores a respondent's driver as the mean of their valid answers in it", () => {
    const answers: Answers = { AMB1: 4, AMB2: null, AMB3: 5, INV1: 1, FAIR1: null };
    expect(respondentDriverScore(answers, 'AMB')).toBe(4.5); // (4 + 5) / 2; the null is not a 3
    expect(respondentDriverScore(answers, 'INV')).toBe(1);
    expect(respondentDriverScore(answers, 'FAIR')).toBeNull();
    expect(respondentDriverScore({ AMB1_M: 2, AMB2_M: 3 }, 'AMB')).toBe(2.5);
  });

  it('computes the respondent trust index as (mean TRUST − 1) / 4 × 100', () => {
    expect(respondentTrustIndex({ TRUST1: 4, TRUST2: 5, TRUST3: null })).toBe(87.5); // mean 4.5 → 3.5 / 4 × 100
    expect(respondentTrustIndex({ TRUST1: 1, TRUST2: 1, TRUST3: 1 })).toBe(0);
    expect(respondentTrustIndex({ TRUST1: 5, TRUST2: 5, TRUST3: 5 })).toBe(100);
    // Were "can't judge" a 3, this would be (5 + 3) / 2 → 75.
    expect(respondentTrustIndex({ TRUST1: 5, TRUST2: null })).toBe(100);
    expect(respondentTrustIndex({ TRUST1: null, AMB1: 5 })).toBeNull();
  });

  it('averages the trust index over the respondents who have one', () => {
    // 87.5 and 0 (see above); the third respondent has no TRUST answer → (87.5 + 0) / 2 = 43.75.
    const result = trustIndexOf([{ TRUST1: 4, TRUST2: 5 }, { TRUST1: 1 }, { AMB1: 4 }]);
    expect(result).toEqual({ value: 43.75, n: 2 });
    expect(trustIndexOf([])).toEqual({ value: null, n: 0 });
  });
});

describe('iNPS', () => {
  it('is the promoter share minus the detractor share, in points', () => {
    // Valid: 10, 9, 8, 7, 6, 0, 10 (n = 7); promoters 10, 9, 10 (3); detractors 6, 0 (2) → (3 − 2) / 7 × 100.
    const score = scoreInps([10, 9, 8, 7, 6, 0, null, 10, 11, 9.5]);
    expect(score.n).toBe(7);
    expect(score.value).toBeCloseTo(100 / 7, 12);
    expect(score.promoterShare).toBeCloseTo(3 / 7, 12);
    expect(score.detractorShare).toBeCloseTo(2 / 7, 12);
    expect(scoreInps([10, 9]).value).toBe(100);
    expect(scoreInps([0, 3, 6]).value).toBe(-100);
    expect(scoreInps([7, 8]).value).toBe(0);
    expect(scoreInps([9, 5, 5, 7]).value).toBe(-25); // 1/4 − 2/4
    expect(scoreInps([null]).value).toBeNull();
  });
});

describe("Cronbach's alpha", () => {
  it('matches a hand computation', () => {
    // Four respondents, three items:       totals
    //   1 2 2                                   5
    //   2 3 3                                   8
    //   3 3 4                                  10
    //   4 5 5                                  14
    // Item 1: mean 2.5,  squared deviations 2.25+0.25+0.25+2.25 = 5     → variance 5/3
    // Item 2: mean 3.25, squared deviations 1.5625+0.0625+0.0625+3.0625 = 4.75 → 4.75/3
    // Item 3: mean 3.5,  squared deviations 2.25+0.25+0.25+2.25 = 5     → 5/3
    // Totals: mean 9.25, squared deviations 18.0625+1.5625+0.5625+22.5625 = 42.75 → 42.75/3
    // alpha = 3/2 × (1 − 14.75/42.75) = 3/2 × 28/42.75 = 42/42.75 = 56/57 ≈ 0.98246.
    const rows = [
      [1, 2, 2],
      [2, 3, 3],
      [3, 3, 4],
      [4, 5, 5],
    ];
    const result = cronbachAlpha(rows);
    expect(result.alpha).toBeCloseTo(56 / 57, 12);
    expect(result).toMatchObject({ n: 4, k: 3, flagged: false });
    // An incomplete case is left out, not imputed.
    expect(cronbachAlpha([...rows, [5, null, 1]])).toEqual(result);
  });

  it('flags alpha below 0.70', () => {
    // Rows (1,2), (2,1), (3,3): item variances 1 and 1; totals 3, 3, 6 have mean 4 and variance (1+1+4)/2 = 3.
    // alpha = 2/1 × (1 − 2/3) = 2/3 ≈ 0.667 < 0.70.
    const result = cronbachAlpha([
      [1, 2],
      [2, 1],
      [3, 3],
    ]);
    expect(result.alpha).toBeCloseTo(2 / 3, 12);
    expect(result.flagged).toBe(true);
  });

  it('agrees with the covariance form k·c̄ / (v̄ + (k − 1)·c̄), computed independently', () => {
    const likert = fc.integer({ min: 1, max: 5 });
    fc.assert(
      fc.property(
        fc
          .integer({ min: 2, max: 5 })
          .chain((k) => fc.array(fc.array(likert, { minLength: k, maxLength: k }), { minLength: 3, maxLength: 30 })),
        (rows) => {
          const result = cronbachAlpha(rows);
          const k = rows[0]!.length;
          const n = rows.length;
          const means = Array.from({ length: k }, (_, i) => rows.reduce((sum, row) => sum + row[i]!, 0) / n);
          const covariance = (i: number, j: number) =>
            rows.reduce((sum, row) => sum + (row[i]! - means[i]!) * (row[j]! - means[j]!), 0) / (n - 1);
          let varianceSum = 0;
          let covarianceSum = 0;
          for (let i = 0; i < k; i++) {
            varianceSum += covariance(i, i);
            for (let j = 0; j < k; j++) if (i !== j) covarianceSum += covariance(i, j);
          }
          // The variance of the totals; summed in floating point, so "zero" can arrive as a rounding residue.
          if (Math.abs(varianceSum + covarianceSum) < 1e-9) {
            // fast-check fails a property whose predicate returns anything but true or undefined.
            expect(result.alpha).toBeNull();
            return;
          }
          const averageVariance = varianceSum / k;
          const averageCovariance = covarianceSum / (k * (k - 1));
          const expected = (k * averageCovariance) / (averageVariance + (k - 1) * averageCovariance);
          expect(result.alpha).toBeCloseTo(expected, 9);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('is undefined with fewer than 2 items, fewer than 2 complete cases, or no variance', () => {
    expect(cronbachAlpha([[1], [2], [3]]).alpha).toBeNull();
    expect(cronbachAlpha([[1, 2]]).alpha).toBeNull();
    expect(
      cronbachAlpha([
        [3, 3],
        [3, 3],
      ]).alpha,
    ).toBeNull();
    expect(cronbachAlpha([]).alpha).toBeNull();
  });

  it('computes reliability from answers by item id, treating invalid answers as missing', () => {
    const responses: Answers[] = [
      { AMB1: 1, AMB2: 2, AMB3: 2 },
      { AMB1: 2, AMB2: 3, AMB3: 3 },
      { AMB1: 3, AMB2: 3, AMB3: 4 },
      { AMB1: 4, AMB2: 5, AMB3: 5 },
      { AMB1: 4, AMB2: null, AMB3: 5 },
      { AMB1: 4, AMB3: 5 },
    ];
    expect(reliabilityOf(responses, ['AMB1', 'AMB2', 'AMB3']).alpha).toBeCloseTo(56 / 57, 12);
  });
});

describe('Welch change between two cycles', () => {
  it('matches a hand computation where the interval includes zero', () => {
    // before 1..5: mean 3, variance 10/4 = 2.5; after 2,4,…,10: mean 6, variance 40/4 = 10.
    // Variance shares: 2.5/5 = 0.5 and 10/5 = 2 → standard error √2.5; difference 3.
    // df = 2.5² / (0.5²/4 + 2²/4) = 6.25 / 1.0625 = 100/17 ≈ 5.882; t(0.975, 100/17) = 2.458823709699146.
    // Interval 3 ± 2.458823709699146 × √2.5 = [−0.887741643736975, 6.887741643736975]
    // (the same as scipy.stats.ttest_ind(after, before, equal_var=False).confidence_interval()).
    const change = welchChange([1, 2, 3, 4, 5], [2, 4, 6, 8, 10])!;
    expect(change.difference).toBe(3);
    expect(change.standardError).toBeCloseTo(Math.sqrt(2.5), 12);
    expect(change.degreesOfFreedom).toBeCloseTo(100 / 17, 12);
    expect(change.lower).toBeCloseTo(-0.887741643736975, 9);
    expect(change.upper).toBeCloseTo(6.887741643736975, 9);
    expect(change.isRealChange).toBe(false);
  });

  it('calls a change real when the interval excludes zero', () => {
    // before 1,2,3,2,1,2: mean 11/6, variance 17/30; after 4,5,4,5,4,5: mean 4.5, variance 3/10.
    // Difference 8/3; shares 17/180 and 9/180; df = (26/180)² / ((17/180)²/5 + (9/180)²/5) = 3380/370 ≈ 9.135.
    // Interval (scipy, as above): [1.8088494743932337, 3.5244838589401004].
    const change = welchChange([1, 2, 3, 2, 1, 2], [4, 5, 4, 5, 4, 5])!;
    expect(change.difference).toBeCloseTo(8 / 3, 12);
    expect(change.degreesOfFreedom).toBeCloseTo(3380 / 370, 12);
    expect(change.lower).toBeCloseTo(1.8088494743932337, 9);
    expect(change.upper).toBeCloseTo(3.5244838589401004, 9);
    expect(change.isRealChange).toBe(true);
    // The same change downwards is real too.
    expect(welchChange([4, 5, 4, 5, 4, 5], [1, 2, 3, 2, 1, 2])!.isRealChange).toBe(true);
  });

  it('ignores respondents without a score and needs two on each side', () => {
    expect(welchChange([1, null, 2, 3, 4, 5], [2, 4, 6, 8, 10, null])).toEqual(welchChange([1, 2, 3, 4, 5], [2, 4, 6, 8, 10]));
    expect(welchChange([1], [2, 3])).toBeNull();
    expect(welchChange([1, 2], [null, 3])).toBeNull();
  });

  it('collapses the interval when neither side varies', () => {
    expect(welchChange([3, 3], [4, 4])).toMatchObject({ difference: 1, lower: 1, upper: 1, isRealChange: true });
    expect(welchChange([3, 3], [3, 3])).toMatchObject({ difference: 0, isRealChange: false });
  });
});

describe('priority', () => {
  it('marks drivers with a score below the median and a weight above the median as focus areas', () => {
    // Scores sorted: 2.5 2.8 3.0 3.2 | 3.5 3.9 4.0 4.2 → median 3.35; below: ENB, INT, AMB, BUF.
    // Weights sorted: .02 .03 .04 .05 | .06 .08 .10 .12 → median .055; above: INT, AMB, ENB, CMP.
    // Both: AMB, ENB, INT (in input order).
    const focus = focusAreas([
      { driver: 'AMB', score: 3.0, weight: 0.1 },
      { driver: 'INV', score: 3.5, weight: 0.05 },
      { driver: 'FAIR', score: 4.0, weight: 0.02 },
      { driver: 'ENB', score: 2.5, weight: 0.08 },
      { driver: 'BUF', score: 3.2, weight: 0.03 },
      { driver: 'PRX', score: 4.2, weight: 0.04 },
      { driver: 'CMP', score: 3.9, weight: 0.06 },
      { driver: 'INT', score: 2.8, weight: 0.12 },
    ]);
    expect(focus).toEqual(['AMB', 'ENB', 'INT']);
  });

  it('takes medians over the drivers that have both a score and a weight; a driver at a median is not a focus area', () => {
    // Rated: AMB (2, .3), INV (3, .2), FAIR (4, .1) → medians 3 and .2; only AMB is below and above.
    expect(
      focusAreas([
        { driver: 'AMB', score: 2, weight: 0.3 },
        { driver: 'INV', score: 3, weight: 0.2 },
        { driver: 'FAIR', score: 4, weight: 0.1 },
        { driver: 'ENB', score: 1, weight: null },
      ]),
    ).toEqual(['AMB']);
    expect(focusAreas([{ driver: 'AMB', score: null, weight: 0.5 }])).toEqual([]);
  });
});
