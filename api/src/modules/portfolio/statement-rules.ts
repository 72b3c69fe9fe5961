import { normaliseStatement, type AmountField, type StatementInput } from '@defaultrate/model';

/**
 * Rules a financial statement must pass before it is stored or scored, shared by the single-statement
 * API and bulk jobs so that both refuse the same rows for the same reasons. The model's own
 * normalisation checks form (numbers, units, years, total assets present and positive); these add
 * plausibility: amounts that cannot be negative, liabilities beyond any plausible bound, periods that
 * have not ended yet.
 */

export interface StatementFieldError {
  /** The statement field (camelCase), e.g. `totalLiabilities`. */
  field: string;
  reason: string;
}

/** Balance-sheet and revenue items that are never negative in a real statement. */
const NON_NEGATIVE: readonly AmountField[] = [
  'totalAssets',
  'currentAssets',
  'inventory',
  'totalReceivables',
  'marketValue',
  'totalLiabilities',
  'currentLiabilities',
  'longTermDebt',
  'netSales',
  'totalRevenue',
  'cash',
  'totalDebt',
];

/** Liabilities above this multiple of total assets are a typo or a unit mix-up, not a company. */
export const MAX_LIABILITIES_TO_ASSETS = 100;
/** Largest amount accepted, in millions (ten trillion): more than any company's balance sheet. */
export const MAX_AMOUNT_MILLIONS = 1e7;

/** Identity of a company within a scope: its external reference if given, else its name. */
export function companyKeyOf(name: string, externalRef?: string | null): string {
  const ref = externalRef?.trim();
  return (ref ? `ref:${ref}` : `name:${name.trim().replace(/\s+/g, ' ')}`).toLowerCase();
}

/** Last day of the fiscal year or quarter, as YYYY-MM-DD (calendar fiscal years). */
export function periodEndOf(fiscalYear: number, fiscalQuarter?: number | null): string {
  const month = fiscalQuarter ? fiscalQuarter * 3 : 12;
  const lastDay = new Date(Date.UTC(fiscalYear, month, 0)).getUTCDate();
  return `${String(fiscalYear).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(lastDay).padStart(2, '0')}`;
}

/**
 * Every problem with `input`, or an empty list. `today` is injectable so tests can pin the clock.
 * Amounts are compared after conversion to millions, so the unit cannot hide an implausible value.
 */
export function checkStatement(input: StatementInput, today: Date = new Date()): StatementFieldError[] {
  const normalised = normaliseStatement(input);
  if (!normalised.ok) return normalised.errors.map((e) => ({ field: e.field, reason: e.reason }));
  const { amounts, fiscalYear, fiscalQuarter } = normalised.statement;
  const errors: StatementFieldError[] = [];
  for (const field of NON_NEGATIVE) {
    if (amounts[field] < 0) errors.push({ field, reason: `must not be negative, got ${input[field]}` });
  }
  for (const [field, value] of Object.entries(amounts)) {
    if (Math.abs(value) > MAX_AMOUNT_MILLIONS) {
      errors.push({ field, reason: `is implausibly large (${input[field as AmountField]} ${input.unit ?? 'millions'}; the bound is ${MAX_AMOUNT_MILLIONS} millions)` });
    }
  }
  if (amounts.totalLiabilities > MAX_LIABILITIES_TO_ASSETS * amounts.totalAssets) {
    errors.push({
      field: 'totalLiabilities',
      reason: `is more than ${MAX_LIABILITIES_TO_ASSETS} times total assets (${input.totalLiabilities} vs ${input.totalAssets}); check the unit`,
    });
  }
  const periodEnd = periodEndOf(fiscalYear, fiscalQuarter);
  if (periodEnd > today.toISOString().slice(0, 10)) {
    errors.push({ field: fiscalQuarter ? 'fiscalQuarter' : 'fiscalYear', reason: `the period ending ${periodEnd} has not ended yet` });
  }
  return errors;
}
