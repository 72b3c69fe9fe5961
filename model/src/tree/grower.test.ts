import { describe, expect, it } from 'vitest';
import { TreeGrower } from './grower.ts';
import type { GrowerParams } from './grower.ts';
import { BinMapper } from './binning.ts';
import { Random } from '../random.ts';
import { makeNonlinearProblem } from './synthetic-data.ts';

const PARAMS: GrowerParams = {
  maxLeafNodes: 12,
  maxDepth: Infinity,
  minChildWeight: 1e-3,
  minSamplesLeaf: 10,
  l2Regularization: 0,
  maxFeaturesPerSplit: Infinity,
};

describe('TreeGrower', () => {
  const { X, y } = makeNonlinearProblem(3000, 8, 2);
  const mapper = BinMapper.fit(X, 64);
  const binned = mapper.transform(X);
  const nBins = Int32Array.from({ length: 8 }, (_, f) => mapper.nBins(f));
  const features = Int32Array.from({ length: 8 }, (_, f) => f);
  const gradients = (shift: number): Float64Array => Float64Array.from(y, (v) => 0.5 + shift - v);
  const hess = new Float64Array(3000).fill(0.25);
  const allRows = (): Uint32Array => Uint32Array.from({ length: 3000 }, (_, i) => i);

  it('grows the same tree whether or not earlier trees primed its cached root counts', () => {
    const primed = new TreeGrower(binned, 3000, 8, nBins, mapper.missingBin);
    primed.grow(allRows(), 3000, gradients(0.2), hess, features, 8, PARAMS, new Random(1));
    const second = primed.grow(allRows(), 3000, gradients(-0.1), hess, features, 8, PARAMS, new Random(1));
    const fresh = new TreeGrower(binned, 3000, 8, nBins, mapper.missingBin)
      .grow(allRows(), 3000, gradients(-0.1), hess, features, 8, PARAMS, new Random(1));
    expect(second).toEqual(fresh);
  });

  it('respects maxLeafNodes, minSamplesLeaf and partitions rows into disjoint leaf ranges', () => {
    const rows = allRows();
    const tree = new TreeGrower(binned, 3000, 8, nBins, mapper.missingBin)
      .grow(rows, 3000, gradients(0), hess, features, 8, PARAMS, new Random(1));
    const leaves = Array.from(tree.feature.keys()).filter((k) => tree.feature[k] < 0);
    expect(leaves.length).toBe(12);
    let covered = 0;
    for (const leaf of leaves) {
      expect(tree.count[leaf]).toBeGreaterThanOrEqual(10);
      expect(tree.end[leaf] - tree.start[leaf]).toBe(tree.count[leaf]);
      covered += tree.count[leaf];
    }
    expect(covered).toBe(3000);
    expect(Array.from(rows).sort((a, b) => a - b)).toEqual(Array.from(allRows()));
  });

  it('stops at maxDepth and samples features per split when asked', () => {
    const shallow = new TreeGrower(binned, 3000, 8, nBins, mapper.missingBin).grow(allRows(), 3000, gradients(0), hess,
      features, 8, { ...PARAMS, maxLeafNodes: Infinity, maxDepth: 2 }, new Random(1));
    expect(shallow.nNodes).toBeLessThanOrEqual(7);
    const sampled = new TreeGrower(binned, 3000, 8, nBins, mapper.missingBin).grow(allRows(), 3000, gradients(0), hess,
      features, 8, { ...PARAMS, maxFeaturesPerSplit: 2 }, new Random(5));
    expect(sampled.nNodes).toBeGreaterThan(1);
  });
});
