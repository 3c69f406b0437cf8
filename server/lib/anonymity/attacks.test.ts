/**
 * The classic attacks of anonymity.md, one by one, on small organisations worked out by hand.
 */
import { describe, expect, it } from 'vitest';
import {
  type AtomCount,
  type Attribute,
  checkFilter,
  type PrivacySettings,
  planCommentRelease,
  planRelease,
  planStatementRelease,
  type ReleasePlan,
  releasedFilters,
  verifyClassRule,
} from './index.js';

type Row = readonly [region: string, team: string, tenureBand: string, role: string, respondents: number];

function atoms(rows: readonly Row[]): AtomCount[] {
  return rows.map(([region, team, tenureBand, role, respondents]) => ({
    atom: { region, team, tenureBand, role },
    respondents,
  }));
}

function settings(breakdownAttributes: readonly Attribute[], overrides: Partial<PrivacySettings> = {}): PrivacySettings {
  return { k: 5, commentK: 10, breakdownAttributes, ...overrides };
}

function releasedKeys(plan: ReleasePlan): string[] {
  return [...plan.released].sort();
}

function withheldKeys(plan: ReleasePlan): Record<string, string> {
  return Object.fromEntries([...plan.withheld].sort(([a], [b]) => (a < b ? -1 : 1)));
}

describe('parent minus visible children', () => {
  // Nord: 8 + 2 + 7. If teams Nord-1 and Nord-3 were shown, Nord minus both would be Nord-2's two people.
  const counts = atoms([
    ['Nord', 'Nord-1', '0-2', 'rep', 8],
    ['Nord', 'Nord-2', '0-2', 'rep', 2],
    ['Nord', 'Nord-3', '0-2', 'rep', 7],
    ['Süd', 'Süd-1', '0-2', 'rep', 10],
  ]);
  const plan = planRelease(counts, settings(['region', 'team']));

  it('hides the small team and, complementarily, its smallest sibling', () => {
    expect(withheldKeys(plan)).toEqual({ 'team=Nord-2': 'below_minimum', 'team=Nord-3': 'complementary' });
    expect(releasedKeys(plan)).toEqual(['org', 'region=Nord', 'region=Süd', 'team=Nord-1', 'team=Süd-1']);
  });

  it('leaves the region minus its visible team at least k', () => {
    // Nord (17) − Nord-1 (8) = 9: Nord-2 and Nord-3 together.
    expect(verifyClassRule(counts, releasedFilters(plan), 5)).toEqual([]);
    expect(checkFilter(plan, { team: 'Nord-3' })).toEqual({ allowed: false, groupKey: 'team=Nord-3', reason: 'complementary' });
    expect(checkFilter(plan, { team: 'Nord-1' })).toEqual({ allowed: true, groupKey: 'team=Nord-1' });
  });

  it('would be broken without complementary suppression, as the verifier shows', () => {
    const naive = [{}, { region: 'Nord' }, { region: 'Süd' }, { team: 'Nord-1' }, { team: 'Nord-3' }, { team: 'Süd-1' }];
    const [violation] = verifyClassRule(counts, naive, 5);
    expect(violation?.respondents).toBe(2);
    expect(violation?.memberOf).toEqual(['org', 'region=Nord']);
  });
});

describe('filter minus sub-filter', () => {
  // Region Nord has 12, of whom 10 are reps: Nord minus "Nord and rep" would be the two Nord leads.
  const counts = atoms([
    ['Nord', 'Nord-1', '0-2', 'rep', 10],
    ['Nord', 'Nord-1', '0-2', 'lead', 2],
    ['Süd', 'Süd-1', '0-2', 'rep', 10],
    ['Süd', 'Süd-1', '0-2', 'lead', 6],
  ]);
  const plan = planRelease(counts, settings(['region', 'role']));

  it('never releases a filter together with a sub-filter that differs from it by fewer than k', () => {
    expect(plan.withheld.get('region=Nord&role=lead')).toBe('below_minimum');
    const bothShown = plan.released.has('region=Nord') && plan.released.has('region=Nord&role=rep');
    expect(bothShown).toBe(false);
    expect(verifyClassRule(counts, releasedFilters(plan), 5)).toEqual([]);
    for (const filter of releasedFilters(plan)) expect(checkFilter(plan, filter).allowed).toBe(true);
  });

  it('plans deterministically (pinned so that a change in tie-breaking is noticed)', () => {
    expect(releasedKeys(plan)).toEqual(['org', 'region=Nord&role=rep', 'region=Süd&role=rep', 'role=lead', 'role=rep']);
  });
});

describe('two overlapping breakdowns', () => {
  // Team B has 2 people in tenure band 0-2: tenure 0-2 minus "A and 0-2" would isolate them, and so would
  // B minus "B and 3+".
  const counts = atoms([
    ['Nord', 'A', '0-2', 'rep', 6],
    ['Nord', 'A', '3+', 'rep', 6],
    ['Nord', 'B', '0-2', 'rep', 2],
    ['Nord', 'B', '3+', 'rep', 8],
  ]);
  const plan = planRelease(counts, settings(['team', 'tenureBand'], { combinations: [['team', 'tenureBand']] }));

  it('offers the cross breakdown only where it splits nobody into a class under k', () => {
    expect(plan.withheld.get('team=B&tenureBand=0-2')).toBe('below_minimum');
    expect(plan.released.has('tenureBand=0-2') && plan.released.has('team=A&tenureBand=0-2')).toBe(false);
    expect(plan.released.has('team=B') && plan.released.has('team=B&tenureBand=3+')).toBe(false);
    expect(verifyClassRule(counts, releasedFilters(plan), 5)).toEqual([]);
  });

  it('would be broken by showing the team and the tenure breakdowns side by side', () => {
    // No figure is B ∩ 0-2, but the class rule counts its two people as their own class: refused.
    const sideBySide = [{}, { team: 'A' }, { team: 'B' }, { tenureBand: '0-2' }, { tenureBand: '3+' }];
    expect(verifyClassRule(counts, sideBySide, 5).map((violation) => violation.respondents)).toEqual([2]);
  });
});

