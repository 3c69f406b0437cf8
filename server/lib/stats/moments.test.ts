/**
 * Moments merged over atoms give the same figures as the direct computation over the raw answers: the
 * scoring functions of the instrument and the statistics module serve as the independent reference.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { pulseItemsFor, TRUST_CHECK_ITEMS } from '../../../common/instrument/forms.js';
import type { ConstructId, Item } from '../../../common/instrument/items.js';
import {
  type Answers,
  reliabilityOf,
  respondentDriverScore,
  respondentTrustIndex,
  scoreInps,
  scoreStatement,
  welchChange,
} from '../../../common/instrument/scoring.js';
import { pearson } from './correlation.js';
import { sampleStandardDeviation } from './describe.js';
import { keyDriverRowsOf } from './key-drivers.js';
import {
  addMoments,
  correlationOf,
  emptyMoments,
  favourableShareOf,
  inpsCodedMoment,
  inpsOf,
  keyDriverEstimateOfMoments,
  layoutOf,
  type Moments,
  meanIntervalOf,
  meanOf,
  momentsOf,
  pairVariablesOf,
  reliabilityOfMoments,
  standardDeviationOf,
  sumMoments,
  welchChangeOfMoments,
} from './moments.js';
import { relativeWeightsOfRows } from './relative-weights.js';

const TOLERANCE = 1e-9;

function expectClose(actual: number | null | undefined, expected: number | null | undefined, label: string) {
  if (expected === null || expected === undefined || Number.isNaN(expected)) {
    expect(actual ?? null, label).toBeNull();
    return;
  }
  expect(actual, label).not.toBeNull();
  expect(Math.abs((actual as number) - expected), `${label}: ${actual} vs ${expected}`).toBeLessThanOrEqual(
    TOLERANCE * Math.max(1, Math.abs(expected)),
  );
}

const mean = (values: readonly number[]) => (values.length === 0 ? null : values.reduce((a, b) => a + b, 0) / values.length);
const present = (values: readonly (number | null)[]) => values.filter((value): value is number => value !== null);
const sd = (values: readonly number[]) => (values.length < 2 ? null : sampleStandardDeviation(values));
/** Raw spread that is only rounding noise: where moments read "no spread" and a two-pass sum reads 1e-15. */
const isNoise = (values: readonly number[]) => values.length >= 2 && (sd(values) as number) < 1e-6;

/** A respondent answering the form: each statement 1–5 or missing, the iNPS 0–10 or missing. */
function respondentArbitrary(items: readonly Item[], missingRate: number): fc.Arbitrary<Answers> {
  const entries = items
    .filter((item) => item.kind !== 'open')
    .map((item) => {
      const value = item.kind === 'nps' ? fc.integer({ min: 0, max: 10 }) : fc.integer({ min: 1, max: 5 });
      return fc.tuple(
        fc.constant(item.id),
        fc.oneof({ weight: missingRate, arbitrary: fc.constant(null) }, { weight: 10 - missingRate, arbitrary: value }),
      );
    });
  return fc.tuple(...entries).map((pairs) => Object.fromEntries(pairs) as Answers);
}

const formArbitrary = fc.oneof(
  fc.constant(TRUST_CHECK_ITEMS),
  fc.integer({ min: 0, max: 30 }).map((index) => pulseItemsFor(index)),
);

/** A form, its respondents (each with an atom 0–5, some answers missing), and an atom order for merging. */
const groupArbitrary = fc.tuple(formArbitrary, fc.integer({ min: 0, max: 4 })).chain(([items, missingRate]) =>
  fc.record({
    items: fc.constant(items),
    // Often large enough for a key-driver analysis (30 complete cases).
    respondents: fc.array(fc.tuple(fc.integer({ min: 0, max: 5 }), respondentArbitrary(items, missingRate)), {
      maxLength: 120,
      size: 'max',
    }),
    order: fc.shuffledSubarray([0, 1, 2, 3, 4, 5], { minLength: 6, maxLength: 6 }),
  }),
);

function mergedByAtom(items: readonly Item[], respondents: readonly [number, Answers][], order: readonly number[]): Moments {
  const layout = layoutOf(items);
  const parts = order.map((atom) =>
    momentsOf(
      layout,
      respondents.filter(([a]) => a === atom).map(([, answers]) => answers),
    ),
  );
  // Stored moments go through JSON: the merge must survive it.
  return sumMoments(
    layout,
    parts.map((part) => JSON.parse(JSON.stringify(part)) as Moments),
  );
}

