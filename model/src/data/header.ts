import { EXTRA_ITEMS, STATEMENT_ITEMS } from './statement.ts';

/** Columns a statement CSV may carry, in their canonical camelCase spelling. */
export const STATEMENT_COLUMNS = [
  'company',
  'fiscalYear',
  'fiscalQuarter',
  'unit',
  'sector',
  'country',
  ...STATEMENT_ITEMS,
  ...EXTRA_ITEMS,
] as const;

/** A canonical statement column name. */
export type StatementColumn = (typeof STATEMENT_COLUMNS)[number];

/** Reduces a header to its comparison key: `Total Assets`, `total_assets`, `totalAssets` → `totalassets`. */
export function headerKey(header: string): string {
  return header
    .normalize('NFKD')
    .replace(/^\uFEFF/, '')
    .toLowerCase()
    .replace(/&/g, 'and')
    .replace(/[^a-z0-9]/g, '');
}

// Common synonyms seen in exports from accounting systems and data vendors, plus the X1..X18
// codes of the US bankruptcy data, so the training file and an analyst's upload share one reader.
const SYNONYMS: Readonly<Record<string, StatementColumn>> = {
  companyname: 'company',
  companyid: 'company',
  name: 'company',
  year: 'fiscalYear',
  fyear: 'fiscalYear',
  fy: 'fiscalYear',
  quarter: 'fiscalQuarter',
  fq: 'fiscalQuarter',
  fqtr: 'fiscalQuarter',
  units: 'unit',
  totalcurrentassets: 'currentAssets',
  cogs: 'costOfGoodsSold',
  costofsales: 'costOfGoodsSold',
  costofrevenue: 'costOfGoodsSold',
  depreciation: 'depreciationAndAmortization',
  da: 'depreciationAndAmortization',
  depreciationamortization: 'depreciationAndAmortization',
  inventories: 'inventory',
  netincomeloss: 'netIncome',
  netprofit: 'netIncome',
  receivables: 'totalReceivables',
  accountsreceivable: 'totalReceivables',
  marketcap: 'marketValue',
  marketcapitalization: 'marketValue',
  marketvalueofequity: 'marketValue',
  sales: 'netSales',
  turnover: 'netSales',
  assets: 'totalAssets',
  totallongtermdebt: 'longTermDebt',
  ltd: 'longTermDebt',
  operatingincome: 'ebit',
  grossmargin: 'grossProfit',
  totalcurrentliabilities: 'currentLiabilities',
  revenue: 'totalRevenue',
  revenues: 'totalRevenue',
  liabilities: 'totalLiabilities',
  operatingexpenses: 'totalOperatingExpenses',
  opex: 'totalOperatingExpenses',
  interest: 'interestExpense',
  cashandequivalents: 'cash',
  cashandcashequivalents: 'cash',
  cfo: 'operatingCashFlow',
  cashfromoperations: 'operatingCashFlow',
  debt: 'totalDebt',
  sga: 'sgaExpense',
  sellinggeneralandadministrative: 'sgaExpense',
  industry: 'sector',
};

const BY_KEY: ReadonlyMap<string, StatementColumn> = new Map<string, StatementColumn>([
  ...STATEMENT_COLUMNS.map((column): [string, StatementColumn] => [headerKey(column), column]),
  ...STATEMENT_ITEMS.map((item, i): [string, StatementColumn] => [`x${i + 1}`, item]),
  ...Object.entries(SYNONYMS),
]);

/**
 * Maps a header to its canonical statement column, or `undefined` when it is not one
 * (`Total Assets`, `total_assets`, `totalAssets`, `X10` all give `totalAssets`).
 */
export function normaliseHeader(header: string): StatementColumn | undefined {
  return BY_KEY.get(headerKey(header));
}

/** Result of {@link matchHeaders}. */
export interface HeaderMatch {
  /** For each input column, its canonical column, or undefined when ignored. */
  columns: (StatementColumn | undefined)[];
  /** Headers that are not statement columns (ignored). */
  unknown: string[];
  /** Canonical columns given more than once; only the first occurrence is used. */
  duplicates: StatementColumn[];
}

/** Matches a whole header row, keeping the first of duplicated columns. */
export function matchHeaders(headers: readonly string[]): HeaderMatch {
  const seen = new Set<StatementColumn>();
  const columns: (StatementColumn | undefined)[] = [];
  const unknown: string[] = [];
  const duplicates: StatementColumn[] = [];
  for (const header of headers) {
    const column = normaliseHeader(header);
    if (column === undefined) {
      unknown.push(header);
      columns.push(undefined);
    } else if (seen.has(column)) {
      duplicates.push(column);
      columns.push(undefined);
    } else {
      seen.add(column);
      columns.push(column);
    }
  }
  return { columns, unknown, duplicates };
}
