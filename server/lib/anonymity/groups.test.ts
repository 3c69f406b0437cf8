import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildCandidateGroups, groupKeyOf, isOfferedShape, normalizeAtoms, resolveSettings } from './groups.js';
import { ATTRIBUTES, type AtomCount, WIDENED } from './types.js';

const atom = (region: string, team: string, tenureBand: string, role: string, respondents: number): AtomCount => ({
  atom: { region, team, tenureBand, role },
  respondents,
});

describe('groupKeyOf', () => {
  it('names groups readably in a fixed attribute order', () => {
    expect(groupKeyOf({})).toBe('org');
    expect(groupKeyOf({ team: 'Nord-1' })).toBe('team=Nord-1');
    expect(groupKeyOf({ tenureBand: '0-2', region: 'Süd' })).toBe('region=Süd&tenureBand=0-2');
  });

  it('escapes the characters that structure a key', () => {
    expect(groupKeyOf({ team: 'A&B=C%' })).toBe('team=A%26B%3DC%25');
  });

  it('gives different filters different keys', () => {
    const filter = fc.dictionary(
      fc.constantFrom(...ATTRIBUTES),
      fc.string({ maxLength: 4, unit: fc.constantFrom('a', '&', '=', '%', '2', '6') }),
    );
    fc.assert(
      fc.property(filter, filter, (a, b) => {
        const same = ATTRIBUTES.every((attribute) => a[attribute] === b[attribute]);
        expect(groupKeyOf(a) === groupKeyOf(b)).toBe(same);
      }),
      { numRuns: 500 },
    );
  });
});

describe('resolveSettings', () => {
  it('offers every pair of allowed attributes except region × team by default', () => {
    const resolved = resolveSettings({ k: 5, commentK: 10, breakdownAttributes: ['role', 'team', 'region'] });
    expect(resolved.breakdownAttributes).toEqual(['region', 'team', 'role']);
    expect(resolved.combinations).toEqual([
      ['region', 'role'],
      ['team', 'role'],
    ]);
  });

  it('keeps explicit combinations in canonical order', () => {
    const resolved = resolveSettings({
      k: 5,
      commentK: 10,
      breakdownAttributes: ['team', 'tenureBand'],
      combinations: [
        ['tenureBand', 'team'],
        ['team', 'tenureBand'],
      ],
    });
    expect(resolved.combinations).toEqual([['team', 'tenureBand']]);
  });

  it('refuses settings that would weaken the guarantee', () => {
    const base = { k: 5, commentK: 10, breakdownAttributes: ['team', 'region'] } as const;
    expect(() => resolveSettings({ ...base, k: 2 })).toThrow(RangeError);
    expect(() => resolveSettings({ ...base, k: 11 })).toThrow(RangeError);
    expect(() => resolveSettings({ ...base, k: 4.5 })).toThrow(RangeError);
    expect(() => resolveSettings({ ...base, commentK: 4 })).toThrow(/commentK/);
    expect(() => resolveSettings({ ...base, combinations: [['team', 'role']] })).toThrow(/not allowed/);
    expect(() => resolveSettings({ ...base, combinations: [['team', 'team']] })).toThrow(/two different/);
    expect(() => resolveSettings({ ...base, combinations: [['region', 'team']] })).toThrow(/team breakdown/);
  });
});

describe('normalizeAtoms', () => {
  it('merges repeated atoms and sorts them, whatever the input order', () => {
    const a = normalizeAtoms([
      atom('N', 'T2', '0-2', 'rep', 1),
      atom('N', 'T1', '0-2', 'rep', 2),
      atom('N', 'T2', '0-2', 'rep', 3),
    ]);
    const b = normalizeAtoms([atom('N', 'T1', '0-2', 'rep', 2), atom('N', 'T2', '0-2', 'rep', 4)]);
    expect(a).toEqual(b);
    expect(a.respondents).toEqual([2, 4]);
  });

  it('refuses a team in two regions and counts that are not whole numbers', () => {
    expect(() => normalizeAtoms([atom('N', 'T1', '0-2', 'rep', 1), atom('S', 'T1', '3+', 'rep', 1)])).toThrow(/two regions/);
    expect(() => normalizeAtoms([atom('N', 'T1', '0-2', 'rep', -1)])).toThrow(RangeError);
    expect(() => normalizeAtoms([atom('N', 'T1', '0-2', 'rep', 1.5)])).toThrow(RangeError);
  });
});

describe('buildCandidateGroups', () => {
  it('lists the organisation, each allowed value and each allowed value pair that occurs', () => {
    const { atoms } = normalizeAtoms([
      atom('N', 'T1', '0-2', 'rep', 1),
      atom('N', 'T2', '3+', 'rep', 1),
      atom('S', 'T3', '0-2', 'lead', 0),
    ]);
    const settings = resolveSettings({ k: 5, commentK: 10, breakdownAttributes: ['region', 'tenureBand'] });
    const groups = buildCandidateGroups(atoms, settings);
    expect(groups.map((group) => [group.key, group.atoms.length])).toEqual([
      ['org', 3],
      ['region=N', 2],
      ['region=N&tenureBand=0-2', 1],
      ['region=N&tenureBand=3+', 1],
      ['region=S', 1],
      ['region=S&tenureBand=0-2', 1],
      ['tenureBand=0-2', 2],
      ['tenureBand=3+', 1],
    ]);
  });
});

describe('widened atoms', () => {
  const { atoms } = normalizeAtoms([
    atom('N', WIDENED, '0-2', 'rep', 2),
    atom('S', WIDENED, '0-2', 'rep', 3),
    atom(WIDENED, WIDENED, '0-2', 'rep', 1),
    atom('N', 'T1', WIDENED, 'rep', 4),
  ]);
  const settings = resolveSettings({ k: 5, commentK: 10, breakdownAttributes: ['region', 'team', 'tenureBand'] });

  it('keeps a widened team apart per region', () => {
    expect(atoms).toHaveLength(4);
  });

  it('counts widened respondents for the organisation and the attributes still known, never for a "*" group', () => {
    const groups = buildCandidateGroups(atoms, settings);
    expect(groups.map((group) => [group.key, group.atoms.length])).toEqual([
      ['org', 4],
      ['region=N', 2],
      ['region=N&tenureBand=0-2', 1],
      ['region=S', 1],
      ['region=S&tenureBand=0-2', 1],
      ['team=T1', 1],
      ['tenureBand=0-2', 3],
    ]);
    expect(isOfferedShape(settings, { team: WIDENED })).toBe(false);
  });
});
