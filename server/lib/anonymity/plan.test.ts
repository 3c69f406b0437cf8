import { describe, expect, it } from 'vitest';
import { createRandom } from '../random.js';
import { type AtomCount, comparableGroups, planRelease, type ReleasePlan, releasedFilters, verifyClassRule } from './index.js';
import { planWork } from './plan.js';

const ALL = ['region', 'team', 'tenureBand', 'role'] as const;

/** Teams of `bands × roles` atoms with 0–`most` respondents each, ten teams to a region. */
function generateAtoms(teams: number, bands: number, roles: number, most: number, seed: string): AtomCount[] {
  const random = createRandom(seed);
  const atoms: AtomCount[] = [];
  for (let team = 0; team < teams; team++) {
    for (let band = 0; band < bands; band++) {
      for (let role = 0; role < roles; role++) {
        atoms.push({
          atom: { region: `R${team % 10}`, team: `T${team}`, tenureBand: `B${band}`, role: `O${role}` },
          respondents: random.int(0, most),
        });
      }
    }
  }
  return atoms;
}

describe('comparableGroups', () => {
  it('compares a group across cycles only where both cycles release it', () => {
    const first = planRelease(
      [
        { atom: { region: 'N', team: 'T1', tenureBand: '0-2', role: 'rep' }, respondents: 8 },
        { atom: { region: 'N', team: 'T2', tenureBand: '0-2', role: 'rep' }, respondents: 9 },
        { atom: { region: 'N', team: 'T3', tenureBand: '0-2', role: 'rep' }, respondents: 12 },
      ],
      { k: 5, commentK: 10, breakdownAttributes: ['team'] },
    );
    const second = planRelease(
      [
        { atom: { region: 'N', team: 'T1', tenureBand: '0-2', role: 'rep' }, respondents: 3 },
        { atom: { region: 'N', team: 'T2', tenureBand: '0-2', role: 'rep' }, respondents: 9 },
        { atom: { region: 'N', team: 'T3', tenureBand: '0-2', role: 'rep' }, respondents: 12 },
      ],
      { k: 5, commentK: 10, breakdownAttributes: ['team'] },
    );
    expect([...first.released].sort()).toEqual(['org', 'team=T1', 'team=T2', 'team=T3']);
    expect(comparableGroups(first, second)).toEqual(['org', 'team=T3']);
  });
});

describe('plans', () => {
  it('refuse to work from an object they did not make', () => {
    const forged: ReleasePlan = { minimum: 5, groups: [], released: new Set(['org']), withheld: new Map() };
    expect(() => planWork(forged)).toThrow(/not a plan made by this module/);
  });
});

describe('planning work', () => {
  // Work is counted, not timed: the count does not depend on the machine. A scan of every class at every
  // step, the obvious implementation, would make millions of comparisons for the large organisation.
  it('plans hundreds of atoms with a few thousand comparisons', () => {
    const atoms = generateAtoms(20, 4, 4, 3, 'hundreds');
    const plan = planRelease(atoms, { k: 5, commentK: 10, breakdownAttributes: ALL });
    const work = planWork(plan);
    expect(plan.groups.length).toBeGreaterThan(200);
    expect(work.steps).toBeLessThanOrEqual(plan.groups.length);
    expect(work.comparisons).toBeLessThan(20_000);
    expect(verifyClassRule(atoms, releasedFilters(plan), 5)).toEqual([]);
  });

  it('plans thousands of atoms with comparisons linear in the atoms, not in atoms × sets', () => {
    const atoms = generateAtoms(200, 5, 5, 3, 'thousands');
    const started = performance.now();
    const plan = planRelease(atoms, { k: 5, commentK: 10, breakdownAttributes: ALL });
    const elapsed = performance.now() - started;
    const work = planWork(plan);
    console.log(
      `planned ${atoms.length} atoms, ${plan.groups.length} candidates: ${work.steps} steps, ` +
        `${work.comparisons} comparisons, ${elapsed.toFixed(0)} ms`,
    );
    expect(plan.groups.length).toBeGreaterThan(2000);
    expect(work.comparisons).toBeLessThan(100 * atoms.length);
    expect(verifyClassRule(atoms, releasedFilters(plan), 5)).toEqual([]);
  });
});
