import { EXTRA_ITEMS, STATEMENT_ITEMS, type AmountField, type StatementInput, type Unit } from '@defaultrate/model';
import type { components } from '../../../../openapi/generated/schema.d.ts';
import type { StatementRow } from './statements.repository.ts';

/** A statement as the API receives it (schema StatementInput). */
export type StatementBody = components['schemas']['StatementInput'];

const AMOUNT_FIELDS: readonly AmountField[] = [...STATEMENT_ITEMS, ...EXTRA_ITEMS];

/** The amounts given in a body, by name; null and absent amounts are left out. */
export function amountsOf(body: Partial<Record<AmountField, number | null>>): Partial<Record<AmountField, number>> {
  const amounts: Partial<Record<AmountField, number>> = {};
  for (const field of AMOUNT_FIELDS) {
    const value = body[field];
    if (typeof value === 'number') amounts[field] = value;
  }
  return amounts;
}

/** The model's input for a body; `company` ties it to its context statements. */
export function modelInputOfBody(body: StatementBody, company = ''): StatementInput {
  return {
    company,
    fiscalYear: body.fiscalYear,
    fiscalQuarter: body.fiscalQuarter ?? null,
    unit: (body.unit ?? 'millions') as Unit,
    ...amountsOf(body),
  };
}

/** The model's input for a stored statement of `companyId`. */
export function modelInputOfRow(row: StatementRow, company: { sector: string | null; country: string | null }): StatementInput {
  return {
    company: row.companyId,
    fiscalYear: row.fiscalYear,
    fiscalQuarter: row.fiscalQuarter,
    unit: row.unit,
    ...(company.sector ? { sector: company.sector } : {}),
    ...(company.country ? { country: company.country } : {}),
    ...row.amounts,
  };
}
