/**
 * The planning loop against a plain reference: the same rule written the slow, obvious way (classes
 * recomputed from scratch every step, every class compared). The fast loop must drop the same sets.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type CoveredSet, suppressSmallClasses } from './suppression.js';

function referenceSuppression(atomSizes: readonly number[], sets: readonly CoveredSet[], minimum: number): boolean[] {
  const kept = sets.map(() => true);
  const members = sets.map((set) => new Set(set.atoms));
  const setSize = (id: number) => sets[id]?.atoms.reduce((sum, atom) => sum + (atomSizes[atom] ?? 0), 0) ?? 0;
  for (;;) {
    const classes = new Map<string, { pattern: number[]; size: number }>();
    atomSizes.forEach((size, atom) => {
      if (size === 0) return;
      const pattern = sets.map((_, id) => id).filter((id) => kept[id] && members[id]?.has(atom));
      const key = pattern.join(',');
      const found = classes.get(key) ?? { pattern, size: 0 };
      found.size += size;
      classes.set(key, found);
    });
    const small = [...classes.entries()]
      .filter(([, group]) => group.size < minimum && group.pattern.length > 0)
      .sort(([keyA, a], [keyB, b]) => a.size - b.size || (keyA < keyB ? -1 : 1));
    const target = small[0]?.[1];
    if (!target) return kept;
    const differences = [...classes.values()]
      .filter((other) => other !== target)
      .map((other) => [
        ...target.pattern.filter((id) => !other.pattern.includes(id)),
        ...other.pattern.filter((id) => !target.pattern.includes(id)),
      ]);
    const nearest = Math.min(...differences.map((difference) => difference.length));
    const separating = differences.length
      ? [...new Set(differences.filter((difference) => difference.length === nearest).flat())]
      : target.pattern;
    const drop = separating.sort((a, b) => setSize(a) - setSize(b) || a - b)[0] as number;
    kept[drop] = false;
  }
}

/** Random families shaped like the real ones: a universal set, nested groups, crossing groups. */
const familyArbitrary = fc
  .record({
    atomSizes: fc.array(fc.nat({ max: 6 }), { minLength: 1, maxLength: 40 }),
    sets: fc.array(fc.uniqueArray(fc.nat({ max: 39 }), { minLength: 1, maxLength: 20 }), { maxLength: 25 }),
    minimum: fc.integer({ min: 2, max: 10 }),
  })
  .map(({ atomSizes, sets, minimum }) => {
    const all = atomSizes.map((_, atom) => atom);
    const covered = sets.map((atoms) => atoms.filter((atom) => atom < atomSizes.length).sort((a, b) => a - b));
    const family = [all, ...covered].map((atoms) => ({ atoms }));
    const size = (set: CoveredSet) => set.atoms.reduce((sum, atom) => sum + (atomSizes[atom] ?? 0), 0);
    // The planner only ever sees sets that reach the minimum.
    return { atomSizes, minimum, sets: family.filter((set) => size(set) >= minimum) };
  });

describe('suppressSmallClasses', () => {
  it('drops exactly the sets the slow reference drops', () => {
    fc.assert(
      fc.property(familyArbitrary, ({ atomSizes, sets, minimum }) => {
        expect(suppressSmallClasses(atomSizes, sets, minimum).kept).toEqual(referenceSuppression(atomSizes, sets, minimum));
      }),
      { numRuns: 500 },
    );
  });

  it('never drops a set that holds every respondent', () => {
    const result = suppressSmallClasses([3, 1, 4], [{ atoms: [0, 1, 2] }, { atoms: [0, 2] }, { atoms: [2] }], 3);
    expect(result.kept[0]).toBe(true);
  });

  it('does nothing when every class already reaches the minimum', () => {
    const result = suppressSmallClasses([5, 5, 5], [{ atoms: [0, 1, 2] }, { atoms: [0] }, { atoms: [1] }], 5);
    expect(result).toMatchObject({ kept: [true, true, true], steps: 0 });
  });
});
