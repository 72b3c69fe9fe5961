import type { operations } from '../../../../openapi/generated/schema.d.ts';

type ScoreBody = operations['scoreStatementOnce']['requestBody']['content']['application/json'];
/** A statement as POST /v1/score takes it. */
export type StatementInput = ScoreBody['statement'];
/** One of the eighteen items the model reads (the items a what-if may change). */
export type ModelItem = NonNullable<ScoreBody['whatIf']>['item'];
/** Unit of the amounts. */
export type AmountUnit = NonNullable<StatementInput['unit']>;

export const UNITS = ['millions', 'thousands', 'units'] as const satisfies readonly AmountUnit[];

/** Every model item with its label; a Record so the compiler flags an item the spec adds. */
export const ITEM_LABELS: Readonly<Record<ModelItem, string>> = {
  totalAssets: 'Total assets',
  currentAssets: 'Current assets',
  currentLiabilities: 'Current liabilities',
  totalLiabilities: 'Total liabilities',
  retainedEarnings: 'Retained earnings',
  netSales: 'Net sales',
  ebit: 'EBIT',
  netIncome: 'Net income',
  marketValue: 'Market value of equity',
  totalRevenue: 'Total revenue',
  costOfGoodsSold: 'Cost of goods sold',
  grossProfit: 'Gross profit',
  totalOperatingExpenses: 'Total operating expenses',
  ebitda: 'EBITDA',
  depreciationAndAmortization: 'Depreciation and amortization',
  inventory: 'Inventory',
  totalReceivables: 'Total receivables',
  longTermDebt: 'Long-term debt',
};

/** Shown at once: the items of the classic Altman-style ratios, which drive most scores. */
export const MAIN_ITEMS = ['totalAssets', 'currentAssets', 'currentLiabilities', 'totalLiabilities', 'retainedEarnings', 'netSales', 'ebit', 'netIncome', 'marketValue'] as const satisfies readonly ModelItem[];

/** Behind "More items": the rest of the model's items. */
export const MORE_ITEMS = (Object.keys(ITEM_LABELS) as ModelItem[]).filter((item) => !(MAIN_ITEMS as readonly ModelItem[]).includes(item));

// The user's own decimal separator decides how "1,250" reads: 1250 for "1,234.5" locales, 1.25 for "1.234,5" ones.
const DECIMAL = new Intl.NumberFormat().formatToParts(1.5).find((part) => part.type === 'decimal')?.value ?? '.';

/**
 * An amount typed by a person: null when empty, undefined when it is not a number. Spaces,
 * apostrophes and the locale's group separators are ignored; the Unicode minus sign is accepted.
 */
export function parseAmount(raw: string): number | null | undefined {
  let text = raw.trim().replace(/[\s\u00a0\u202f_']/g, '').replace(/^\u2212/, '-');
  if (text === '') return null;
  text = DECIMAL === ',' ? text.replace(/\./g, '').replace(',', '.') : text.replace(/,/g, '');
  if (!/^[-+]?(\d+\.?\d*|\.\d+)$/.test(text)) return undefined;
  return Number(text);
}

/** The statement field a problem's pointer names (`/body/statement/totalAssets` → `totalAssets`). */
export function fieldOfPointer(pointer: string): string | undefined {
  return /^\/body\/statement\/([^/]+)$/.exec(pointer)?.[1];
}
