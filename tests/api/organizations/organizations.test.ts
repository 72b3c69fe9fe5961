import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../helpers/test-app.ts';
import { createTenantFixture, loginAs, type FixtureUserKey, type TenantFixture } from '../../factories/tenant-fixture.ts';

let t: TestApp;
let f: TenantFixture;
let foreign: TenantFixture;
const tokens = new Map<string, string>();

async function bearer(fixture: TenantFixture, key: FixtureUserKey): Promise<string> {
  const user = fixture.users[key];
  if (!tokens.has(user.id)) tokens.set(user.id, (await loginAs(t, user)).accessToken);
  return `Bearer ${tokens.get(user.id)}`;
}

beforeAll(async () => {
  t = await createTestApp();
  f = await createTenantFixture(t);
  foreign = await createTenantFixture(t);
});
afterAll(async () => {
  await f?.cleanup();
  await foreign?.cleanup();
  await t?.close();
});

describe('GET /v1/organizations', () => {
  it('lists only the tenant\'s organizations for a tenant admin, ordered by name, with member counts', async () => {
    const res = await t.http.get('/v1/organizations').set('Authorization', await bearer(f, 'tenantAdmin'));
    expect(res.status).toBe(200);
    expect(res.body.items.map((o: { id: string }) => o.id)).toEqual([f.org.id, f.otherOrg.id]);
    expect(res.body.items[0]).toMatchObject({ tenantId: f.tenant.id, memberCount: 2, memberCap: null });
    expect(res.body.nextCursor).toBeNull();
  });

  it('lists only their own organization for org admins and org members', async () => {
    for (const key of ['orgAdmin', 'orgMember'] as const) {
      const res = await t.http.get('/v1/organizations').set('Authorization', await bearer(f, key));
      expect(res.status).toBe(200);
      expect(res.body.items.map((o: { id: string }) => o.id)).toEqual([f.org.id]);
    }
  });

  it('gives a tenant admin an empty page for another tenant\'s id', async () => {
    const res = await t.http.get('/v1/organizations').query({ tenantId: foreign.tenant.id }).set('Authorization', await bearer(f, 'tenantAdmin'));
    expect(res.status).toBe(200);
    expect(res.body.items).toEqual([]);
  });

  it('lets a super admin filter by tenant and page through with a cursor', async () => {
    const first = await t.http.get('/v1/organizations').query({ tenantId: f.tenant.id, limit: 1 }).set('Authorization', await bearer(f, 'superAdmin'));
    expect(first.status).toBe(200);
    expect(first.body.items.map((o: { id: string }) => o.id)).toEqual([f.org.id]);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await t.http
      .get('/v1/organizations')
      .query({ tenantId: f.tenant.id, limit: 1, cursor: first.body.nextCursor })
      .set('Authorization', await bearer(f, 'superAdmin'));
    expect(second.body.items.map((o: { id: string }) => o.id)).toEqual([f.otherOrg.id]);
    expect(second.body.nextCursor).toBeNull();
  });

  it('refuses an individual user with 403', async () => {
    const res = await t.http.get('/v1/organizations').set('Authorization', await bearer(f, 'individual'));
    expect(res.status).toBe(403);
    expect(res.body.type).toBe('/problems/forbidden');
  });

  it('answers a bad limit or cursor with a 400 problem pointing at the parameter', async () => {
    const badLimit = await t.http.get('/v1/organizations').query({ limit: 500 }).set('Authorization', await bearer(f, 'tenantAdmin'));
    expect(badLimit.status).toBe(400);
    expect(badLimit.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(badLimit.body.errors[0].pointer).toBe('/query/limit');
    const badCursor = await t.http.get('/v1/organizations').query({ cursor: 'not-a-cursor' }).set('Authorization', await bearer(f, 'tenantAdmin'));
    expect(badCursor.status).toBe(400);
    expect(badCursor.body.errors[0].pointer).toBe('/query/cursor');
  });
});

describe('GET /v1/organizations/{organizationId}', () => {
  it('lets members of the organization read it with member count and cap', async () => {
    await t.owner('organizations').where({ id: f.org.id }).update({ member_cap: 10 });
    const res = await t.http.get(`/v1/organizations/${f.org.id}`).set('Authorization', await bearer(f, 'orgMember'));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: f.org.id, name: f.org.name, memberCount: 2, memberCap: 10 });
    expect(JSON.stringify(res.body)).not.toMatch(/joinToken|hash/i);
    await t.owner('organizations').where({ id: f.org.id }).update({ member_cap: null });
  });

  it('hides another organization of the same tenant from an org admin (404)', async () => {
    const res = await t.http.get(`/v1/organizations/${f.otherOrg.id}`).set('Authorization', await bearer(f, 'orgAdmin'));
    expect(res.status).toBe(404);
    expect(res.body.type).toBe('/problems/not-found');
  });

  it('hides another tenant\'s organization from a tenant admin and an org admin (404)', async () => {
    for (const key of ['tenantAdmin', 'orgAdmin'] as const) {
      const res = await t.http.get(`/v1/organizations/${foreign.org.id}`).set('Authorization', await bearer(f, key));
      expect(res.status).toBe(404);
      expect(res.body.name).toBeUndefined();
    }
  });

  it('answers a malformed id with 400 and an unknown one with 404', async () => {
    const malformed = await t.http.get('/v1/organizations/not-a-uuid').set('Authorization', await bearer(f, 'tenantAdmin'));
    expect(malformed.status).toBe(400);
    expect(malformed.body.errors[0].pointer).toBe('/params/organizationId');
    const unknown = await t.http.get(`/v1/organizations/${randomUUID()}`).set('Authorization', await bearer(f, 'tenantAdmin'));
    expect(unknown.status).toBe(404);
  });
});

