import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenantFixture, loginAs, type FixtureUser, type TenantFixture } from '../../factories/tenant-fixture.ts';
import { createTestApp, type TestApp } from '../../helpers/test-app.ts';

let t: TestApp;
let a: TenantFixture;
let b: TenantFixture;
const createdTenantIds: string[] = [];
const tokens = new Map<string, string>();

/** One login per fixture user and file, so the per-IP login limit never interferes. */
async function bearer(user: Pick<FixtureUser, 'email'>): Promise<string> {
  if (!tokens.has(user.email)) tokens.set(user.email, (await loginAs(t, user)).accessToken);
  return `Bearer ${tokens.get(user.email)}`;
}

function newTenantBody(tag: string, extra: Record<string, unknown> = {}) {
  return { name: `Provisioned ${tag}`, slug: `prov-${tag}`, ...extra };
}

async function createTenant(body: Record<string, unknown>) {
  const res = await t.http.post('/v1/tenants').set('Authorization', await bearer(a.users.superAdmin)).send(body);
  if (res.body?.tenant?.id) createdTenantIds.push(res.body.tenant.id);
  return res;
}

beforeAll(async () => {
  t = await createTestApp({ LOGIN_MAX_PER_IP: '1000' });
  a = await createTenantFixture(t);
  b = await createTenantFixture(t);
});
afterAll(async () => {
  for (const id of createdTenantIds) {
    await t.owner('users').where({ tenant_id: id }).delete();
    await t.owner('tenants').where({ id }).delete();
  }
  await a?.cleanup();
  await b?.cleanup();
  await t?.close();
});

