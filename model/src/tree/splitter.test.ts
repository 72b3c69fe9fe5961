import { describe, expect, it } from 'vitest';
import { HIST_STRIDE } from './histogram.ts';
import { SplitInfo, findBestSplit } from './splitter.ts';

const MISSING_BIN = 4;
const BINS_PER_FEATURE = MISSING_BIN + 1;

/** Histogram of one or more features from per-bin [gradient sum, row count] (hessian 1 per row). */
function histogram(perFeature: Array<Array<[number, number]>>): Float64Array {
  const h = new Float64Array(perFeature.length * BINS_PER_FEATURE * HIST_STRIDE);
  perFeature.forEach((bins, f) => {
    bins.forEach(([g, c], b) => {
      const slot = (f * BINS_PER_FEATURE + b) * HIST_STRIDE;
      h[slot] = g;
      h[slot + 1] = c;
      h[slot + 2] = c;
    });
  });
  return h;
}

function best(perFeature: Array<Array<[number, number]>>, minSamplesLeaf = 1): SplitInfo {
  const h = histogram(perFeature);
  const features = Int32Array.from(perFeature.keys());
  const nBins = new Int32Array(perFeature.length).fill(MISSING_BIN);
  let g = 0;
  let c = 0;
  for (let k = 0; k < h.length; k += HIST_STRIDE) {
    if (k < BINS_PER_FEATURE * HIST_STRIDE) {
      g += h[k];
      c += h[k + 2];
    }
  }
  const out = new SplitInfo();
  findBestSplit(h, BINS_PER_FEATURE, MISSING_BIN, nBins, features, features.length, g, c, c,
    { l2Regularization: 0, minChildWeight: 0, minSamplesLeaf }, out);
  return out;
}

describe('findBestSplit', () => {
  // Bins 0..3 then the missing bin; each entry is [gradient sum, rows] with hessian 1 per row.
  it('finds the threshold and sends missing values left when they behave like the low bins', () => {
    const split = best([[[-2, 2], [-2, 2], [3, 3], [2, 2], [-2, 2]]]);
    expect(split.feature).toBe(0);
    expect(split.bin).toBe(1);
    expect(split.missingGoesLeft).toBe(true);
    // Left: bins 0, 1 and missing (G = −6, H = 6); right: bins 2, 3 (G = 5, H = 5).
    expect(split.gain).toBeCloseTo(36 / 6 + 25 / 5 - 1 / 11, 12);
    expect(split.leftCount).toBe(6);
  });

  it('sends missing values right when they behave like the high bins', () => {
    const split = best([[[-2, 2], [-2, 2], [3, 3], [2, 2], [2, 2]]]);
    expect(split.bin).toBe(1);
    expect(split.missingGoesLeft).toBe(false);
    expect(split.gain).toBeCloseTo(16 / 4 + 49 / 7 - 9 / 11, 12);
  });

  it('can split on missingness alone', () => {
    const split = best([[[1, 3], [1, 3], [1, 3], [1, 3], [-6, 6]]]);
    expect(split.bin).toBe(3);
    expect(split.missingGoesLeft).toBe(false);
  });

  it('sends missing values to the larger child when the node has none', () => {
    const bigLeft = best([[[-5, 5], [2, 2], [0, 0], [0, 0], [0, 0]]]);
    expect(bigLeft.bin).toBe(0);
    expect(bigLeft.missingGoesLeft).toBe(true);
    const bigRight = best([[[-2, 2], [5, 5], [0, 0], [0, 0], [0, 0]]]);
    expect(bigRight.missingGoesLeft).toBe(false);
  });

  it('respects minSamplesLeaf and picks the better feature', () => {
    const weak = [[-1, 1], [1, 3], [0, 2], [0, 2], [0, 0]] as Array<[number, number]>;
    const strong = [[-3, 3], [-1, 1], [2, 2], [2, 2], [0, 0]] as Array<[number, number]>;
    expect(best([weak, strong]).feature).toBe(1);
    // With 4 rows per leaf required, the only legal split of the strong feature is after bin 1.
    const constrained = best([strong], 4);
    expect(constrained.bin).toBe(1);
    expect(best([[[-1, 1], [1, 1], [0, 0], [0, 0], [0, 0]]], 2).feature).toBe(-1);
  });
});
