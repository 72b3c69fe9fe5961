import { describe, expect, it } from 'vitest';
import {
  HIST_STRIDE,
  buildHistogram,
  buildHistogramRowWise,
  gatherGradients,
  histogramLength,
  packRowMajor,
  subtractHistogram,
} from './histogram.ts';
import { Random } from '../random.ts';

describe('histograms', () => {
  it('derive the larger child by subtraction exactly as a direct build would', () => {
    const rng = new Random(5);
    const nRows = 500;
    const nFeatures = 3;
    const binsPerFeature = 9;
    const binned = new Uint8Array(nRows * nFeatures);
    for (let i = 0; i < binned.length; i++) binned[i] = rng.nextInt(binsPerFeature);
    const grad = Float64Array.from({ length: nRows }, () => rng.nextFloat() - 0.5);
    const hess = Float64Array.from({ length: nRows }, () => rng.nextFloat());
    const features = Int32Array.from([0, 1, 2]);
    const rows = Uint32Array.from({ length: nRows }, (_, i) => i);
    const og = new Float64Array(nRows);
    const oh = new Float64Array(nRows);
    const build = (start: number, end: number): Float64Array => {
      const h = new Float64Array(histogramLength(nFeatures, binsPerFeature)).fill(123);
      gatherGradients(rows, start, end, grad, hess, og, oh);
      buildHistogram(h, binned, nRows, binsPerFeature, features, nFeatures, rows, start, end, og, oh);
      return h;
    };
    rng.shuffle(rows);
    const parent = build(0, nRows);
    // Odd sizes: the kernel takes two rows per step and must not drop the last one.
    const small = build(0, 181);
    const direct = build(181, nRows);
    subtractHistogram(parent, small, binsPerFeature, features, nFeatures);
    for (let k = 0; k < parent.length; k++) expect(parent[k]).toBeCloseTo(direct[k], 10);
    // Counts are integers, so they must agree exactly.
    for (let k = 2; k < parent.length; k += HIST_STRIDE) expect(parent[k]).toBe(direct[k]);
  });

  it('gives the same histograms from the row-major packed layout as from the column layout', () => {
    const rng = new Random(6);
    const nRows = 700;
    const nFeatures = 7;
    const binsPerFeature = 12;
    const binned = new Uint8Array(nRows * nFeatures);
    for (let i = 0; i < binned.length; i++) binned[i] = rng.nextInt(binsPerFeature);
    const packed = new Uint32Array(nRows * 2);
    packRowMajor(binned, nRows, nFeatures, packed);
    const grad = Float64Array.from({ length: nRows }, () => rng.nextFloat() - 0.5);
    const hess = Float64Array.from({ length: nRows }, () => rng.nextFloat());
    const rows = rng.sampleWithoutReplacement(nRows, 300);
    const og = new Float64Array(nRows);
    const oh = new Float64Array(nRows);
    gatherGradients(rows, 0, 300, grad, hess, og, oh);
    const features = Int32Array.from({ length: nFeatures }, (_, f) => f);
    const byColumn = new Float64Array(histogramLength(8, binsPerFeature));
    const byRow = new Float64Array(histogramLength(8, binsPerFeature));
    buildHistogram(byColumn, binned, nRows, binsPerFeature, features, nFeatures, rows, 0, 300, og, oh);
    buildHistogramRowWise(byRow, packed, 2, 0, 2, binsPerFeature, rows, 0, 300, og, oh);
    // Same rows in the same order per feature: identical sums. The padding feature 7 is ignored.
    const real = histogramLength(nFeatures, binsPerFeature);
    expect(byRow.subarray(0, real)).toEqual(byColumn.subarray(0, real));
  });
});