describe('POST /v1/tenants', () => {
  it('creates a tenant with its tenant admin and first organization in one go, and the admin can sign in', async () => {
    const tag = randomUUID().slice(0, 8);
    const res = await createTenant(
      newTenantBody(tag, {
        embedOrigins: ['https://Portal.Example:443', 'https://portal.example'],
        admin: { email: `admin-${tag}@prov.test`, displayName: 'Prov Admin', password: 'initial-passphrase-42' },
        organization: { name: 'Retail Credit' },
      }),
    );
    expect(res.status).toBe(201);
    expect(res.headers.location).toBe(`/v1/tenants/${res.body.tenant.id}`);
    expect(res.body.tenant).toMatchObject({ slug: `prov-${tag}`, status: 'active', embedOrigins: ['https://portal.example'] });
    expect(res.body.admin).toMatchObject({ email: `admin-${tag}@prov.test`, role: 'tenant_admin', tenantId: res.body.tenant.id, organizationId: null });
    expect(res.body.organization).toMatchObject({ name: 'Retail Credit', tenantId: res.body.tenant.id });
    expect(JSON.stringify(res.body)).not.toMatch(/password/i);

    const login = await t.http.post('/v1/auth/login').send({ email: `admin-${tag}@prov.test`, password: 'initial-passphrase-42' });
    expect(login.status).toBe(200);
    const me = await t.http.get('/v1/me').set('Authorization', `Bearer ${login.body.accessToken}`);
    expect(me.body.tenant.id).toBe(res.body.tenant.id);

    const outbox = await t.owner('email_outbox').where({ tenant_id: res.body.tenant.id });
    expect(outbox).toHaveLength(1);
    expect(outbox[0]).toMatchObject({ kind: 'tenant_admin_welcome', to_email: `admin-${tag}@prov.test` });
    expect(outbox[0].body_text).not.toContain('initial-passphrase-42');
  });

  it('records who created what, from which IP, in the audit log of the same transaction', async () => {
    const tag = randomUUID().slice(0, 8);
    const res = await createTenant(newTenantBody(tag, { admin: { email: `admin-${tag}@prov.test`, displayName: 'A', password: 'initial-passphrase-42' } }));
    expect(res.status).toBe(201);
    const events = await t.owner('audit_events').where({ tenant_id: res.body.tenant.id }).orderBy('id');
    expect(events.map((e) => e.action)).toEqual(['tenant.created', 'user.created']);
    for (const event of events) {
      expect(event.actor_user_id).toBe(a.users.superAdmin.id);
      expect(event.actor_role).toBe('super_admin');
      expect(event.ip).toMatch(/127\.0\.0\.1|::1/);
    }
    expect(events[0].target_id).toBe(res.body.tenant.id);
    expect(events[1].target_id).toBe(res.body.admin.id);
  });

  it('creates a bare tenant when no admin or organization is given', async () => {
    const tag = randomUUID().slice(0, 8);
    const res = await createTenant(newTenantBody(tag));
    expect(res.status).toBe(201);
    expect(res.body.admin).toBeNull();
    expect(res.body.organization).toBeNull();
    expect(res.body.tenant.embedOrigins).toEqual([]);
  });

  it('answers a taken slug with 409 pointing at /body/slug', async () => {
    const res = await createTenant({ name: 'Copy', slug: a.tenant.slug });
    expect(res.status).toBe(409);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body.type).toBe('/problems/conflict');
    expect(res.body.errors).toEqual([{ pointer: '/body/slug', detail: 'is already taken' }]);
  });

  it('leaves no tenant or organization behind when the admin email is already registered', async () => {
    const tag = randomUUID().slice(0, 8);
    const res = await createTenant(
      newTenantBody(tag, { admin: { email: a.users.orgMember.email, displayName: 'Dup', password: 'initial-passphrase-42' }, organization: { name: 'Ghost' } }),
    );
    expect(res.status).toBe(409);
    expect(res.body.errors).toEqual([{ pointer: '/body/admin/email', detail: 'is already taken' }]);
    expect(await t.owner('tenants').where({ slug: `prov-${tag}` })).toHaveLength(0);
    expect(await t.owner('audit_events').where({ action: 'tenant.created' }).whereRaw("details->>'slug' = ?", [`prov-${tag}`])).toHaveLength(0);
  });

  it('refuses tenant admins and org members with 403', async () => {
    for (const user of [a.users.tenantAdmin, a.users.orgMember]) {
      const res = await t.http.post('/v1/tenants').set('Authorization', await bearer(user)).send(newTenantBody(randomUUID().slice(0, 8)));
      expect(res.status).toBe(403);
      expect(res.body.type).toBe('/problems/forbidden');
    }
  });

  it('rejects unknown fields, wrong types, bad slugs, non-https origins and weak passwords with field pointers', async () => {
    const tag = randomUUID().slice(0, 8);
    const cases: [Record<string, unknown>, string][] = [
      [{ ...newTenantBody(tag), role: 'super_admin' }, '/body/role'],
      [{ ...newTenantBody(tag), name: 42 }, '/body/name'],
      [{ ...newTenantBody(tag), slug: 'Not A Slug' }, '/body/slug'],
      [{ ...newTenantBody(tag), embedOrigins: ['http://insecure.example'] }, '/body/embedOrigins/0'],
      [{ ...newTenantBody(tag), embedOrigins: ['https://ok.example', 'https://bank.example/path'] }, '/body/embedOrigins/1'],
      [{ ...newTenantBody(tag), admin: { email: 'not-an-email', displayName: 'x', password: 'initial-passphrase-42' } }, '/body/admin/email'],
      [{ ...newTenantBody(tag), admin: { email: `x-${tag}@prov.test`, displayName: 'x', password: 'short' } }, '/body/admin/password'],
      [{ ...newTenantBody(tag), admin: { email: `x-${tag}@prov.test`, displayName: 'x' } }, '/body/admin/password'],
    ];
    for (const [body, pointer] of cases) {
      const res = await createTenant(body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(res.body.type).toBe('/problems/validation-failed');
      expect(res.body.errors.map((e: { pointer: string }) => e.pointer)).toContain(pointer);
    }
    expect(await t.owner('tenants').where({ slug: `prov-${tag}` })).toHaveLength(0);
  });
});

