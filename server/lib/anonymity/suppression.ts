/**
 * The class rule, enforced. Respondents are grouped by the pattern of planned sets they belong to; while
 * some class is non-empty and smaller than the minimum, one planned set that separates it is dropped.
 *
 * "Separates" is made precise like this: a set separates two classes when exactly one of them lies in it.
 * For the smallest small class we look at its nearest classes (fewest separating sets; usually one, as
 * when a hidden team's respondents differ from a visible sibling team only by that team's set) and drop
 * the smallest set that separates it from one of them (ties by key). Dropping the smallest set withholds
 * the least; looking at the nearest classes drops only sets that bring the small class closer to merging.
 * Every step drops a set, so the loop ends; it ends only when the rule holds. A set that contains every
 * respondent (the organisation) separates nothing and is never dropped.
 *
 * Cost, with n atoms, c ≤ n classes, m planned sets and L ≤ 10 sets per atom: building the classes is
 * O(n·L); there are at most m steps. A step takes the smallest small class from a heap (O(log c)
 * amortised), finds its nearest classes in the class lists of its own sets (see separatingSets: usually
 * a few dozen classes, all c only when the nearest share none of its sets), and moves each class of the
 * dropped set once (O(L) each). Worst case O(m·c·L); for 5,000 atoms and 2,346 candidates the plan
 * takes about 2,000 steps and 114,000 pattern comparisons, where a scan of all classes per step would
 * take about 4.5 million.
 *
 * Pinned sets (release epochs, decision 0013). A set released at an earlier epoch has been seen and
 * cannot be taken back: `pinned[i] === true` keeps set i whatever happens, and only unpinned sets are
 * dropped. Precondition: the pinned sets alone satisfy the rule (every class of the units they cover,
 * by pattern over pinned sets only, reaches the minimum). Two classes can only ever merge if their
 * patterns agree on every pinned set, so the nearest classes are looked for among those with the same
 * pinned part ("mergeable" classes), and the distance to them counts unpinned sets only. Without pinned
 * sets every class is mergeable with every other and the loop is exactly the one described above.
 *
 * Why a step always finds an unpinned set to drop, for a small class T with pinned part Q:
 * - Q is not empty. The units whose pinned part is Q form a class of the pinned family, which reaches
 *   the minimum by the precondition; T is smaller, so another class T' with pinned part Q exists. T and
 *   T' differ, and only in unpinned sets: each of those separates them.
 * - Q is empty. Then every set of T's pattern is unpinned (and there is at least one, or T would not
 *   count as small); if no mergeable class exists, dropping one of T's own sets moves T towards the
 *   units in no set, which are never released.
 * Every step drops a kept unpinned set, so there are at most as many steps as unpinned sets, and the
 * loop stops only when no small class is left: it ends, with the rule satisfied and every pinned set
 * kept. If the precondition fails, some class of pinned part Q stays small whatever is dropped; the
 * loop then finds it alone among its mergeable classes and throws instead of releasing it.
 */

import { createMinHeap } from './min-heap.js';

export interface CoveredSet {
  /** Indices of the atoms the set covers. */
  readonly atoms: readonly number[];
}

export interface SuppressionResult {
  /** For each set, whether it survived. */
  readonly kept: readonly boolean[];
  /** Steps taken (sets dropped) and pattern comparisons made: for tests that bound the work. */
  readonly steps: number;
  readonly comparisons: number;
}

interface RespondentClass {
  readonly key: string;
  /** Ids of the planned sets every member belongs to, ascending. */
  readonly pattern: readonly number[];
  /** The pinned ids of the pattern: only classes that agree on them can merge. Empty without pins. */
  readonly pinnedKey: string;
  /** Respondents in the class. Classes only ever grow: dropping a set merges them. */
  size: number;
}

function patternKey(pattern: readonly number[]): string {
  return pattern.join(',');
}

