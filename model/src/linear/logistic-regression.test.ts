import { describe, expect, it } from 'vitest';
import type { Matrix } from '../matrix.ts';
import { rocAuc } from '../metrics/auc.ts';
import { LogisticRegression, logisticGradient, logisticLoss, sigmoid } from './logistic-regression.ts';

/** Deterministic uniform generator (mulberry32) so fixtures are identical on every run. */
function uniform(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function gaussian(u: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u());
}

/** Logistic data with known coefficients [1.5, -2, 0] and intercept -1. */
function syntheticProblem(n: number, seed: number): { X: Matrix; y: Uint8Array } {
  const u = uniform(seed);
  const data = new Float64Array(n * 3);
  const y = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < 3; j++) data[i * 3 + j] = gaussian(u);
    y[i] = u() < sigmoid(-1 + 1.5 * data[i * 3] - 2 * data[i * 3 + 1]) ? 1 : 0;
  }
  return { X: { data, nRows: n, nCols: 3 }, y };
}

describe('LogisticRegression', () => {
  it('has an analytic gradient that matches central differences of the penalised loss', () => {
    const { X, y } = syntheticProblem(50, 1);
    const w = Float64Array.from({ length: 50 }, (_, i) => 0.5 + (i % 3));
    const coef = [0.3, -0.7, 0.2];
    const b = 0.1;
    const grad = logisticGradient(X, y, coef, b, 2, w);
    const h = 1e-6;
    for (let j = 0; j <= 3; j++) {
      const shift = (d: number): number => {
        const c = [...coef];
        if (j < 3) c[j] += d;
        return logisticLoss(X, y, c, j === 3 ? b + d : b, 2, w);
      };
      expect(grad[j]).toBeCloseTo((shift(h) - shift(-h)) / (2 * h), 4);
    }
  });

  it('recovers known coefficients and converges to a zero gradient in a few Newton steps', () => {
    const { X, y } = syntheticProblem(4000, 2);
    const model = new LogisticRegression({ l2: 1e-3 }).fit(X, y);
    const { coef, intercept, nIter, isConverged } = model.state!;
    expect(isConverged).toBe(true);
    expect(nIter).toBeLessThan(15);
    expect(coef[0]).toBeCloseTo(1.5, 0);
    expect(coef[1]).toBeCloseTo(-2, 0);
    expect(Math.abs(coef[2])).toBeLessThan(0.15);
    expect(intercept).toBeCloseTo(-1, 0);
    const grad = logisticGradient(X, y, coef, intercept, 1e-3);
    expect(Math.max(...Array.from(grad, Math.abs))).toBeLessThan(1e-3);
  });

  it('reaches a quality floor on held-out data and returns probabilities in [0, 1]', () => {
    const train = syntheticProblem(2000, 3);
    const test = syntheticProblem(2000, 4);
    const p = new LogisticRegression().fit(train.X, train.y).predictProba(test.X);
    expect(p.every((v) => v >= 0 && v <= 1)).toBe(true);
    expect(rocAuc(test.y, p)).toBeGreaterThan(0.85);
  });

  it('predicts identically after fromJSON(toJSON())', () => {
    const { X, y } = syntheticProblem(500, 5);
    const model = new LogisticRegression({ l2: 3 }).fit(X, y);
    const copy = LogisticRegression.fromJSON(JSON.parse(JSON.stringify(model.toJSON())));
    expect(copy.decisionFunction(X)).toEqual(model.decisionFunction(X));
    expect(() => LogisticRegression.fromJSON({ format: 'dr-other@1' })).toThrow(TypeError);
  });

  it('scores every row as its own dot product, whatever the row count (rows are taken four at a time)', () => {
    const { X, y } = syntheticProblem(403, 9);
    const model = new LogisticRegression({ l2: 1 }).fit(X, y);
    const { coef, intercept } = model.toJSON().state;
    for (const n of [1, 3, 4, 7, 403]) {
      const rows: Matrix = { data: X.data.subarray(0, n * 3), nRows: n, nCols: 3 };
      const expected = Array.from({ length: n }, (_, i) => {
        let z = intercept;
        for (let j = 0; j < 3; j++) z += X.data[i * 3 + j] * coef[j];
        return z;
      });
      expect(Array.from(model.decisionFunction(rows))).toEqual(expected);
      expect(Array.from(model.predictProba(rows))).toEqual(expected.map(sigmoid));
    }
  });

  it('rejects NaN in the design and bad hyperparameters with a RangeError', () => {
    expect(() => new LogisticRegression({ l2: -1 })).toThrow(/l2 must be/);
    expect(() => new LogisticRegression().fit({ data: Float64Array.from([Number.NaN]), nRows: 1, nCols: 1 }, Uint8Array.from([1]))).toThrow(RangeError);
  });
});
