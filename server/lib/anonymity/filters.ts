/**
 * Dashboard filters. A filter is allowed only when its group is in the plan. On top of that comes the
 * explicit differencing guard of DESIGN.md: a filter whose population differs from a released parent,
 * or from a released sibling, by fewer than the minimum is refused. With a plan built by the class rule
 * the guard never fires (any difference of released sets is a union of classes), but it is checked on
 * its own so that a flaw in the planning cannot silently open a differencing attack.
 */
import { type CandidateGroup, groupKeyOf, isOfferedShape } from './groups.js';
import { basisOf } from './plan.js';
import type { GroupFilter, ReleasePlan, WithheldReason } from './types.js';

export type FilterRefusal =
  /** The product offers no filter of this shape (an attribute or combination not allowed). */
  | 'not_offered'
  /** The group shows "not enough answers". */
  | WithheldReason
  /** A released group containing this one has fewer than the minimum respondents more. */
  | 'differs_from_parent'
  /** A released group inside, or overlapping, this one differs from it by fewer than the minimum. */
  | 'differs_from_sibling';

export type FilterCheck =
  | { readonly allowed: true; readonly groupKey: string }
  | { readonly allowed: false; readonly groupKey: string; readonly reason: FilterRefusal };

export function checkFilter(plan: ReleasePlan, filter: GroupFilter): FilterCheck {
  const basis = basisOf(plan);
  const groupKey = groupKeyOf(filter);
  if (!isOfferedShape(basis.settings, filter)) return { allowed: false, groupKey, reason: 'not_offered' };
  // A value no atom has reads like a group without answers: telling the two apart would leak a count.
  if (!plan.released.has(groupKey)) return { allowed: false, groupKey, reason: plan.withheld.get(groupKey) ?? 'below_minimum' };
  const refusal = findIndexedDifferencingRefusal(plan, basis.candidateByKey.get(groupKey) as CandidateGroup);
  return refusal ? { allowed: false, groupKey, reason: refusal } : { allowed: true, groupKey };
}

interface ReleasedIndex {
  readonly released: readonly CandidateGroup[];
  /** Respondents (or valid answers) in each released group, by position in `released`. */
  readonly sizes: Float64Array;
  /** For each atom, the positions of the released groups that contain it. */
  readonly releasedByAtom: readonly (readonly number[])[];
}

const releasedIndexes = new WeakMap<ReleasePlan, ReleasedIndex>();

function releasedIndexOf(plan: ReleasePlan): ReleasedIndex {
  let index = releasedIndexes.get(plan);
  if (index) return index;
  const { candidates, counts, atoms } = basisOf(plan);
  const released = candidates.filter((candidate) => plan.released.has(candidate.key));
  const sizes = new Float64Array(released.length);
  const releasedByAtom: number[][] = atoms.map(() => []);
  released.forEach((candidate, position) => {
    for (const atom of candidate.atoms) {
      sizes[position] = (sizes[position] as number) + (counts[atom] ?? 0);
      releasedByAtom[atom]?.push(position);
    }
  });
  index = { released, sizes, releasedByAtom };
  releasedIndexes.set(plan, index);
  return index;
}

/**
 * The same verdict as findDifferencingRefusal over the plan's released groups, without walking every
 * released group's atoms on each call: a heatmap checks one filter per team, and the plain scan made
 * that quadratic in the number of groups. The overlaps come from the groups containing the target's
 * atoms (at most ten per atom); every other released group overlaps it in nobody.
 */
function findIndexedDifferencingRefusal(
  plan: ReleasePlan,
  target: CandidateGroup,
): 'differs_from_parent' | 'differs_from_sibling' | undefined {
  const { counts } = basisOf(plan);
  const { released, sizes, releasedByAtom } = releasedIndexOf(plan);
  const shared = new Float64Array(released.length);
  const targetSize = target.atoms.reduce((sum, atom) => sum + (counts[atom] ?? 0), 0);
  for (const atom of new Set(target.atoms)) {
    const count = counts[atom] ?? 0;
    for (const position of releasedByAtom[atom] ?? []) shared[position] = (shared[position] as number) + count;
  }
  const isThin = (difference: number) => difference > 0 && difference < plan.minimum;
  let refusal: 'differs_from_parent' | 'differs_from_sibling' | undefined;
  for (let position = 0; position < released.length; position++) {
    if ((released[position] as CandidateGroup).key === target.key) continue;
    const overlap = shared[position] as number;
    const onlyInTarget = targetSize - overlap;
    const onlyInOther = (sizes[position] as number) - overlap;
    if (onlyInTarget === 0 && isThin(onlyInOther)) return 'differs_from_parent';
    if (isThin(onlyInTarget) || isThin(onlyInOther)) refusal = 'differs_from_sibling';
  }
  return refusal;
}

/**
 * The differencing guard on its own: compares the target's population with every other released group.
 * Exported for tests, which feed it released families that no plan would produce.
 */
export function findDifferencingRefusal(
  target: CandidateGroup,
  released: readonly CandidateGroup[],
  counts: readonly number[],
  minimum: number,
): 'differs_from_parent' | 'differs_from_sibling' | undefined {
  const inTarget = new Set(target.atoms);
  const sizeOf = (atoms: readonly number[]) => atoms.reduce((sum, atom) => sum + (counts[atom] ?? 0), 0);
  const targetSize = sizeOf(target.atoms);
  const isThin = (difference: number) => difference > 0 && difference < minimum;
  let refusal: 'differs_from_parent' | 'differs_from_sibling' | undefined;
  for (const other of released) {
    if (other.key === target.key) continue;
    let shared = 0;
    for (const atom of other.atoms) if (inTarget.has(atom)) shared += counts[atom] ?? 0;
    const onlyInTarget = targetSize - shared;
    const onlyInOther = sizeOf(other.atoms) - shared;
    if (onlyInTarget === 0 && isThin(onlyInOther)) return 'differs_from_parent';
    if (isThin(onlyInTarget) || isThin(onlyInOther)) refusal = 'differs_from_sibling';
  }
  return refusal;
}
