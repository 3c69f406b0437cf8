/**
 * Release epochs (decision 0013): the plan of an open cycle, safe when it is read again after more answers
 * arrive.
 *
 * Each response carries the epoch in which it was first counted. The figure of group G released at epoch e
 * covers the respondents of G counted in epochs ≤ e: a released set is (group, epoch), and the units of the
 * class rule are atom × epoch. Sets released at earlier epochs have been seen; they are pinned, and only
 * the sets of the epoch being planned may be dropped. Keeping only the pinned sets is always safe (they
 * contain no new respondent), so the planning always ends with the rule holding on the union of every set
 * released at any epoch (see suppression.ts for the argument).
 *
 * Use, per cycle:
 * 1. A read that finds answers not yet counted opens epoch e (the next number), stamps them with e, and
 *    calls `planEpochRelease` with the units (atom × epoch counts of everyone counted so far, epochs ≤ e),
 *    the cycle's settings and every set released before e (`pinned`). A read without new answers opens no
 *    epoch and uses the plan of the latest one.
 * 2. Persist `newlyReleased`: from the next epoch on, those sets are pinned too. Replanning the same epoch
 *    with the same pinned sets (epochs < e) gives the same plan, so the plan may be cached or recomputed.
 * 3. Each group shows the figure of the epoch `releases.get(key).releasedAt`: the current one, an earlier
 *    one ("includes answers up to <date of that epoch>"), or "not enough answers" (null).
 * 4. Comments and statements have plans of their own, derived from the cycle's plan of the same epoch,
 *    each with its own pinned sets (the sets that plan released at earlier epochs): see
 *    `planEpochCommentRelease` and `planEpochStatementRelease`.
 *
 * What moves on. A group whose set at this epoch is dropped keeps showing its latest pinned epoch. Its
 * figure can move on only with at least k new answers of its own (else the two figures differ by fewer
 * than k), and only where the new answers do not single anyone out against everything shown before. One
 * sufficient condition, checked by the property test: if the organisation was shown at the previous epoch
 * and each atom gains nobody or at least k new answers (and someone gains), every group shown at the
 * previous epoch moves on. (Every class of new answers is then a union of whole atoms of at least k, and
 * the old respondents are split by no set shown before: the planning has nothing to drop among them.)
 *
 * The privacy settings of an open cycle must not change: its pinned sets were planned with them. A group
 * no longer offered still constrains the plan (it was seen); a raised minimum the pinned sets do not meet
 * is refused with an error.
 *
 * Cost. The pinned sets act on the new planning only through the classes they form, so they are passed
 * to the planning loop as one pinned set per pinned class (the same partition of units, and the loop
 * compares only classes with the same pinned part): each unit lies in at most one pinned set and the
 * candidates of the current epoch, and the loop works as on a plan without epochs over u units instead of
 * n atoms, u ≤ n × epochs (only units with respondents count). New sets that no safe plan could hold are
 * left out before the loop (see computeEpochPlan), so with reads after every few answers the loop has
 * little to do: for 30 epochs of 200 atoms (3,590 units) it takes at most 64 steps and 1,258 pattern
 * comparisons per epoch (epochs.test.ts).
 *
 * Like plan.ts, the plan object carries group keys, epochs and reasons only; counts stay in a private table.
 */

import type { FilterCheck } from './filters.js';
import {
  atomIdentityOf,
  atomMatches,
  buildCandidateGroups,
  type CandidateGroup,
  groupKeyOf,
  isOfferedShape,
  normalizeAtoms,
  ORG_KEY,
  type ResolvedSettings,
  resolveSettings,
} from './groups.js';
import { suppressSmallClasses } from './suppression.js';
import {
  ATTRIBUTES,
  type AtomCount,
  type AtomKey,
  type Attribute,
  type Group,
  type GroupFilter,
  type PrivacySettings,
  type WithheldReason,
} from './types.js';

/** Respondents of one atom first counted in one epoch (or, for a statement, their valid answers). */
export interface EpochUnit {
  readonly atom: AtomKey;
  /** A whole number ≥ 0; epochs of a cycle are numbered upwards. */
  readonly epoch: number;
  readonly respondents: number;
}

