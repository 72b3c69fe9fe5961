import type { Knex } from 'knex';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../helpers/test-app.ts';
import { createTenantFixture, type TenantFixture } from '../../factories/tenant-fixture.ts';
import { orgScope, personalScope, seedCompany, type SeedScope } from './portfolio-kit.ts';

/**
 * Deleting a tenant, an organization or a user removes every portfolio row of it. Statements,
 * predictions, alerts and row errors have no foreign keys of their own to tenants, organizations
 * or owners (migration 20261124001070): they go through their company or their job, so this checks
 * that path end to end, with the alerts the predictions trigger raises.
 */

const CHILD_TABLES = ['statements', 'predictions', 'alerts', 'score_job_errors'] as const;
const ALL_TABLES = ['companies', 'score_jobs', ...CHILD_TABLES] as const;

let t: TestApp;
const fixtures: TenantFixture[] = [];

beforeAll(async () => {
  t = await createTestApp();
});
afterEach(async () => {
  for (const f of fixtures.splice(0)) await f.cleanup();
});
afterAll(async () => {
  await t?.close();
});

async function fixture(): Promise<TenantFixture> {
  const f = await createTenantFixture(t);
  fixtures.push(f);
  return f;
}

/** A company with two scored years whose band differs (the trigger raises an alert), and a bulk job with a row error. */
async function seedPortfolio(o: Knex, scope: SeedScope, userId: string, label: string): Promise<string> {
  const companyId = await seedCompany(o, scope, `${label} ${Math.random().toString(36).slice(2, 8)}`, { created_by: userId });
  const [job] = await o('score_jobs')
    .insert({ ...scope, file_name: `${label}.csv`, file_format: 'csv', file_size: 10, storage_path: `/tmp/${label}.csv`, created_by: userId })
    .returning('id');
  await o('score_job_errors').insert({ ...scope, score_job_id: job.id, row_number: 2, column: 'totalAssets', reason: 'must be positive' });
  const statement = { ...scope, company_id: companyId, amounts: JSON.stringify({ totalAssets: 10 }), created_by: userId };
  const [s2022, s2023] = await o('statements')
    .insert([
      { ...statement, fiscal_year: 2022, period_end: '2022-12-31' },
      { ...statement, fiscal_year: 2023, period_end: '2023-12-31', score_job_id: job.id },
    ])
    .returning('id');
  const prediction = { ...scope, company_id: companyId, pd_low: 0.01, pd_high: 0.3, rating: 'BB', model_version: 'test', scored_by: userId };
  await o('predictions').insert({ ...prediction, statement_id: s2022.id, fiscal_year: 2022, period_end: '2022-12-31', pd: 0.01, band: 'low' });
  await o('predictions').insert({ ...prediction, statement_id: s2023.id, score_job_id: job.id, job_row: 2, fiscal_year: 2023, period_end: '2023-12-31', pd: 0.2, band: 'critical' });
  return companyId;
}

/** Rows per table whose `column` is `id`. */
async function rowsWhere(column: 'tenant_id' | 'organization_id' | 'owner_user_id', id: string): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of ALL_TABLES) {
    const [{ n }] = await t.owner(table).where(column, id).count<{ n: string }[]>({ n: '*' });
    counts[table] = Number(n);
  }
  return counts;
}

const none = Object.fromEntries(ALL_TABLES.map((table) => [table, 0]));
const seeded = { companies: 1, score_jobs: 1, statements: 2, predictions: 2, alerts: 1, score_job_errors: 1 };

