import { describe, expect, it } from 'vitest';
import { shuffleComments } from './comments.js';

const comments = Array.from({ length: 30 }, (_, i) => ({ text: `comment ${i}` }));

describe('shuffleComments', () => {
  it('returns a permutation and leaves the input alone', () => {
    const before = [...comments];
    const shuffled = shuffleComments(comments);
    expect(comments).toEqual(before);
    expect(new Set(shuffled)).toEqual(new Set(comments));
    expect(shuffled).toHaveLength(comments.length);
  });

  it('shuffles differently each time without a seed', () => {
    const orders = new Set(
      Array.from({ length: 5 }, () =>
        shuffleComments(comments)
          .map((comment) => comment.text)
          .join(),
      ),
    );
    // Five equal orders of 30 items by chance: probability below 1e-120.
    expect(orders.size).toBeGreaterThan(1);
  });

  it('repeats its order for a seed, for tests and the demo company', () => {
    expect(shuffleComments(comments, 'demo')).toEqual(shuffleComments(comments, 'demo'));
    expect(shuffleComments(comments, 'demo')).not.toEqual(comments);
  });

  it('handles empty and single lists', () => {
    expect(shuffleComments([])).toEqual([]);
    expect(shuffleComments(['only'])).toEqual(['only']);
  });
});
