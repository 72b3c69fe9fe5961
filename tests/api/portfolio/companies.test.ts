import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../helpers/test-app.ts';
import { createTenantFixture, type FixtureUserKey, type TenantFixture } from '../../factories/tenant-fixture.ts';
import { bearers } from './portfolio-kit.ts';

let t: TestApp;
let f: TenantFixture;
let foreign: TenantFixture;
let bearer: ReturnType<typeof bearers>;
const globalIds: string[] = [];

beforeAll(async () => {
  t = await createTestApp();
  f = await createTenantFixture(t);
  foreign = await createTenantFixture(t);
  bearer = bearers(t);
});
afterAll(async () => {
  if (globalIds.length) await t.owner('companies').whereIn('id', globalIds).delete();
  await f?.cleanup();
  await foreign?.cleanup();
  await t?.close();
});

async function create(who: FixtureUserKey, body: Record<string, unknown>, fixture = f) {
  return t.http.post('/v1/companies').set('Authorization', await bearer(fixture, who)).send(body);
}

async function visibleIds(who: FixtureUserKey, fixture = f, query: Record<string, string> = {}): Promise<string[]> {
  const res = await t.http.get('/v1/companies').query({ limit: '200', ...query }).set('Authorization', await bearer(fixture, who));
  expect(res.status).toBe(200);
  return res.body.items.map((c: { id: string }) => c.id);
}

describe('POST /v1/companies', () => {
  it('puts an org member\'s company in their organization by default and shows no prediction yet', async () => {
    const res = await create('orgMember', { name: `Acme ${f.tag}`, externalRef: `LEI-${f.tag}`, sector: 'Industrials', country: 'GB', exposure: 1000, lgd: 0.45 });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ scope: 'organization', tenantId: f.tenant.id, organizationId: f.org.id, ownerUserId: null, sector: 'Industrials', latestPd: null, latestBand: null, latestScoredAt: null });
  });

  it('refuses a second company with the same external reference in the scope with 409 naming externalRef, but allows it in another scope', async () => {
    const ref = `REF-${randomUUID().slice(0, 6)}`;
    expect((await create('orgMember', { name: `First ${f.tag}`, externalRef: ref })).status).toBe(201);
    const twin = await create('orgAdmin', { name: `Second ${f.tag}`, externalRef: ` ${ref.toLowerCase()} ` });
    expect(twin.status).toBe(409);
    expect(twin.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(twin.body.errors).toEqual([{ pointer: '/body/externalRef', detail: expect.any(String) }]);
    expect((await create('orgMember', { name: `Second ${f.tag}`, externalRef: ref, scope: 'personal' })).status).toBe(201);
    expect((await create('otherOrgMember', { name: `First ${f.tag}`, externalRef: ref })).status).toBe(201);
  });

  it('refuses a second company with the same name (and no reference) with 409 naming name', async () => {
    expect((await create('individual', { name: `Solo ${f.tag}` })).status).toBe(201);
    const twin = await create('individual', { name: `  solo   ${f.tag.toUpperCase()}` });
    expect(twin.status).toBe(409);
    expect(twin.body.errors[0].pointer).toBe('/body/name');
  });

  it('lets only super admins write global data, and tenant admins only personal data', async () => {
    expect((await create('orgAdmin', { name: `G ${f.tag}`, scope: 'global' })).status).toBe(403);
    expect((await create('tenantAdmin', { name: `TA ${f.tag}`, scope: 'organization' })).status).toBe(403);
    const personal = await create('tenantAdmin', { name: `TA ${f.tag}` });
    expect(personal.status).toBe(201);
    expect(personal.body).toMatchObject({ scope: 'personal', ownerUserId: f.users.tenantAdmin.id, organizationId: null });
    const global = await create('superAdmin', { name: `Global ${f.tag}` });
    expect(global.status).toBe(201);
    globalIds.push(global.body.id);
    expect(global.body).toMatchObject({ scope: 'global', tenantId: null, organizationId: null, ownerUserId: null });
  });

  it('validates the body against the spec (400 with a pointer)', async () => {
    const res = await create('orgMember', { name: 'X', lgd: 1.5 });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].pointer).toBe('/body/lgd');
  });
});