describe('deleting the owner of portfolio data', () => {
  it('deleting a tenant removes every portfolio row of it, even after the user who scored them was deleted', async () => {
    const f = await fixture();
    await seedPortfolio(t.owner, orgScope(f), f.users.orgMember.id, 'tenant');
    expect(await rowsWhere('tenant_id', f.tenant.id)).toEqual(seeded);

    // Who scored a row is history: deleting that user leaves the organization's rows (and the id) in place.
    await t.owner('users').where({ id: f.users.orgMember.id }).delete();
    expect(await rowsWhere('tenant_id', f.tenant.id)).toEqual(seeded);
    const scoredBy = await t.owner('predictions').where({ tenant_id: f.tenant.id }).pluck('scored_by');
    expect(scoredBy).toEqual([f.users.orgMember.id, f.users.orgMember.id]);

    await f.cleanup();
    expect(await rowsWhere('tenant_id', f.tenant.id)).toEqual(none);
  });

  it('deleting an organization removes its rows and leaves the other organization of the tenant alone', async () => {
    const f = await fixture();
    await seedPortfolio(t.owner, orgScope(f, 'otherOrg'), f.users.otherOrgMember.id, 'other-org');
    await seedPortfolio(t.owner, orgScope(f), f.users.orgMember.id, 'kept-org');
    expect(await rowsWhere('organization_id', f.otherOrg.id)).toEqual(seeded);

    await t.owner('users').whereIn('id', [f.users.otherOrgAdmin.id, f.users.otherOrgMember.id]).delete();
    await t.owner('organizations').where({ id: f.otherOrg.id }).delete();
    expect(await rowsWhere('organization_id', f.otherOrg.id)).toEqual(none);
    expect(await rowsWhere('organization_id', f.org.id)).toEqual(seeded);
  });

  it("deleting a user removes their personal rows, with or without a tenant, and nobody else's", async () => {
    const f = await fixture();
    await seedPortfolio(t.owner, personalScope(f, 'orgMember'), f.users.orgMember.id, 'member-personal');
    await seedPortfolio(t.owner, personalScope(f, 'individual'), f.users.individual.id, 'individual-personal');
    await seedPortfolio(t.owner, personalScope(f, 'orgAdmin'), f.users.orgAdmin.id, 'admin-personal');
    expect(await rowsWhere('owner_user_id', f.users.orgMember.id)).toEqual(seeded);
    expect(await rowsWhere('owner_user_id', f.users.individual.id)).toEqual(seeded);

    await t.owner('users').whereIn('id', [f.users.orgMember.id, f.users.individual.id]).delete();
    expect(await rowsWhere('owner_user_id', f.users.orgMember.id)).toEqual(none);
    expect(await rowsWhere('owner_user_id', f.users.individual.id)).toEqual(none);
    expect(await rowsWhere('owner_user_id', f.users.orgAdmin.id)).toEqual(seeded);
  });
});

describe('the job of a stored prediction', () => {
  it('is a foreign key: an unknown job is refused, deleting the job deletes its predictions and keeps its statements', async () => {
    const f = await fixture();
    const scope = orgScope(f);
    const companyId = await seedPortfolio(t.owner, scope, f.users.orgMember.id, 'Job key');
    const job = await t.owner('score_jobs').where({ organization_id: f.org.id }).first('id');
    const unknownJob = t.owner('predictions').insert({ ...scope, company_id: companyId, score_job_id: '00000000-0000-4000-8000-000000000000', job_row: 3, fiscal_year: 2024, period_end: '2024-12-31', pd: 0.1, pd_low: 0.05, pd_high: 0.2, band: 'high', rating: 'B', model_version: 'test' });
    await expect(unknownJob).rejects.toThrow(/predictions_score_job_id_foreign/);

    const count = async (table: string, where: Record<string, string>) => Number((await t.owner(table).where(where).count<{ n: string }[]>({ n: '*' }))[0].n);
    expect(await count('predictions', { score_job_id: job.id })).toBe(1);
    await t.owner('score_jobs').where({ id: job.id }).delete();
    expect(await count('predictions', { score_job_id: job.id })).toBe(0);
    expect(await count('predictions', { company_id: companyId })).toBe(1);
    // Statements keep the id of the job that last wrote them as a record, without a key.
    expect(await count('statements', { company_id: companyId, score_job_id: job.id })).toBe(1);
  });
});
