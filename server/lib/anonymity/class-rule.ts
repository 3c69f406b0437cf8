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

/** A released set with release epochs: the respondents matching `filter` first counted at epochs ≤ `epoch`. */
export interface ReleasedEpochSet {
  readonly filter: GroupFilter;
  readonly epoch: number;
}

export interface EpochClassRuleViolation {
  /** The released sets every member of the class belongs to, as `key@epoch`. */
  readonly memberOf: readonly string[];
  readonly respondents: number;
  readonly units: readonly { readonly atom: AtomKey; readonly epoch: number }[];
}

/**
 * The class rule over everything released at any epoch (decision 0013): the units are atom × epoch of
 * first counting, and a set (filter, epoch) holds the units that match the filter with an epoch up to its
 * own. Like `verifyClassRule`, a plain scan of units × sets that shares nothing with the planning.
 */
export function verifyEpochClassRule(
  units: readonly { readonly atom: AtomKey; readonly epoch: number; readonly respondents: number }[],
  releasedSets: readonly ReleasedEpochSet[],
  k: number,
): EpochClassRuleViolation[] {
  const sets = [...new Map(releasedSets.map((set) => [`${groupKeyOf(set.filter)}@${set.epoch}`, set])).entries()];
  const classes = new Map<string, { memberOf: string[]; respondents: number; units: { atom: AtomKey; epoch: number }[] }>();
  for (const { atom, epoch, respondents } of units) {
    if (respondents === 0) continue;
    const memberOf = sets.filter(([, set]) => epoch <= set.epoch && atomMatches(atom, set.filter)).map(([key]) => key);
    if (memberOf.length === 0) continue;
    const pattern = JSON.stringify(memberOf);
    const found = classes.get(pattern);
    if (found) {
      found.respondents += respondents;
      found.units.push({ atom, epoch });
    } else classes.set(pattern, { memberOf, respondents, units: [{ atom, epoch }] });
  }
  return [...classes.values()].filter((group) => group.respondents < k);
}
