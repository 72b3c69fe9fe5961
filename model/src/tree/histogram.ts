/**
 * Gradient/hessian/count histograms of one tree node over binned features.
 *
 * Layout: one Float64Array per node, `HIST_STRIDE` numbers per bin ([gradient, hessian, count],
 * interleaved so one bin update touches one cache line), `binsPerFeature` bins per feature, all
 * features back to back. Only the features listed for the node are filled; the others are stale.
 */

/** Numbers stored per bin: gradient sum, hessian sum, row count. */
export const HIST_STRIDE = 3;

/** Length of a node histogram for `nFeatures` features with `binsPerFeature` bins each (missing bin included). */
export function histogramLength(nFeatures: number, binsPerFeature: number): number {
  return nFeatures * binsPerFeature * HIST_STRIDE;
}

/**
 * Reuses histogram buffers across nodes and trees: a 40-feature, 256-bin histogram is ~240 kB,
 * and allocating (and zeroing) one per node would cost more than filling it.
 */
export class HistogramPool {
  private readonly free: Float64Array[] = [];
  private readonly length: number;

  /** A pool of buffers of `histogramLength(nFeatures, binsPerFeature)` numbers. */
  constructor(nFeatures: number, binsPerFeature: number) {
    this.length = histogramLength(nFeatures, binsPerFeature);
  }

  /** A buffer with unspecified contents; `buildHistogram` zeroes the features it fills. */
  acquire(): Float64Array {
    return this.free.pop() ?? new Float64Array(this.length);
  }

  /** Returns a buffer for reuse. */
  release(hist: Float64Array): void {
    this.free.push(hist);
  }
}

/**
 * Copies the gradients and hessians of `rows[start..end)` into contiguous arrays, so the
 * per-feature scans in `buildHistogram` read them sequentially instead of gathering once per feature.
 */
export function gatherGradients(
  rows: Uint32Array,
  start: number,
  end: number,
  grad: Float64Array,
  hess: Float64Array,
  orderedGrad: Float64Array,
  orderedHess: Float64Array,
): void {
  for (let i = start, k = 0; i < end; i++, k++) {
    const r = rows[i];
    orderedGrad[k] = grad[r];
    orderedHess[k] = hess[r];
  }
}

/**
 * Fills `hist` for the features `features[0..nFeatures)` from the rows `rows[start..end)`.
 *
 * Features are processed four per pass over the rows: the row index and its gradient/hessian are
 * loaded once for four histogram updates, which measured about twice as fast as one feature per
 * pass on 55k × 40 data. Two rows per iteration, with all eight bin codes loaded before the
 * updates, cut the bankruptcy GBM's fit by a further ~9 % (the loads no longer wait behind the
 * previous row's stores); a bin hit by both rows still adds the first row's values first. The stride 3 is written as a literal: an imported constant read in this
 * loop can compile to a module-binding lookup per access.
 *
 * @param binned column-major bin codes, `binned[f * nRows + i]`
 * @param orderedGrad gradients of the node's rows in `rows` order (see `gatherGradients`)
 * @param orderedHess hessians likewise
 * @param binsPerFeature histogram slots per feature (non-missing bins + the missing bin)
 */