/** A released set: the respondents of the group counted in epochs ≤ `epoch`. What is persisted and pinned. */
export interface EpochSet {
  readonly groupKey: string;
  readonly epoch: number;
}

/** What one group shows. Neither form carries a count. */
export type EpochGroupRelease =
  /** The figure over the group's respondents counted up to this epoch: the current one or an earlier one. */
  | { readonly releasedAt: number }
  /** "Not enough answers": never released in this cycle (for this plan). */
  | { readonly releasedAt: null; readonly reason: WithheldReason };

export interface EpochReleasePlan {
  /** The epoch planned. */
  readonly epoch: number;
  /** The minimum this plan enforces (k, or commentK for a comment plan). */
  readonly minimum: number;
  /** Every candidate group, sorted by key: the same candidates `planRelease` builds from the same atoms. */
  readonly groups: readonly Group[];
  /** One entry per candidate group. */
  readonly releases: ReadonlyMap<string, EpochGroupRelease>;
  /**
   * The sets released at this epoch, sorted by key: every group whose `releasedAt` is this epoch. Persist
   * them and pass them as pinned when planning later epochs (of this plan: a comment plan pins the
   * comment sets, a statement plan that statement's sets).
   */
  readonly newlyReleased: readonly EpochSet[];
}

export interface EpochPlanInput {
  /** Everyone counted so far, by atom and epoch of first counting; epochs ≤ `epoch`. */
  readonly units: readonly EpochUnit[];
  readonly settings: PrivacySettings;
  /** The epoch being planned. */
  readonly epoch: number;
  /** Every set this cycle's plan released at an earlier epoch (epochs < `epoch`). */
  readonly pinned: readonly EpochSet[];
  /**
   * The atoms of everyone invited, so that the list of candidates says nothing about who answered (as
   * with the zero counts passed to `planRelease`).
   */
  readonly invitedAtoms?: readonly AtomKey[];
}

/** Steps and comparisons of the planning loop, and the size of its input: for tests that bound the work. */
export interface EpochPlanWork {
  readonly steps: number;
  readonly comparisons: number;
  /** Units with respondents (atom × epoch). */
  readonly units: number;
  /** Sets given to the planning loop: the candidates of this epoch and one per pinned class. */
  readonly sets: number;
}

/** What a plan was computed from. Only this module reads it. */
interface EpochPlanBasis {
  readonly settings: ResolvedSettings;
  readonly epoch: number;
  readonly atoms: readonly AtomKey[];
  readonly candidates: readonly CandidateGroup[];
  /** Units with respondents, sorted by atom and epoch. */
  readonly units: readonly { readonly atom: number; readonly epoch: number }[];
  /** Respondents per unit. */
  readonly respondents: readonly number[];
  readonly work: EpochPlanWork;
}

const bases = new WeakMap<EpochReleasePlan, EpochPlanBasis>();

function basisOf(plan: EpochReleasePlan): EpochPlanBasis {
  const basis = bases.get(plan);
  if (!basis) throw new Error('not a plan made by this module: plans are computed in-process, never deserialised');
  return basis;
}

function checkEpoch(epoch: number, what: string): void {
  if (!Number.isInteger(epoch) || epoch < 0) throw new RangeError(`${what} must be a whole number ≥ 0`);
}

/**
 * The cycle's plan for scores at `epoch`: every candidate group whose set at this epoch has at least k
 * respondents, minus the complementary drops, with every earlier release kept.
 *
 * Without pinned sets and with someone counted at this epoch it releases exactly what `planRelease`
 * releases on the same respondents, with the same reasons. An epoch at which nobody was first counted
 * releases nothing new: it would weigh the same respondents as the epoch before again (the design opens
 * no such epoch), and a plan must not change without new answers.
 */
