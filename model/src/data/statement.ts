/**
 * Statement schema: the accounting items the model reads, in the order of X1..X18 of the
 * US bankruptcy data, plus optional extras the API accepts and stores but the v1 model does not use.
 */
export const STATEMENT_ITEMS = [
  'currentAssets',
  'costOfGoodsSold',
  'depreciationAndAmortization',
  'ebitda',
  'inventory',
  'netIncome',
  'totalReceivables',
  'marketValue',
  'netSales',
  'totalAssets',
  'longTermDebt',
  'ebit',
  'grossProfit',
  'currentLiabilities',
  'retainedEarnings',
  'totalRevenue',
  'totalLiabilities',
  'totalOperatingExpenses',
] as const;

/** Optional amounts accepted on input; not features of the v1 model (the training data lacks them). */
export const EXTRA_ITEMS = ['interestExpense', 'cash', 'operatingCashFlow', 'totalDebt', 'sgaExpense'] as const;

/** One of the eighteen model items (X1..X18). */
export type StatementItem = (typeof STATEMENT_ITEMS)[number];
/** One of the optional extra amounts. */
export type ExtraItem = (typeof EXTRA_ITEMS)[number];
/** Any amount field of a statement. */
export type AmountField = StatementItem | ExtraItem;

/** Amount units; the model works in millions (the unit of the training data). */
export const UNITS = ['millions', 'thousands', 'units'] as const;
/** One of {@link UNITS}. */
export type Unit = (typeof UNITS)[number];

/** Divisor that converts an amount in `unit` to millions. */
export const UNIT_TO_MILLIONS: Readonly<Record<Unit, number>> = Object.freeze({
  millions: 1,
  thousands: 1e3,
  units: 1e6,
});

/**
 * Flow items (income-statement amounts over a period). They are summed over four quarters for
 * trailing twelve months; every other amount is a stock taken at the period end.
 */
export const FLOW_ITEMS: ReadonlySet<AmountField> = new Set<AmountField>([
  'costOfGoodsSold',
  'depreciationAndAmortization',
  'ebitda',
  'netIncome',
  'netSales',
  'ebit',
  'grossProfit',
  'totalRevenue',
  'totalOperatingExpenses',
  'interestExpense',
  'operatingCashFlow',
  'sgaExpense',
]);

/** An amount as it arrives: a number, a numeric string (CSV), or absent. */
export type AmountInput = number | string | null | undefined;

/** One financial statement as submitted by a caller (JSON camelCase). Amounts are in `unit` (default millions). */
export type StatementInput = {
  company?: string;
  fiscalYear: number;
  /** 1..4 for a quarterly statement; quarterly statements are turned into trailing twelve months. */
  fiscalQuarter?: number | null;
  unit?: Unit;
  sector?: string;
  country?: string;
} & { [K in AmountField]?: AmountInput };

/** A validated statement: amounts in millions, NaN where missing. */
export interface Statement {
  company: string;
  fiscalYear: number;
  fiscalQuarter?: number;
  amounts: Record<AmountField, number>;
}

/** A field-level problem found while reading a statement. */
export interface FieldError {
  field: string;
  reason: string;
}

/** Result of {@link normaliseStatement}. */
export type NormalisedStatement = { ok: true; statement: Statement } | { ok: false; errors: FieldError[] };

const ALL_AMOUNTS: readonly AmountField[] = [...STATEMENT_ITEMS, ...EXTRA_ITEMS];

/**
 * Parses a textual amount. Accepts thousands separators, `(123)` for negatives and, with
 * `decimalComma`, European `1.234,5`. Empty, `NA`, `n/a`, `null`, `-` and `NaN` mean missing.
 */
