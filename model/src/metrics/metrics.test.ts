import { describe, expect, it } from 'vitest';
import { accuracyRatio, rocAuc } from './auc.ts';
import { bandRates } from './band-rates.ts';
import { brierScore } from './brier.ts';
import { calibrationTable, expectedCalibrationError } from './calibration-table.ts';
import { ksStatistic } from './ks.ts';
import { logLoss } from './log-loss.ts';

describe('metrics', () => {
  it('computes AUC with ties as half-wins and the accuracy ratio from it', () => {
    expect(rocAuc([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])).toBeCloseTo(0.75);
    expect(rocAuc([0, 1, 0, 1], [0.5, 0.5, 0.5, 0.5])).toBe(0.5);
    expect(accuracyRatio([0, 1], [0.2, 0.9])).toBe(1);
    expect(rocAuc([1, 1], [0.2, 0.9])).toBeNaN();
  });

  it('computes KS as the largest CDF gap between distinct scores', () => {
    expect(ksStatistic([0, 0, 1, 1], [0.1, 0.2, 0.3, 0.4])).toBe(1);
    expect(ksStatistic([0, 1, 0, 1], [0.5, 0.5, 0.5, 0.5])).toBe(0);
  });

  it('computes Brier and log-loss', () => {
    expect(brierScore([0, 1], [0.2, 0.6])).toBeCloseTo((0.04 + 0.16) / 2);
    expect(logLoss([0, 1], [0.2, 0.6])).toBeCloseTo(-(Math.log(0.8) + Math.log(0.6)) / 2);
    expect(Number.isFinite(logLoss([1], [0]))).toBe(true);
  });

  it('builds decile tables whose ECE is zero for perfectly calibrated bins', () => {
    const y: number[] = [];
    const p: number[] = [];
    for (let b = 0; b < 10; b++) {
      for (let k = 0; k < 10; k++) {
        y.push(k < b ? 1 : 0);
        p.push(b / 10);
      }
    }
    const table = calibrationTable(y, p);
    expect(table).toHaveLength(10);
    expect(table[3]).toMatchObject({ count: 10, defaults: 3, observedRate: 0.3 });
    expect(expectedCalibrationError(y, p)).toBeCloseTo(0);
  });

  it('counts defaults per risk band', () => {
    const rates = bandRates([0, 1, 1, 0], [0.01, 0.03, 0.2, 0.2]);
    expect(rates.map((r) => [r.band, r.count, r.defaults])).toEqual([
      ['low', 1, 0],
      ['medium', 1, 1],
      ['high', 0, 0],
      ['critical', 2, 1],
    ]);
  });
});