describe('GET /v1/tenants', () => {
  it('lets a super admin search by name or slug and page through a stable order', async () => {
    const tag = randomUUID().slice(0, 8);
    for (const n of [3, 1, 2]) expect((await createTenant({ name: `Paged ${tag} ${n}`, slug: `paged-${tag}-${n}` })).status).toBe(201);
    const auth = await bearer(a.users.superAdmin);
    const first = await t.http.get('/v1/tenants').query({ q: `paged-${tag}`, limit: 2 }).set('Authorization', auth);
    expect(first.status).toBe(200);
    expect(first.body.items.map((x: { slug: string }) => x.slug)).toEqual([`paged-${tag}-1`, `paged-${tag}-2`]);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await t.http.get('/v1/tenants').query({ q: `paged-${tag}`, limit: 2, cursor: first.body.nextCursor }).set('Authorization', auth);
    expect(second.body.items.map((x: { slug: string }) => x.slug)).toEqual([`paged-${tag}-3`]);
    expect(second.body.nextCursor).toBeNull();

    const byName = await t.http.get('/v1/tenants').query({ q: `PAGED ${tag} 2` }).set('Authorization', auth);
    expect(byName.body.items.map((x: { slug: string }) => x.slug)).toEqual([`paged-${tag}-2`]);
  });

  it('treats LIKE wildcards in q as plain text', async () => {
    const res = await t.http.get('/v1/tenants').query({ q: '%' }).set('Authorization', await bearer(a.users.superAdmin));
    expect(res.status).toBe(200);
    expect(res.body.items).toEqual([]);
  });

  it('is for super admins only: tenant admins and org members get 403', async () => {
    for (const user of [a.users.tenantAdmin, a.users.orgAdmin, a.users.orgMember, a.users.individual]) {
      const res = await t.http.get('/v1/tenants').set('Authorization', await bearer(user));
      expect(res.status).toBe(403);
    }
  });

  it('rejects a forged cursor, an oversized limit and unknown parameters with 400', async () => {
    const auth = await bearer(a.users.superAdmin);
    const cursor = await t.http.get('/v1/tenants').query({ cursor: 'not-a-cursor' }).set('Authorization', auth);
    expect(cursor.status).toBe(400);
    expect(cursor.body.errors[0].pointer).toBe('/query/cursor');
    const limit = await t.http.get('/v1/tenants').query({ limit: 500 }).set('Authorization', auth);
    expect(limit.status).toBe(400);
    expect(limit.body.errors[0].pointer).toBe('/query/limit');
    const unknown = await t.http.get('/v1/tenants').query({ tenantId: a.tenant.id }).set('Authorization', auth);
    expect(unknown.status).toBe(400);
    const status = await t.http.get('/v1/tenants').query({ status: 'deleted' }).set('Authorization', auth);
    expect(status.status).toBe(400);
    expect(status.body.errors[0].pointer).toBe('/query/status');
  });
});

describe('GET /v1/tenants/{tenantId}', () => {
  it('lets a super admin read any tenant and a tenant admin its own', async () => {
    const bySuper = await t.http.get(`/v1/tenants/${b.tenant.id}`).set('Authorization', await bearer(a.users.superAdmin));
    expect(bySuper.status).toBe(200);
    expect(bySuper.body).toMatchObject({ id: b.tenant.id, slug: b.tenant.slug, status: 'active' });
    const own = await t.http.get(`/v1/tenants/${a.tenant.id}`).set('Authorization', await bearer(a.users.tenantAdmin));
    expect(own.status).toBe(200);
    expect(own.body.id).toBe(a.tenant.id);
  });

  it("answers a tenant admin asking for another tenant with 404, like a tenant that does not exist", async () => {
    const foreign = await t.http.get(`/v1/tenants/${b.tenant.id}`).set('Authorization', await bearer(a.users.tenantAdmin));
    expect(foreign.status).toBe(404);
    expect(foreign.body.type).toBe('/problems/not-found');
    expect(JSON.stringify(foreign.body)).not.toContain(b.tenant.slug);
    const missing = await t.http.get(`/v1/tenants/${randomUUID()}`).set('Authorization', await bearer(a.users.superAdmin));
    expect(missing.status).toBe(404);
  });

  it('refuses org admins and members with 403 and a malformed id with 400', async () => {
    const member = await t.http.get(`/v1/tenants/${a.tenant.id}`).set('Authorization', await bearer(a.users.orgAdmin));
    expect(member.status).toBe(403);
    const bad = await t.http.get('/v1/tenants/not-a-uuid').set('Authorization', await bearer(a.users.superAdmin));
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].pointer).toBe('/params/tenantId');
  });
});

