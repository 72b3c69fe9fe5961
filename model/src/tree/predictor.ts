/**
 * The fitted form of a tree: flat typed arrays indexed by node, thresholds on real values (not
 * bins), so scoring needs no bin mapper and serialises as a handful of number arrays.
 */
import type { Matrix } from '../matrix.ts';
import type { GrownTree } from './grower.ts';
import { decodeNumber, encodeNumber, readNumberArray, roundToFloat32Digits } from './serialization.ts';

/** A binary tree as struct-of-arrays. Node 0 is the root; a leaf has `feature === -1`. */
export interface FlatTree {
  /** Split feature per node, −1 at leaves. */
  feature: Int32Array;
  /** Rows with `x[feature] <= threshold` go left; +Infinity means "every non-missing value". */
  threshold: Float64Array;
  /** 1 if a missing (NaN) value goes left. */
  missingGoesLeft: Uint8Array;
  left: Int32Array;
  right: Int32Array;
  /** Output at leaves (0 at internal nodes). */
  value: Float64Array;
  /** Training weight of each node (hessian sum or sample count); internal = left + right. */
  cover: Float64Array;
}

/** Serialised `FlatTree`. */
export interface FlatTreeJSON {
  feature: number[];
  threshold: Array<number | string>;
  missingGoesLeft: number[];
  left: number[];
  right: number[];
  value: number[];
  cover: number[];
}

/**
 * Converts a grown tree to its fitted form.
 *
 * @param thresholds the bin mapper's edges per feature; bin b of feature f splits at `thresholds[f][b]`
 * @param leafValue output per node (only leaves are read), rounded to float32 digits here
 * @param leafCover weight per node (only leaves are read); internal covers are summed bottom-up so
 *   that a node's cover is exactly its children's sum, which TreeSHAP's additivity relies on
 */
export function flattenTree(
  grown: GrownTree,
  thresholds: Float64Array[],
  leafValue: ArrayLike<number>,
  leafCover: ArrayLike<number>,
): FlatTree {
  const n = grown.nNodes;
  const tree: FlatTree = {
    feature: grown.feature.slice(0, n),
    threshold: new Float64Array(n),
    missingGoesLeft: grown.missingGoesLeft.slice(0, n),
    left: grown.left.slice(0, n),
    right: grown.right.slice(0, n),
    value: new Float64Array(n),
    cover: new Float64Array(n),
  };
  // Children always have larger ids than their parent, so a reverse pass is bottom-up.
  for (let node = n - 1; node >= 0; node--) {
    const f = tree.feature[node];
    if (f < 0) {
      tree.value[node] = roundToFloat32Digits(leafValue[node]);
      tree.cover[node] = roundToFloat32Digits(leafCover[node]);
      tree.missingGoesLeft[node] = 0;
      continue;
    }
    const edges = thresholds[f];
    const b = grown.bin[node];
    tree.threshold[node] = b < edges.length ? edges[b] : Infinity;
    tree.cover[node] = tree.cover[tree.left[node]] + tree.cover[tree.right[node]];
  }
  return tree;
}

/** The leaf index reached by row `i` of `X`. */
export function leafIndex(tree: FlatTree, X: Matrix, i: number): number {
  const { feature, threshold, missingGoesLeft, left, right } = tree;
  const base = i * X.nCols;
  let node = 0;
  while (feature[node] >= 0) {
    const x = X.data[base + feature[node]];
    if (x <= threshold[node]) node = left[node];
    else if (x === x) node = right[node];
    else node = missingGoesLeft[node] === 1 ? left[node] : right[node];
  }
  return node;
}

/** Output of one tree for every row of `X`, added (times `scale`) into `out`. */
export function addTreeOutput(tree: FlatTree, X: Matrix, out: Float64Array, scale = 1): void {
  for (let i = 0; i < X.nRows; i++) out[i] += scale * tree.value[leafIndex(tree, X, i)];
}

