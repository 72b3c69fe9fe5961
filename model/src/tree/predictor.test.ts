import { describe, expect, it } from 'vitest';
import type { FlatTree } from './predictor.ts';
import { addForestOutput, addTreeOutput, nextUp, packForest, treeFromJSON, treeToJSON } from './predictor.ts';
import { matrixFromRows } from '../matrix.ts';
import { Random } from '../random.ts';

/** x0 ≤ 1 (NaN right) → [x1 ≤ +Infinity (NaN left) → leaves 10 / 20] else [x0 ≤ −0.5 (NaN left) … 30 / 40]. */
const TREE: FlatTree = {
  feature: Int32Array.from([0, 1, 0, -1, -1, -1, -1]),
  threshold: Float64Array.from([1, Infinity, -0.5, 0, 0, 0, 0]),
  missingGoesLeft: Uint8Array.from([0, 1, 1, 0, 0, 0, 0]),
  left: Int32Array.from([1, 3, 5, -1, -1, -1, -1]),
  right: Int32Array.from([2, 4, 6, -1, -1, -1, -1]),
  value: Float64Array.from([0, 0, 0, 10, 20, 30, 40]),
  cover: Float64Array.from([10, 4, 6, 3, 1, 2, 4]),
};

describe('tree scoring', () => {
  const X = matrixFromRows([
    [1, 5],
    [1, Number.NaN],
    [1, Infinity],
    [Number.NaN, 0],
    [2, 0],
    [Infinity, 0],
    [-Infinity, Number.NaN],
    [nextUp(1), 0],
  ]);
  const expected = [10, 10, 10, 30, 40, 40, 10, 40];

  it('follows thresholds and missing-value directions, also at ±Infinity', () => {
    const out = new Float64Array(X.nRows);
    addTreeOutput(TREE, X, out);
    expect(Array.from(out)).toEqual(expected);
  });

  it('scores the packed (branch-light) encoding exactly like the flat tree', () => {
    const out = new Float64Array(X.nRows);
    addForestOutput(packForest([TREE, TREE]), X, out, 0.5);
    expect(Array.from(out)).toEqual(expected);
    // A missing-left split right at a threshold: x = t goes left, the next double right.
    const edge: FlatTree = { ...TREE, missingGoesLeft: Uint8Array.from([1, 1, 1, 0, 0, 0, 0]) };
    const flat = new Float64Array(X.nRows);
    const packed = new Float64Array(X.nRows);
    addTreeOutput(edge, X, flat);
    addForestOutput(packForest([edge]), X, packed);
    expect(packed).toEqual(flat);
  });

  it('scores random forests exactly like walking each flat tree, for any row count, leaf depth and NaN/±Infinity input', () => {
    const rng = new Random(11);
    const cuts = [-2, -0.5, 0, 0.5, 1, 3, Infinity];
    const randomTree = (maxDepth: number): FlatTree => {
      const nodes: { feature: number; threshold: number; missingLeft: number; left: number; right: number; value: number }[] = [];
      const grow = (depth: number): number => {
        const id = nodes.length;
        nodes.push({ feature: -1, threshold: 0, missingLeft: 0, left: -1, right: -1, value: rng.nextFloat() - 0.5 });
        // Uneven depths: leaves anywhere from the root's children to maxDepth.
        if (depth < maxDepth && (depth === 0 || rng.nextFloat() < 0.7)) {
          const node = nodes[id];
          node.feature = rng.nextInt(3);
          node.threshold = cuts[rng.nextInt(cuts.length)];
          node.missingLeft = rng.nextInt(2);
          node.value = 0;
          node.left = grow(depth + 1);
          node.right = grow(depth + 1);
        }
        return id;
      };
      grow(0);
      return {
        feature: Int32Array.from(nodes, (n) => n.feature),
        threshold: Float64Array.from(nodes, (n) => n.threshold),
        missingGoesLeft: Uint8Array.from(nodes, (n) => n.missingLeft),
        left: Int32Array.from(nodes, (n) => n.left),
        right: Int32Array.from(nodes, (n) => n.right),
        value: Float64Array.from(nodes, (n) => n.value),
        cover: new Float64Array(nodes.length).fill(1),
      };
    };
    const trees = Array.from({ length: 25 }, (_, k) => randomTree(1 + (k % 7)));
    const values = [...cuts, -Infinity, Number.NaN, nextUp(0.5), -1, 2, 0.25];
    // 8·k + 5 rows over two row blocks: the eight-row walk, its remainder and a second block.
    const X = matrixFromRows(Array.from({ length: 301 }, () => [0, 1, 2].map(() => values[rng.nextInt(values.length)])));
    const expected = new Float64Array(X.nRows);
    for (const tree of trees) addTreeOutput(tree, X, expected);
    const packed = new Float64Array(X.nRows);
    addForestOutput(packForest(trees), X, packed);
    for (let i = 0; i < X.nRows; i++) expect(packed[i]).toBeCloseTo(expected[i], 12);
  });

  it('computes the next double up', () => {
    expect(nextUp(1)).toBe(1 + Number.EPSILON);
    expect(nextUp(0)).toBe(Number.MIN_VALUE);
    expect(nextUp(-Number.MIN_VALUE) === 0).toBe(true);
    expect(nextUp(-Infinity)).toBe(-Number.MAX_VALUE);
    expect(nextUp(-1)).toBeGreaterThan(-1);
    expect(nextUp(-1)).toBe(-(1 - Number.EPSILON / 2));
  });

  it('round-trips a tree through JSON, Infinity thresholds included, and rejects cyclic links', () => {
    const json = JSON.parse(JSON.stringify(treeToJSON(TREE)));
    expect(treeFromJSON(json)).toEqual(TREE);
    expect(() => treeFromJSON({ ...json, left: [0, 3, 5, -1, -1, -1, -1] })).toThrow(RangeError);
  });
});
