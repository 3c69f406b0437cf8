/**
 * The planning loop with pinned sets (decision 0013) against a plain reference written the slow way:
 * classes recomputed every step, only classes with the same pinned part compared, distance counted in
 * unpinned sets. Pinned families are made the way epochs make them: the kept sets of an earlier run.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type CoveredSet, suppressSmallClasses } from './suppression.js';

interface Family {
  readonly atomSizes: readonly number[];
  readonly sets: readonly CoveredSet[];
  readonly pinned: readonly boolean[];
  readonly minimum: number;
}

function classesOf(family: Family, kept: readonly boolean[]): Map<string, { pattern: number[]; size: number }> {
  const members = family.sets.map((set) => new Set(set.atoms));
  const classes = new Map<string, { pattern: number[]; size: number }>();
  family.atomSizes.forEach((size, atom) => {
    if (size === 0) return;
    const pattern = family.sets.map((_, id) => id).filter((id) => kept[id] && members[id]?.has(atom));
    const key = pattern.join(',');
    const found = classes.get(key) ?? { pattern, size: 0 };
    found.size += size;
    classes.set(key, found);
  });
  return classes;
}

function referenceSuppression(family: Family): boolean[] {
  const { atomSizes, sets, pinned, minimum } = family;
  const kept = sets.map(() => true);
  const setSize = (id: number) => sets[id]?.atoms.reduce((sum, atom) => sum + (atomSizes[atom] ?? 0), 0) ?? 0;
  const pinnedPart = (pattern: number[]) => pattern.filter((id) => pinned[id]).join(',');
  for (;;) {
    const classes = classesOf(family, kept);
    const small = [...classes.entries()]
      .filter(([, group]) => group.size < minimum && group.pattern.length > 0)
      .sort(([keyA, a], [keyB, b]) => a.size - b.size || (keyA < keyB ? -1 : 1));
    const target = small[0]?.[1];
    if (!target) return kept;
    const differences = [...classes.values()]
      .filter((other) => other !== target && pinnedPart(other.pattern) === pinnedPart(target.pattern))
      .map((other) => [
        ...target.pattern.filter((id) => !other.pattern.includes(id)),
        ...other.pattern.filter((id) => !target.pattern.includes(id)),
      ]);
    const nearest = Math.min(...differences.map((difference) => difference.length));
    const separating = differences.length
      ? [...new Set(differences.filter((difference) => difference.length === nearest).flat())]
      : target.pattern;
    if (separating.some((id) => pinned[id])) throw new Error('reference would drop a pinned set');
    const drop = separating.sort((a, b) => setSize(a) - setSize(b) || a - b)[0] as number;
    kept[drop] = false;
  }
}

const setsArbitrary = (atoms: number) =>
  fc.array(fc.uniqueArray(fc.nat({ max: atoms - 1 }), { minLength: 1, maxLength: 20 }), { maxLength: 20 });

/** An earlier run's kept sets, pinned, plus new sets: the shape of a family at a later epoch. */
const pinnedFamilyArbitrary: fc.Arbitrary<Family> = fc
  .record({
    atomSizes: fc.array(fc.nat({ max: 6 }), { minLength: 1, maxLength: 40 }),
    earlier: setsArbitrary(40),
    later: setsArbitrary(40),
    minimum: fc.integer({ min: 2, max: 10 }),
  })
  .map(({ atomSizes, earlier, later, minimum }) => {
    const size = (atoms: readonly number[]) => atoms.reduce((sum, atom) => sum + (atomSizes[atom] ?? 0), 0);
    const clean = (sets: number[][]) =>
      sets
        .map((atoms) => atoms.filter((atom) => atom < atomSizes.length).sort((a, b) => a - b))
        .filter((atoms) => size(atoms) >= minimum);
    const all = atomSizes.map((_, atom) => atom);
    const first = [all, ...clean(earlier)].filter((atoms) => size(atoms) >= minimum).map((atoms) => ({ atoms }));
    const { kept } = suppressSmallClasses(atomSizes, first, minimum);
    const pinnedSets = first.filter((_, id) => kept[id]);
    const newSets = clean(later).map((atoms) => ({ atoms }));
    // Pinned sets at the end, as epochs pass them, and some in front, to exercise the ids either way.
    const sets = [...pinnedSets.slice(0, 2), ...newSets, ...pinnedSets.slice(2)];
    const pinned = [
      ...pinnedSets.slice(0, 2).map(() => true),
      ...newSets.map(() => false),
      ...pinnedSets.slice(2).map(() => true),
    ];
    return { atomSizes, sets, pinned, minimum };
  });

describe('suppressSmallClasses with pinned sets', () => {
  it('keeps every pinned set, satisfies the rule, and drops what the slow reference drops', () => {
    fc.assert(
      fc.property(pinnedFamilyArbitrary, (family) => {
        const result = suppressSmallClasses(family.atomSizes, family.sets, family.minimum, family.pinned);
        family.pinned.forEach((isPinned, id) => {
          if (isPinned) expect(result.kept[id]).toBe(true);
        });
        const small = [...classesOf(family, result.kept).values()].filter(
          (group) => group.size < family.minimum && group.pattern.length > 0,
        );
        expect(small).toEqual([]);
        expect(result.kept).toEqual(referenceSuppression(family));
        expect(result.steps).toBeLessThanOrEqual(family.pinned.filter((isPinned) => !isPinned).length);
      }),
      { numRuns: 500 },
    );
  });

  it('without any pin set to true, behaves exactly as without the argument', () => {
    fc.assert(
      fc.property(pinnedFamilyArbitrary, (family) => {
        const unpinned = family.sets.map(() => false);
        expect(suppressSmallClasses(family.atomSizes, family.sets, family.minimum, unpinned)).toEqual(
          suppressSmallClasses(family.atomSizes, family.sets, family.minimum),
        );
      }),
      { numRuns: 200 },
    );
  });

  it('drops an unpinned set even when the nearest class differs only in pinned sets', () => {
    // Units: 0 = five old members of a team, 1 = ten others, 2 = the team's one new member.
    // Pinned: org and team at the earlier epoch; new: org and team now. The new member's class differs
    // from the old members only in pinned sets; nothing mergeable is left, so its own sets go.
    const sets = [{ atoms: [0, 1] }, { atoms: [0] }, { atoms: [0, 1, 2] }, { atoms: [0, 2] }];
    const result = suppressSmallClasses([5, 10, 1], sets, 5, [true, true, false, false]);
    expect(result.kept).toEqual([true, true, false, false]);
  });

  it('refuses pinned sets that break the rule on their own', () => {
    const sets = [{ atoms: [0, 1] }, { atoms: [0] }, { atoms: [0, 1, 2] }];
    expect(() => suppressSmallClasses([5, 2, 4], sets, 5, [true, true, false])).toThrow(/pinned sets alone break/);
  });
});
