import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';

/** Scope columns of a portfolio row, matching the tables' scope CHECK constraint. */
export type ScopeOf =
  | { scope: 'organization'; tenantId: string; organizationId: string }
  | { scope: 'personal'; ownerUserId: string; tenantId?: string | null }
  | { scope: 'global' };

export interface PredictionSpec {
  fiscalYear: number;
  fiscalQuarter?: number;
  pd: number;
}

export interface CompanySpec {
  name: string;
  sector?: string | null;
  exposure?: number | null;
  lgd?: number | null;
  externalRef?: string;
  /** Inserted one statement each, in order, so the predictions trigger sees each as the newest. */
  predictions?: PredictionSpec[];
}

function scopeColumns(s: ScopeOf) {
  switch (s.scope) {
    case 'organization':
      return { scope: s.scope, tenant_id: s.tenantId, organization_id: s.organizationId, owner_user_id: null };
    case 'personal':
      return { scope: s.scope, tenant_id: s.tenantId ?? null, organization_id: null, owner_user_id: s.ownerUserId };
    case 'global':
      return { scope: s.scope, tenant_id: null, organization_id: null, owner_user_id: null };
  }
}

/** The band the default thresholds give a PD (low < 2 % ≤ medium < 5 % ≤ high < 15 % ≤ critical). */
export function bandOf(pd: number): string {
  return pd < 0.02 ? 'low' : pd < 0.05 ? 'medium' : pd < 0.15 ? 'high' : 'critical';
}

function periodEnd(p: PredictionSpec): string {
  const month = p.fiscalQuarter ? p.fiscalQuarter * 3 : 12;
  const day = new Date(Date.UTC(p.fiscalYear, month, 0)).getUTCDate();
  return `${p.fiscalYear}-${String(month).padStart(2, '0')}-${day}`;
}

/**
 * Inserts a company and its predictions with the owner connection (test set-up only): the database
 * trigger then keeps companies.latest_* and raises alerts and webhook events as in production.
 */
export async function insertScoredCompany(owner: Knex, scope: ScopeOf, spec: CompanySpec): Promise<{ id: string; predictionIds: string[] }> {
  const columns = scopeColumns(scope);
  const [company] = await owner('companies')
    .insert({
      ...columns,
      name: spec.name,
      external_ref: spec.externalRef ?? null,
      company_key: (spec.externalRef ?? `${spec.name}-${randomUUID()}`).toLowerCase(),
      sector: spec.sector ?? null,
      exposure: spec.exposure ?? null,
      lgd: spec.lgd ?? null,
    })
    .returning('id');
  const predictionIds: string[] = [];
  for (const p of spec.predictions ?? []) {
    const [row] = await owner('predictions')
      .insert({
        ...columns,
        company_id: company.id,
        fiscal_year: p.fiscalYear,
        fiscal_quarter: p.fiscalQuarter ?? null,
        period_end: periodEnd(p),
        pd: p.pd,
        pd_low: p.pd * 0.8,
        pd_high: Math.min(1, p.pd * 1.2),
        band: bandOf(p.pd),
        rating: 'BB',
        model_version: 'test-model',
      })
      .returning('id');
    predictionIds.push(row.id);
  }
  return { id: company.id, predictionIds };
}
