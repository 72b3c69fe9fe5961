import type { AmountField, Statement } from '../data/statement.ts';

type Amounts = Readonly<Record<AmountField, number>>;

/** A model feature: a ratio of statement items, with its formula and its driver group. */
export interface FeatureDefinition {
  /** Column name in the feature matrix. */
  readonly name: string;
  /** Formula in analyst notation, as printed in the README and the artifact. */
  readonly formula: string;
  /**
   * The ratio an analyst reads this column as; year-over-year columns fold into their level ratio
   * so that drivers are reported per ratio, not per engineered column.
   */
  readonly group: string;
  /** True for year-over-year columns, which need the previous fiscal year of the company. */
  readonly isYearOverYear?: boolean;
  /** The value, or NaN when an input is missing or the denominator rules it undefined. */
  compute(current: Amounts, previous: Amounts | undefined): number;
}

/**
 * Ratio with a strictly positive denominator; NaN otherwise. A zero or negative denominator
 * (no sales, no liabilities, negative market value) makes the ratio meaningless rather than huge,
 * so it becomes missing and the linear model sees it through the missing indicator, while the
 * trees route it down their learned missing-value branch.
 */
function ratio(numerator: number, denominator: number): number {
  return denominator > 0 ? numerator / denominator : Number.NaN;
}

/** log(1 + x) for x ≥ 0, NaN for negative or missing x. */
function logSize(x: number): number {
  return x >= 0 ? Math.log1p(x) : Number.NaN;
}

const roa = (a: Amounts): number => ratio(a.netIncome, a.totalAssets);
const tlTa = (a: Amounts): number => ratio(a.totalLiabilities, a.totalAssets);

/**
 * The v1 feature set. Total assets is validated positive before features are computed, so the
 * `/TA` ratios only go missing when their numerator is missing.
 */
export const FEATURES: readonly FeatureDefinition[] = Object.freeze([
  // Altman (1968) five
  { name: 'wcTa', formula: '(currentAssets − currentLiabilities) / totalAssets', group: 'wcTa', compute: (a) => ratio(a.currentAssets - a.currentLiabilities, a.totalAssets) },
  { name: 'reTa', formula: 'retainedEarnings / totalAssets', group: 'reTa', compute: (a) => ratio(a.retainedEarnings, a.totalAssets) },
  { name: 'ebitTa', formula: 'ebit / totalAssets', group: 'ebitTa', compute: (a) => ratio(a.ebit, a.totalAssets) },
  { name: 'mveTl', formula: 'marketValue / totalLiabilities (missing if totalLiabilities ≤ 0)', group: 'mveTl', compute: (a) => ratio(a.marketValue, a.totalLiabilities) },
  { name: 'salesTa', formula: 'netSales / totalAssets', group: 'salesTa', compute: (a) => ratio(a.netSales, a.totalAssets) },
  // profitability
  { name: 'roa', formula: 'netIncome / totalAssets', group: 'roa', compute: roa },
  { name: 'ebitdaMargin', formula: 'ebitda / netSales (missing if netSales ≤ 0)', group: 'ebitdaMargin', compute: (a) => ratio(a.ebitda, a.netSales) },
  { name: 'grossMargin', formula: 'grossProfit / netSales (missing if netSales ≤ 0)', group: 'grossMargin', compute: (a) => ratio(a.grossProfit, a.netSales) },
  { name: 'netMargin', formula: 'netIncome / netSales (missing if netSales ≤ 0)', group: 'netMargin', compute: (a) => ratio(a.netIncome, a.netSales) },
  // leverage
  { name: 'tlTa', formula: 'totalLiabilities / totalAssets', group: 'tlTa', compute: tlTa },
  { name: 'ltdTa', formula: 'longTermDebt / totalAssets', group: 'ltdTa', compute: (a) => ratio(a.longTermDebt, a.totalAssets) },
  { name: 'tlMve', formula: 'totalLiabilities / marketValue (missing if marketValue ≤ 0)', group: 'tlMve', compute: (a) => ratio(a.totalLiabilities, a.marketValue) },
  { name: 'mveTa', formula: 'marketValue / totalAssets', group: 'mveTa', compute: (a) => ratio(a.marketValue, a.totalAssets) },
  // liquidity
  { name: 'currentRatio', formula: 'currentAssets / currentLiabilities (missing if currentLiabilities ≤ 0)', group: 'currentRatio', compute: (a) => ratio(a.currentAssets, a.currentLiabilities) },
  { name: 'quickRatio', formula: '(currentAssets − inventory) / currentLiabilities (missing if currentLiabilities ≤ 0)', group: 'quickRatio', compute: (a) => ratio(a.currentAssets - a.inventory, a.currentLiabilities) },
  // coverage / cash proxy
  { name: 'ebitdaTl', formula: 'ebitda / totalLiabilities (missing if totalLiabilities ≤ 0)', group: 'ebitdaTl', compute: (a) => ratio(a.ebitda, a.totalLiabilities) },
  // activity
  { name: 'receivablesDays', formula: '365 × totalReceivables / netSales (missing if netSales ≤ 0)', group: 'receivablesDays', compute: (a) => 365 * ratio(a.totalReceivables, a.netSales) },
  { name: 'inventoryDays', formula: '365 × inventory / costOfGoodsSold (missing if costOfGoodsSold ≤ 0)', group: 'inventoryDays', compute: (a) => 365 * ratio(a.inventory, a.costOfGoodsSold) },
  // size (amounts in USD millions)
  { name: 'logTotalAssets', formula: 'ln(1 + totalAssets)', group: 'logTotalAssets', compute: (a) => logSize(a.totalAssets) },
  { name: 'logSales', formula: 'ln(1 + netSales) (missing if netSales < 0)', group: 'logSales', compute: (a) => logSize(a.netSales) },
  { name: 'logMarketValue', formula: 'ln(1 + marketValue) (missing if marketValue < 0)', group: 'logMarketValue', compute: (a) => logSize(a.marketValue) },
  // year over year: missing when the previous fiscal year of the same company is not in the input
  { name: 'salesGrowth', isYearOverYear: true, formula: '(netSales − netSales₋₁) / netSales₋₁ (missing if netSales₋₁ ≤ 0)', group: 'logSales', compute: (a, p) => (p ? ratio(a.netSales - p.netSales, p.netSales) : Number.NaN) },
  { name: 'assetGrowth', isYearOverYear: true, formula: '(totalAssets − totalAssets₋₁) / totalAssets₋₁', group: 'logTotalAssets', compute: (a, p) => (p ? ratio(a.totalAssets - p.totalAssets, p.totalAssets) : Number.NaN) },
  { name: 'roaChange', isYearOverYear: true, formula: 'roa − roa₋₁', group: 'roa', compute: (a, p) => (p ? roa(a) - roa(p) : Number.NaN) },
  { name: 'leverageChange', isYearOverYear: true, formula: 'tlTa − tlTa₋₁', group: 'tlTa', compute: (a, p) => (p ? tlTa(a) - tlTa(p) : Number.NaN) },
  { name: 'marketValueChange', isYearOverYear: true, formula: 'ln(marketValue / marketValue₋₁) (missing unless both > 0)', group: 'logMarketValue', compute: (a, p) => (p && a.marketValue > 0 && p.marketValue > 0 ? Math.log(a.marketValue / p.marketValue) : Number.NaN) },
]);

