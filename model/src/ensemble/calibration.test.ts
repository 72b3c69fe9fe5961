import { describe, expect, it } from 'vitest';
import { sigmoid } from '../linear/logistic-regression.ts';
import { calibratorFromJSON, IsotonicCalibrator, PlattCalibrator, selectCalibrator } from './calibration.ts';

function uniform(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a * 1664525 + 1013904223) >>> 0;
    return a / 4294967296;
  };
}

/** Scores whose true PD is σ(0.5·s − 3). */
function scored(n: number, seed: number): { s: Float64Array; y: Uint8Array } {
  const u = uniform(seed);
  const s = Float64Array.from({ length: n }, () => 10 * u() - 5);
  const y = Uint8Array.from(s, (v) => (u() < sigmoid(0.5 * v - 3) ? 1 : 0));
  return { s, y };
}

describe('PlattCalibrator', () => {
  it('recovers the slope and intercept of a logistic link', () => {
    const { s, y } = scored(20000, 1);
    const platt = PlattCalibrator.fit(s, y);
    expect(platt.slope).toBeCloseTo(0.5, 1);
    expect(platt.intercept).toBeCloseTo(-3, 0);
  });
});

describe('IsotonicCalibrator', () => {
  it('is monotone non-decreasing and stays inside the PD floor', () => {
    const { s, y } = scored(3000, 2);
    const iso = IsotonicCalibrator.fit(s, y);
    let previous = -Infinity;
    for (let v = -6; v <= 6; v += 0.01) {
      const p = iso.predict(v);
      expect(p).toBeGreaterThanOrEqual(previous);
      expect(p).toBeGreaterThan(0);
      expect(p).toBeLessThan(1);
      previous = p;
    }
  });

  it('pools adjacent violators into their weighted mean', () => {
    const iso = IsotonicCalibrator.fit([1, 2, 3, 4], [0, 1, 0, 1]);
    expect(iso.predict(2)).toBeCloseTo(0.5);
    expect(iso.predict(3)).toBeCloseTo(0.5);
    expect(iso.predict(4)).toBeCloseTo(1 - 1e-4);
  });
});

describe('selectCalibrator', () => {
  it('compares methods out of fold and round-trips the winner through JSON', () => {
    const { s, y } = scored(6000, 3);
    const groups = Int32Array.from(s, (_, i) => 2012 + (i % 3));
    const { calibrator, crossFitLogLoss } = selectCalibrator(s, y, groups);
    expect(crossFitLogLoss.platt).toBeLessThan(crossFitLogLoss.isotonic);
    expect(calibrator.method).toBe('platt');
    const copy = calibratorFromJSON(JSON.parse(JSON.stringify(calibrator.toJSON())));
    for (const v of [-5, -1, 0, 2.5]) expect(copy.predict(v)).toBe(calibrator.predict(v));
  });
});