describe('PATCH /v1/tenants/{tenantId}', () => {
  it('renames a tenant and replaces its embed origins, normalised, with an audit event', async () => {
    const created = await createTenant(newTenantBody(randomUUID().slice(0, 8)));
    const id = created.body.tenant.id;
    const res = await t.http
      .patch(`/v1/tenants/${id}`)
      .set('Authorization', await bearer(a.users.superAdmin))
      .send({ name: 'Renamed', embedOrigins: ['https://A.example', 'https://b.example:8443/'] });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id, name: 'Renamed', embedOrigins: ['https://a.example', 'https://b.example:8443'] });
    const [event] = await t.owner('audit_events').where({ target_id: id, action: 'tenant.updated' });
    expect(event).toMatchObject({ actor_user_id: a.users.superAdmin.id, target_type: 'tenant', tenant_id: id });
    expect(event.details.changes.name).toBe('Renamed');
  });

  it("suspends a tenant, which locks its users out and ends their sessions at once, and reactivates it", async () => {
    const c = await createTenantFixture(t);
    try {
      const session = await loginAs(t, c.users.orgMember);
      const memberToken = session.accessToken;
      const suspend = await t.http.patch(`/v1/tenants/${c.tenant.id}`).set('Authorization', await bearer(a.users.superAdmin)).send({ status: 'suspended' });
      expect(suspend.status).toBe(200);
      expect(suspend.body.status).toBe('suspended');
      const locked = await t.http.get('/v1/me').set('Authorization', `Bearer ${memberToken}`);
      expect(locked.status).toBe(403);
      expect((await t.http.post('/v1/auth/refresh').send({ refreshToken: session.refreshToken })).status).toBe(401);
      const [event] = await t.owner('audit_events').where({ target_id: c.tenant.id, action: 'tenant.suspended' });
      expect(event.details.revokedSessions).toBeGreaterThanOrEqual(1);

      const reactivate = await t.http.patch(`/v1/tenants/${c.tenant.id}`).set('Authorization', await bearer(a.users.superAdmin)).send({ status: 'active' });
      expect(reactivate.body.status).toBe('active');
      expect((await t.http.get('/v1/me').set('Authorization', `Bearer ${memberToken}`)).status).toBe(200);
    } finally {
      await c.cleanup();
    }
  });

  it('refuses tenant admins, even on their own tenant, with 403', async () => {
    const res = await t.http.patch(`/v1/tenants/${a.tenant.id}`).set('Authorization', await bearer(a.users.tenantAdmin)).send({ name: 'Mine now' });
    expect(res.status).toBe(403);
    expect((await t.owner('tenants').where({ id: a.tenant.id }).first()).name).toBe(a.tenant.name);
  });

  it('rejects bad origins, unknown fields, wrong types and empty bodies with 400 and pointers', async () => {
    const auth = await bearer(a.users.superAdmin);
    const cases: [unknown, string | null][] = [
      [{ embedOrigins: ['javascript:alert(1)'] }, '/body/embedOrigins/0'],
      [{ embedOrigins: ['https://*.bank.example'] }, '/body/embedOrigins/0'],
      [{ embedOrigins: ['https://user:pw@bank.example'] }, '/body/embedOrigins/0'],
      [{ embedOrigins: 'https://bank.example' }, '/body/embedOrigins'],
      [{ status: 'deleted' }, '/body/status'],
      [{ slug: 'new-slug' }, '/body/slug'],
      [{ name: '' }, '/body/name'],
      [{}, null],
    ];
    for (const [body, pointer] of cases) {
      const res = await t.http.patch(`/v1/tenants/${a.tenant.id}`).set('Authorization', auth).send(body as object);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.type).toBe('/problems/validation-failed');
      if (pointer) expect(res.body.errors.map((e: { pointer: string }) => e.pointer)).toContain(pointer);
    }
  });

  it('answers an unknown tenant with 404', async () => {
    const res = await t.http.patch(`/v1/tenants/${randomUUID()}`).set('Authorization', await bearer(a.users.superAdmin)).send({ name: 'Nobody' });
    expect(res.status).toBe(404);
  });
});

describe('DELETE /v1/tenants/{tenantId}', () => {
  it('deletes a tenant with its organizations and users, keeps the audit trail, and then answers 404', async () => {
    const c = await createTenantFixture(t);
    try {
      const res = await t.http.delete(`/v1/tenants/${c.tenant.id}`).set('Authorization', await bearer(a.users.superAdmin));
      expect(res.status).toBe(204);
      expect(await t.owner('tenants').where({ id: c.tenant.id })).toHaveLength(0);
      expect(await t.owner('organizations').where({ tenant_id: c.tenant.id })).toHaveLength(0);
      expect(await t.owner('users').whereIn('id', [c.users.tenantAdmin.id, c.users.orgAdmin.id, c.users.orgMember.id])).toHaveLength(0);
      // Users outside the tenant are untouched.
      expect(await t.owner('users').whereIn('id', [c.users.superAdmin.id, c.users.individual.id])).toHaveLength(2);
      const [event] = await t.owner('audit_events').where({ target_id: c.tenant.id, action: 'tenant.deleted' });
      expect(event).toMatchObject({ actor_user_id: a.users.superAdmin.id, target_type: 'tenant' });
      expect(event.details.slug).toBe(c.tenant.slug);

      const again = await t.http.delete(`/v1/tenants/${c.tenant.id}`).set('Authorization', await bearer(a.users.superAdmin));
      expect(again.status).toBe(404);
    } finally {
      await c.cleanup();
    }
  });

  it('refuses tenant admins and org admins with 403 and leaves the tenant in place', async () => {
    for (const user of [a.users.tenantAdmin, a.users.orgAdmin]) {
      const res = await t.http.delete(`/v1/tenants/${a.tenant.id}`).set('Authorization', await bearer(user));
      expect(res.status).toBe(403);
    }
    expect(await t.owner('tenants').where({ id: a.tenant.id })).toHaveLength(1);
  });
});
