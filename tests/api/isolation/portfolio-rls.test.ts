import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTenant } from '../../../api/src/db/with-tenant.ts';
import type { Actor } from '../../../api/src/modules/access/roles.ts';
import { createTestApp, type TestApp } from '../../helpers/test-app.ts';
import { createTenantFixture, type FixtureUser, type TenantFixture } from '../../factories/tenant-fixture.ts';

/**
 * The portfolio tables' scope policies (personal / organization / global), by row-level security
 * ALONE: raw SQL on the app connection with one user's RLS settings, no route or service involved.
 */

type Context = Pick<Actor, 'userId' | 'role' | 'tenantId' | 'orgId'>;
const PORTFOLIO_TABLES = ['companies', 'statements', 'predictions', 'score_jobs', 'score_job_errors', 'alerts', 'webhooks', 'webhook_deliveries'] as const;

let t: TestApp;
let a: TenantFixture;
let b: TenantFixture;
/** Company name → the scope it was seeded in; names carry the test's tag. */
const names: Record<string, string> = {};

function contextOf(user: FixtureUser): Context {
  return { userId: user.id, role: user.role, tenantId: user.tenantId, orgId: user.organizationId };
}

interface ScopeCols {
  scope: 'personal' | 'organization' | 'global';
  tenant_id: string | null;
  organization_id: string | null;
  owner_user_id: string | null;
}
const orgScope = (f: TenantFixture, org: { id: string }): ScopeCols => ({ scope: 'organization', tenant_id: f.tenant.id, organization_id: org.id, owner_user_id: null });
const personalScope = (user: FixtureUser): ScopeCols => ({ scope: 'personal', tenant_id: user.tenantId, organization_id: null, owner_user_id: user.id });
const globalScope: ScopeCols = { scope: 'global', tenant_id: null, organization_id: null, owner_user_id: null };

/** A company with a statement, two predictions whose band differs (so the trigger raises an alert), a score job and a row error. */
async function seedPortfolio(o: Knex, label: string, scope: ScopeCols): Promise<void> {
  const name = `${label} ${randomUUID().slice(0, 8)}`;
  names[name] = label;
  const [company] = await o('companies').insert({ ...scope, name, company_key: `name:${name.toLowerCase()}` }).returning('id');
  const [job] = await o('score_jobs')
    .insert({ ...scope, file_name: `${name}.csv`, file_format: 'csv', file_size: 10, storage_path: `/tmp/${name}.csv`, created_by: scope.owner_user_id })
    .returning('id');
  await o('score_job_errors').insert({ ...scope, score_job_id: job.id, row_number: 2, column: 'totalAssets', reason: `bad row of ${name}` });
  const [statement] = await o('statements').insert({ ...scope, company_id: company.id, fiscal_year: 2023, period_end: '2023-12-31', amounts: JSON.stringify({ totalAssets: 10 }) }).returning('id');
  const prediction = { ...scope, company_id: company.id, period_end: '2023-12-31', pd_low: 0.01, pd_high: 0.2, rating: 'BB', model_version: name };
  // Two statements: the 2023 prediction replaces 2022 as the company's latest, which raises the alert
  // (predictions arriving together are history, compared with nothing the portfolio showed).
  await o('predictions').insert({ ...prediction, fiscal_year: 2022, period_end: '2022-12-31', pd: 0.01, band: 'low' });
  await o('predictions').insert({ ...prediction, statement_id: statement.id, fiscal_year: 2023, pd: 0.2, band: 'critical' });
}

async function visibleNames(context: Context, table: string): Promise<string[]> {
  return withTenant(t.container.db, context, async (trx) => {
    const { rows } = await trx.raw('SELECT to_jsonb(r)::text AS row FROM ?? r', [table]);
    return Object.keys(names).filter((name) => rows.some((r: { row: string }) => r.row.includes(name) || r.row.includes(name.toLowerCase())));
  });
}

/** Names seen in companies joined by id from each other table, so tables without a name column are checked too. */
async function visibleCompanyNamesVia(context: Context, table: string): Promise<string[]> {
  return withTenant(t.container.db, context, async (trx) => {
    const column = table === 'companies' ? 'id' : table === 'score_jobs' || table === 'score_job_errors' ? null : 'company_id';
    if (!column) return visibleNames(context, table);
    const { rows } = await t.owner.raw(`SELECT c.name FROM companies c WHERE c.id IN (${(await trx.raw(`SELECT ${column} AS id FROM ??`, [table])).rows.map((r: { id: string }) => `'${r.id}'`).join(',') || 'NULL'})`);
    return rows.map((r: { name: string }) => r.name).filter((n: string) => n in names);
  });
}