describe('POST /v1/organizations', () => {
  it('lets a tenant admin create an organization in its tenant, audit-logged', async () => {
    const res = await t.http
      .post('/v1/organizations')
      .set('Authorization', await bearer(f, 'tenantAdmin'))
      .send({ name: `Treasury ${f.tag}`, memberCap: 3, emailAllowList: ['@Example.TEST', 'x@other.test', '@example.test'] });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ tenantId: f.tenant.id, memberCap: 3, memberCount: 0, allowGlobalData: true, emailAllowList: ['@example.test', 'x@other.test'] });
    const audit = await t.owner('audit_events').where({ action: 'organization.created', target_id: res.body.id }).first();
    expect(audit).toMatchObject({ actor_user_id: f.users.tenantAdmin.id, tenant_id: f.tenant.id });
  });

  it('refuses a duplicate name in the same tenant with 409', async () => {
    const res = await t.http.post('/v1/organizations').set('Authorization', await bearer(f, 'tenantAdmin')).send({ name: f.org.name });
    expect(res.status).toBe(409);
    expect(res.body.errors[0].pointer).toBe('/body/name');
  });

  it('answers 404 when a tenant admin names another tenant', async () => {
    const res = await t.http.post('/v1/organizations').set('Authorization', await bearer(f, 'tenantAdmin')).send({ tenantId: foreign.tenant.id, name: 'Sneaky' });
    expect(res.status).toBe(404);
    expect(await t.owner('organizations').where({ tenant_id: foreign.tenant.id, name: 'Sneaky' }).first()).toBeUndefined();
  });

  it('requires a super admin to name the tenant', async () => {
    const missing = await t.http.post('/v1/organizations').set('Authorization', await bearer(f, 'superAdmin')).send({ name: `Platform ${f.tag}` });
    expect(missing.status).toBe(400);
    expect(missing.body.errors[0].pointer).toBe('/body/tenantId');
    const ok = await t.http.post('/v1/organizations').set('Authorization', await bearer(f, 'superAdmin')).send({ tenantId: f.tenant.id, name: `Platform ${f.tag}` });
    expect(ok.status).toBe(201);
    expect(ok.body.tenantId).toBe(f.tenant.id);
  });

  it('refuses org admins with 403', async () => {
    const res = await t.http.post('/v1/organizations').set('Authorization', await bearer(f, 'orgAdmin')).send({ name: 'Mine' });
    expect(res.status).toBe(403);
  });

  it('answers bad input with 400 problem+json and pointers, never 5xx', async () => {
    const cases: [unknown, string][] = [
      [{}, '/body/name'],
      [{ name: 'x', role: 'super_admin' }, '/body/role'],
      [{ name: 'x', memberCap: 0 }, '/body/memberCap'],
      [{ name: 'x', emailAllowList: ['not an email'] }, '/body/emailAllowList/0'],
      [{ name: 'x', tenantId: 'nope' }, '/body/tenantId'],
    ];
    for (const [body, pointer] of cases) {
      const res = await t.http.post('/v1/organizations').set('Authorization', await bearer(f, 'tenantAdmin')).send(body as object);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(res.body.errors.map((e: { pointer: string }) => e.pointer)).toContain(pointer);
    }
    const notJson = await t.http.post('/v1/organizations').set('Authorization', await bearer(f, 'tenantAdmin')).set('Content-Type', 'application/json').send('{"name":');
    expect(notJson.status).toBe(400);
  });
});

