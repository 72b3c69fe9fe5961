/**
 * Synthetic binary problems with known structure, for the tree learners' tests (and quick
 * experiments). Nothing here is used by the fitted models.
 */
import type { Matrix } from '../matrix.ts';
import { Random } from '../random.ts';

/** A generated data set with the true logit of every row. */
export interface SyntheticProblem {
  X: Matrix;
  y: Uint8Array;
  trueLogit: Float64Array;
}

/**
 * `nRows × nCols` (nCols ≥ 5) uniform features in [−1, 1]; y ~ Bernoulli(σ(z)) with z a
 * nonlinear function of features 0..4 only (a sine, an interaction, a step and a square), and
 * feature 3 missing at random in `missingRate` of rows. Trees must find the interaction and the
 * step; a linear model cannot.
 */
export function makeNonlinearProblem(nRows: number, nCols: number, seed: number, missingRate = 0.2, intercept = 0): SyntheticProblem {
  const rng = new Random(seed);
  const data = new Float64Array(nRows * nCols);
  const y = new Uint8Array(nRows);
  const trueLogit = new Float64Array(nRows);
  for (let i = 0; i < nRows; i++) {
    const base = i * nCols;
    for (let j = 0; j < nCols; j++) data[base + j] = rng.nextFloat() * 2 - 1;
    const x0 = data[base];
    const x1 = data[base + 1];
    const x2 = data[base + 2];
    const x3 = data[base + 3];
    const x4 = data[base + 4];
    const z = 2 * Math.sin(3 * x0) + 3 * x1 * x2 + (x3 > 0.3 ? 1.5 : -1) + 3 * x4 * x4 - 1 + intercept;
    trueLogit[i] = z;
    y[i] = rng.nextFloat() < 1 / (1 + Math.exp(-z)) ? 1 : 0;
    if (rng.nextFloat() < missingRate) data[base + 3] = Number.NaN;
  }
  return { X: { data, nRows, nCols }, y, trueLogit };
}

/** Pure noise: labels independent of the features (for early-stopping tests). */
export function makeNoiseProblem(nRows: number, nCols: number, seed: number, positiveRate = 0.3): SyntheticProblem {
  const rng = new Random(seed);
  const data = new Float64Array(nRows * nCols);
  const y = new Uint8Array(nRows);
  for (let i = 0; i < data.length; i++) data[i] = rng.nextFloat();
  for (let i = 0; i < nRows; i++) y[i] = rng.nextFloat() < positiveRate ? 1 : 0;
  return { X: { data, nRows, nCols }, y, trueLogit: new Float64Array(nRows).fill(Math.log(positiveRate / (1 - positiveRate))) };
}
