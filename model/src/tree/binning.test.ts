import { describe, expect, it } from 'vitest';
import { BinMapper, learnThresholds, shortestBetween } from './binning.ts';
import { Random } from '../random.ts';
import type { Matrix } from '../matrix.ts';

function randomMatrix(nRows: number, nCols: number, seed: number): Matrix {
  const rng = new Random(seed);
  const data = new Float64Array(nRows * nCols);
  for (let i = 0; i < data.length; i++) {
    const u = rng.nextFloat();
    // Mix of heavy ties (zeros), a long tail and missing values, like accounting ratios.
    data[i] = u < 0.1 ? Number.NaN : u < 0.3 ? 0 : Math.exp(6 * rng.nextFloat()) - 50;
  }
  return { data, nRows, nCols };
}

describe('BinMapper', () => {
  const X = randomMatrix(3000, 4, 1);

  it('learns strictly increasing edges and at most maxBins bins per feature', () => {
    for (const maxBins of [2, 16, 255]) {
      const mapper = BinMapper.fit(X, maxBins);
      for (let f = 0; f < X.nCols; f++) {
        const edges = mapper.thresholds[f];
        expect(edges.length).toBeLessThan(maxBins);
        for (let b = 1; b < edges.length; b++) expect(edges[b]).toBeGreaterThan(edges[b - 1]);
      }
    }
  });

  it('sends missing values to their own bin and keeps "bin <= b" equal to "x <= edge b"', () => {
    const mapper = BinMapper.fit(X, 32);
    const binned = mapper.transform(X);
    for (let f = 0; f < X.nCols; f++) {
      const edges = mapper.thresholds[f];
      for (let i = 0; i < X.nRows; i++) {
        const x = X.data[i * X.nCols + f];
        const b = binned[f * X.nRows + i];
        if (Number.isNaN(x)) {
          expect(b).toBe(mapper.missingBin);
          continue;
        }
        expect(b).toBeLessThan(mapper.nBins(f));
        if (b < edges.length) expect(x <= edges[b]).toBe(true);
        if (b > 0) expect(x > edges[b - 1]).toBe(true);
      }
    }
  });

  it('gives every distinct value its own bin when there are few of them', () => {
    const edges = learnThresholds(Float64Array.from([1, 1, 2, 3, 3, 3, 10]), 255);
    expect(Array.from(edges)).toEqual([1.5, 2.5, 7]);
  });

  it('picks short decimal edges between neighbours', () => {
    expect(shortestBetween(0.1234567, 0.1239)).toBe(0.1237);
    expect(shortestBetween(1, 2)).toBe(1.5);
    expect(shortestBetween(-Infinity, 0)).toBe(-Infinity);
    expect(shortestBetween(5, Infinity)).toBe(5);
  });

  it('round-trips through JSON and bins identically', () => {
    const mapper = BinMapper.fit(X, 64);
    const copy = BinMapper.fromJSON(JSON.parse(JSON.stringify(mapper.toJSON())));
    expect(copy.transform(X)).toEqual(mapper.transform(X));
    expect(() => BinMapper.fromJSON({ maxBins: 300, thresholds: [] })).toThrow(RangeError);
  });

  it('rejects maxBins outside [2, 255] naming the parameter', () => {
    expect(() => BinMapper.fit(X, 256)).toThrow(/maxBins/);
  });
});