/**
 * Sets are identified by their index; a lower index wins ties, so callers pass them sorted by key.
 * `atomSizes[i]` is the number of respondents in atom i (atoms of size 0 never form a class; with
 * release epochs an "atom" here is a unit, atom × epoch). `pinned[i] === true` keeps set i: see the
 * precondition above. Throws if the pinned sets alone break the rule.
 */
export function suppressSmallClasses(
  atomSizes: readonly number[],
  sets: readonly CoveredSet[],
  minimum: number,
  pinned?: readonly boolean[],
): SuppressionResult {
  const isPinned = (id: number) => pinned?.[id] === true;
  const anyPinned = sets.some((_, id) => isPinned(id));
  const kept = sets.map(() => true);
  const setSizes = sets.map((set) => set.atoms.reduce((sum, atom) => sum + (atomSizes[atom] ?? 0), 0));
  const totalRespondents = atomSizes.reduce((sum, size) => sum + size, 0);
  // A set holding every respondent (the organisation) lies in every pattern: it separates nothing.
  const isUniversal = (id: number) => setSizes[id] === totalRespondents;
  const patterns: number[][] = atomSizes.map(() => []);
  sets.forEach((set, id) => {
    for (const atom of set.atoms) patterns[atom]?.push(id);
  });

  const classes = new Map<string, RespondentClass>();
  const classesInSet: Set<RespondentClass>[] = sets.map(() => new Set());
  // Classes by pinned part, kept only when something is pinned: without pins all classes are mergeable.
  const classesByPinnedKey = new Map<string, Set<RespondentClass>>();
  const mergeableWith = (group: RespondentClass): Iterable<RespondentClass> =>
    anyPinned ? (classesByPinnedKey.get(group.pinnedKey) ?? []) : classes.values();
  // The class of respondents in no planned set is never released, so it need not reach the minimum.
  const isSmall = (group: RespondentClass) => group.size > 0 && group.size < minimum && group.pattern.length > 0;
  // Smallest first, ties by key. Entries go stale when their class grows or merges away; they are
  // skipped on the way out.
  const smallClasses = createMinHeap<{ readonly group: RespondentClass; readonly size: number }>(
    (a, b) => a.size < b.size || (a.size === b.size && a.group.key < b.group.key),
  );
  const nextSmallClass = (): RespondentClass | undefined => {
    for (let entry = smallClasses.peek(); entry; entry = smallClasses.peek()) {
      const { group, size } = entry;
      if (classes.get(group.key) === group && group.size === size && isSmall(group)) return group;
      smallClasses.pop();
    }
    return undefined;
  };
  const addRespondents = (pattern: readonly number[], respondents: number) => {
    const key = patternKey(pattern);
    let group = classes.get(key);
    if (!group) {
      group = { key, pattern, pinnedKey: anyPinned ? patternKey(pattern.filter(isPinned)) : '', size: 0 };
      classes.set(key, group);
      for (const id of pattern) classesInSet[id]?.add(group);
      if (anyPinned) {
        const mergeable = classesByPinnedKey.get(group.pinnedKey);
        if (mergeable) mergeable.add(group);
        else classesByPinnedKey.set(group.pinnedKey, new Set([group]));
      }
    }
    group.size += respondents;
    if (isSmall(group)) smallClasses.push({ group, size: group.size });
  };
  atomSizes.forEach((size, atom) => {
    if (size > 0) addRespondents(patterns[atom] ?? [], size);
  });

  let steps = 0;
  let comparisons = 0;

  // Every class in the dropped set loses it from its pattern and merges with any class already there.
  const dropSet = (id: number) => {
    kept[id] = false;
    steps += 1;
    const affected = [...(classesInSet[id] ?? [])];
    for (const group of affected) {
      classes.delete(group.key);
      for (const setId of group.pattern) classesInSet[setId]?.delete(group);
      classesByPinnedKey.get(group.pinnedKey)?.delete(group);
    }
    for (const group of affected) {
      addRespondents(
        group.pattern.filter((setId) => setId !== id),
        group.size,
      );
    }
  };

  /**
   * Ids of the sets separating `target` from its nearest other classes, without scanning every class.
   * A class within distance D of the target shares at least |P| − D of the target's non-universal sets P
   * (distance = |P| + |P'| − 2·shared, and shared ≤ |P'|), so it lies in at least one of any D + 1 of
   * their class lists. Scanning the lists smallest first, we may stop once D + 1 lists are done; only a
   * target whose nearest classes share none of its sets needs the full scan.
   *
   * With pinned sets only mergeable classes count (same pinned part), so the distance is a count of
   * unpinned sets, and the lists scanned are those of the target's unpinned sets: the same argument
   * holds with P the target's unpinned non-universal sets, and the full scan covers the mergeable
   * classes only. Every separating set found is then unpinned.
   */
  const separatingSets = (target: RespondentClass): number[] => {
    let nearest = Number.POSITIVE_INFINITY;
    let nearestClasses = new Set<RespondentClass>();
    const consider = (other: RespondentClass) => {
      if (other === target || other.pinnedKey !== target.pinnedKey) return;
      comparisons += 1;
      const distance = countDifferences(target.pattern, other.pattern, nearest);
      if (distance < nearest) {
        nearest = distance;
        nearestClasses = new Set([other]);
      } else if (distance === nearest) nearestClasses.add(other);
    };
    const lists = target.pattern
      .filter((id) => !isUniversal(id) && !isPinned(id))
      .map((id) => classesInSet[id] as Set<RespondentClass>)
      .sort((a, b) => a.size - b.size);
    let complete = false;
    for (const [scanned, list] of lists.entries()) {
      for (const other of list) consider(other);
      if (scanned >= nearest) {
        complete = true;
        break;
      }
    }
    if (!complete) for (const other of mergeableWith(target)) consider(other);
    const candidates = new Set<number>();
    for (const other of nearestClasses) {
      for (const id of symmetricDifference(target.pattern, other.pattern, nearest) ?? []) candidates.add(id);
    }
    if (candidates.size > 0) return [...candidates];
    // Alone among its mergeable classes with a pinned part: the pinned sets alone make this class, and it
    // is small. Nothing that may be dropped can help; see the precondition.
    if (target.pinnedKey !== '') {
      throw new RangeError('the pinned sets alone break the class rule: a class they form is below the minimum');
    }
    // No other class: the target holds every respondent in a planned set. Dropping its own sets lets it
    // join the unreleased respondents; with sets of at least the minimum and no pins this cannot happen.
    // With pins it can (the respondents of a new epoch alone), and the target's sets are all unpinned.
    return [...target.pattern];
  };

  for (let target = nextSmallClass(); target; target = nextSmallClass()) {
    const separating = separatingSets(target);
    let drop = separating[0] as number;
    for (const id of separating) {
      const size = setSizes[id] as number;
      const best = setSizes[drop] as number;
      if (size < best || (size === best && id < drop)) drop = id;
    }
    dropSet(drop);
  }

  return { kept, steps, comparisons };
}

/** How many ids lie in exactly one of two ascending lists; stops counting once past `limit`. */
function countDifferences(a: readonly number[], b: readonly number[], limit: number): number {
  let count = 0;
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const x = a[i] as number;
    const y = b[j] as number;
    if (x === y) {
      i += 1;
      j += 1;
    } else {
      count += 1;
      if (count > limit) return count;
      if (x < y) i += 1;
      else j += 1;
    }
  }
  return count + (a.length - i) + (b.length - j);
}

/** The ids in exactly one of two ascending lists, or undefined as soon as there are more than `limit`. */
function symmetricDifference(a: readonly number[], b: readonly number[], limit: number): number[] | undefined {
  const difference: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    const x = i < a.length ? (a[i] as number) : Number.POSITIVE_INFINITY;
    const y = j < b.length ? (b[j] as number) : Number.POSITIVE_INFINITY;
    if (x === y) {
      i += 1;
      j += 1;
      continue;
    }
    if (x < y) {
      difference.push(x);
      i += 1;
    } else {
      difference.push(y);
      j += 1;
    }
    if (difference.length > limit) return undefined;
  }
  return difference;
}