describe('comments with their own minimum', () => {
  const counts = atoms([
    ['Nord', 'T1', '0-2', 'rep', 12],
    ['Nord', 'T2', '0-2', 'rep', 10],
    ['Nord', 'T3', '0-2', 'rep', 8],
  ]);
  const plan = planRelease(counts, settings(['team']));
  const commentPlan = planCommentRelease(plan);

  it('releases scores for every team but comments only where the comment minimum holds for every class', () => {
    expect(releasedKeys(plan)).toEqual(['org', 'team=T1', 'team=T2', 'team=T3']);
    // T3 (8) is under 10; showing T1's and T2's comments would make the organisation's list minus both
    // lists T3's comments.
    expect(withheldKeys(commentPlan)).toEqual({ 'team=T2': 'complementary', 'team=T3': 'below_minimum' });
    expect(releasedKeys(commentPlan)).toEqual(['org', 'team=T1']);
    expect(commentPlan.minimum).toBe(10);
  });

  it('never shows comments for a group whose scores are withheld', () => {
    const small = atoms([
      ['Nord', 'T1', '0-2', 'rep', 30],
      ['Nord', 'T2', '0-2', 'rep', 4],
    ]);
    const smallPlan = planRelease(small, settings(['team'], { commentK: 5 }));
    expect(planCommentRelease(smallPlan).withheld.get('team=T2')).toBe('below_minimum');
  });
});

describe('per-statement plans', () => {
  const counts = atoms([
    ['Nord', 'T1', '0-2', 'rep', 6],
    ['Nord', 'T2', '0-2', 'rep', 7],
    ['Nord', 'T3', '0-2', 'rep', 9],
  ]);
  const plan = planRelease(counts, settings(['team']));

  it('shrinks a group to its valid answers: "can\'t judge" can push it under k and hide a sibling', () => {
    expect(releasedKeys(plan)).toEqual(['org', 'team=T1', 'team=T2', 'team=T3']);
    // Two people in T1 could not judge the statement: only 4 valid answers remain there.
    const valid = atoms([
      ['Nord', 'T1', '0-2', 'rep', 4],
      ['Nord', 'T2', '0-2', 'rep', 7],
      ['Nord', 'T3', '0-2', 'rep', 9],
    ]);
    const statementPlan = planStatementRelease(plan, valid);
    expect(withheldKeys(statementPlan)).toEqual({ 'team=T1': 'below_minimum', 'team=T2': 'complementary' });
    expect(releasedKeys(statementPlan)).toEqual(['org', 'team=T3']);
  });

  it("keeps the cycle plan's reasons and releases nothing the cycle withholds", () => {
    const statementPlan = planStatementRelease(plan, counts);
    expect(releasedKeys(statementPlan)).toEqual(releasedKeys(plan));
    const sparse = planStatementRelease(plan, atoms([['Nord', 'T3', '0-2', 'rep', 4]]));
    expect(releasedKeys(sparse)).toEqual([]);
    expect(sparse.withheld.get('org')).toBe('below_minimum');
  });

  it('refuses valid answers that cannot be', () => {
    expect(() => planStatementRelease(plan, atoms([['Nord', 'T1', '0-2', 'rep', 7]]))).toThrow(/more valid answers/);
    expect(() => planStatementRelease(plan, atoms([['Nord', 'T9', '0-2', 'rep', 1]]))).toThrow(/without respondents/);
  });
});

describe('the organisation itself', () => {
  it('releases nothing when the whole organisation is under k', () => {
    const plan = planRelease(
      atoms([
        ['Nord', 'T1', '0-2', 'rep', 2],
        ['Süd', 'T2', '0-2', 'rep', 2],
      ]),
      settings(['region', 'team']),
    );
    expect(releasedKeys(plan)).toEqual([]);
    expect(new Set(plan.withheld.values())).toEqual(new Set(['below_minimum']));
    expect(checkFilter(plan, {})).toEqual({ allowed: false, groupKey: 'org', reason: 'below_minimum' });
  });

  it('says "not enough answers" for an organisation without any atoms', () => {
    const plan = planRelease([], settings(['team']));
    expect(plan.groups.map((group) => group.key)).toEqual(['org']);
    expect(plan.withheld.get('org')).toBe('below_minimum');
  });

  it('hides a region whose complement in the organisation is under k', () => {
    // Everyone but Süd's 3 people is Nord: releasing Nord would release Süd as org minus Nord.
    const plan = planRelease(
      atoms([
        ['Nord', 'T1', '0-2', 'rep', 20],
        ['Süd', 'T2', '0-2', 'rep', 3],
      ]),
      settings(['region']),
    );
    expect(releasedKeys(plan)).toEqual(['org']);
    expect(withheldKeys(plan)).toEqual({ 'region=Nord': 'complementary', 'region=Süd': 'below_minimum' });
  });
});

describe('plans carry no counts', () => {
  it('serialise to keys and reasons only', () => {
    const plan = planRelease(
      atoms([
        ['Nord', 'T1', '0-2', 'rep', 9],
        ['Nord', 'T2', '0-2', 'rep', 3],
      ]),
      settings(['team']),
    );
    const serialised = JSON.stringify({ ...plan, released: [...plan.released], withheld: [...plan.withheld] });
    expect(serialised).not.toMatch(/\b(9|3|12)\b/);
    expect(serialised).not.toMatch(/respondents/);
  });
});
