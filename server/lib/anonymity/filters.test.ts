import { describe, expect, it } from 'vitest';
import { findDifferencingRefusal } from './filters.js';
import { buildCandidateGroups, type CandidateGroup, normalizeAtoms, resolveSettings } from './groups.js';
import { type AtomCount, checkFilter, planRelease } from './index.js';

const atom = (region: string, team: string, tenureBand: string, role: string, respondents: number): AtomCount => ({
  atom: { region, team, tenureBand, role },
  respondents,
});

const counts = [
  atom('Nord', 'N1', '0-2', 'rep', 6),
  atom('Nord', 'N1', '3+', 'rep', 6),
  atom('Nord', 'N2', '0-2', 'rep', 2),
  atom('Süd', 'S1', '0-2', 'rep', 9),
  atom('Süd', 'S1', '3+', 'lead', 5),
];

describe('checkFilter', () => {
  const plan = planRelease(counts, { k: 5, commentK: 10, breakdownAttributes: ['region', 'team', 'tenureBand'] });

  it('allows the filters of released groups', () => {
    expect(checkFilter(plan, {})).toEqual({ allowed: true, groupKey: 'org' });
    expect(checkFilter(plan, { region: 'Süd' })).toEqual({ allowed: true, groupKey: 'region=Süd' });
  });

  it('refuses shapes the organisation does not offer', () => {
    expect(checkFilter(plan, { role: 'rep' })).toMatchObject({ allowed: false, reason: 'not_offered' });
    expect(checkFilter(plan, { region: 'Nord', team: 'N1' })).toMatchObject({ allowed: false, reason: 'not_offered' });
    expect(checkFilter(plan, { region: 'Nord', team: 'N1', tenureBand: '0-2' })).toMatchObject({ reason: 'not_offered' });
  });

  it('answers "not enough answers" for withheld groups, and for values nobody has', () => {
    expect(checkFilter(plan, { team: 'N2' })).toEqual({ allowed: false, groupKey: 'team=N2', reason: 'below_minimum' });
    expect(checkFilter(plan, { team: 'nobody' })).toEqual({ allowed: false, groupKey: 'team=nobody', reason: 'below_minimum' });
    // Nord (14) minus N1 (12) would be N2's two people: one of them is withheld complementarily.
    const nord = checkFilter(plan, { region: 'Nord' });
    const n1 = checkFilter(plan, { team: 'N1' });
    expect(nord.allowed && n1.allowed).toBe(false);
    expect([nord, n1].filter((check) => !check.allowed)).toMatchObject([{ reason: 'complementary' }]);
  });
});

describe('the explicit differencing guard', () => {
  // A released family no plan would produce, to show that the guard stands on its own.
  const { atoms, respondents } = normalizeAtoms(counts);
  const groups = buildCandidateGroups(
    atoms,
    resolveSettings({ k: 5, commentK: 10, breakdownAttributes: ['region', 'team', 'tenureBand'] }),
  );
  const group = (key: string) => groups.find((candidate) => candidate.key === key) as CandidateGroup;
  const refusal = (key: string, released: string[]) => findDifferencingRefusal(group(key), released.map(group), respondents, 5);

  it('refuses a filter that differs from a released parent by fewer than k', () => {
    expect(refusal('team=N1', ['org', 'region=Nord', 'team=N1'])).toBe('differs_from_parent');
  });

  it('refuses a filter that differs from a released sub-filter or overlapping sibling by fewer than k', () => {
    expect(refusal('region=Nord', ['org', 'region=Nord', 'team=N1'])).toBe('differs_from_sibling');
    // tenure 0-2 (17) and Nord (14) overlap in 8; Nord has 6 outside 0-2, 0-2 has 9 outside Nord: fine.
    expect(refusal('tenureBand=0-2', ['org', 'tenureBand=0-2', 'region=Nord'])).toBeUndefined();
    // Süd (14) and tenure 3+ (11) overlap in 5; 3+ has 6 outside Süd; Süd has 9 outside 3+: fine,
    // but against team N1 (12), tenure 0-2 has 17 − 6 = 11 outside and N1 has 6 outside: fine too.
    expect(refusal('tenureBand=0-2', ['org', 'team=N1'])).toBeUndefined();
  });

  it('accepts equal populations under two names and disjoint groups', () => {
    expect(refusal('team=S1', ['org', 'region=Süd', 'team=S1', 'region=Nord'])).toBeUndefined();
  });
});
