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

/** A predictions row for `companyId`, scored by a fake model version with a ±20 % interval. */
function predictionRow(columns: ReturnType<typeof scopeColumns>, companyId: string, p: PredictionSpec) {
  return {
    ...columns,
    company_id: companyId,
    fiscal_year: p.fiscalYear,
    fiscal_quarter: p.fiscalQuarter ?? null,
    period_end: periodEnd(p),
    pd: p.pd,
    pd_low: p.pd * 0.8,
    pd_high: Math.min(1, p.pd * 1.2),
    band: bandOf(p.pd),
    rating: 'BB',
    model_version: 'test-model',
  };
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
    const [row] = await owner('predictions').insert(predictionRow(columns, company.id, p)).returning('id');
    predictionIds.push(row.id);
  }
  return { id: company.id, predictionIds };
}

/**
 * Inserts predictions of one company in ONE statement, as a bulk chunk does (so the trigger sees
 * them together, not each as the newest). Returns their ids in the order of `specs`.
 */
export async function insertPredictionsTogether(owner: Knex, scope: ScopeOf, companyId: string, specs: PredictionSpec[]): Promise<string[]> {
  const columns = scopeColumns(scope);
  const rows: { id: string; fiscal_year: number }[] = await owner('predictions').insert(specs.map((p) => predictionRow(columns, companyId, p))).returning(['id', 'fiscal_year']);
  return specs.map((p) => (rows.find((r) => r.fiscal_year === p.fiscalYear) as { id: string }).id);
}

/**
 * Inserts many companies, each with one prediction, in two statements (hundreds in well under a
 * second, for list and scrolling tests); the statement-level trigger keeps companies.latest_* as for
 * single inserts. Returns the ids in the order of `specs`.
 */
export async function insertScoredCompanies(owner: Knex, scope: ScopeOf, specs: (Omit<CompanySpec, 'predictions'> & { prediction: PredictionSpec })[]): Promise<string[]> {
  if (specs.length === 0) return [];
  const columns = scopeColumns(scope);
  const rows = specs.map((spec) => ({
    ...columns,
    name: spec.name,
    external_ref: spec.externalRef ?? null,
    company_key: (spec.externalRef ?? `${spec.name}-${randomUUID()}`).toLowerCase(),
    sector: spec.sector ?? null,
    exposure: spec.exposure ?? null,
    lgd: spec.lgd ?? null,
  }));
  // RETURNING promises no order, so ids are matched back by the (unique) company key.
  const inserted: { id: string; company_key: string }[] = await owner('companies').insert(rows).returning(['id', 'company_key']);
  const idByKey = new Map(inserted.map((c) => [c.company_key, c.id]));
  const ids = rows.map((row) => idByKey.get(row.company_key) as string);
  await owner('predictions').insert(specs.map((spec, i) => predictionRow(columns, ids[i], spec.prediction)));
  return ids;
}
