import { describe, expect, it } from 'vitest';
import { statementOf } from '../data/statement.ts';
import type { LabelledStatement } from '../data/us-bankruptcy.ts';
import { sigmoid } from '../linear/logistic-regression.ts';
import { DefaultModel, type ScoreSuccess } from './default-model.ts';
import { trainDefaultModel } from './train-default-model.ts';

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

/**
 * Firm-years whose default risk is driven by a latent health score that shows up in profitability,
 * leverage and market value, plus a deteriorating-health effect only visible year over year.
 */
function syntheticStatements(companies: number, seed: number): LabelledStatement[] {
  const u = uniform(seed);
  const normal = (): number => Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u());
  const rows: LabelledStatement[] = [];
  for (let c = 0; c < companies; c++) {
    const size = Math.exp(4 + 1.5 * normal());
    let health = normal();
    for (let year = 2003; year <= 2014; year++) {
      const previousHealth = health;
      health = 0.8 * health + 0.6 * normal();
      const ta = size * Math.exp(0.1 * normal());
      const tl = ta * sigmoid(-0.8 * health + 0.3 * normal());
      const sales = ta * Math.exp(0.3 * normal());
      const ni = ta * (0.04 * health + 0.03 * normal());
      const mv = ta * Math.exp(0.7 * health + 0.3 * normal());
      const ebitda = ni + 0.08 * ta;
      const amounts = {
        totalAssets: ta, totalLiabilities: tl, netSales: sales, totalRevenue: sales, netIncome: ni, marketValue: mv, ebitda, ebit: ebitda - 0.03 * ta,
        depreciationAndAmortization: 0.03 * ta, currentAssets: 0.4 * ta, currentLiabilities: 0.5 * tl, inventory: 0.1 * ta, totalReceivables: 0.1 * sales,
        costOfGoodsSold: 0.6 * sales, grossProfit: 0.4 * sales, retainedEarnings: ta * (0.2 * health), longTermDebt: 0.4 * tl, totalOperatingExpenses: sales - ebitda,
      };
      const p = sigmoid(-4.2 - 1.3 * health - 1.2 * (health - previousHealth));
      rows.push({ statement: statementOf(`C${c}`, year, amounts), label: u() < p ? 1 : 0 });
    }
  }
  return rows;
}

const rows = syntheticStatements(700, 11);
const { model, report } = trainDefaultModel(rows, {
  trainYears: [2003, 2010],
  validationYears: [2011, 2014],
  gbm: { learningRate: 0.1, maxIter: 60, maxLeafNodes: 8, minSamplesLeaf: 20, earlyStoppingRounds: 20 },
  rf: { nEstimators: 20, maxDepth: 6, minSamplesLeaf: 20 },
  lrL2Grid: [1],
  weightStep: 0.25,
});
const inputs = rows.filter((r) => r.statement.fiscalYear >= 2013).slice(0, 60).map((r) => ({ company: r.statement.company, fiscalYear: r.statement.fiscalYear, ...r.statement.amounts }));

