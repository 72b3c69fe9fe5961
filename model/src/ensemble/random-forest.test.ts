import { describe, expect, it } from 'vitest';
import { RANDOM_FOREST_DEFAULTS, RandomForestClassifier, resolveMaxFeatures } from './random-forest.ts';
import { makeNonlinearProblem } from '../tree/synthetic-data.ts';
import { rocAuc } from '../metrics/auc.ts';
import type { Matrix } from '../matrix.ts';

const train = makeNonlinearProblem(4000, 20, 1);
const test = makeNonlinearProblem(4000, 20, 3);
const model = new RandomForestClassifier({ nEstimators: 60, seed: 1 }).fit(train.X, train.y);

function head(X: Matrix, nRows: number): Matrix {
  return { data: X.data.subarray(0, nRows * X.nCols), nRows, nCols: X.nCols };
}

describe('RandomForestClassifier', () => {
  it('ranks held-out rows of a nonlinear problem with missing values well above chance', () => {
    expect(rocAuc(test.y, model.decisionFunction(test.X))).toBeGreaterThan(0.79);
  });

  it('stores an out-of-bag estimate close to the held-out one', () => {
    const oob = model.state?.oob;
    if (oob === null || oob === undefined || oob.decisionFunction === null) throw new Error('expected an OOB estimate');
    expect(oob.nRows).toBe(train.X.nRows);
    expect(oob.auc).toBeGreaterThan(0.77);
    expect(Number.isFinite(oob.logLoss)).toBe(true);
    expect(oob.decisionFunction.length).toBe(train.X.nRows);
  });

  it('averages the trees\' leaf log-odds, and predictProba is its sigmoid in [0, 1]', () => {
    const X = head(test.X, 50);
    const raw = model.decisionFunction(X);
    const p = model.predictProba(X);
    const trees = model.state?.trees ?? [];
    for (let i = 0; i < X.nRows; i++) {
      expect(p[i] >= 0 && p[i] <= 1).toBe(true);
      expect(p[i]).toBeCloseTo(1 / (1 + Math.exp(-raw[i])), 12);
    }
    const single = new RandomForestClassifier({ nEstimators: 1, seed: 1 }).fit(train.X, train.y);
    expect(single.state?.trees[0].value.some((v) => v !== 0)).toBe(true);
    expect(trees.length).toBe(60);
  });

  it('has SHAP values that add up with the expected value to the decision function on every row', () => {
    const X = head(test.X, 100);
    const { expectedValue, values } = model.shap(X);
    const raw = model.decisionFunction(X);
    for (let i = 0; i < X.nRows; i++) {
      let sum = expectedValue;
      for (let j = 0; j < X.nCols; j++) sum += values[i * X.nCols + j];
      expect(Math.abs(sum - raw[i])).toBeLessThan(1e-9);
    }
  });

  it('predicts bit for bit the same after a JSON round trip, and rejects a wrong format tag', () => {
    const json = JSON.parse(JSON.stringify(model.toJSON()));
    const copy = RandomForestClassifier.fromJSON(json);
    expect(copy.decisionFunction(test.X)).toEqual(model.decisionFunction(test.X));
    expect(copy.shap(head(test.X, 10))).toEqual(model.shap(head(test.X, 10)));
    expect(copy.state?.oob?.auc).toBe(model.state?.oob?.auc);
    expect(() => RandomForestClassifier.fromJSON({ ...json, format: 'dr-gradient-boosting@1' })).toThrow(TypeError);
  });

  it('is deterministic for a seed and differs across seeds', () => {
    const options = { nEstimators: 8, maxDepth: 6 };
    const a = new RandomForestClassifier({ ...options, seed: 3 }).fit(train.X, train.y);
    const b = new RandomForestClassifier({ ...options, seed: 3 }).fit(train.X, train.y);
    const c = new RandomForestClassifier({ ...options, seed: 4 }).fit(train.X, train.y);
    expect(a.decisionFunction(test.X)).toEqual(b.decisionFunction(test.X));
    expect(a.decisionFunction(test.X)).not.toEqual(c.decisionFunction(test.X));
  });

  it('gives most importance to the five informative features', () => {
    const importances = model.featureImportances();
    expect(importances.slice(0, 5).reduce((a, b) => a + b, 0)).toBeGreaterThan(0.5);
  });

  it('resolves maxFeatures and rejects invalid values naming the option', () => {
    expect(resolveMaxFeatures('sqrt', 40)).toBe(6);
    expect(resolveMaxFeatures('log2', 40)).toBe(5);
    expect(resolveMaxFeatures(0.5, 40)).toBe(20);
    expect(resolveMaxFeatures(3, 40)).toBe(3);
    expect(resolveMaxFeatures(null, 40)).toBe(40);
    expect(() => new RandomForestClassifier({ maxFeatures: 2.5 })).toThrow(/maxFeatures/);
    expect(() => new RandomForestClassifier({ nEstimators: 0 })).toThrow(/nEstimators/);
    expect(Object.isFrozen(RANDOM_FOREST_DEFAULTS)).toBe(true);
  });
});
