import { describe, expect, it } from 'vitest';
import { GRADIENT_BOOSTING_DEFAULTS, GradientBoostingClassifier } from './gradient-boosting.ts';
import { makeNoiseProblem, makeNonlinearProblem } from '../tree/synthetic-data.ts';
import { rocAuc } from '../metrics/auc.ts';
import type { Matrix } from '../matrix.ts';

const train = makeNonlinearProblem(4000, 20, 1);
const validation = makeNonlinearProblem(2000, 20, 2);
const test = makeNonlinearProblem(4000, 20, 3);
const model = new GradientBoostingClassifier({ maxIter: 150 }).fit(train.X, train.y, { validation });

function head(X: Matrix, nRows: number): Matrix {
  return { data: X.data.subarray(0, nRows * X.nCols), nRows, nCols: X.nCols };
}

describe('GradientBoostingClassifier', () => {
  it('ranks held-out rows of a nonlinear problem with missing values well above chance', () => {
    // Bayes AUC here is ≈ 0.88, an additive model of stumps reaches ≈ 0.82, a broken learner far less.
    expect(rocAuc(test.y, model.decisionFunction(test.X))).toBeGreaterThan(0.8);
  });

  it('returns probabilities in [0, 1] that are the sigmoid of the decision function', () => {
    const p = model.predictProba(test.X);
    const raw = model.decisionFunction(test.X);
    for (let i = 0; i < p.length; i++) {
      expect(p[i] >= 0 && p[i] <= 1).toBe(true);
      expect(p[i]).toBeCloseTo(1 / (1 + Math.exp(-raw[i])), 12);
    }
  });

  it('starts from the log-odds of the training prior', () => {
    const rate = train.y.reduce((a, b) => a + b, 0) / train.y.length;
    expect(model.state?.initScore).toBeCloseTo(Math.log(rate / (1 - rate)), 12);
  });

  it('has SHAP values that add up with the expected value to the decision function on every row', () => {
    const X = head(test.X, 300);
    const { expectedValue, values } = model.shap(X);
    const raw = model.decisionFunction(X);
    for (let i = 0; i < X.nRows; i++) {
      let sum = expectedValue;
      for (let j = 0; j < X.nCols; j++) sum += values[i * X.nCols + j];
      expect(Math.abs(sum - raw[i])).toBeLessThan(1e-9);
    }
  });

  it('gives most importance to the five informative features', () => {
    const importances = model.featureImportances();
    const informative = importances.slice(0, 5).reduce((a, b) => a + b, 0);
    expect(informative).toBeGreaterThan(0.6);
    expect(importances.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
  });

  it('predicts bit for bit the same after a JSON round trip', () => {
    const copy = GradientBoostingClassifier.fromJSON(JSON.parse(JSON.stringify(model.toJSON())));
    expect(copy.decisionFunction(test.X)).toEqual(model.decisionFunction(test.X));
    expect(copy.shap(head(test.X, 20))).toEqual(model.shap(head(test.X, 20)));
    expect(copy.options).toEqual(model.options);
    expect(copy.featureImportances()).toEqual(model.featureImportances());
  });

  it('rejects JSON with a wrong format tag', () => {
    const json = { ...model.toJSON(), format: 'dr-random-forest@1' };
    expect(() => GradientBoostingClassifier.fromJSON(json)).toThrow(TypeError);
    expect(() => GradientBoostingClassifier.fromJSON(null)).toThrow(TypeError);
  });

  it('is deterministic for a seed, with row and column subsampling', () => {
    const options = { maxIter: 20, subsample: 0.7, colsampleByTree: 0.6, seed: 9 };
    const a = new GradientBoostingClassifier(options).fit(train.X, train.y);
    const b = new GradientBoostingClassifier(options).fit(train.X, train.y);
    const c = new GradientBoostingClassifier({ ...options, seed: 10 }).fit(train.X, train.y);
    expect(a.decisionFunction(test.X)).toEqual(b.decisionFunction(test.X));
    expect(a.decisionFunction(test.X)).not.toEqual(c.decisionFunction(test.X));
  });

  it('stops early on a noise problem and keeps the best iteration', () => {
    const noise = makeNoiseProblem(2000, 10, 4);
    const noiseValidation = makeNoiseProblem(1000, 10, 5);
    const m = new GradientBoostingClassifier({ maxIter: 500, learningRate: 0.3, earlyStoppingRounds: 10 })
      .fit(noise.X, noise.y, { validation: noiseValidation });
    const state = m.state;
    if (state === null || state.validationLoss === null) throw new Error('expected a fitted model with validation loss');
    expect(state.nIterationsRun).toBeLessThan(500);
    const losses = state.validationLoss;
    const best = losses.indexOf(Math.min(...losses));
    expect(state.trees.length).toBe(best + 1);
    expect(state.nIterationsRun).toBe(best + 1 + 10);
  });

  it('honours maxDepth, and sampleWeight and scalePosWeight move the prior', () => {
    const shallow = new GradientBoostingClassifier({ maxIter: 5, maxDepth: 2, maxLeafNodes: null }).fit(train.X, train.y);
    for (const tree of shallow.state?.trees ?? []) expect(tree.feature.length).toBeLessThanOrEqual(7);
    const w = Float64Array.from(train.y, (v) => (v === 1 ? 3 : 1));
    const weighted = new GradientBoostingClassifier({ maxIter: 1 }).fit(train.X, train.y, { sampleWeight: w });
    const scaled = new GradientBoostingClassifier({ maxIter: 1, scalePosWeight: 3 }).fit(train.X, train.y);
    expect(weighted.state?.initScore).toBeGreaterThan(model.state?.initScore ?? Infinity);
    expect(scaled.state?.initScore).toBeCloseTo(weighted.state?.initScore ?? NaN, 12);
  });

  it('exposes frozen defaults and options, and rejects bad options and inputs naming them', () => {
    expect(Object.isFrozen(GRADIENT_BOOSTING_DEFAULTS)).toBe(true);
    expect(Object.isFrozen(model.options)).toBe(true);
    expect(() => new GradientBoostingClassifier({ learningRate: -1 })).toThrow(/learningRate/);
    expect(() => new GradientBoostingClassifier({ maxBins: 300 })).toThrow(RangeError);
    expect(() => new GradientBoostingClassifier({ nEstimators: 3 } as never)).toThrow(/nEstimators/);
    expect(() => model.decisionFunction({ data: new Float64Array(6), nRows: 2, nCols: 3 })).toThrow(/nCols/);
    expect(() => new GradientBoostingClassifier().fit(train.X, new Uint8Array(3))).toThrow(/y\.length/);
    expect(() => new GradientBoostingClassifier().decisionFunction(train.X)).toThrow(/not fitted/);
  });
});

describe('GradientBoostingClassifier threads', () => {
  it('gives identical predictions with one or two histogram threads', () => {
    const big = makeNonlinearProblem(50_000, 20, 21);
    const options = { maxIter: 4, maxLeafNodes: 15 };
    const one = new GradientBoostingClassifier({ ...options, nThreads: 1 }).fit(big.X, big.y);
    const two = new GradientBoostingClassifier({ ...options, nThreads: 2 }).fit(big.X, big.y);
    expect(two.decisionFunction(test.X)).toEqual(one.decisionFunction(test.X));
  });
});
