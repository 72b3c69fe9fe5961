import type { components } from '../../../../openapi/generated/schema.d.ts';
import type { StatementRow } from './statements.repository.ts';

export type StatementView = components['schemas']['Statement'];

/** The public shape of a stored statement (schema Statement). */
export function toStatementView(s: StatementRow): StatementView {
  return {
    id: s.id,
    companyId: s.companyId,
    fiscalYear: s.fiscalYear,
    fiscalQuarter: s.fiscalQuarter,
    periodEnd: s.periodEndText,
    unit: s.unit,
    currency: s.currency,
    amounts: s.amounts,
    scoreJobId: s.scoreJobId,
    createdBy: s.createdBy,
    createdAt: new Date(s.createdAt).toISOString(),
    updatedAt: new Date(s.updatedAt).toISOString(),
  };
}