export function buildHistogram(
  hist: Float64Array,
  binned: Uint8Array,
  nRows: number,
  binsPerFeature: number,
  features: Int32Array,
  nFeatures: number,
  rows: Uint32Array,
  start: number,
  end: number,
  orderedGrad: Float64Array,
  orderedHess: Float64Array,
): void {
  const featureStride = binsPerFeature * 3;
  const n = end - start;
  let k = 0;
  for (; k + 3 < nFeatures; k += 4) {
    const b0 = features[k] * featureStride;
    const b1 = features[k + 1] * featureStride;
    const b2 = features[k + 2] * featureStride;
    const b3 = features[k + 3] * featureStride;
    hist.fill(0, b0, b0 + featureStride);
    hist.fill(0, b1, b1 + featureStride);
    hist.fill(0, b2, b2 + featureStride);
    hist.fill(0, b3, b3 + featureStride);
    const c0 = features[k] * nRows;
    const c1 = features[k + 1] * nRows;
    const c2 = features[k + 2] * nRows;
    const c3 = features[k + 3] * nRows;
    let i = 0;
    for (; i + 1 < n; i += 2) {
      const r = rows[start + i];
      const q = rows[start + i + 1];
      const g = orderedGrad[i];
      const h = orderedHess[i];
      const g2 = orderedGrad[i + 1];
      const h2 = orderedHess[i + 1];
      const s0 = b0 + binned[c0 + r] * 3;
      const s1 = b1 + binned[c1 + r] * 3;
      const s2 = b2 + binned[c2 + r] * 3;
      const s3 = b3 + binned[c3 + r] * 3;
      const t0 = b0 + binned[c0 + q] * 3;
      const t1 = b1 + binned[c1 + q] * 3;
      const t2 = b2 + binned[c2 + q] * 3;
      const t3 = b3 + binned[c3 + q] * 3;
      hist[s0] += g;
      hist[s0 + 1] += h;
      hist[s0 + 2] += 1;
      hist[s1] += g;
      hist[s1 + 1] += h;
      hist[s1 + 2] += 1;
      hist[s2] += g;
      hist[s2 + 1] += h;
      hist[s2 + 2] += 1;
      hist[s3] += g;
      hist[s3 + 1] += h;
      hist[s3 + 2] += 1;
      hist[t0] += g2;
      hist[t0 + 1] += h2;
      hist[t0 + 2] += 1;
      hist[t1] += g2;
      hist[t1 + 1] += h2;
      hist[t1 + 2] += 1;
      hist[t2] += g2;
      hist[t2 + 1] += h2;
      hist[t2 + 2] += 1;
      hist[t3] += g2;
      hist[t3 + 1] += h2;
      hist[t3 + 2] += 1;
    }
    for (; i < n; i++) {
      const r = rows[start + i];
      const g = orderedGrad[i];
      const h = orderedHess[i];
      let s = b0 + binned[c0 + r] * 3;
      hist[s] += g;
      hist[s + 1] += h;
      hist[s + 2] += 1;
      s = b1 + binned[c1 + r] * 3;
      hist[s] += g;
      hist[s + 1] += h;
      hist[s + 2] += 1;
      s = b2 + binned[c2 + r] * 3;
      hist[s] += g;
      hist[s + 1] += h;
      hist[s + 2] += 1;
      s = b3 + binned[c3 + r] * 3;
      hist[s] += g;
      hist[s + 1] += h;
      hist[s + 2] += 1;
    }
  }
  for (; k < nFeatures; k++) {
    const base = features[k] * featureStride;
    hist.fill(0, base, base + featureStride);
    const column = features[k] * nRows;
    for (let i = 0; i < n; i++) {
      const s = base + binned[column + rows[start + i]] * 3;
      hist[s] += orderedGrad[i];
      hist[s + 1] += orderedHess[i];
      hist[s + 2] += 1;
    }
  }
}

/**
 * Packs column-major bin codes into row-major 32-bit words, four features per word (feature
 * 4j + k in byte k of word j), padding the last word with bin 0. Layout for
 * `buildHistogramRowWise`; `out` (length nRows × ceil(nFeatures / 4)) may be shared memory.
 */
export function packRowMajor(binned: Uint8Array, nRows: number, nFeatures: number, out: Uint32Array): void {
  const nGroups = Math.ceil(nFeatures / 4);
  for (let j = 0; j < nGroups; j++) {
    for (let i = 0; i < nRows; i++) {
      let word = 0;
      for (let k = 0; k < 4; k++) {
        const f = 4 * j + k;
        if (f < nFeatures) word |= binned[f * nRows + i] << (8 * k);
      }
      out[i * nGroups + j] = word >>> 0;
    }
  }
}

/**
 * Fills `hist` for every feature of the word groups [groupStart, groupEnd) (features
 * 4·groupStart … 4·groupEnd − 1, padding included) from the rows `rows[start..end)`.
 *
 * Row-major: one 32-bit load brings four bin codes, and a row's codes sit in one cache line, so
 * scattered rows (every node below the root) cost one miss per row instead of one per feature.
 * Measured ≈ 30 % faster than `buildHistogram` on the bankruptcy features when a node uses all
 * features; `buildHistogram` stays better when only a few features are wanted (random forest).
 *
 * @param packed output of `packRowMajor`, `nGroups` words per row
 */
