import { STATEMENT_ITEMS } from '@defaultrate/model';

/** Deterministic PRNG (mulberry32), so a generated file is the same on every run. */
function randomFrom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Header of the synthetic bulk files: identity, period, then the model items. */
export const SYNTHETIC_HEADER = ['company', 'externalRef', 'sector', 'country', 'fiscalYear', ...STATEMENT_ITEMS] as const;

const SECTORS = ['Manufacturing', 'Retail', 'Construction', 'Services', 'Transport', 'Agriculture'];
const COUNTRIES = ['DE', 'FR', 'NL', 'IT', 'ES', 'US', 'GB'];

/**
 * Plausible annual statements in millions: balance sheets that add up roughly, margins from loss-
 * making to healthy, and leverage from prudent to distressed, so the model's PDs spread over every band.
 * Rows come company by company, `years` consecutive fiscal years each.
 */
export function* syntheticStatementRows(rows: number, options: { seed?: number; years?: number; firstYear?: number; prefix?: string } = {}): Generator<(string | number)[]> {
  const random = randomFrom(options.seed ?? 42);
  const years = options.years ?? 4;
  const firstYear = options.firstYear ?? 2021;
  const between = (lo: number, hi: number) => lo + (hi - lo) * random();
  const round = (x: number) => Math.round(x * 100) / 100;
  for (let i = 0; i < rows; i++) {
    const company = Math.floor(i / years);
    const year = firstYear + (i % years);
    const totalAssets = Math.exp(between(1, 9));
    const currentAssets = totalAssets * between(0.1, 0.6);
    const totalLiabilities = totalAssets * between(0.2, 1.1);
    const currentLiabilities = totalLiabilities * between(0.2, 0.7);
    const netSales = totalAssets * between(0.3, 2);
    const costOfGoodsSold = netSales * between(0.5, 0.9);
    const ebitda = netSales * between(-0.05, 0.25);
    const depreciationAndAmortization = totalAssets * between(0.01, 0.06);
    const ebit = ebitda - depreciationAndAmortization;
    const values: Record<(typeof STATEMENT_ITEMS)[number], number> = {
      currentAssets,
      costOfGoodsSold,
      depreciationAndAmortization,
      ebitda,
      inventory: currentAssets * between(0, 0.5),
      netIncome: ebit * 0.7 - totalLiabilities * 0.03,
      totalReceivables: currentAssets * between(0.1, 0.5),
      marketValue: totalAssets * between(0.2, 2),
      netSales,
      totalAssets,
      longTermDebt: totalLiabilities * between(0, 0.6),
      ebit,
      grossProfit: netSales - costOfGoodsSold,
      currentLiabilities,
      retainedEarnings: totalAssets * between(-0.3, 0.5),
      totalRevenue: netSales * between(1, 1.05),
      totalLiabilities,
      totalOperatingExpenses: netSales - ebit,
    };
    yield [
      `${options.prefix ?? 'Synthetic'} Company ${company + 1}`,
      `SYN-${company + 1}`,
      SECTORS[company % SECTORS.length],
      COUNTRIES[company % COUNTRIES.length],
      year,
      ...STATEMENT_ITEMS.map((item) => round(values[item])),
    ];
  }
}

/** A whole synthetic CSV as text (tests); the bench streams rows to a file instead. */
export function syntheticCsv(rows: number, options: Parameters<typeof syntheticStatementRows>[1] = {}): string {
  const lines = [SYNTHETIC_HEADER.join(',')];
  for (const row of syntheticStatementRows(rows, options)) lines.push(row.join(','));
  return lines.join('\n') + '\n';
}