export function planEpochRelease(input: EpochPlanInput): EpochReleasePlan {
  const settings = resolveSettings(input.settings);
  checkEpoch(input.epoch, 'the epoch');
  const atomCounts: AtomCount[] = input.units.map(({ atom, respondents }) => ({ atom, respondents }));
  for (const atom of input.invitedAtoms ?? []) atomCounts.push({ atom, respondents: 0 });
  const { atoms } = normalizeAtoms(atomCounts);
  const indexOfAtom = new Map(atoms.map((atom, index) => [atomIdentityOf(atom), index]));

  const byUnit = new Map<string, { atom: number; epoch: number; respondents: number }>();
  for (const { atom, epoch, respondents } of input.units) {
    checkEpoch(epoch, 'a unit’s epoch');
    if (epoch > input.epoch) throw new RangeError('a unit counted after the epoch being planned');
    if (respondents === 0) continue;
    const index = indexOfAtom.get(atomIdentityOf(atom)) as number;
    const key = `${index}@${epoch}`;
    const unit = byUnit.get(key);
    if (unit) unit.respondents += respondents;
    else byUnit.set(key, { atom: index, epoch, respondents });
  }
  const units = [...byUnit.values()].sort((a, b) => a.atom - b.atom || a.epoch - b.epoch);
  const respondents = units.map((unit) => unit.respondents);
  const candidates = buildCandidateGroups(atoms, settings);
  const shared = {
    settings,
    epoch: input.epoch,
    atoms,
    candidates,
    units: units.map(({ atom, epoch }) => ({ atom, epoch })),
    respondents,
  };
  return computeEpochPlan({
    ...shared,
    counts: respondents,
    minimum: settings.k,
    pinned: input.pinned,
    newRespondents: units.some((unit) => unit.epoch === input.epoch),
  });
}

/**
 * The comment plan at the cycle plan's epoch: the same rule with the comment minimum, among the sets the
 * cycle's plan released at this epoch; `pinned` are the comment sets released at earlier epochs. A group
 * whose comment set is dropped keeps showing the comments of its latest comment epoch.
 */
export function planEpochCommentRelease(cyclePlan: EpochReleasePlan, pinned: readonly EpochSet[]): EpochReleasePlan {
  const basis = basisOf(cyclePlan);
  return computeDerivedPlan(cyclePlan, basis, basis.respondents, basis.settings.commentK, pinned);
}

/**
 * The plan for one statement at the cycle plan's epoch, on valid answers per atom × epoch (units absent
 * have none), among the sets the cycle's plan released at this epoch; `pinned` are this statement's sets
 * released at earlier epochs.
 */
export function planEpochStatementRelease(
  cyclePlan: EpochReleasePlan,
  validAnswers: readonly EpochUnit[],
  pinned: readonly EpochSet[],
): EpochReleasePlan {
  const basis = basisOf(cyclePlan);
  const indexOfUnit = new Map(
    basis.units.map((unit, index) => [`${atomIdentityOf(basis.atoms[unit.atom] as AtomKey)}@${unit.epoch}`, index]),
  );
  const counts = basis.units.map(() => 0);
  for (const { atom, epoch, respondents } of validAnswers) {
    if (!Number.isInteger(respondents) || respondents < 0) throw new RangeError('valid answers must be a whole number ≥ 0');
    if (respondents === 0) continue;
    const index = indexOfUnit.get(`${atomIdentityOf(atom)}@${epoch}`);
    if (index === undefined) throw new RangeError('valid answers for a unit without respondents');
    counts[index] = (counts[index] as number) + respondents;
    if ((counts[index] as number) > (basis.respondents[index] as number)) {
      throw new RangeError('more valid answers than respondents in a unit');
    }
  }
  return computeDerivedPlan(cyclePlan, basis, counts, basis.settings.k, pinned);
}

function computeDerivedPlan(
  cyclePlan: EpochReleasePlan,
  basis: EpochPlanBasis,
  counts: readonly number[],
  minimum: number,
  pinned: readonly EpochSet[],
): EpochReleasePlan {
  // A derived plan releases a subset of the cycle's sets at this epoch; a group the cycle withholds
  // altogether keeps the cycle's reason.
  const eligible = new Set(cyclePlan.newlyReleased.map((set) => set.groupKey));
  const inherited = new Map<string, WithheldReason>();
  for (const [key, release] of cyclePlan.releases) if (release.releasedAt === null) inherited.set(key, release.reason);
  return computeEpochPlan({ ...basis, counts, minimum, pinned, newRespondents: eligible.size > 0, eligible, inherited });
}