const labelsOf = (seen: string[]) => [...new Set(seen.map((n) => names[n]))].sort();

beforeAll(async () => {
  t = await createTestApp();
  a = await createTenantFixture(t);
  b = await createTenantFixture(t);
  const o = t.owner;
  // Webhooks first, so that the alerts the trigger raises queue deliveries for them.
  for (const [f, org] of [[a, a.org], [b, b.org]] as const) {
    await o('webhooks').insert({ tenant_id: f.tenant.id, organization_id: org.id, url: `https://hooks.example/${f.tag}`, secret_ciphertext: `cipher-${f.tag}`, events: ['alert.created'] });
  }
  await seedPortfolio(o, 'A org', orgScope(a, a.org));
  await seedPortfolio(o, 'A other org', orgScope(a, a.otherOrg));
  await seedPortfolio(o, 'A member personal', personalScope(a.users.orgMember));
  await seedPortfolio(o, 'A individual personal', personalScope(a.users.individual));
  await seedPortfolio(o, 'B org', orgScope(b, b.org));
  await seedPortfolio(o, 'B member personal', personalScope(b.users.orgMember));
  await seedPortfolio(o, 'global', globalScope);
});

afterAll(async () => {
  await t?.owner('companies').where({ scope: 'global' }).whereIn('name', Object.keys(names)).delete();
  await t?.owner('score_jobs').where({ scope: 'global' }).whereIn('file_name', Object.keys(names).map((n) => `${n}.csv`)).delete();
  await a?.cleanup();
  await b?.cleanup();
  await t?.close();
});

