/**
 * A small seeded pseudo-random generator (mulberry32) for reproducible data: the demo company, test
 * data and benchmarks. Not for anything secret: use node:crypto there.
 */

export interface Random {
  /** The seed this stream started from, for messages and for forking. */
  readonly seed: number;
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [min, max], both inclusive. */
  int(min: number, max: number): number;
  /** Uniform in [min, max). */
  float(min: number, max: number): number;
  /** True with probability `p`. */
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
  /** Picks by relative weight; weights need not sum to 1. */
  pickWeighted<T>(items: readonly (readonly [T, number])[]): T;
  /** Standard normal (mean 0, sd 1), Box–Muller. */
  normal(): number;
  /** A shuffled copy (Fisher–Yates). */
  shuffle<T>(items: readonly T[]): T[];
  /**
   * An independent stream derived from this seed and a label. Each part of a generator draws from its
   * own fork, so that adding draws to one part leaves the output of every other part unchanged.
   */
  fork(label: string): Random;
}

/** FNV-1a over the UTF-16 code units, for turning labels and string seeds into 32-bit seeds. */
export function hashToSeed(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

export function createRandom(seed: number | string): Random {
  const start = typeof seed === 'string' ? hashToSeed(seed) : seed >>> 0;
  let state = start;

  function next(): number {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  const random: Random = {
    seed: start,
    next,
    int(min, max) {
      return min + Math.floor(next() * (max - min + 1));
    },
    float(min, max) {
      return min + next() * (max - min);
    },
    chance(p) {
      return next() < p;
    },
    pick(items) {
      if (items.length === 0) throw new Error('pick from an empty list');
      return items[Math.floor(next() * items.length)] as (typeof items)[number];
    },
    pickWeighted(items) {
      let total = 0;
      for (const [, weight] of items) total += weight;
      if (!(total > 0)) throw new Error('pickWeighted needs a positive total weight');
      let target = next() * total;
      for (const [item, weight] of items) {
        target -= weight;
        if (target < 0) return item;
      }
      // Rounding can leave a sliver at the end: it belongs to the last item with weight.
      for (let i = items.length - 1; i >= 0; i--) {
        const entry = items[i] as (typeof items)[number];
        if (entry[1] > 0) return entry[0];
      }
      throw new Error('unreachable');
    },
    normal() {
      // 1 - next() lies in (0, 1], so the logarithm stays finite.
      const u = 1 - next();
      const v = next();
      return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    },
    shuffle(items) {
      const copy = items.slice();
      for (let i = copy.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1));
        const swap = copy[i] as (typeof copy)[number];
        copy[i] = copy[j] as (typeof copy)[number];
        copy[j] = swap;
      }
      return copy;
    },
    fork(label) {
      return createRandom(hashToSeed(`${start}:${label}`));
    },
  };
  return random;
}
