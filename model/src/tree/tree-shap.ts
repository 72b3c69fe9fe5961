/**
 * Exact TreeSHAP for one tree (Lundberg, Erion & Lee 2018, "Consistent Individualized Feature
 * Attribution for Tree Ensembles", Algorithm 2): Shapley values of the tree's output, where the
 * value of a feature subset S is the expectation of the tree's output given x_S, taken over the
 * training distribution the node covers describe. Polynomial: O(leaves · depth²) per row.
 *
 * The recursion carries the "unique path" of features split on from the root: for each, the
 * fraction of training cover that flows down the path (zero fraction) and whether x itself
 * flows down it (one fraction), plus the permutation weights of every subset size. At a leaf,
 * unwinding a feature from the path gives the weighted difference its presence makes.
 */
import type { FlatTree } from './predictor.ts';
import { treeDepth } from './predictor.ts';

/** Cover-weighted mean output of the tree: the value with no feature known. */
export function treeExpectedValue(tree: FlatTree): number {
  const expected = new Float64Array(tree.feature.length);
  for (let node = tree.feature.length - 1; node >= 0; node--) {
    if (tree.feature[node] < 0) {
      expected[node] = tree.value[node];
      continue;
    }
    const l = tree.left[node];
    const r = tree.right[node];
    // Same shares as the SHAP recursion uses (an even split if the node has no cover), so the
    // expected value and the contributions add up exactly to the output.
    const cover = tree.cover[node];
    const fl = cover > 0 ? tree.cover[l] / cover : 0.5;
    const fr = cover > 0 ? tree.cover[r] / cover : 0.5;
    expected[node] = fl * expected[l] + fr * expected[r];
  }
  return expected[0];
}

/**
 * Computes SHAP values of one tree for many rows; the path buffers are allocated once per tree
 * and reused for every row.
 */
export class TreeExplainer {
  private readonly tree: FlatTree;
  private readonly pathFeature: Int32Array;
  private readonly pathZero: Float64Array;
  private readonly pathOne: Float64Array;
  private readonly pathWeight: Float64Array;
  /** reciprocal[k] = 1 / k, for the path lengths this tree can produce. */
  private readonly reciprocal: Float64Array;
  private x: Float64Array = new Float64Array(0);
  private xOffset = 0;
  private phi: Float64Array = new Float64Array(0);
  private phiOffset = 0;
  private scale = 1;

  /** Prepares buffers for `tree`. */
  constructor(tree: FlatTree) {
    this.tree = tree;
    // Each recursion level owns a segment one longer than its parent's path; depth D needs
    // 1 + 2 + … + (D + 2) slots.
    const d = treeDepth(tree) + 2;
    const size = ((d + 1) * (d + 2)) / 2;
    this.pathFeature = new Int32Array(size);
    this.pathZero = new Float64Array(size);
    this.pathOne = new Float64Array(size);
    this.pathWeight = new Float64Array(size);
    this.reciprocal = Float64Array.from({ length: d + 2 }, (_, k) => (k === 0 ? 0 : 1 / k));
  }

  /**
   * Adds `scale ×` this tree's SHAP values for the row starting at `x[xOffset]` into
   * `phi[phiOffset + feature]`.
   */
  explainRow(x: Float64Array, xOffset: number, phi: Float64Array, phiOffset: number, scale: number): void {
    this.x = x;
    this.xOffset = xOffset;
    this.phi = phi;
    this.phiOffset = phiOffset;
    this.scale = scale;
    this.recurse(0, 0, 0, 1, 1, -1);
  }

  /**
   * @param segment start of this level's path segment (the parent's path was copied there)
   * @param length length of the copied parent path
   */
  private recurse(node: number, segment: number, length: number, zero: number, one: number, feature: number): void {
    const tree = this.tree;
    const pf = this.pathFeature;
    const pz = this.pathZero;
    const po = this.pathOne;
    this.extend(segment, length, zero, one, feature);
    let l = length + 1;

    const split = tree.feature[node];
    if (split < 0) {
      const v = tree.value[node] * this.scale;
      for (let i = 1; i < l; i++) {
        const w = this.unwoundSum(segment, l, i);
        this.phi[this.phiOffset + pf[segment + i]] += w * (po[segment + i] - pz[segment + i]) * v;
      }
      return;
    }

    const xv = this.x[this.xOffset + split];
    const goesLeft = xv <= tree.threshold[node] ? true : xv === xv ? false : tree.missingGoesLeft[node] === 1;
    const hot = goesLeft ? tree.left[node] : tree.right[node];
    const cold = goesLeft ? tree.right[node] : tree.left[node];

    // A feature already on the path is removed and re-added with its fractions multiplied, so
    // each feature appears once however often the path splits on it.
    let incomingZero = 1;
    let incomingOne = 1;
    for (let k = 1; k < l; k++) {
      if (pf[segment + k] === split) {
        incomingZero = pz[segment + k];
        incomingOne = po[segment + k];
        this.unwind(segment, l, k);
        l--;
        break;
      }
    }

    const cover = tree.cover[node];
    const hotShare = cover > 0 ? tree.cover[hot] / cover : 0.5;
    const coldShare = cover > 0 ? tree.cover[cold] / cover : 0.5;
    const child = segment + length + 1;
    this.copyPath(segment, child, l);
    this.recurse(hot, child, l, incomingZero * hotShare, incomingOne, split);
    const coldZero = incomingZero * coldShare;
    // The cold branch carries neither x (one = 0) nor, here, any training cover: it adds nothing.
    if (coldZero > 0) {
      this.copyPath(segment, child, l);
      this.recurse(cold, child, l, coldZero, 0, split);
    }
  }

