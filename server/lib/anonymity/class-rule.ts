/**
 * The guarantee of anonymity.md as a check: group respondents by the pattern of released sets they belong
 * to; every class must be empty or hold at least k. Written independently of the planning (a plain scan
 * of atoms × sets), so that tests and the route enumeration can use it as the referee.
 */
import { atomMatches, groupKeyOf } from './groups.js';
import type { AtomCount, AtomKey, GroupFilter, ReleasePlan } from './types.js';

export interface ClassRuleViolation {
  /** Keys of the released sets every member of the class belongs to. */
  readonly memberOf: readonly string[];
  readonly respondents: number;
  readonly atoms: readonly AtomKey[];
}

/**
 * Respondents in no released set form no figure and are not checked. Identical filters count once.
 * Counts in the result are for tests and logs, never for users.
 */
export function verifyClassRule(
  atoms: readonly AtomCount[],
  releasedSets: readonly GroupFilter[],
  k: number,
): ClassRuleViolation[] {
  const sets = [...new Map(releasedSets.map((filter) => [groupKeyOf(filter), filter])).entries()];
  const classes = new Map<string, { memberOf: string[]; respondents: number; atoms: AtomKey[] }>();
  for (const { atom, respondents } of atoms) {
    if (respondents === 0) continue;
    const memberOf = sets.filter(([, filter]) => atomMatches(atom, filter)).map(([key]) => key);
    if (memberOf.length === 0) continue;
    const pattern = JSON.stringify(memberOf);
    const found = classes.get(pattern);
    if (found) {
      found.respondents += respondents;
      found.atoms.push(atom);
    } else classes.set(pattern, { memberOf, respondents, atoms: [atom] });
  }
  return [...classes.values()].filter((group) => group.respondents < k);
}

/** The filters of the groups a plan releases, for feeding `verifyClassRule`. */
export function releasedFilters(plan: ReleasePlan): GroupFilter[] {
  return plan.groups.filter((group) => plan.released.has(group.key)).map((group) => group.filter);
}
