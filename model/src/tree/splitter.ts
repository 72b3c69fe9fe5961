/**
 * Best split of a node from its histogram, with a learned direction for missing values.
 *
 * Gain is the second-order (Newton) gain of XGBoost/LightGBM with L2 on leaf values:
 *   G_L²/(H_L+λ) + G_R²/(H_R+λ) − G²/(H+λ)
 * (the constant ½ is dropped; it does not change which split wins, and importances are normalised).
 */

/** Constraints on the children of a split. */
export interface SplitConstraints {
  /** L2 penalty λ on leaf values. */
  l2Regularization: number;
  /** Minimum hessian sum in each child. */
  minChildWeight: number;
  /** Minimum number of rows in each child. */
  minSamplesLeaf: number;
}

/** The best split found for a node; a reusable mutable record (no allocation per node). */
export class SplitInfo {
  /** Gain of the split; 0 with `feature === -1` when no valid split exists. */
  gain = 0;
  feature = -1;
  /** Rows whose bin code is ≤ `bin` go left (missing values aside). */
  bin = 0;
  /** Where rows with a missing value go, learned or (if the node had none) the larger side. */
  missingGoesLeft = false;
  leftGrad = 0;
  leftHess = 0;
  leftCount = 0;

  /** Copies another result into this one. */
  copyFrom(other: SplitInfo): void {
    this.gain = other.gain;
    this.feature = other.feature;
    this.bin = other.bin;
    this.missingGoesLeft = other.missingGoesLeft;
    this.leftGrad = other.leftGrad;
    this.leftHess = other.leftHess;
    this.leftCount = other.leftCount;
  }

  /** Forgets any previous result. */
  reset(): void {
    this.gain = 0;
    this.feature = -1;
    this.bin = 0;
    this.missingGoesLeft = false;
    this.leftGrad = 0;
    this.leftHess = 0;
    this.leftCount = 0;
  }
}

/**
 * Scans the histogram of every listed feature and keeps the split with the largest positive gain
 * in `out` (left untouched if none beats `out.gain`, so callers `reset()` first).
 *
 * For each threshold both missing directions are tried when the node has missing values for the
 * feature; "all non-missing left, missing right" is tried as well, so missingness itself can be
 * the split. When the node has no missing values for the feature, missing rows seen later go to
 * the side with more training rows — the best guess without evidence.
 *
 * @param nBins number of non-missing bins per feature; the missing bin is slot `missingBin`
 */
export function findBestSplit(
  hist: Float64Array,
  binsPerFeature: number,
  missingBin: number,
  nBins: Int32Array,
  features: Int32Array,
  nFeatures: number,
  sumGrad: number,
  sumHess: number,
  count: number,
  constraints: SplitConstraints,
  out: SplitInfo,
): void {
  const lambda = constraints.l2Regularization;
  const minHess = constraints.minChildWeight;
  const minCount = constraints.minSamplesLeaf;
  const parentScore = (sumGrad * sumGrad) / (sumHess + lambda);
  // Stride 3 = [gradient, hessian, count] per bin (HIST_STRIDE), literal in this hot loop.
  const featureStride = binsPerFeature * 3;
  for (let k = 0; k < nFeatures; k++) {
    const f = features[k];
    const base = f * featureStride;
    const missingSlot = base + missingBin * 3;
    const gMiss = hist[missingSlot];
    const hMiss = hist[missingSlot + 1];
    const cMiss = hist[missingSlot + 2];
    const hasMissing = cMiss > 0;
    const lastBin = nBins[f] - 1;
    let gCum = 0;
    let hCum = 0;
    let cCum = 0;
    // With missing values present, b = lastBin ("missing vs the rest") is a valid candidate too.
    const stop = hasMissing ? lastBin : lastBin - 1;
    for (let b = 0; b <= stop; b++) {
      const slot = base + b * 3;
      const c = hist[slot + 2];
      gCum += hist[slot];
      hCum += hist[slot + 1];
      cCum += c;
      // An empty bin gives the same partition as the previous threshold; keep the first.
      if (c === 0 || cCum < minCount) continue;
      // The right child only shrinks from here on (missing → left makes it smaller still).
      if (count - cCum < minCount || sumHess - hCum < minHess) break;

      // Missing → right.
      let gL = gCum;
      let hL = hCum;
      let cL = cCum;
      let gR = sumGrad - gL;
      let hR = sumHess - hL;
      let cR = count - cL;
      if (cL >= minCount && cR >= minCount && hL >= minHess && hR >= minHess) {
        const gain = (gL * gL) / (hL + lambda) + (gR * gR) / (hR + lambda) - parentScore;
        if (gain > out.gain) {
          out.gain = gain;
          out.feature = f;
          out.bin = b;
          out.missingGoesLeft = hasMissing ? false : cL >= cR;
          out.leftGrad = gL;
          out.leftHess = hL;
          out.leftCount = cL;
        }
      }
      if (!hasMissing || b === lastBin) continue;

      // Missing → left.
      gL = gCum + gMiss;
      hL = hCum + hMiss;
      cL = cCum + cMiss;
      gR = sumGrad - gL;
      hR = sumHess - hL;
      cR = count - cL;
      if (cL >= minCount && cR >= minCount && hL >= minHess && hR >= minHess) {
        const gain = (gL * gL) / (hL + lambda) + (gR * gR) / (hR + lambda) - parentScore;
        if (gain > out.gain) {
          out.gain = gain;
          out.feature = f;
          out.bin = b;
          out.missingGoesLeft = true;
          out.leftGrad = gL;
          out.leftHess = hL;
          out.leftCount = cL;
        }
      }
    }
  }
}
