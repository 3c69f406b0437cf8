/**
 * Release plans: which candidate groups may show a figure. One plan per cycle for scores, one for
 * comments (with the comment minimum), and one per statement (on the valid answers to it). Every plan
 * derived from the cycle's plan releases a subset of it; a subset of a safe family stays safe, because
 * dropping sets only merges classes.
 *
 * The plan object itself carries group keys and reasons only. The counts it was built from stay in a
 * private table, so that serialising a plan into a response can never leak the size of a withheld group.
 */
import {
  atomIdentityOf,
  buildCandidateGroups,
  type CandidateGroup,
  normalizeAtoms,
  type ResolvedSettings,
  resolveSettings,
} from './groups.js';
import { suppressSmallClasses } from './suppression.js';
import type { AtomCount, AtomKey, Group, PrivacySettings, ReleasePlan, WithheldReason } from './types.js';

/** What a plan was computed from. Only this module and its siblings read it. */
export interface PlanBasis {
  readonly settings: ResolvedSettings;
  readonly atoms: readonly AtomKey[];
  /** The counts this plan enforces its minimum on: respondents, or valid answers for a statement plan. */
  readonly counts: readonly number[];
  /** Respondents per atom: the cycle's counts, which a statement's valid answers may not exceed. */
  readonly respondents: readonly number[];
  readonly candidates: readonly CandidateGroup[];
  readonly candidateByKey: ReadonlyMap<string, CandidateGroup>;
  readonly work: { readonly steps: number; readonly comparisons: number };
}

const bases = new WeakMap<ReleasePlan, PlanBasis>();

export function basisOf(plan: ReleasePlan): PlanBasis {
  const basis = bases.get(plan);
  if (!basis) throw new Error('not a plan made by this module: plans are computed in-process, never deserialised');
  return basis;
}

interface PlanInput {
  readonly settings: ResolvedSettings;
  readonly atoms: readonly AtomKey[];
  readonly counts: readonly number[];
  readonly respondents: readonly number[];
  readonly candidates: readonly CandidateGroup[];
  readonly minimum: number;
  /** Groups already withheld by the plan this one is derived from, with that plan's reason. */
  readonly inherited?: ReadonlyMap<string, WithheldReason>;
}

function computePlan(input: PlanInput): ReleasePlan {
  const { candidates, counts, minimum } = input;
  const withheld = new Map<string, WithheldReason>();
  const eligible: CandidateGroup[] = [];
  for (const candidate of candidates) {
    const inherited = input.inherited?.get(candidate.key);
    if (inherited) {
      withheld.set(candidate.key, inherited);
      continue;
    }
    const size = candidate.atoms.reduce((sum, atom) => sum + (counts[atom] ?? 0), 0);
    // Every group lies inside the organisation, so an organisation under the minimum releases nothing.
    if (size < minimum) withheld.set(candidate.key, 'below_minimum');
    else eligible.push(candidate);
  }
  const { kept, steps, comparisons } = suppressSmallClasses(counts, eligible, minimum);
  const released = new Set<string>();
  eligible.forEach((candidate, index) => {
    if (kept[index]) released.add(candidate.key);
    else withheld.set(candidate.key, 'complementary');
  });
  const plan: ReleasePlan = Object.freeze({
    minimum,
    groups: candidates.map(({ key, filter }): Group => ({ key, filter })),
    released,
    withheld,
  });
  bases.set(plan, {
    settings: input.settings,
    atoms: input.atoms,
    counts,
    respondents: input.respondents,
    candidates,
    candidateByKey: new Map(candidates.map((candidate) => [candidate.key, candidate])),
    work: { steps, comparisons },
  });
  return plan;
}

/** The cycle's plan for scores: every candidate with at least k respondents, minus complementary drops. */
export function planRelease(atomCounts: readonly AtomCount[], settings: PrivacySettings): ReleasePlan {
  const resolved = resolveSettings(settings);
  const { atoms, respondents } = normalizeAtoms(atomCounts);
  return computePlan({
    settings: resolved,
    atoms,
    counts: respondents,
    respondents,
    candidates: buildCandidateGroups(atoms, resolved),
    minimum: resolved.k,
  });
}

/**
 * The plan for comments: the same rule with the comment minimum, among the groups the cycle's plan
 * releases. Counted on respondents, not on comment writers: a comment hides its author among everyone
 * in its class who could have written it, and whether someone commented is not shown to anyone.
 */
export function planCommentRelease(cyclePlan: ReleasePlan): ReleasePlan {
  const basis = basisOf(cyclePlan);
  return computePlan({ ...basis, minimum: basis.settings.commentK, inherited: cyclePlan.withheld });
}

/**
 * The plan for one statement: "can't judge" and skipped answers shrink each group to those who answered,
 * so the rule is applied again on valid answers, among the groups the cycle's plan releases. Atoms absent
 * from `validAnswers` have none.
 */
export function planStatementRelease(cyclePlan: ReleasePlan, validAnswers: readonly AtomCount[]): ReleasePlan {
  const basis = basisOf(cyclePlan);
  const indexOfAtom = new Map(basis.atoms.map((atom, index) => [atomIdentityOf(atom), index]));
  const counts = basis.atoms.map(() => 0);
  for (const { atom, respondents } of validAnswers) {
    if (!Number.isInteger(respondents) || respondents < 0) throw new RangeError('valid answers must be a whole number ≥ 0');
    const index = indexOfAtom.get(atomIdentityOf(atom));
    if (index === undefined) throw new RangeError('valid answers for an atom without respondents');
    counts[index] = (counts[index] as number) + respondents;
    if ((counts[index] as number) > (basis.respondents[index] as number)) {
      throw new RangeError('more valid answers than respondents in an atom');
    }
  }
  return computePlan({ ...basis, counts, minimum: basis.settings.k, inherited: cyclePlan.withheld });
}

export function isReleased(plan: ReleasePlan, groupKey: string): boolean {
  return plan.released.has(groupKey);
}

/**
 * Groups whose figures may be compared across two cycles: those both cycles release. Each cycle has its
 * own responses and its own plan, and the class rule is a statement about one cycle's sums: no sum of one
 * cycle can be cancelled by a sum of another, because they add different answers. A difference between
 * cycles mixes the change of every member with the answers of whoever joined or left; it is not one
 * person's answer. A comparison shows nothing for a group that either cycle withholds, so it releases no
 * set beyond what each cycle releases on its own.
 */
export function comparableGroups(planA: ReleasePlan, planB: ReleasePlan): string[] {
  return [...planA.released].filter((key) => planB.released.has(key)).sort();
}

/** The steps and comparisons the planning took: for tests that bound the work without timing it. */
export function planWork(plan: ReleasePlan): { readonly steps: number; readonly comparisons: number } {
  return basisOf(plan).work;
}