export function parseAmount(value: AmountInput, decimalComma = false): number | 'invalid' {
  if (value === null || value === undefined) return Number.NaN;
  if (typeof value === 'number') return Number.isFinite(value) ? value : Number.isNaN(value) ? value : 'invalid';
  if (typeof value !== 'string') return 'invalid';
  let text = value.trim();
  if (text === '' || /^(na|n\/a|nan|null|none|-|—)$/i.test(text)) return Number.NaN;
  let sign = 1;
  if (text.startsWith('(') && text.endsWith(')')) {
    sign = -1;
    text = text.slice(1, -1).trim();
  }
  text = text.replace(/[\s\u00a0']/g, '');
  text = decimalComma ? text.replace(/\./g, '').replace(',', '.') : text.replace(/,/g, '');
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text)) return 'invalid';
  const parsed = Number(text) * sign;
  return Number.isFinite(parsed) ? parsed : 'invalid';
}

/**
 * Validates a caller's statement and converts it to millions with NaN for missing amounts.
 * Collects every problem instead of stopping at the first, so a caller can fix a row in one go.
 */
export function normaliseStatement(input: StatementInput, options: { decimalComma?: boolean } = {}): NormalisedStatement {
  const errors: FieldError[] = [];
  if (input === null || typeof input !== 'object') {
    return { ok: false, errors: [{ field: '', reason: 'statement must be an object' }] };
  }
  const unit = input.unit ?? 'millions';
  if (!(UNITS as readonly string[]).includes(unit)) {
    errors.push({ field: 'unit', reason: `must be one of ${UNITS.join(', ')}, got ${JSON.stringify(unit)}` });
  }
  const fiscalYear = typeof input.fiscalYear === 'string' ? Number(input.fiscalYear) : input.fiscalYear;
  if (typeof fiscalYear !== 'number' || !Number.isInteger(fiscalYear) || fiscalYear < 1900 || fiscalYear > 2200) {
    errors.push({ field: 'fiscalYear', reason: `must be an integer year, got ${JSON.stringify(input.fiscalYear)}` });
  }
  let fiscalQuarter: number | undefined;
  const rawQuarter = input.fiscalQuarter as unknown;
  if (rawQuarter !== undefined && rawQuarter !== null && rawQuarter !== '') {
    fiscalQuarter = typeof rawQuarter === 'string' ? Number(rawQuarter.replace(/^q/i, '')) : (rawQuarter as number);
    if (!Number.isInteger(fiscalQuarter) || fiscalQuarter < 1 || fiscalQuarter > 4) {
      errors.push({ field: 'fiscalQuarter', reason: `must be 1, 2, 3 or 4, got ${JSON.stringify(rawQuarter)}` });
    }
  }
  const scale = UNIT_TO_MILLIONS[unit as Unit] ?? 1;
  const amounts = {} as Record<AmountField, number>;
  for (const field of ALL_AMOUNTS) {
    const parsed = parseAmount(input[field], options.decimalComma);
    if (parsed === 'invalid') {
      errors.push({ field, reason: `not a number: ${JSON.stringify(input[field])}` });
      amounts[field] = Number.NaN;
    } else {
      amounts[field] = parsed / scale;
    }
  }
  const totalAssets = amounts.totalAssets;
  if (input.totalAssets === undefined || input.totalAssets === null || (Number.isNaN(totalAssets) && !errors.some((e) => e.field === 'totalAssets'))) {
    errors.push({ field: 'totalAssets', reason: 'required: every ratio is scaled by total assets' });
  } else if (totalAssets <= 0) {
    errors.push({ field: 'totalAssets', reason: `must be positive, got ${input.totalAssets}` });
  }
  if (errors.length > 0) return { ok: false, errors };
  const company = input.company === undefined || input.company === null ? '' : String(input.company);
  return { ok: true, statement: { company, fiscalYear: fiscalYear as number, fiscalQuarter, amounts } };
}

/** Builds a statement from amounts already in millions (tests, the training loader, what-if). */
export function statementOf(company: string, fiscalYear: number, amounts: Partial<Record<AmountField, number>>): Statement {
  const full = {} as Record<AmountField, number>;
  for (const field of ALL_AMOUNTS) full[field] = amounts[field] ?? Number.NaN;
  return { company, fiscalYear, amounts: full };
}
