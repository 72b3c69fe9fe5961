import { FLOW_ITEMS, type AmountField, type FieldError, type Statement } from './statement.ts';

/** Key of a fiscal quarter as a running count, so that Q1 of a year follows Q4 of the previous one. */
function quarterIndex(fiscalYear: number, fiscalQuarter: number): number {
  return fiscalYear * 4 + (fiscalQuarter - 1);
}

/** Quarterly statements of one company, looked up by fiscal year and quarter. */
export class QuarterIndex {
  private readonly byKey = new Map<string, Statement>();

  /** Indexes every quarterly statement (`fiscalQuarter` set); annual ones are ignored. */
  constructor(statements: Iterable<Statement>) {
    for (const s of statements) {
      if (s.fiscalQuarter === undefined) continue;
      const key = `${s.company}\u0000${quarterIndex(s.fiscalYear, s.fiscalQuarter)}`;
      if (!this.byKey.has(key)) this.byKey.set(key, s);
    }
  }

  /** The statement of `company` for the quarter `offset` quarters before (year, quarter). */
  get(company: string, fiscalYear: number, fiscalQuarter: number, offset = 0): Statement | undefined {
    return this.byKey.get(`${company}\u0000${quarterIndex(fiscalYear, fiscalQuarter) - offset}`);
  }
}

/**
 * Trailing twelve months ending at a quarter: flows (sales, income, costs) are the sum of that
 * quarter and the three before it; stocks (assets, liabilities, market value) are the quarter-end
 * values. A flow missing in any of the four quarters is missing in the sum, rather than silently
 * understating it.
 */
export function trailingTwelveMonths(quarter: Statement, index: QuarterIndex): { ok: true; statement: Statement } | { ok: false; error: FieldError } {
  const q = quarter.fiscalQuarter;
  if (q === undefined) return { ok: true, statement: quarter };
  const quarters: Statement[] = [quarter];
  for (let offset = 1; offset < 4; offset++) {
    const previous = index.get(quarter.company, quarter.fiscalYear, q, offset);
    if (previous === undefined) {
      return {
        ok: false,
        error: {
          field: 'fiscalQuarter',
          reason: `trailing twelve months need the three preceding quarters of company ${JSON.stringify(quarter.company)}; quarter ${offset} before ${quarter.fiscalYear} Q${q} is missing`,
        },
      };
    }
    quarters.push(previous);
  }
  const amounts = { ...quarter.amounts };
  for (const field of Object.keys(amounts) as AmountField[]) {
    if (!FLOW_ITEMS.has(field)) continue;
    let sum = 0;
    for (const s of quarters) sum += s.amounts[field];
    amounts[field] = sum;
  }
  return { ok: true, statement: { company: quarter.company, fiscalYear: quarter.fiscalYear, fiscalQuarter: q, amounts } };
}