  private copyPath(from: number, to: number, length: number): void {
    // Paths are a handful of entries: a plain loop beats four copyWithin calls.
    const pf = this.pathFeature;
    const pz = this.pathZero;
    const po = this.pathOne;
    const pw = this.pathWeight;
    for (let k = 0; k < length; k++) {
      pf[to + k] = pf[from + k];
      pz[to + k] = pz[from + k];
      po[to + k] = po[from + k];
      pw[to + k] = pw[from + k];
    }
  }

  /** Appends a feature with fractions (zero, one) to the path of length `l`, updating subset weights. */
  private extend(s: number, l: number, zero: number, one: number, feature: number): void {
    const pw = this.pathWeight;
    this.pathFeature[s + l] = feature;
    this.pathZero[s + l] = zero;
    this.pathOne[s + l] = one;
    pw[s + l] = l === 0 ? 1 : 0;
    const inv = this.reciprocal[l + 1];
    for (let i = l - 1; i >= 0; i--) {
      pw[s + i + 1] += one * pw[s + i] * (i + 1) * inv;
      pw[s + i] = zero * pw[s + i] * (l - i) * inv;
    }
  }

  /** Removes entry `k` from the path of length `l` (inverse of `extend`). */
  private unwind(s: number, l: number, k: number): void {
    const pw = this.pathWeight;
    const r = this.reciprocal;
    const one = this.pathOne[s + k];
    const zero = this.pathZero[s + k];
    const invL = r[l];
    let next = pw[s + l - 1];
    if (one !== 0) {
      const scale = l / one;
      for (let j = l - 2; j >= 0; j--) {
        const tmp = pw[s + j];
        pw[s + j] = next * scale * r[j + 1];
        next = tmp - pw[s + j] * zero * (l - j - 1) * invL;
      }
    } else {
      const scale = l / zero;
      for (let j = l - 2; j >= 0; j--) pw[s + j] = pw[s + j] * scale * r[l - j - 1];
    }
    for (let j = k; j < l - 1; j++) {
      this.pathFeature[s + j] = this.pathFeature[s + j + 1];
      this.pathZero[s + j] = this.pathZero[s + j + 1];
      this.pathOne[s + j] = this.pathOne[s + j + 1];
    }
  }

  /**
   * Sum of the subset weights the path would have with entry `k` unwound, without modifying it.
   * This is the innermost loop of TreeSHAP (once per path entry per leaf), so divisions are
   * replaced by multiplications with precomputed reciprocals.
   */
  private unwoundSum(s: number, l: number, k: number): number {
    const pw = this.pathWeight;
    const r = this.reciprocal;
    const one = this.pathOne[s + k];
    const zero = this.pathZero[s + k];
    let total = 0;
    if (one !== 0) {
      const scale = l / one;
      const zeroOverL = zero * r[l];
      let next = pw[s + l - 1];
      for (let j = l - 2; j >= 0; j--) {
        const w = next * scale * r[j + 1];
        total += w;
        next = pw[s + j] - w * zeroOverL * (l - j - 1);
      }
    } else {
      const scale = l / zero;
      for (let j = l - 2; j >= 0; j--) total += pw[s + j] * scale * r[l - j - 1];
    }
    return total;
  }
}

/**
 * SHAP values of a weighted sum of trees, `bias + Σ_t scale · tree_t(x)`, for every row of a
 * row-major matrix: returns the expected value and `nRows × nCols` contributions (row-major),
 * with `expectedValue + Σ_j values[i, j]` equal to the model's raw output for row i.
 */
export function explainTrees(
  trees: readonly FlatTree[],
  scale: number,
  bias: number,
  data: Float64Array,
  nRows: number,
  nCols: number,
): { expectedValue: number; values: Float64Array } {
  const values = new Float64Array(nRows * nCols);
  let expectedValue = bias;
  for (const tree of trees) {
    expectedValue += scale * treeExpectedValue(tree);
    // A single-leaf tree is a constant: it moves the expected value and explains nothing.
    if (tree.feature[0] < 0) continue;
    const explainer = new TreeExplainer(tree);
    for (let i = 0; i < nRows; i++) explainer.explainRow(data, i * nCols, values, i * nCols, scale);
  }
  return { expectedValue, values };
}