/** The epoch whose figure a group shows, or null for "not enough answers" (also for unknown keys). */
export function releasedAtOf(plan: EpochReleasePlan, groupKey: string): number | null {
  return plan.releases.get(groupKey)?.releasedAt ?? null;
}

/** The set behind every figure the plan shows: for each released group, its key and the epoch shown. */
export function shownSets(plan: EpochReleasePlan): EpochSet[] {
  const shown: EpochSet[] = [];
  for (const group of plan.groups) {
    const epoch = releasedAtOf(plan, group.key);
    if (epoch !== null) shown.push({ groupKey: group.key, epoch });
  }
  return shown;
}

/**
 * Whether a dashboard filter may show anything on an epoch plan: its shape is offered and its group is
 * released at some epoch (the current one or an earlier one). The differencing guard of `checkFilter`
 * compares sizes at one moment; with epochs the class rule over every set released at any epoch is what
 * the planner enforces, so a filter is exactly as safe as the group's release.
 */
export function checkEpochFilter(plan: EpochReleasePlan, filter: GroupFilter): FilterCheck {
  const groupKey = groupKeyOf(filter);
  if (!isOfferedShape(basisOf(plan).settings, filter)) return { allowed: false, groupKey, reason: 'not_offered' };
  const release = plan.releases.get(groupKey);
  // A value no atom has reads like a group without answers: telling the two apart would leak a count.
  if (!release) return { allowed: false, groupKey, reason: 'below_minimum' };
  if (release.releasedAt === null) return { allowed: false, groupKey, reason: release.reason };
  return { allowed: true, groupKey };
}

export function epochPlanWork(plan: EpochReleasePlan): EpochPlanWork {
  return basisOf(plan).work;
}

interface EpochPlanComputation {
  readonly settings: ResolvedSettings;
  readonly epoch: number;
  readonly atoms: readonly AtomKey[];
  readonly candidates: readonly CandidateGroup[];
  readonly units: readonly { readonly atom: number; readonly epoch: number }[];
  readonly respondents: readonly number[];
  /** Per unit: respondents, or valid answers for a statement plan. */
  readonly counts: readonly number[];
  readonly minimum: number;
  readonly pinned: readonly EpochSet[];
  /** Whether anyone was first counted at this epoch (for a derived plan: whether the cycle released any set). */
  readonly newRespondents: boolean;
  /** Derived plans: the groups whose set at this epoch may be released at all. */
  readonly eligible?: ReadonlySet<string>;
  readonly inherited?: ReadonlyMap<string, WithheldReason>;
}