/**
 * Adds a grown (bin-space) tree's outputs for rows of a binned matrix into `out`; used during
 * training for out-of-sample rows (subsampled-out, validation, out-of-bag) to avoid re-binning.
 *
 * @param rows the row indices to score, or null for all `nRows`
 */
export function addBinnedTreeOutput(
  grown: GrownTree,
  value: Float64Array,
  binned: Uint8Array,
  nRows: number,
  missingBin: number,
  out: Float64Array,
  rows: Uint32Array | null = null,
  nUsed = rows === null ? nRows : rows.length,
): void {
  const { feature, bin, missingGoesLeft, left, right } = grown;
  for (let k = 0; k < nUsed; k++) {
    const i = rows === null ? k : rows[k];
    let node = 0;
    while (feature[node] >= 0) {
      const b = binned[feature[node] * nRows + i];
      const goesLeft = b === missingBin ? missingGoesLeft[node] === 1 : b <= bin[node];
      node = goesLeft ? left[node] : right[node];
    }
    out[i] += value[node];
  }
}

/**
 * Many trees concatenated into one set of arrays, re-encoded for branch-light scoring.
 *
 * Each split "x ≤ t goes left, NaN goes to the default side" becomes one comparison
 * `sign · x >= cut` that is true for the `first` child and false (always, for NaN) for the
 * `second` child, which is therefore the missing-value side:
 * - NaN goes right: sign = −1, cut = −t, first = left (−x ≥ −t ⟺ x ≤ t);
 * - NaN goes left:  sign = +1, cut = nextUp(t), first = right (x ≥ nextUp(t) ⟺ x > t).
 * One comparison and no NaN test per node measured ≈ 1.3× faster than the direct form.
 */
export interface PackedForest {
  nTrees: number;
  roots: Int32Array;
  /** Split feature, −1 at leaves. */
  feature: Int32Array;
  sign: Float64Array;
  cut: Float64Array;
  first: Int32Array;
  second: Int32Array;
  value: Float64Array;
}

/** Packs trees into one `PackedForest` (child indices rebased to absolute positions). */
export function packForest(trees: readonly FlatTree[]): PackedForest {
  let total = 0;
  for (const t of trees) total += t.feature.length;
  const packed: PackedForest = {
    nTrees: trees.length,
    roots: new Int32Array(trees.length),
    feature: new Int32Array(total),
    sign: new Float64Array(total),
    cut: new Float64Array(total),
    first: new Int32Array(total),
    second: new Int32Array(total),
    value: new Float64Array(total),
  };
  let offset = 0;
  trees.forEach((t, k) => {
    const n = t.feature.length;
    packed.roots[k] = offset;
    packed.feature.set(t.feature, offset);
    packed.value.set(t.value, offset);
    for (let j = 0; j < n; j++) {
      const node = offset + j;
      if (t.feature[j] < 0) {
        packed.first[node] = -1;
        packed.second[node] = -1;
        continue;
      }
      const threshold = t.threshold[j];
      if (t.missingGoesLeft[j] === 1) {
        packed.sign[node] = 1;
        // x > +Infinity never holds: NaN as the cut makes the comparison always false (→ left).
        packed.cut[node] = threshold === Infinity ? Number.NaN : nextUp(threshold);
        packed.first[node] = t.right[j] + offset;
        packed.second[node] = t.left[j] + offset;
      } else {
        packed.sign[node] = -1;
        packed.cut[node] = -threshold;
        packed.first[node] = t.left[j] + offset;
        packed.second[node] = t.right[j] + offset;
      }
    }
    offset += n;
  });
  return packed;
}

/** The smallest double greater than `x` (x itself for NaN and +Infinity). */
export function nextUp(x: number): number {
  if (x !== x || x === Infinity) return x;
  if (x === 0) return Number.MIN_VALUE;
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  // Moving up means a larger magnitude for positives and a smaller one for negatives.
  view.setBigUint64(0, view.getBigUint64(0) + (x > 0 ? 1n : -1n));
  return view.getFloat64(0);
}

/** Rows scored together per pass over the trees (see `addForestOutput`). */
const ROW_BLOCK = 256;