describe('moments', () => {
  it('merged over atoms equal the direct computation over raw answers', () => {
    let analysed = 0;
    fc.assert(
      fc.property(groupArbitrary, ({ items, respondents, order }) => {
        const merged = mergedByAtom(items, respondents, order);
        const answers = respondents.map(([, a]) => a);
        const layout = merged.layout;
        expect(merged.respondents).toBe(answers.length);

        const trust = present(answers.map(respondentTrustIndex));
        expect(merged.trustIndex.n).toBe(trust.length);
        expectClose(meanOf(merged.trustIndex), mean(trust), 'trust index mean');
        if (!isNoise(trust)) expectClose(standardDeviationOf(merged.trustIndex), sd(trust), 'trust index sd');
        const interval = meanIntervalOf(merged.trustIndex);
        if (trust.length >= 2 && !isNoise(trust)) {
          expect(interval).not.toBeNull();
          expect((interval?.lower as number) <= (interval?.mean as number)).toBe(true);
        }

        const inps = scoreInps(answers.map((a) => a.INPS ?? null));
        const fromMoments = inpsOf(merged.inps);
        expect(fromMoments.n).toBe(inps.n);
        expectClose(fromMoments.value, inps.value, 'iNPS');
        expectClose(fromMoments.promoterShare, inps.promoterShare, 'promoter share');
        const coded = present(
          answers.map((a) => (typeof a.INPS === 'number' ? (a.INPS >= 9 ? 100 : a.INPS <= 6 ? -100 : 0) : null)),
        );
        expectClose(meanOf(inpsCodedMoment(merged.inps)), mean(coded), 'coded iNPS mean');
        expectClose(standardDeviationOf(inpsCodedMoment(merged.inps)), sd(coded), 'coded iNPS sd');

        for (const driver of layout.drivers) {
          const scores = present(answers.map((a) => respondentDriverScore(a, driver)));
          const moment = merged.drivers[driver] as NonNullable<Moments['drivers'][string]>;
          expect(moment.n, driver).toBe(scores.length);
          expectClose(meanOf(moment), mean(scores), `${driver} mean`);
          if (!isNoise(scores)) expectClose(standardDeviationOf(moment), sd(scores), `${driver} sd`);
          expectClose(
            favourableShareOf(moment),
            scores.length === 0 ? null : scores.filter((s) => s >= 4).length / scores.length,
            `${driver} favourable`,
          );
        }
        for (const id of layout.statements) {
          const score = scoreStatement(answers.map((a) => a[id] ?? null));
          const moment = merged.statements[id] as NonNullable<Moments['statements'][string]>;
          expect(moment.n, id).toBe(score.n);
          expectClose(meanOf(moment), score.mean, `${id} mean`);
          expectClose(favourableShareOf(moment), score.favourableShare, `${id} favourable`);
        }

        const variables = pairVariablesOf(layout);
        const variableValue = (a: Answers, variable: string): number | null =>
          variable === 'trustIndex'
            ? respondentTrustIndex(a)
            : variable === 'inps'
              ? typeof a.INPS === 'number'
                ? a.INPS
                : null
              : respondentDriverScore(a, variable as ConstructId);
        const values = answers.map((r) => variables.map((variable) => variableValue(r, variable)));
        for (let i = 0; i < variables.length; i++) {
          for (let j = i + 1; j < variables.length; j++) {
            const a = variables[i] as string;
            const b = variables[j] as string;
            const both = values
              .map((row) => [row[i] ?? null, row[j] ?? null] as const)
              .filter((pair): pair is readonly [number, number] => pair[0] !== null && pair[1] !== null);
            const xs = both.map((pair) => pair[0]);
            const ys = both.map((pair) => pair[1]);
            if (isNoise(xs) || isNoise(ys)) continue;
            expectClose(correlationOf(merged, a, b), pearson(xs, ys), `r(${a}, ${b})`);
          }
        }

        for (const [construct, ids] of Object.entries(layout.constructs)) {
          const direct = reliabilityOf(answers, ids);
          const viaMoments = reliabilityOfMoments(merged, construct as ConstructId);
          expect(viaMoments?.n, construct).toBe(direct.n);
          expectClose(viaMoments?.alpha, direct.alpha, `alpha ${construct}`);
          expect(viaMoments?.flagged, construct).toBe(direct.flagged);
        }

        const rows = keyDriverRowsOf(
          answers.map((a) => ({
            trustIndex: respondentTrustIndex(a),
            driverScores: Object.fromEntries(layout.drivers.map((d) => [d, respondentDriverScore(a, d)])),
          })),
          layout.drivers,
        );
        const estimate = keyDriverEstimateOfMoments(merged);
        expect(estimate.n).toBe(rows.length);
        if (!('insufficient' in estimate)) {
          analysed += 1;
          const direct = relativeWeightsOfRows(
            rows,
            0,
            layout.drivers.map((_, j) => j + 1),
          );
          expectClose(estimate.r2, direct.r2, 'R²');
          estimate.drivers.forEach((entry, j) => {
            expectClose(entry.weight, direct.weights[j], `weight ${entry.driver}`);
            expectClose(entry.share, direct.shares[j], `share ${entry.driver}`);
          });
        } else if (estimate.reason === 'too_few_answers') {
          expect(rows.length).toBeLessThan(30);
        }
      }),
      { numRuns: 200 },
    );
    // The relative-weights comparison must actually have run, not only the "too few answers" branch.
    expect(analysed).toBeGreaterThan(20);
  }, 120_000);

  it('give the Welch change of two cycles as the raw values do', () => {
    fc.assert(
      fc.property(groupArbitrary, groupArbitrary, (before, after) => {
        const trustOf = (group: typeof before) => group.respondents.map(([, a]) => respondentTrustIndex(a));
        const direct = welchChange(trustOf(before), trustOf(after));
        const viaMoments = welchChangeOfMoments(
          mergedByAtom(before.items, before.respondents, before.order).trustIndex,
          mergedByAtom(after.items, after.respondents, after.order).trustIndex,
        );
        if (direct === null) {
          expect(viaMoments).toBeNull();
          return;
        }
        expect(viaMoments).not.toBeNull();
        expectClose(viaMoments?.difference, direct.difference, 'difference');
        if (isNoise(present(trustOf(before))) || isNoise(present(trustOf(after)))) return;
        expectClose(viaMoments?.lower, direct.lower, 'lower');
        expectClose(viaMoments?.upper, direct.upper, 'upper');
        expectClose(viaMoments?.degreesOfFreedom, direct.degreesOfFreedom, 'df');
        expect(viaMoments?.isRealChange).toBe(direct.isRealChange);
      }),
      { numRuns: 200 },
    );
  }, 120_000);

  it('sums parts to exactly the fold of addMoments, leaving the parts as they were', () => {
    fc.assert(
      fc.property(groupArbitrary, ({ items, respondents, order }) => {
        const layout = layoutOf(items);
        const parts = order.map((atom) =>
          momentsOf(
            layout,
            respondents.filter(([a]) => a === atom).map(([, answers]) => answers),
          ),
        );
        const before = JSON.stringify(parts);
        const folded = parts.reduce(addMoments, emptyMoments(layout));
        expect(sumMoments(layout, parts)).toEqual(folded);
        expect(JSON.stringify(parts)).toBe(before);
      }),
      { numRuns: 50 },
    );
    const pulse = layoutOf(pulseItemsFor(0));
    expect(() => sumMoments(layoutOf(TRUST_CHECK_ITEMS), [emptyMoments(pulse)])).toThrow(RangeError);
  }, 60_000);

  it('adds only moments of the same form layout, and the empty moments are neutral', () => {
    const trustCheck = layoutOf(TRUST_CHECK_ITEMS);
    const pulse = layoutOf(pulseItemsFor(0));
    expect(() => addMoments(emptyMoments(trustCheck), emptyMoments(pulse))).toThrow(RangeError);
    const one = momentsOf(pulse, [{ TRUST1: 4, TRUST2: 5, INPS: 9 }]);
    expect(addMoments(emptyMoments(pulse), one)).toEqual(one);
    expect(meanOf(one.trustIndex)).toBe(87.5);
    expect(inpsOf(one.inps).value).toBe(100);
    expect(standardDeviationOf(one.trustIndex)).toBeNull();
    // Pulses keep alpha for TRUST only: every driver asks one statement.
    expect(Object.keys(pulse.constructs)).toEqual(['TRUST']);
    expect(Object.keys(trustCheck.constructs).sort()).toEqual(
      ['AMB', 'BUF', 'CMP', 'ENB', 'FAIR', 'INT', 'INV', 'PRX', 'TRUST'].sort(),
    );
  });
});
