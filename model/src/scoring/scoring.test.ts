import { describe, expect, it } from 'vitest';
import { FEATURES } from '../features/ratios.ts';
import { aggregateDrivers } from './drivers.ts';
import { pdInterval } from './interval.ts';
import { MASTER_SCALE, ratingFor } from './master-scale.ts';
import { bandFor, validateBandThresholds } from './risk-bands.ts';
import { searchWhatIf } from './what-if.ts';

describe('bandFor', () => {
  it('puts a PD on a threshold in the higher band and accepts custom thresholds', () => {
    expect([0.0199, 0.02, 0.05, 0.149, 0.15].map((p) => bandFor(p))).toEqual(['low', 'medium', 'high', 'high', 'critical']);
    expect(bandFor(0.02, [0.01, 0.03, 0.1])).toBe('medium');
    expect(() => validateBandThresholds([0.05, 0.02, 0.1])).toThrow(RangeError);
  });
});

describe('ratingFor', () => {
  it('maps PDs to increasing grades of the master scale', () => {
    expect(ratingFor(0)).toBe('AAA');
    expect(ratingFor(0.0005)).toBe('AA');
    expect(ratingFor(0.02)).toBe('B');
    expect(ratingFor(1)).toBe('C');
    const order = [1e-5, 5e-4, 1e-3, 3e-3, 1e-2, 3e-2, 0.1, 0.2, 0.5].map((p) => MASTER_SCALE.findIndex((g) => g.rating === ratingFor(p)));
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(() => ratingFor(Number.NaN)).toThrow(RangeError);
  });
});

describe('pdInterval', () => {
  it('spans the ensemble PD and every member PD', () => {
    expect(pdInterval(0.05, [0.03, 0.08, 0.04])).toEqual({ pdLow: 0.03, pdHigh: 0.08 });
    expect(pdInterval(0.05, [])).toEqual({ pdLow: 0.05, pdHigh: 0.05 });
  });
});

describe('aggregateDrivers', () => {
  it('folds year-over-year columns into their ratio and sums with the base value to the logit', () => {
    const contributions = FEATURES.map((f, j) => (f.name === 'roaChange' ? 0.5 : f.name === 'roa' ? 0.25 : j / 100));
    const values = FEATURES.map(() => 0.1);
    const all = aggregateDrivers(contributions, -4, values);
    const roa = all.items.find((d) => d.item === 'roa')!;
    expect(roa.contribution).toBeCloseTo(0.75);
    expect(all.items.some((d) => d.item === 'roaChange')).toBe(false);
    const sum = all.baseValue + all.items.reduce((s, d) => s + d.contribution, 0) + all.rest;
    expect(sum).toBeCloseTo(all.logit, 12);
    const top = aggregateDrivers(contributions, -4, values, 3);
    expect(top.items).toHaveLength(3);
    expect(top.baseValue + top.items.reduce((s, d) => s + d.contribution, 0) + top.rest).toBeCloseTo(all.logit, 12);
    expect(Math.abs(top.items[0].contribution)).toBeGreaterThanOrEqual(Math.abs(top.items[2].contribution));
  });
});

describe('searchWhatIf', () => {
  it('finds the nearest value that brings a step-shaped PD below the target', () => {
    const pdAt = (v: number): number => (v < 70 ? 0.01 : v < 90 ? 0.04 : 0.2);
    const r = searchWhatIf({ from: 100, targetPd: 0.05, min: 0, max: 200, pdAt });
    expect(r.isReachable).toBe(true);
    expect(r.isReachable && r.to).toBeCloseTo(90, 3);
    expect(r.isReachable && r.to).toBeLessThan(90);
  });

  it('reports an unreachable target with the best PD seen', () => {
    const r = searchWhatIf({ from: 100, targetPd: 0.01, min: 50, max: 150, pdAt: (v) => 0.05 + Math.abs(v - 80) / 1000 });
    expect(r.isReachable).toBe(false);
    expect(!r.isReachable && r.bestPd).toBeCloseTo(0.05, 2);
  });
});
