import type { Knex } from 'knex';
import type { AmountField, Unit } from '@defaultrate/model';
import type { ScopeColumns } from '../portfolio/data-scope.ts';

/** A statements row; `periodEndText` is period_end as YYYY-MM-DD (a DATE would come back as a local-midnight Date). */
export interface StatementRow extends ScopeColumns {
  id: string;
  companyId: string;
  fiscalYear: number;
  fiscalQuarter: number | null;
  periodEndText: string;
  unit: Unit;
  currency: string | null;
  amounts: Partial<Record<AmountField, number>>;
  scoreJobId: string | null;
  createdBy: string | null;
  createdAt: Date;
  updatedAt: Date;
}

function selectStatements(trx: Knex.Transaction) {
  return trx('statements').select('statements.*', trx.raw('statements.period_end::text AS period_end_text'));
}

/** Where the previous page ended: fiscal year and quarter (0 for annual), unique per company. */
export type PeriodKeyset = [fiscalYear: number, quarterOrZero: number];

/** A company's statements, newest period first, one keyset page. */
export async function listStatements(trx: Knex.Transaction, companyId: string, after: PeriodKeyset | null, limit: number): Promise<StatementRow[]> {
  const query = selectStatements(trx).where('companyId', companyId).orderByRaw('fiscal_year DESC, coalesce(fiscal_quarter, 0) DESC').limit(limit);
  if (after) query.whereRaw('(fiscal_year, coalesce(fiscal_quarter, 0)) < (?, ?)', after);
  return (await query) as StatementRow[];
}

export async function findStatement(trx: Knex.Transaction, companyId: string, statementId: string): Promise<StatementRow | undefined> {
  return (await selectStatements(trx).where({ 'statements.id': statementId, companyId }).first()) as StatementRow | undefined;
}

export async function findStatementByPeriod(trx: Knex.Transaction, companyId: string, fiscalYear: number, fiscalQuarter: number | null): Promise<StatementRow | undefined> {
  return (await selectStatements(trx)
    .where({ companyId, fiscalYear })
    .whereRaw('coalesce(fiscal_quarter, 0) = ?', [fiscalQuarter ?? 0])
    .first()) as StatementRow | undefined;
}

/**
 * The statements a score of (fiscalYear, quarter) may draw on besides itself: the previous fiscal
 * year for the year-over-year features, and for quarters the three before it and the same quarters
 * a year earlier (trailing twelve months of both years), so at most two years back.
 */
export async function listContextStatements(trx: Knex.Transaction, companyId: string, statement: Pick<StatementRow, 'id' | 'fiscalYear' | 'periodEndText'>): Promise<StatementRow[]> {
  return (await selectStatements(trx)
    .where('companyId', companyId)
    .whereNot('statements.id', statement.id)
    .where('fiscalYear', '>=', statement.fiscalYear - 2)
    .whereRaw('period_end <= ?::date', [statement.periodEndText])) as StatementRow[];
}

export interface NewStatement extends ScopeColumns {
  companyId: string;
  fiscalYear: number;
  fiscalQuarter: number | null;
  periodEnd: string;
  unit: Unit;
  currency: string | null;
  amounts: Partial<Record<AmountField, number>>;
  createdBy: string;
}

export async function insertStatement(trx: Knex.Transaction, input: NewStatement): Promise<string> {
  const [row] = await trx('statements').insert({ ...input, amounts: JSON.stringify(input.amounts) }).returning('id');
  return (row as { id: string }).id;
}

export async function deleteStatement(trx: Knex.Transaction, companyId: string, statementId: string): Promise<boolean> {
  return (await trx('statements').where({ id: statementId, companyId }).delete()) > 0;
}