/** Analyst-facing labels of the driver groups. */
export const DRIVER_LABELS: Readonly<Record<string, string>> = Object.freeze({
  wcTa: 'Working capital / total assets',
  reTa: 'Retained earnings / total assets',
  ebitTa: 'EBIT / total assets',
  mveTl: 'Market value / total liabilities',
  salesTa: 'Asset turnover (sales / total assets)',
  roa: 'Return on assets (level and change)',
  ebitdaMargin: 'EBITDA margin',
  grossMargin: 'Gross margin',
  netMargin: 'Net margin',
  tlTa: 'Leverage: total liabilities / total assets (level and change)',
  ltdTa: 'Long-term debt / total assets',
  tlMve: 'Total liabilities / market value',
  mveTa: 'Market value / total assets',
  currentRatio: 'Current ratio',
  quickRatio: 'Quick ratio',
  ebitdaTl: 'EBITDA / total liabilities',
  receivablesDays: 'Receivables days',
  inventoryDays: 'Inventory days',
  logTotalAssets: 'Size: total assets (level and growth)',
  logSales: 'Sales (level and growth)',
  logMarketValue: 'Market value (level and change)',
});

/** Names of the feature columns, in matrix order. */
export const FEATURE_NAMES: readonly string[] = Object.freeze(FEATURES.map((f) => f.name));

/** Column indices of the year-over-year features. */
export const YEAR_OVER_YEAR_COLUMNS: readonly number[] = Object.freeze(FEATURES.flatMap((f, j) => (f.isYearOverYear ? [j] : [])));

/** Computes one statement's feature row into `out` at `offset`. */
export function computeFeatures(current: Statement, previous: Statement | undefined, out: Float64Array, offset = 0): void {
  const p = previous?.amounts;
  for (let j = 0; j < FEATURES.length; j++) out[offset + j] = FEATURES[j].compute(current.amounts, p);
}