describe('company visibility by scope', () => {
  let orgCompany: string;
  let otherOrgCompany: string;
  let personalCompany: string;
  let foreignCompany: string;

  beforeAll(async () => {
    orgCompany = (await create('orgMember', { name: `Vis org ${f.tag}` })).body.id;
    otherOrgCompany = (await create('otherOrgMember', { name: `Vis other ${f.tag}` })).body.id;
    personalCompany = (await create('orgMember', { name: `Vis personal ${f.tag}`, scope: 'personal' })).body.id;
    foreignCompany = (await create('orgMember', { name: `Vis foreign ${foreign.tag}` }, foreign)).body.id;
  });

  it('shows organization data to its members and to the tenant admin, not to the other organization or another tenant', async () => {
    for (const who of ['orgMember', 'orgAdmin', 'tenantAdmin', 'superAdmin'] as const) expect(await visibleIds(who), who).toContain(orgCompany);
    expect(await visibleIds('otherOrgMember')).not.toContain(orgCompany);
    expect(await visibleIds('individual')).not.toContain(orgCompany);
    expect(await visibleIds('tenantAdmin', foreign)).not.toContain(orgCompany);
    expect(await visibleIds('tenantAdmin')).toEqual(expect.arrayContaining([orgCompany, otherOrgCompany]));
    expect(await visibleIds('tenantAdmin')).not.toContain(foreignCompany);
    const res = await t.http.get(`/v1/companies/${orgCompany}`).set('Authorization', await bearer(f, 'otherOrgAdmin'));
    expect(res.status).toBe(404);
  });

  it('keeps personal data private to its owner, even from the super admin and the tenant admin', async () => {
    expect(await visibleIds('orgMember')).toContain(personalCompany);
    for (const who of ['orgAdmin', 'tenantAdmin', 'superAdmin', 'individual'] as const) {
      expect(await visibleIds(who), who).not.toContain(personalCompany);
      const res = await t.http.get(`/v1/companies/${personalCompany}`).set('Authorization', await bearer(f, who));
      expect(res.status, who).toBe(404);
    }
  });

  it('lets a tenant admin read its organizations\' companies but not change or delete them (403)', async () => {
    const auth = await bearer(f, 'tenantAdmin');
    expect((await t.http.get(`/v1/companies/${orgCompany}`).set('Authorization', auth)).status).toBe(200);
    const patch = await t.http.patch(`/v1/companies/${orgCompany}`).set('Authorization', auth).send({ sector: 'Changed' });
    expect(patch.status).toBe(403);
    expect((await t.http.delete(`/v1/companies/${orgCompany}`).set('Authorization', auth)).status).toBe(403);
    const statement = await t.http.post(`/v1/companies/${orgCompany}/statements`).set('Authorization', auth).send({ fiscalYear: 2023, totalAssets: 10 });
    expect(statement.status).toBe(403);
    expect((await t.owner('companies').where({ id: orgCompany }).first()).sector).toBeNull();
  });

  it('filters by scope', async () => {
    const personalOnly = await visibleIds('orgMember', f, { scope: 'personal' });
    expect(personalOnly).toContain(personalCompany);
    expect(personalOnly).not.toContain(orgCompany);
  });
});

describe('PATCH and DELETE /v1/companies/{companyId}', () => {
  it('changes fields, keeps the identity unique, and deletes with its statements', async () => {
    const auth = await bearer(f, 'orgAdmin');
    const a = (await create('orgAdmin', { name: `Patch A ${f.tag}` })).body.id;
    await create('orgAdmin', { name: `Patch B ${f.tag}` });
    const changed = await t.http.patch(`/v1/companies/${a}`).set('Authorization', auth).send({ sector: 'Energy', exposure: 5, country: 'DE' });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ sector: 'Energy', exposure: 5, country: 'DE', name: `Patch A ${f.tag}` });
    const clash = await t.http.patch(`/v1/companies/${a}`).set('Authorization', auth).send({ name: `patch b ${f.tag}` });
    expect(clash.status).toBe(409);
    expect(clash.body.errors[0].pointer).toBe('/body/name');
    const statement = await t.http.post(`/v1/companies/${a}/statements`).set('Authorization', auth).send({ fiscalYear: 2023, totalAssets: 10 });
    expect(statement.status).toBe(201);
    expect((await t.http.delete(`/v1/companies/${a}`).set('Authorization', auth)).status).toBe(204);
    expect((await t.http.get(`/v1/companies/${a}`).set('Authorization', auth)).status).toBe(404);
    expect(await t.owner('statements').where({ id: statement.body.id }).first()).toBeUndefined();
  });

  it('answers 404 for a company of another tenant, whatever the method', async () => {
    const foreignId = (await create('orgMember', { name: `Hidden ${foreign.tag}` }, foreign)).body.id;
    const auth = await bearer(f, 'orgAdmin');
    expect((await t.http.get(`/v1/companies/${foreignId}`).set('Authorization', auth)).status).toBe(404);
    expect((await t.http.patch(`/v1/companies/${foreignId}`).set('Authorization', auth).send({ sector: 'X' })).status).toBe(404);
    expect((await t.http.delete(`/v1/companies/${foreignId}`).set('Authorization', auth)).status).toBe(404);
    expect(await t.owner('companies').where({ id: foreignId }).first()).toMatchObject({ sector: null });
  });
});

describe('global data and the organization switch allowGlobalData', () => {
  it('shows a global company to org members until the tenant admin switches global data off; individuals still see it', async () => {
    const global = await create('superAdmin', { name: `Reference ${f.tag}`, scope: 'global' });
    expect(global.status).toBe(201);
    globalIds.push(global.body.id);
    expect(await visibleIds('orgMember', f, { q: `Reference ${f.tag}` })).toEqual([global.body.id]);
    expect((await t.http.get(`/v1/companies/${global.body.id}`).set('Authorization', await bearer(f, 'orgMember'))).status).toBe(200);
    // Readable, not writable.
    expect((await t.http.patch(`/v1/companies/${global.body.id}`).set('Authorization', await bearer(f, 'orgMember')).send({ sector: 'X' })).status).toBe(403);

    const refused = await t.http.patch(`/v1/organizations/${f.org.id}`).set('Authorization', await bearer(f, 'orgAdmin')).send({ allowGlobalData: false });
    expect(refused.status).toBe(403);
    const off = await t.http.patch(`/v1/organizations/${f.org.id}`).set('Authorization', await bearer(f, 'tenantAdmin')).send({ allowGlobalData: false });
    expect(off.status).toBe(200);
    expect(off.body.allowGlobalData).toBe(false);

    expect(await visibleIds('orgMember', f, { q: `Reference ${f.tag}` })).toEqual([]);
    expect((await t.http.get(`/v1/companies/${global.body.id}`).set('Authorization', await bearer(f, 'orgMember'))).status).toBe(404);
    expect(await visibleIds('otherOrgMember', f, { q: `Reference ${f.tag}` })).toEqual([global.body.id]);
    expect(await visibleIds('individual', f, { q: `Reference ${f.tag}` })).toEqual([global.body.id]);
  });
});