function computeEpochPlan(input: EpochPlanComputation): EpochReleasePlan {
  const { atoms, candidates, units, counts, minimum, epoch } = input;
  const unitsOfAtom: number[][] = atoms.map(() => []);
  units.forEach((unit, index) => {
    if ((counts[index] as number) > 0) unitsOfAtom[unit.atom]?.push(index);
  });

  // Pinned epochs by group, ascending and without repeats.
  const candidateByKey = new Map(candidates.map((candidate) => [candidate.key, candidate]));
  const pinnedEpochs = new Map<string, number[]>();
  for (const { groupKey, epoch: pinnedEpoch } of input.pinned) {
    checkEpoch(pinnedEpoch, 'a pinned epoch');
    if (pinnedEpoch >= epoch) throw new RangeError('a pinned set must come from an earlier epoch than the one planned');
    const epochs = pinnedEpochs.get(groupKey);
    if (epochs) epochs.push(pinnedEpoch);
    else pinnedEpochs.set(groupKey, [pinnedEpoch]);
  }
  for (const epochs of pinnedEpochs.values()) {
    epochs.sort((a, b) => a - b);
    for (let i = epochs.length - 1; i > 0; i--) if (epochs[i] === epochs[i - 1]) epochs.splice(i, 1);
  }

  // The pinned family, as its classes. A unit (atom a, epoch t) lies in the pinned sets (G, e') with G ∋ a
  // and e' ≥ t; for one group those are the last c of its pinned epochs, so (G, c) over the pinned groups
  // containing a names the unit's pinned pattern.
  const pinnedGroups = [...pinnedEpochs.entries()].map(([groupKey, epochs]) => ({
    epochs,
    atoms: candidateByKey.get(groupKey)?.atoms ?? atomsOfGroupKey(atoms, groupKey),
  }));
  const pinnedGroupsOfAtom: number[][] = atoms.map(() => []);
  pinnedGroups.forEach((group, index) => {
    for (const atom of group.atoms) pinnedGroupsOfAtom[atom]?.push(index);
  });
  const pinnedClassOfKey = new Map<string, number[]>();
  units.forEach((unit, index) => {
    if ((counts[index] as number) === 0) return;
    const parts: string[] = [];
    for (const group of pinnedGroupsOfAtom[unit.atom] ?? []) {
      const epochs = (pinnedGroups[group] as { epochs: number[] }).epochs;
      let containing = 0;
      for (let i = epochs.length - 1; i >= 0 && (epochs[i] as number) >= unit.epoch; i--) containing += 1;
      if (containing > 0) parts.push(`${group}:${containing}`);
    }
    if (parts.length === 0) return;
    const key = parts.join('|');
    const members = pinnedClassOfKey.get(key);
    if (members) members.push(index);
    else pinnedClassOfKey.set(key, [index]);
  });
  const pinnedClasses = [...pinnedClassOfKey.values()];
  // Per unit: its pinned class, or -1 for a unit in no pinned set.
  const pinnedClassOfUnit = units.map(() => -1);
  const pinnedClassSizes = pinnedClasses.map((members, pinnedClass) => {
    for (const unit of members) pinnedClassOfUnit[unit] = pinnedClass;
    return members.reduce((sum, unit) => sum + (counts[unit] as number), 0);
  });
  for (const size of pinnedClassSizes) {
    if (size < minimum) {
      throw new RangeError(
        'the sets released at earlier epochs break the class rule for this minimum: settings of an open cycle must not change',
      );
    }
  }

  // The new sets: candidates with at least the minimum at this epoch, left out before the planning loop
  // where no safe plan could hold them (the loop would only drop them later, a step each, and with reads
  // after every few answers most candidates are in this case). If (G, e) were released, every difference
  // of released sets it makes would be a union of classes, so each would be 0 or at least the minimum:
  // - (G, e) minus its latest pinned set (G, p): the group's respondents counted after p. If that is
  //   nobody, (G, e) holds exactly what was seen and is kept outright;
  // - a pinned class C split by G: C ∩ G and C minus G (C is a class of the pinned sets, all kept);
  // - G's respondents in no pinned set (all of them in a class whose pattern holds (G, e)).
  const sizeOf = (candidate: CandidateGroup, after: number) => {
    let size = 0;
    for (const atom of candidate.atoms) {
      for (const unit of unitsOfAtom[atom] ?? []) {
        if ((units[unit] as { epoch: number }).epoch > after) size += counts[unit] as number;
      }
    }
    return size;
  };
  const splitsBelowMinimum = (candidate: CandidateGroup) => {
    const inside = new Map<number, number>();
    for (const atom of candidate.atoms) {
      for (const unit of unitsOfAtom[atom] ?? []) {
        const pinnedClass = pinnedClassOfUnit[unit] as number;
        inside.set(pinnedClass, (inside.get(pinnedClass) ?? 0) + (counts[unit] as number));
      }
    }
    for (const [pinnedClass, size] of inside) {
      if (size < minimum) return true;
      const outside = pinnedClass < 0 ? 0 : (pinnedClassSizes[pinnedClass] as number) - size;
      if (outside > 0 && outside < minimum) return true;
    }
    return false;
  };
  const sizes = new Map<string, number>();
  const keptOutright = new Set<string>();
  const newSets: CandidateGroup[] = [];
  for (const candidate of candidates) {
    const size = sizeOf(candidate, Number.NEGATIVE_INFINITY);
    sizes.set(candidate.key, size);
    if (!input.newRespondents || size < minimum) continue;
    if (input.eligible && !input.eligible.has(candidate.key)) continue;
    const latestPinned = pinnedEpochs.get(candidate.key)?.at(-1);
    const growth = latestPinned === undefined ? size : sizeOf(candidate, latestPinned);
    if (growth === 0) keptOutright.add(candidate.key);
    else if (growth >= minimum && !splitsBelowMinimum(candidate)) newSets.push(candidate);
  }

  // The planning loop runs on units with a count (indices into `positive`), new sets first in key order.
  const positive: number[] = [];
  const positionOfUnit = new Map<number, number>();
  counts.forEach((count, unit) => {
    if (count > 0) {
      positionOfUnit.set(unit, positive.length);
      positive.push(unit);
    }
  });
  const position = (unit: number) => positionOfUnit.get(unit) as number;
  const sets = [
    ...newSets.map((candidate) => ({ atoms: candidate.atoms.flatMap((atom) => (unitsOfAtom[atom] ?? []).map(position)) })),
    ...pinnedClasses.map((members) => ({ atoms: members.map(position) })),
  ];
  const pinned = pinnedClasses.length > 0 ? sets.map((_, id) => id >= newSets.length) : undefined;
  const { kept, steps, comparisons } = suppressSmallClasses(
    positive.map((unit) => counts[unit] as number),
    sets,
    minimum,
    pinned,
  );
  const keptNow = new Set(keptOutright);
  newSets.forEach((candidate, id) => {
    if (kept[id]) keptNow.add(candidate.key);
  });

  const releases = new Map<string, EpochGroupRelease>();
  const newlyReleased: EpochSet[] = [];
  for (const candidate of candidates) {
    const { key } = candidate;
    if (keptNow.has(key)) {
      releases.set(key, { releasedAt: epoch });
      newlyReleased.push({ groupKey: key, epoch });
      continue;
    }
    const latestPinned = pinnedEpochs.get(key)?.at(-1);
    if (latestPinned !== undefined) {
      releases.set(key, { releasedAt: latestPinned });
      continue;
    }
    const inherited = input.inherited?.get(key);
    const reason: WithheldReason = inherited ?? ((sizes.get(key) as number) < minimum ? 'below_minimum' : 'complementary');
    releases.set(key, { releasedAt: null, reason });
  }

  const plan: EpochReleasePlan = Object.freeze({
    epoch,
    minimum,
    groups: candidates.map(({ key, filter }): Group => ({ key, filter })),
    releases,
    newlyReleased,
  });
  bases.set(plan, {
    settings: input.settings,
    epoch,
    atoms,
    candidates,
    units,
    respondents: input.respondents,
    work: { steps, comparisons, units: positive.length, sets: sets.length },
  });
  return plan;
}

/**
 * The atoms of a pinned group that is no longer a candidate (the settings changed): it was seen, so it
 * still constrains the plan. Keys are parsed back into filters; groupKeyOf escapes `%`, `&` and `=`.
 */
function atomsOfGroupKey(atoms: readonly AtomKey[], groupKey: string): number[] {
  const filter = filterOfGroupKey(groupKey);
  const covered: number[] = [];
  atoms.forEach((atom, index) => {
    if (atomMatches(atom, filter)) covered.push(index);
  });
  return covered;
}

function filterOfGroupKey(groupKey: string): GroupFilter {
  if (groupKey === ORG_KEY) return {};
  const filter: Partial<Record<Attribute, string>> = {};
  for (const part of groupKey.split('&')) {
    const separator = part.indexOf('=');
    const attribute = part.slice(0, separator) as Attribute;
    if (separator < 0 || !ATTRIBUTES.includes(attribute)) throw new RangeError(`not a group key: ${groupKey}`);
    filter[attribute] = part.slice(separator + 1).replace(/%(25|26|3D)/g, (escaped) => decodeURIComponent(escaped));
  }
  if (groupKeyOf(filter) !== groupKey) throw new RangeError(`not a group key: ${groupKey}`);
  return filter;
}
