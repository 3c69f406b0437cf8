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
  const released = basis.candidates.filter((candidate) => plan.released.has(candidate.key));
  const refusal = findDifferencingRefusal(
    basis.candidateByKey.get(groupKey) as CandidateGroup,
    released,
    basis.counts,
    plan.minimum,
  );
  return refusal ? { allowed: false, groupKey, reason: refusal } : { allowed: true, groupKey };
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
