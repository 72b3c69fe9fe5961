import { describe, expect, it } from 'vitest';
import { ParallelHistogramBuilder } from './parallel-histogram.ts';
import { buildHistogram, buildHistogramRowWise, gatherGradients, histogramLength, packRowMajor } from './histogram.ts';
import { Random } from '../random.ts';

describe('ParallelHistogramBuilder', () => {
  const rng = new Random(8);
  const nRows = 3000;
  const nFeatures = 13;
  const nGroups = Math.ceil(nFeatures / 4);
  const binsPerFeature = 17;
  const binned = new Uint8Array(nRows * nFeatures);
  for (let i = 0; i < binned.length; i++) binned[i] = rng.nextInt(binsPerFeature);
  const packed = new Uint32Array(nRows * nGroups);
  packRowMajor(binned, nRows, nFeatures, packed);
  const grad = Float64Array.from({ length: nRows }, () => rng.nextFloat() - 0.5);
  const hess = Float64Array.from({ length: nRows }, () => rng.nextFloat());
  const rows = rng.sampleWithoutReplacement(nRows, 1700);
  const og = new Float64Array(nRows);
  const oh = new Float64Array(nRows);
  gatherGradients(rows, 100, 1500, grad, hess, og, oh);
  const length = histogramLength(nGroups * 4, binsPerFeature);

  function withBuilder(run: (builder: ParallelHistogramBuilder) => void): void {
    const builder = new ParallelHistogramBuilder(binned, packed, nRows, nFeatures, binsPerFeature, 0);
    try {
      builder.shared.rows.set(rows);
      gatherGradients(builder.shared.rows, 100, 1500, grad, hess, builder.shared.orderedGrad, builder.shared.orderedHess);
      run(builder);
    } finally {
      builder.close();
    }
  }

  it('builds column-wise histograms bit for bit like the single-threaded builder', () => {
    const features = Int32Array.from([12, 0, 3, 5, 1, 2, 7, 8, 9, 11, 4]);
    const single = new Float64Array(length);
    buildHistogram(single, binned, nRows, binsPerFeature, features, features.length, rows, 100, 1500, og, oh);
    withBuilder((builder) => {
      const parallel = new Float64Array(length);
      builder.build(parallel, features, features.length, 100, 1500);
      expect(parallel).toEqual(single);
    });
  });

  it('builds row-wise histograms bit for bit like the single-threaded builder', () => {
    const single = new Float64Array(length);
    buildHistogramRowWise(single, packed, nGroups, 0, nGroups, binsPerFeature, rows, 100, 1500, og, oh);
    withBuilder((builder) => {
      const parallel = new Float64Array(length);
      builder.buildRowWise(parallel, 100, 1500);
      expect(parallel).toEqual(single);
    });
  });
});