describe('portfolio scope policies (RLS alone)', () => {
  it('seeded every portfolio table, alerts and webhook deliveries included (raised by the trigger)', async () => {
    for (const table of PORTFOLIO_TABLES) {
      const { rows } = await t.owner.raw('SELECT count(*)::int AS n FROM ?? WHERE tenant_id IN (?, ?) OR tenant_id IS NULL', [table, a.tenant.id, b.tenant.id]);
      expect(rows[0].n, table).toBeGreaterThan(0);
    }
    const alerts = await t.owner('alerts').whereIn('tenant_id', [a.tenant.id, b.tenant.id]).select('kind', 'previous_band', 'band');
    expect(alerts).toContainEqual({ kind: 'band_change', previous_band: 'low', band: 'critical' });
  });

  it('shows each role exactly the scopes it is entitled to, in every portfolio table', async () => {
    const expected: [string, FixtureUser, string[]][] = [
      ['org member', a.users.orgMember, ['A member personal', 'A org', 'global']],
      ['org admin', a.users.orgAdmin, ['A org', 'global']],
      ['other org member', a.users.otherOrgMember, ['A other org', 'global']],
      ['tenant admin', a.users.tenantAdmin, ['A org', 'A other org', 'global']],
      ['individual', a.users.individual, ['A individual personal', 'global']],
      // Super admins read every organization's data and global data, but nobody's personal data.
      ['super admin', a.users.superAdmin, ['A org', 'A other org', 'B org', 'global']],
    ];
    const wrong: string[] = [];
    for (const [label, user, labels] of expected) {
      for (const table of ['companies', 'statements', 'predictions', 'alerts', 'score_jobs', 'score_job_errors']) {
        const seen = labelsOf(await visibleCompanyNamesVia(contextOf(user), table));
        if (JSON.stringify(seen) !== JSON.stringify([...labels].sort())) wrong.push(`${label} in ${table}: saw ${seen.join(', ')}; expected ${labels.join(', ')}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('hides global data from members of an organization that does not allow it, not from individuals', async () => {
    await t.owner('organizations').where({ id: a.org.id }).update({ allow_global_data: false });
    try {
      expect(labelsOf(await visibleNames(contextOf(a.users.orgMember), 'companies'))).toEqual(['A member personal', 'A org']);
      expect(labelsOf(await visibleNames(contextOf(a.users.otherOrgMember), 'companies'))).toContain('global');
      expect(labelsOf(await visibleNames(contextOf(a.users.individual), 'companies'))).toContain('global');
    } finally {
      await t.owner('organizations').where({ id: a.org.id }).update({ allow_global_data: true });
    }
  });

  it('shows webhooks and their deliveries to the organization admins and tenant admins only', async () => {
    const count = (context: Context, table: string) =>
      withTenant(t.container.db, context, async (trx) => (await trx.raw('SELECT tenant_id, organization_id FROM ??', [table])).rows as { tenant_id: string; organization_id: string }[]);
    for (const table of ['webhooks', 'webhook_deliveries']) {
      expect((await count(contextOf(a.users.orgAdmin), table)).every((r) => r.organization_id === a.org.id), table).toBe(true);
      expect((await count(contextOf(a.users.orgAdmin), table)).length, table).toBeGreaterThan(0);
      expect((await count(contextOf(a.users.tenantAdmin), table)).every((r) => r.tenant_id === a.tenant.id), table).toBe(true);
      expect(await count(contextOf(a.users.orgMember), table), table).toEqual([]);
      expect(await count(contextOf(a.users.otherOrgAdmin), table), table).toEqual([]);
      expect(await count(contextOf(a.users.individual), table), table).toEqual([]);
    }
  });

  it('refuses writes outside the writer scope: foreign tenants, other organizations, global, others\u2019 personal data', async () => {
    const attempts: [string, FixtureUser, ScopeCols][] = [
      ['org member into tenant B', a.users.orgMember, orgScope(b, b.org)],
      ['org member into the other org', a.users.orgMember, orgScope(a, a.otherOrg)],
      ['tenant admin into an org of its tenant (read-only for it)', a.users.tenantAdmin, orgScope(a, a.org)],
      ['org admin into global', a.users.orgAdmin, globalScope],
      ['tenant admin into global', a.users.tenantAdmin, globalScope],
      ['individual into another user\u2019s personal data', a.users.individual, personalScope(a.users.orgMember)],
      ['super admin into someone\u2019s personal data', a.users.superAdmin, personalScope(a.users.individual)],
    ];
    const accepted: string[] = [];
    for (const [label, user, scope] of attempts) {
      try {
        await withTenant(t.container.db, contextOf(user), (trx) => trx('companies').insert({ ...scopeCamel(scope), name: `Evil ${label}`, companyKey: `evil:${randomUUID()}` }));
        accepted.push(label);
      } catch (error) {
        if ((error as { code?: string }).code !== '42501') accepted.push(`${label}: failed for another reason: ${(error as Error).message}`);
      }
    }
    expect(accepted).toEqual([]);
  });

  it('lets each writer write into its own scope (the refusals above are not vacuous)', async () => {
    const allowed: [FixtureUser, ScopeCols][] = [
      [a.users.orgMember, orgScope(a, a.org)],
      [a.users.orgMember, personalScope(a.users.orgMember)],
      [a.users.individual, personalScope(a.users.individual)],
      [a.users.superAdmin, globalScope],
    ];
    for (const [user, scope] of allowed) {
      const name = `Allowed ${randomUUID().slice(0, 8)}`;
      await withTenant(t.container.db, contextOf(user), (trx) => trx('companies').insert({ ...scopeCamel(scope), name, companyKey: `name:${name.toLowerCase()}` }));
      expect(await t.owner('companies').where({ name }).delete()).toBe(1);
    }
  });

  it('does not let an UPDATE or DELETE with no WHERE clause touch rows outside the writer scope', async () => {
    const before = await t.owner('companies').whereIn('name', Object.keys(names)).select('name', 'sector').orderBy('name');
    await withTenant(t.container.db, contextOf(a.users.orgMember), async (trx) => {
      await trx.raw(`UPDATE companies SET sector = 'touched'`);
      await trx.raw(`DELETE FROM predictions`);
      throw new Error('rollback');
    }).catch(() => undefined);
    // Outside the transaction nothing changed (it rolled back); inside, only A org + A member personal rows were reachable:
    const touched = await withTenant(t.container.db, contextOf(a.users.orgMember), async (trx) => {
      const { rows } = await trx.raw(`UPDATE companies SET sector = sector RETURNING name`);
      return labelsOf(rows.map((r: { name: string }) => r.name).filter((n: string) => n in names));
    });
    expect(touched).toEqual(['A member personal', 'A org']);
    expect(await t.owner('companies').whereIn('name', Object.keys(names)).select('name', 'sector').orderBy('name')).toEqual(before);
  });
});

function scopeCamel(scope: ScopeCols) {
  return { scope: scope.scope, tenantId: scope.tenant_id, organizationId: scope.organization_id, ownerUserId: scope.owner_user_id };
}
