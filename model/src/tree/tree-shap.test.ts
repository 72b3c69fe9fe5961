import { describe, expect, it } from 'vitest';
import type { FlatTree } from './predictor.ts';
import { leafIndex } from './predictor.ts';
import { TreeExplainer, explainTrees, treeExpectedValue } from './tree-shap.ts';
import { GradientBoostingClassifier } from '../ensemble/gradient-boosting.ts';
import { makeNonlinearProblem } from './synthetic-data.ts';

/** Builds a FlatTree from a list of nodes; internal covers are the sums of their children. */
function buildTree(
  nodes: Array<{ f: number; t?: number; missLeft?: boolean; l?: number; r?: number; v?: number; cover?: number }>,
): FlatTree {
  const n = nodes.length;
  const tree: FlatTree = {
    feature: Int32Array.from(nodes, (d) => d.f),
    threshold: Float64Array.from(nodes, (d) => d.t ?? 0),
    missingGoesLeft: Uint8Array.from(nodes, (d) => (d.missLeft ? 1 : 0)),
    left: Int32Array.from(nodes, (d) => d.l ?? -1),
    right: Int32Array.from(nodes, (d) => d.r ?? -1),
    value: Float64Array.from(nodes, (d) => d.v ?? 0),
    cover: Float64Array.from(nodes, (d) => d.cover ?? 0),
  };
  for (let k = n - 1; k >= 0; k--) {
    if (tree.feature[k] >= 0) tree.cover[k] = tree.cover[tree.left[k]] + tree.cover[tree.right[k]];
  }
  return tree;
}

/** E[tree(x) | x_S] with the features outside S integrated out by node covers. */
function conditionalExpectation(tree: FlatTree, x: Float64Array, inS: boolean[], node = 0): number {
  const f = tree.feature[node];
  if (f < 0) return tree.value[node];
  const l = tree.left[node];
  const r = tree.right[node];
  if (inS[f]) {
    const v = x[f];
    const goesLeft = v <= tree.threshold[node] || (Number.isNaN(v) && tree.missingGoesLeft[node] === 1);
    return conditionalExpectation(tree, x, inS, goesLeft ? l : r);
  }
  return (
    (tree.cover[l] * conditionalExpectation(tree, x, inS, l) + tree.cover[r] * conditionalExpectation(tree, x, inS, r)) /
    tree.cover[node]
  );
}

/** Shapley values by enumerating all 2^M subsets. */
function bruteForceShapley(tree: FlatTree, x: Float64Array, m: number): Float64Array {
  const phi = new Float64Array(m);
  const factorial = (k: number): number => (k <= 1 ? 1 : k * factorial(k - 1));
  for (let i = 0; i < m; i++) {
    for (let mask = 0; mask < 1 << m; mask++) {
      if (mask & (1 << i)) continue;
      const inS = Array.from({ length: m }, (_, j) => (mask & (1 << j)) !== 0);
      const size = inS.filter(Boolean).length;
      const weight = (factorial(size) * factorial(m - size - 1)) / factorial(m);
      const without = conditionalExpectation(tree, x, inS);
      inS[i] = true;
      phi[i] += weight * (conditionalExpectation(tree, x, inS) - without);
    }
  }
  return phi;
}

// Splits on feature 0 twice along one path and has both missing directions.
const HAND_TREE = buildTree([
  { f: 0, t: 0.5, missLeft: false, l: 1, r: 2 },
  { f: 1, t: 0.3, missLeft: true, l: 3, r: 4 },
  { f: 2, t: 1, missLeft: false, l: 5, r: 6 },
  { f: 0, t: 0.2, l: 7, r: 8 },
  { f: -1, v: 1.5, cover: 7 },
  { f: -1, v: -0.25, cover: 11 },
  { f: 1, t: -1, missLeft: true, l: 9, r: 10 },
  { f: -1, v: 0.75, cover: 4 },
  { f: -1, v: -2, cover: 2.5 },
  { f: -1, v: 3, cover: 1 },
  { f: -1, v: 0.1, cover: 6 },
]);

const ROWS = [
  [0.1, 0.1, 0.5, 9],
  [0.4, 0.9, 2, -1],
  [0.9, -3, 5, 0],
  [0.9, Number.NaN, 0, 0],
  [Number.NaN, Number.NaN, Number.NaN, 1],
  [0.3, 0.2, Number.NaN, 2],
];

describe('TreeSHAP', () => {
  it('matches brute-force Shapley values on a hand-made tree with a repeated feature and missing values', () => {
    for (const r of ROWS) {
      const x = Float64Array.from(r);
      const phi = new Float64Array(4);
      new TreeExplainer(HAND_TREE).explainRow(x, 0, phi, 0, 1);
      const expected = bruteForceShapley(HAND_TREE, x, 4);
      for (let j = 0; j < 4; j++) expect(phi[j]).toBeCloseTo(expected[j], 12);
      // Feature 3 is never split on, so it gets nothing.
      expect(phi[3]).toBe(0);
    }
  });

  it('has an expected value equal to the cover-weighted mean of the leaves', () => {
    let total = 0;
    let cover = 0;
    for (let k = 0; k < HAND_TREE.feature.length; k++) {
      if (HAND_TREE.feature[k] >= 0) continue;
      total += HAND_TREE.value[k] * HAND_TREE.cover[k];
      cover += HAND_TREE.cover[k];
    }
    expect(treeExpectedValue(HAND_TREE)).toBeCloseTo(total / cover, 14);
  });

  it('matches brute force on trees learned by the booster', () => {
    const { X, y } = makeNonlinearProblem(600, 5, 11);
    const model = new GradientBoostingClassifier({ maxIter: 3, maxLeafNodes: 12, minSamplesLeaf: 5 }).fit(X, y);
    const trees = model.state?.trees ?? [];
    expect(trees.length).toBe(3);
    for (const tree of trees) {
      for (let i = 0; i < 20; i++) {
        const x = X.data.subarray(i * 5, i * 5 + 5);
        const phi = new Float64Array(5);
        new TreeExplainer(tree).explainRow(x, 0, phi, 0, 1);
        const expected = bruteForceShapley(tree, x, 5);
        for (let j = 0; j < 5; j++) expect(phi[j]).toBeCloseTo(expected[j], 10);
      }
    }
  });

  it('sums with the expected value to the output of a scaled sum of trees', () => {
    const data = Float64Array.from(ROWS.flat());
    const { expectedValue, values } = explainTrees([HAND_TREE, HAND_TREE], 0.5, 0.25, data, ROWS.length, 4);
    const X = { data, nRows: ROWS.length, nCols: 4 };
    for (let i = 0; i < ROWS.length; i++) {
      const output = 0.25 + HAND_TREE.value[leafIndex(HAND_TREE, X, i)];
      let sum = expectedValue;
      for (let j = 0; j < 4; j++) sum += values[i * 4 + j];
      expect(sum).toBeCloseTo(output, 12);
    }
  });
});
