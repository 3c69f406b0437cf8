import { describe, expect, it } from 'vitest';
import { createRandom, hashToSeed } from './random.js';

describe('createRandom', () => {
  it('repeats its sequence for the same seed and differs for another', () => {
    const draw = (seed: number | string) => {
      const random = createRandom(seed);
      return Array.from({ length: 20 }, () => random.next());
    };
    expect(draw(42)).toEqual(draw(42));
    expect(draw('demo')).toEqual(draw('demo'));
    expect(draw(42)).not.toEqual(draw(43));
    expect(draw('demo')).not.toEqual(draw('demo2'));
  });

  it('matches the published mulberry32 sequence', () => {
    // The first outputs of the reference implementation for seed 1985, as 32-bit integers.
    const random = createRandom(1985);
    const ints = Array.from({ length: 2 }, () => random.next() * 4294967296);
    expect(ints).toEqual([3527837133, 3112574143]);
  });

  it('stays in range and is roughly uniform', () => {
    const random = createRandom(7);
    const counts = new Map<number, number>();
    for (let i = 0; i < 60_000; i++) {
      const value = random.int(1, 6);
      counts.set(value, (counts.get(value) ?? 0) + 1);
    }
    expect([...counts.keys()].sort()).toEqual([1, 2, 3, 4, 5, 6]);
    for (const count of counts.values()) expect(Math.abs(count - 10_000)).toBeLessThan(500);
    const floats = Array.from({ length: 1000 }, () => random.float(-2, 3));
    expect(Math.min(...floats)).toBeGreaterThanOrEqual(-2);
    expect(Math.max(...floats)).toBeLessThan(3);
  });

  it('picks by weight, never an item of weight zero', () => {
    const random = createRandom(3);
    const seen = { a: 0, b: 0, never: 0 };
    for (let i = 0; i < 10_000; i++) {
      const item = random.pickWeighted([
        ['a', 3],
        ['never', 0],
        ['b', 1],
      ] as const);
      seen[item]++;
    }
    expect(seen.never).toBe(0);
    expect(seen.a / seen.b).toBeGreaterThan(2.6);
    expect(seen.a / seen.b).toBeLessThan(3.4);
  });

  it('draws normals with mean 0 and sd 1', () => {
    const random = createRandom(11);
    const values = Array.from({ length: 20_000 }, () => random.normal());
    const mean = values.reduce((s, v) => s + v, 0) / values.length;
    const sd = Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / (values.length - 1));
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(Math.abs(sd - 1)).toBeLessThan(0.03);
  });

  it('shuffles into a permutation without touching the input', () => {
    const input = Array.from({ length: 50 }, (_, i) => i);
    const shuffled = createRandom(5).shuffle(input);
    expect(input).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect([...shuffled].sort((a, b) => a - b)).toEqual(input);
    expect(shuffled).not.toEqual(input);
  });

  it('forks independent, reproducible streams', () => {
    const a = createRandom('seed').fork('people');
    const b = createRandom('seed').fork('people');
    const c = createRandom('seed').fork('accounts');
    const first = [a.next(), a.next()];
    expect([b.next(), b.next()]).toEqual(first);
    expect([c.next(), c.next()]).not.toEqual(first);
    expect(hashToSeed('people')).not.toBe(hashToSeed('accounts'));
  });
});