export function buildHistogramRowWise(
  hist: Float64Array,
  packed: Uint32Array,
  nGroups: number,
  groupStart: number,
  groupEnd: number,
  binsPerFeature: number,
  rows: Uint32Array,
  start: number,
  end: number,
  orderedGrad: Float64Array,
  orderedHess: Float64Array,
): void {
  const featureStride = binsPerFeature * 3;
  const groupStride = 4 * featureStride;
  hist.fill(0, groupStart * groupStride, groupEnd * groupStride);
  const n = end - start;
  for (let i = 0; i < n; i++) {
    const rowBase = rows[start + i] * nGroups;
    const g = orderedGrad[i];
    const h = orderedHess[i];
    for (let j = groupStart, base = groupStart * groupStride; j < groupEnd; j++, base += groupStride) {
      const word = packed[rowBase + j];
      let s = base + (word & 255) * 3;
      hist[s] += g;
      hist[s + 1] += h;
      hist[s + 2] += 1;
      s = base + featureStride + ((word >>> 8) & 255) * 3;
      hist[s] += g;
      hist[s + 1] += h;
      hist[s + 2] += 1;
      s = base + 2 * featureStride + ((word >>> 16) & 255) * 3;
      hist[s] += g;
      hist[s + 1] += h;
      hist[s + 2] += 1;
      s = base + 3 * featureStride + (word >>> 24) * 3;
      hist[s] += g;
      hist[s + 1] += h;
      hist[s + 2] += 1;
    }
  }
}

/**
 * `buildHistogramRowWise` without the count channel: fills gradient and hessian sums and leaves
 * counts untouched. For a node whose counts are already known — the root over all rows has the
 * same counts in every boosting iteration — this saves a third of the memory updates, the
 * dominant cost of the kernel.
 */
export function buildHistogramRowWiseSums(
  hist: Float64Array,
  packed: Uint32Array,
  nGroups: number,
  groupStart: number,
  groupEnd: number,
  binsPerFeature: number,
  rows: Uint32Array,
  start: number,
  end: number,
  orderedGrad: Float64Array,
  orderedHess: Float64Array,
): void {
  const featureStride = binsPerFeature * 3;
  const groupStride = 4 * featureStride;
  for (let k = groupStart * groupStride; k < groupEnd * groupStride; k += 3) {
    hist[k] = 0;
    hist[k + 1] = 0;
  }
  const n = end - start;
  for (let i = 0; i < n; i++) {
    const rowBase = rows[start + i] * nGroups;
    const g = orderedGrad[i];
    const h = orderedHess[i];
    for (let j = groupStart, base = groupStart * groupStride; j < groupEnd; j++, base += groupStride) {
      const word = packed[rowBase + j];
      let s = base + (word & 255) * 3;
      hist[s] += g;
      hist[s + 1] += h;
      s = base + featureStride + ((word >>> 8) & 255) * 3;
      hist[s] += g;
      hist[s + 1] += h;
      s = base + 2 * featureStride + ((word >>> 16) & 255) * 3;
      hist[s] += g;
      hist[s + 1] += h;
      s = base + 3 * featureStride + (word >>> 24) * 3;
      hist[s] += g;
      hist[s + 1] += h;
    }
  }
}

/**
 * Turns the parent's histogram into the sibling's, in place: sibling = parent − child.
 * Building only the smaller child and deriving the larger costs O(bins), not O(rows).
 */
export function subtractHistogram(
  parent: Float64Array,
  child: Float64Array,
  binsPerFeature: number,
  features: Int32Array,
  nFeatures: number,
): void {
  const featureStride = binsPerFeature * 3;
  // Runs of consecutive features (all of them, in boosting without column sampling) are
  // subtracted as one flat loop.
  let k = 0;
  while (k < nFeatures) {
    let runEnd = k + 1;
    while (runEnd < nFeatures && features[runEnd] === features[runEnd - 1] + 1) runEnd++;
    const from = features[k] * featureStride;
    const to = (features[runEnd - 1] + 1) * featureStride;
    for (let j = from; j < to; j++) parent[j] -= child[j];
    k = runEnd;
  }
}
