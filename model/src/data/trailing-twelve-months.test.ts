import { describe, expect, it } from 'vitest';
import { statementOf, type Statement } from './statement.ts';
import { QuarterIndex, trailingTwelveMonths } from './trailing-twelve-months.ts';

function quarter(year: number, q: number, netSales: number, totalAssets: number): Statement {
  return { ...statementOf('Q', year, { netSales, netIncome: netSales / 10, totalAssets }), fiscalQuarter: q };
}

describe('trailingTwelveMonths', () => {
  it('sums flows over the quarter and the three before it (across a year end) and takes stocks at the quarter end', () => {
    const qs = [quarter(2020, 3, 100, 900), quarter(2020, 4, 110, 950), quarter(2021, 1, 120, 1000), quarter(2021, 2, 130, 1100)];
    const ttm = trailingTwelveMonths(qs[3], new QuarterIndex(qs));
    expect(ttm.ok).toBe(true);
    if (!ttm.ok) return;
    expect(ttm.statement.amounts.netSales).toBe(460);
    expect(ttm.statement.amounts.netIncome).toBeCloseTo(46);
    expect(ttm.statement.amounts.totalAssets).toBe(1100);
  });

  it('reports which quarter is missing instead of annualising a partial year', () => {
    const qs = [quarter(2021, 1, 120, 1000), quarter(2021, 2, 130, 1100)];
    const ttm = trailingTwelveMonths(qs[1], new QuarterIndex(qs));
    expect(ttm.ok).toBe(false);
    expect(!ttm.ok && ttm.error.field).toBe('fiscalQuarter');
  });
});
