import { describe, expect, it } from 'vitest';
import { Random } from './random.ts';

describe('Random', () => {
  it('repeats the same stream for the same seed and differs for another seed', () => {
    const a = new Random(42);
    const b = new Random(42);
    const c = new Random(43);
    const sa = Array.from({ length: 8 }, () => a.nextUint32());
    const sb = Array.from({ length: 8 }, () => b.nextUint32());
    const sc = Array.from({ length: 8 }, () => c.nextUint32());
    expect(sa).toEqual(sb);
    expect(sa).not.toEqual(sc);
  });

  it('draws floats in [0, 1) and integers in [0, n) roughly uniformly', () => {
    const rng = new Random(1);
    const counts = new Array(10).fill(0);
    for (let i = 0; i < 20000; i++) {
      const f = rng.nextFloat();
      expect(f >= 0 && f < 1).toBe(true);
      counts[rng.nextInt(10)]++;
    }
    for (const c of counts) expect(Math.abs(c - 2000)).toBeLessThan(200);
  });

  it('samples distinct sorted indices without replacement in the sparse and dense regimes', () => {
    const rng = new Random(7);
    for (const [n, k] of [[1000, 10], [100, 90], [5, 5], [5, 0]]) {
      const s = rng.sampleWithoutReplacement(n, k);
      expect(s.length).toBe(k);
      for (let i = 1; i < s.length; i++) expect(s[i]).toBeGreaterThan(s[i - 1]);
      if (k > 0) expect(s[k - 1]).toBeLessThan(n);
    }
    expect(() => rng.sampleWithoutReplacement(3, 4)).toThrow(RangeError);
  });

  it('draws the dense sample as Algorithm S over nextFloat would, leaves the stream where that would, and fills a given buffer', () => {
    const sampled = new Random(99);
    const reference = new Random(99);
    const buffer = new Uint32Array(800);
    const s = sampled.sampleWithoutReplacement(1000, 700, buffer);
    const expected: number[] = [];
    for (let i = 0; i < 1000 && expected.length < 700; i++) {
      if ((1000 - i) * reference.nextFloat() < 700 - expected.length) expected.push(i);
    }
    expect(Array.from(s)).toEqual(expected);
    expect(s.buffer).toBe(buffer.buffer);
    expect(sampled.nextUint32()).toBe(reference.nextUint32());
    expect(() => sampled.sampleWithoutReplacement(1000, 900, buffer)).toThrow(RangeError);
  });

  it('shuffles into a permutation', () => {
    const v = Int32Array.from({ length: 50 }, (_, i) => i);
    new Random(3).shuffle(v);
    expect(Array.from(v).sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i));
  });
});