describe('DefaultModel', () => {
  it('beats a quality floor on validation years of a problem with known structure', () => {
    expect(report.validation.ensembleCrossFit.auc).toBeGreaterThan(0.75);
    expect(report.validation.ensemble.auc).toBeGreaterThan(0.75);
    expect(Object.values(report.weights).reduce((a, b) => a + b, 0)).toBeCloseTo(1);
  });

  it('returns probabilities in [0, 1] with pdLow ≤ pd ≤ pdHigh', () => {
    const results = model.score(inputs) as ScoreSuccess[];
    for (const r of results) {
      expect(r.ok).toBe(true);
      expect(r.pd).toBeGreaterThanOrEqual(0);
      expect(r.pd).toBeLessThanOrEqual(1);
      expect(r.pdLow).toBeLessThanOrEqual(r.pd);
      expect(r.pdHigh).toBeGreaterThanOrEqual(r.pd);
    }
  });

  it('links the previous year from the batch or from the previous option', () => {
    const [withBatch] = model.score([inputs[0], { ...inputs[0], fiscalYear: inputs[0].fiscalYear - 1 }]) as ScoreSuccess[];
    expect(withBatch.hasPreviousYear).toBe(true);
    const [alone] = model.score([inputs[0]]) as ScoreSuccess[];
    expect(alone.hasPreviousYear).toBe(false);
    const [viaOption] = model.score([inputs[0]], { previous: [{ ...inputs[0], fiscalYear: inputs[0].fiscalYear - 1 }] }) as ScoreSuccess[];
    expect(viaOption.hasPreviousYear).toBe(true);
  });

  it('explains each score with drivers that sum with the base value to the ensemble logit', () => {
    const results = model.score(inputs.slice(0, 10), { explain: true, previous: inputs }) as ScoreSuccess[];
    for (const r of results) {
      const d = r.drivers!;
      const sum = d.baseValue + d.items.reduce((s, x) => s + x.contribution, 0) + d.rest;
      expect(sum).toBeCloseTo(r.logit, 8);
      expect(d.rest).toBe(0);
      expect(r.pd).toBeCloseTo(model.calibrator.predict(r.logit), 12);
    }
    const [top] = model.score(inputs.slice(0, 1), { explain: { top: 3 } }) as ScoreSuccess[];
    expect(top.drivers!.items).toHaveLength(3);
    expect(top.drivers!.baseValue + top.drivers!.items.reduce((s, x) => s + x.contribution, 0) + top.drivers!.rest).toBeCloseTo(top.logit, 8);
  });

  it('predicts identically after fromJSON(toJSON())', () => {
    const copy = DefaultModel.fromJSON(JSON.parse(JSON.stringify(model.toJSON())));
    expect(copy.version).toBe(model.version);
    expect(copy.score(inputs)).toEqual(model.score(inputs));
    expect(() => DefaultModel.fromJSON({ ...model.toJSON(), format: 'dr-default-model@0' })).toThrow(TypeError);
  });

  it('reports rows with a missing, negative or non-numeric totalAssets and still scores the others', () => {
    const bad = [{ ...inputs[0], totalAssets: undefined }, { ...inputs[1], totalAssets: -10 }, { ...inputs[2], totalAssets: 'lots' }, inputs[3]];
    const results = model.score(bad as never);
    expect(results.map((r) => r.ok)).toEqual([false, false, false, true]);
    for (const r of results.slice(0, 3)) expect(!r.ok && r.errors[0].field).toBe('totalAssets');
  });

  it('scores quarterly statements as trailing twelve months', () => {
    const annual = inputs[0];
    const quarters = [1, 2, 3, 4].map((q) => ({ ...annual, fiscalQuarter: q, netSales: annual.netSales / 4, netIncome: annual.netIncome / 4, ebitda: annual.ebitda / 4, ebit: annual.ebit / 4, costOfGoodsSold: annual.costOfGoodsSold / 4, grossProfit: annual.grossProfit / 4, totalRevenue: annual.totalRevenue / 4, totalOperatingExpenses: annual.totalOperatingExpenses / 4, depreciationAndAmortization: annual.depreciationAndAmortization / 4 }));
    const [q4] = model.score([quarters[3]], { previous: quarters.slice(0, 3) }) as ScoreSuccess[];
    const [year] = model.score([annual]) as ScoreSuccess[];
    expect(q4.pd).toBeCloseTo(year.pd, 10);
    const [lonely] = model.score([quarters[3]]);
    expect(lonely.ok).toBe(false);
  });

  it('finds a what-if change that brings the PD below a reachable target', () => {
    const risky = (model.score(inputs) as ScoreSuccess[]).reduce((a, b) => (b.pd > a.pd ? b : a));
    const input = inputs.find((s) => s.company === risky.company && s.fiscalYear === risky.fiscalYear)!;
    const target = risky.pd * 0.9;
    const r = model.whatIf(input, { item: 'marketValue', targetPd: target, maxChange: 20, previous: inputs });
    expect(r.ok && r.isReachable).toBe(true);
    if (r.ok && r.isReachable) {
      expect(r.pdBefore).toBeCloseTo(risky.pd, 12);
      expect(r.pdAfter).toBeLessThan(target);
      expect(r.change).toBeGreaterThan(0);
    }
    const unreachable = model.whatIf(input, { item: 'inventory', targetPd: 1e-9 });
    expect(unreachable.ok && !unreachable.isReachable).toBe(true);
  });
});
