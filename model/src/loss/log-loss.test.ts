import { describe, expect, it } from 'vitest';
import { fillLogLossGradients, logLossGradient, logLossHessian, logLossRaw, logit, sigmoid } from './log-loss.ts';

describe('log-loss', () => {
  const zs = [-30, -5, -1.3, -0.2, 0, 0.4, 2.2, 7, 25];

  it('has a gradient that matches a central numerical difference of the loss', () => {
    const h = 1e-5;
    for (const y of [0, 1]) {
      for (const z of zs) {
        const numeric = (logLossRaw(y, z + h) - logLossRaw(y, z - h)) / (2 * h);
        expect(logLossGradient(y, z)).toBeCloseTo(numeric, 8);
      }
    }
  });

  it('has a hessian that matches a central numerical difference of the gradient', () => {
    const h = 1e-5;
    for (const y of [0, 1]) {
      for (const z of zs) {
        const numeric = (logLossGradient(y, z + h) - logLossGradient(y, z - h)) / (2 * h);
        expect(logLossHessian(z)).toBeCloseTo(numeric, 8);
      }
    }
  });

  it('fills weighted gradients and hessians consistent with the scalar functions', () => {
    const y = Uint8Array.from([0, 1, 1, 0]);
    const raw = Float64Array.from([-2, 0.5, 3, 1]);
    const w = Float64Array.from([1, 2, 0.5, 3]);
    const g = new Float64Array(4);
    const hs = new Float64Array(4);
    fillLogLossGradients(y, raw, w, g, hs);
    for (let i = 0; i < 4; i++) {
      expect(g[i]).toBeCloseTo(w[i] * logLossGradient(y[i], raw[i]), 14);
      expect(hs[i]).toBeCloseTo(w[i] * logLossHessian(raw[i]), 14);
    }
  });

  it('stays finite and exact at extreme scores where a naive sigmoid overflows', () => {
    expect(sigmoid(-1000)).toBe(0);
    expect(sigmoid(1000)).toBe(1);
    expect(logLossRaw(1, -1000)).toBeCloseTo(1000, 10);
    expect(logLossRaw(0, -1000)).toBe(0);
    expect(Number.isFinite(logit(0))).toBe(true);
    expect(logit(sigmoid(1.7))).toBeCloseTo(1.7, 12);
  });
});
