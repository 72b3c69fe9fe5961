import { describe, expect, it } from 'vitest';
import { bandFor, loadDefaultModel, normaliseHeader, RISK_BANDS, type ScoreSuccess } from './index.ts';

const healthy = {
  company: 'Healthy Co', fiscalYear: 2014, currentAssets: 500, costOfGoodsSold: 600, depreciationAndAmortization: 40, ebitda: 200, inventory: 100,
  netIncome: 90, totalReceivables: 150, marketValue: 2000, netSales: 1000, totalAssets: 1200, longTermDebt: 200, ebit: 160, grossProfit: 400,
  currentLiabilities: 250, retainedEarnings: 500, totalRevenue: 1000, totalLiabilities: 500, totalOperatingExpenses: 800,
};
const insolvent = {
  company: 'Insolvent Co', fiscalYear: 2014, currentAssets: 50, costOfGoodsSold: 180, depreciationAndAmortization: 10, ebitda: -30, inventory: 20,
  netIncome: -80, totalReceivables: 20, marketValue: 5, netSales: 150, totalAssets: 200, longTermDebt: 150, ebit: -40, grossProfit: -30,
  currentLiabilities: 120, retainedEarnings: -300, totalRevenue: 150, totalLiabilities: 290, totalOperatingExpenses: 180,
};

describe('the committed default model artifact', () => {
  const model = loadDefaultModel();

  it('loads with a version and scores a healthy company low and an insolvent one higher', () => {
    expect(model.version).toMatch(/^default-model-v1\+[0-9a-f]{12}$/);
    const [good, bad] = model.score([healthy, insolvent]) as ScoreSuccess[];
    expect(good.pd).toBeLessThan(0.02);
    expect(good.band).toBe('low');
    expect(bad.pd).toBeGreaterThan(0.05);
    expect(bad.pd).toBeGreaterThan(10 * good.pd);
    expect(RISK_BANDS).toContain(bad.band);
    expect(bandFor(bad.pd)).toBe(bad.band);
    expect(good.modelVersion).toBe(model.version);
  });

  it('gives the same PD in thousands as in millions', () => {
    const inThousands = Object.fromEntries(Object.entries(healthy).map(([k, v]) => [k, typeof v === 'number' && k !== 'fiscalYear' ? v * 1000 : v]));
    const [a, b] = model.score([healthy, { ...inThousands, unit: 'thousands' } as unknown as typeof healthy]) as ScoreSuccess[];
    expect(b.pd).toBeCloseTo(a.pd, 12);
  });

  it('explains a score with drivers that add up to the logit', () => {
    const [r] = model.score([insolvent], { explain: { top: 5 } }) as ScoreSuccess[];
    const d = r.drivers!;
    expect(d.items).toHaveLength(5);
    expect(d.baseValue + d.items.reduce((s, x) => s + x.contribution, 0) + d.rest).toBeCloseTo(r.logit, 8);
  });

  it('exports the header normaliser for CSV uploads', () => {
    expect(normaliseHeader('Total Liabilities')).toBe('totalLiabilities');
  });
});