describe('PATCH /v1/organizations/{organizationId}', () => {
  it('lets a tenant admin change name, cap and global-data access', async () => {
    const res = await t.http
      .patch(`/v1/organizations/${f.otherOrg.id}`)
      .set('Authorization', await bearer(f, 'tenantAdmin'))
      .send({ memberCap: 5, allowGlobalData: false });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ memberCap: 5, allowGlobalData: false });
    const audit = await t.owner('audit_events').where({ action: 'organization.updated', target_id: f.otherOrg.id }).first();
    expect(audit.details.changes).toEqual({ memberCap: 5, allowGlobalData: false });
  });

  it('lets an org admin change the email allow-list of its own organization', async () => {
    const res = await t.http.patch(`/v1/organizations/${f.org.id}`).set('Authorization', await bearer(f, 'orgAdmin')).send({ emailAllowList: ['@fixture.test'] });
    expect(res.status).toBe(200);
    expect(res.body.emailAllowList).toEqual(['@fixture.test']);
    await t.owner('organizations').where({ id: f.org.id }).update({ email_allow_list: [] });
  });

  it('refuses an org admin changing memberCap with 403 naming the field, and changes nothing', async () => {
    const res = await t.http
      .patch(`/v1/organizations/${f.org.id}`)
      .set('Authorization', await bearer(f, 'orgAdmin'))
      .send({ memberCap: 999, emailAllowList: ['@fixture.test'] });
    expect(res.status).toBe(403);
    expect(res.body.type).toBe('/problems/forbidden');
    expect(res.body.fields).toEqual(['memberCap']);
    expect(res.body.detail).toMatch(/memberCap/);
    const row = await t.owner('organizations').where({ id: f.org.id }).first();
    expect(row.member_cap).toBeNull();
    expect(row.email_allow_list).toEqual([]);
  });

  it('answers 404 to an org admin patching another organization of its tenant or another tenant\'s', async () => {
    for (const id of [f.otherOrg.id, foreign.org.id]) {
      const res = await t.http.patch(`/v1/organizations/${id}`).set('Authorization', await bearer(f, 'orgAdmin')).send({ emailAllowList: [] });
      expect(res.status).toBe(404);
    }
  });

  it('refuses an org member with 403 and an empty patch with 400', async () => {
    const member = await t.http.patch(`/v1/organizations/${f.org.id}`).set('Authorization', await bearer(f, 'orgMember')).send({ emailAllowList: [] });
    expect(member.status).toBe(403);
    const empty = await t.http.patch(`/v1/organizations/${f.org.id}`).set('Authorization', await bearer(f, 'tenantAdmin')).send({});
    expect(empty.status).toBe(400);
  });
});

describe('DELETE /v1/organizations/{organizationId}', () => {
  it('refuses to delete an organization that still has members (409 with the count)', async () => {
    const res = await t.http.delete(`/v1/organizations/${f.org.id}`).set('Authorization', await bearer(f, 'tenantAdmin'));
    expect(res.status).toBe(409);
    expect(res.body.memberCount).toBe(2);
    expect(await t.owner('organizations').where({ id: f.org.id }).first()).toBeDefined();
  });

  it('deletes an empty organization for a tenant admin, and not for an org admin or a foreign tenant admin', async () => {
    const created = await t.http.post('/v1/organizations').set('Authorization', await bearer(f, 'tenantAdmin')).send({ name: `Empty ${f.tag}` });
    const id = created.body.id as string;
    expect((await t.http.delete(`/v1/organizations/${id}`).set('Authorization', await bearer(f, 'orgAdmin'))).status).toBe(404);
    expect((await t.http.delete(`/v1/organizations/${id}`).set('Authorization', await bearer(foreign, 'tenantAdmin'))).status).toBe(404);
    const res = await t.http.delete(`/v1/organizations/${id}`).set('Authorization', await bearer(f, 'tenantAdmin'));
    expect(res.status).toBe(204);
    expect(await t.owner('organizations').where({ id }).first()).toBeUndefined();
    expect(await t.owner('audit_events').where({ action: 'organization.deleted', target_id: id }).first()).toBeDefined();
  });
});
