import type { Knex } from 'knex';
import { loginAs, type FixtureUserKey, type TenantFixture } from '../../factories/tenant-fixture.ts';
import type { TestApp } from '../../helpers/test-app.ts';

/** A sound company's annual statement (millions): low PD. */
export const HEALTHY = {
  unit: 'millions',
  currency: 'USD',
  totalAssets: 1200,
  currentAssets: 480,
  currentLiabilities: 310,
  totalLiabilities: 560,
  retainedEarnings: 320,
  netSales: 1500,
  totalRevenue: 1500,
  ebit: 150,
  ebitda: 200,
  netIncome: 100,
  marketValue: 1500,
  costOfGoodsSold: 1000,
  grossProfit: 500,
  inventory: 100,
  totalReceivables: 150,
  longTermDebt: 200,
  depreciationAndAmortization: 50,
  totalOperatingExpenses: 1350,
} as const;

/** Changes that turn HEALTHY into a distressed company: losses, negative retained earnings, liabilities near assets. */
export const DISTRESSED = { totalLiabilities: 1100, retainedEarnings: -300, netIncome: -80, ebit: -50, ebitda: -10, marketValue: 100, currentLiabilities: 700 } as const;

/** A statement body for `fiscalYear`: HEALTHY with `changes`. */
export function statement(fiscalYear: number, changes: Record<string, number | string | null> = {}): Record<string, unknown> {
  return { fiscalYear, ...HEALTHY, ...changes };
}

/** Logs fixture users in once per test file and hands out their Authorization headers. */
export function bearers(t: Pick<TestApp, 'http'>) {
  const tokens = new Map<string, string>();
  return async (fixture: TenantFixture, key: FixtureUserKey): Promise<string> => {
    const user = fixture.users[key];
    if (!tokens.has(user.id)) tokens.set(user.id, (await loginAs(t, user)).accessToken);
    return `Bearer ${tokens.get(user.id)}`;
  };
}

export interface SeedScope {
  scope: 'personal' | 'organization' | 'global';
  tenant_id: string | null;
  organization_id: string | null;
  owner_user_id: string | null;
}

export const orgScope = (f: TenantFixture, org: 'org' | 'otherOrg' = 'org'): SeedScope => ({ scope: 'organization', tenant_id: f.tenant.id, organization_id: f[org].id, owner_user_id: null });
export const personalScope = (f: TenantFixture, user: FixtureUserKey): SeedScope => ({ scope: 'personal', tenant_id: f.users[user].tenantId, organization_id: null, owner_user_id: f.users[user].id });

/** Inserts a company with the owner connection (set-up only; bypasses RLS). */
export async function seedCompany(owner: Knex, scope: SeedScope, name: string, extra: Record<string, unknown> = {}): Promise<string> {
  const [row] = await owner('companies').insert({ ...scope, name, company_key: `name:${name.toLowerCase()}`, ...extra }).returning('id');
  return row.id;
}

/** Inserts an annual statement of a seeded company with the owner connection. */
export async function seedStatement(owner: Knex, scope: SeedScope, companyId: string, fiscalYear: number): Promise<string> {
  const { unit, currency, ...amounts } = HEALTHY;
  const [row] = await owner('statements')
    .insert({ ...scope, company_id: companyId, fiscal_year: fiscalYear, period_end: `${fiscalYear}-12-31`, unit, currency, amounts: JSON.stringify(amounts) })
    .returning('id');
  return row.id;
}

/** Inserts two predictions of a seeded company (low, then critical), which makes the trigger raise a band-change alert; returns the alert id. */
export async function seedAlert(owner: Knex, scope: SeedScope, companyId: string, statementId: string): Promise<string> {
  const base = { ...scope, company_id: companyId, statement_id: statementId, fiscal_quarter: null, pd_low: 0.0001, pd_high: 0.5, model_version: 'seed', drivers: null };
  await owner('predictions').insert({ ...base, fiscal_year: 2022, period_end: '2022-12-31', pd: 0.001, band: 'low', rating: 'A' });
  const [prediction] = await owner('predictions').insert({ ...base, fiscal_year: 2023, period_end: '2023-12-31', pd: 0.3, band: 'critical', rating: 'C' }).returning('id');
  const alert = await owner('alerts').where({ prediction_id: prediction.id }).first('id');
  if (!alert) throw new Error('the predictions trigger raised no alert');
  return alert.id;
}