/**
 * Adds `scale ×` the sum of all trees' outputs for each row of `X` into `out`.
 *
 * Rows are taken in blocks and every tree is run over a whole block before moving to the next
 * tree: a large forest (a few MB of nodes) does not fit in cache, and walking all trees for each
 * row would stream it from memory once per row. Each row still sums its trees in tree order, so
 * the result does not depend on the block size.
 */
export function addForestOutput(forest: PackedForest, X: Matrix, out: Float64Array, scale = 1): void {
  const { roots, feature, sign, cut, first, second, value, nTrees } = forest;
  const { data, nRows, nCols } = X;
  const sums = new Float64Array(ROW_BLOCK);
  for (let blockStart = 0; blockStart < nRows; blockStart += ROW_BLOCK) {
    const blockEnd = Math.min(nRows, blockStart + ROW_BLOCK);
    sums.fill(0);
    for (let t = 0; t < nTrees; t++) {
      const root = roots[t];
      for (let i = blockStart; i < blockEnd; i++) {
        const base = i * nCols;
        let node = root;
        let f = feature[node];
        while (f >= 0) {
          node = sign[node] * data[base + f] >= cut[node] ? first[node] : second[node];
          f = feature[node];
        }
        sums[i - blockStart] += value[node];
      }
    }
    for (let i = blockStart; i < blockEnd; i++) out[i] += scale * sums[i - blockStart];
  }
}

/** Depth of the deepest leaf (the root alone has depth 0). */
export function treeDepth(tree: FlatTree): number {
  const depth = new Int32Array(tree.feature.length);
  let max = 0;
  for (let node = 0; node < tree.feature.length; node++) {
    if (tree.feature[node] < 0) {
      if (depth[node] > max) max = depth[node];
      continue;
    }
    depth[tree.left[node]] = depth[node] + 1;
    depth[tree.right[node]] = depth[node] + 1;
  }
  return max;
}

/** Plain-JSON form of a tree. */
export function treeToJSON(tree: FlatTree): FlatTreeJSON {
  return {
    feature: Array.from(tree.feature),
    threshold: Array.from(tree.threshold, encodeNumber),
    missingGoesLeft: Array.from(tree.missingGoesLeft),
    left: Array.from(tree.left),
    right: Array.from(tree.right),
    value: Array.from(tree.value),
    cover: Array.from(tree.cover),
  };
}

/** Restores a tree from `treeToJSON` output, checking its shape (TypeError) and links (RangeError). */
export function treeFromJSON(json: unknown, where = 'tree'): FlatTree {
  if (typeof json !== 'object' || json === null) throw new TypeError(`${where} must be an object`);
  const j = json as Record<string, unknown>;
  const feature = Int32Array.from(readNumberArray(j, 'feature', where));
  const n = feature.length;
  if (n === 0) throw new RangeError(`${where}.feature must have at least one node, got 0`);
  const tree: FlatTree = {
    feature,
    threshold: Float64Array.from((j.threshold as unknown[] | undefined) ?? [], decodeNumber),
    missingGoesLeft: Uint8Array.from(readNumberArray(j, 'missingGoesLeft', where, n)),
    left: Int32Array.from(readNumberArray(j, 'left', where, n)),
    right: Int32Array.from(readNumberArray(j, 'right', where, n)),
    value: Float64Array.from(readNumberArray(j, 'value', where, n)),
    cover: Float64Array.from(readNumberArray(j, 'cover', where, n)),
  };
  if (tree.threshold.length !== n) throw new TypeError(`${where}.threshold must have ${n} entries`);
  // Children must come after their parent: that rules out cycles, so scoring always terminates.
  for (let node = 0; node < n; node++) {
    if (feature[node] < 0) continue;
    const l = tree.left[node];
    const r = tree.right[node];
    if (!(l > node && l < n && r > node && r < n)) {
      throw new RangeError(`${where} node ${node} must link to later nodes in [${node + 1}, ${n}), got ${l} and ${r}`);
    }
  }
  return tree;
}
