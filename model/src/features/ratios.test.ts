import { describe, expect, it } from 'vitest';
import { statementOf } from '../data/statement.ts';
import { FEATURE_NAMES, FEATURES, computeFeatures } from './ratios.ts';
import { LinearDesign } from './linear-design.ts';

function features(amounts: Parameters<typeof statementOf>[2], previous?: Parameters<typeof statementOf>[2]): Record<string, number> {
  const out = new Float64Array(FEATURES.length);
  computeFeatures(statementOf('A', 2020, amounts), previous ? statementOf('A', 2019, previous) : undefined, out);
  return Object.fromEntries(FEATURE_NAMES.map((n, j) => [n, out[j]]));
}

const base = { totalAssets: 100, totalLiabilities: 60, marketValue: 80, netSales: 120, netIncome: 5, currentAssets: 40, currentLiabilities: 20, inventory: 10, costOfGoodsSold: 70, ebitda: 15, ebit: 10, grossProfit: 50, retainedEarnings: 30, longTermDebt: 25, totalReceivables: 12 };

describe('FEATURES', () => {
  it('computes the Altman ratios and their neighbours from the items', () => {
    const f = features(base);
    expect(f.wcTa).toBeCloseTo(0.2);
    expect(f.mveTl).toBeCloseTo(80 / 60);
    expect(f.quickRatio).toBeCloseTo(1.5);
    expect(f.receivablesDays).toBeCloseTo((365 * 12) / 120);
    expect(f.logTotalAssets).toBeCloseTo(Math.log(101));
  });

  it('makes ratios with a zero or negative denominator missing, never infinite or zero', () => {
    const f = features({ ...base, netSales: 0, currentLiabilities: 0, marketValue: -5, totalLiabilities: 0, costOfGoodsSold: -1 });
    for (const name of ['ebitdaMargin', 'grossMargin', 'netMargin', 'receivablesDays', 'currentRatio', 'quickRatio', 'tlMve', 'mveTl', 'ebitdaTl', 'inventoryDays', 'logMarketValue']) {
      expect(f[name], name).toBeNaN();
    }
    expect(f.logSales).toBe(0);
    expect(Object.values(f).every((v) => Number.isNaN(v) || Number.isFinite(v))).toBe(true);
  });

  it('keeps a missing item missing instead of reading it as 0', () => {
    const f = features({ totalAssets: 100 });
    expect(f.roa).toBeNaN();
    expect(f.tlTa).toBeNaN();
  });

  it('computes year-over-year changes only when the previous year is given', () => {
    expect(features(base).salesGrowth).toBeNaN();
    const f = features(base, { ...base, netSales: 100, netIncome: 10, totalLiabilities: 50, marketValue: 160 });
    expect(f.salesGrowth).toBeCloseTo(0.2);
    expect(f.roaChange).toBeCloseTo(-0.05);
    expect(f.leverageChange).toBeCloseTo(0.1);
    expect(f.marketValueChange).toBeCloseTo(Math.log(0.5));
  });
});

describe('LinearDesign', () => {
  it('winsorises at training quantiles, standardises, and adds indicators for features that were missing', () => {
    const rows = 200;
    const data = new Float64Array(rows * 2);
    for (let i = 0; i < rows; i++) {
      data[i * 2] = i === 0 ? 1e9 : i;
      data[i * 2 + 1] = i % 4 === 0 ? Number.NaN : 1;
    }
    const design = LinearDesign.fit({ data, nRows: rows, nCols: 2 });
    expect(design.state.upper[0]).toBeLessThan(1e9);
    expect(design.state.indicatorOf).toEqual([1]);
    const out = design.transform({ data: Float64Array.from([1e12, Number.NaN]), nRows: 1, nCols: 2 });
    expect(out.nCols).toBe(3);
    expect(out.data[0]).toBeCloseTo((design.state.upper[0] - design.state.mean[0]) / design.state.scale[0]);
    expect(Array.from(out.data.subarray(1))).toEqual([0, 1]);
    expect(LinearDesign.fromJSON(JSON.parse(JSON.stringify(design))).transform({ data: Float64Array.from([5, 1]), nRows: 1, nCols: 2 }).data).toEqual(
      design.transform({ data: Float64Array.from([5, 1]), nRows: 1, nCols: 2 }).data,
    );
  });
});
