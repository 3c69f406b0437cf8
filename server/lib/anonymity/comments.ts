/**
 * Comments are shown shuffled: the order a list arrives in must not reveal who wrote when (the first
 * comment after a reminder to one team, say). Callers pass comments without dates; the storage keeps none.
 */
import { randomInt } from 'node:crypto';
import { createRandom } from '../random.js';

/**
 * A shuffled copy. Without a seed the shuffle is cryptographically random, so that nobody can reproduce
 * the order; a seed makes it repeatable for tests and the demo company only.
 */
export function shuffleComments<T>(comments: readonly T[], seed?: number | string): T[] {
  if (seed !== undefined) return createRandom(seed).shuffle(comments);
  const copy = comments.slice();
  for (let i = copy.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    const swap = copy[i] as T;
    copy[i] = copy[j] as T;
    copy[j] = swap;
  }
  return copy;
}
