import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../helpers/test-app.ts';
import { createTenantFixture, type TenantFixture } from '../../factories/tenant-fixture.ts';

let t: TestApp;
let f: TenantFixture;
const registered: string[] = [];

beforeAll(async () => {
  t = await createTestApp({ LOGIN_MAX_PER_IP: '1000' });
  f = await createTenantFixture(t);
});
afterAll(async () => {
  if (registered.length) await t?.owner('users').whereIn('email', registered).delete();
  await f?.cleanup();
  await t?.close();
});

function newEmail(): string {
  const email = `reg-${randomUUID().slice(0, 8)}@register.test`;
  registered.push(email);
  return email;
}

const PASSWORD = 'a-long-enough-passphrase';

describe('POST /v1/auth/register', () => {
  it('creates an individual user with no tenant or organization, who can then log in', async () => {
    const email = newEmail();
    const res = await t.http.post('/v1/auth/register').send({ email, password: PASSWORD, displayName: 'Reg User' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ email, role: 'user', tenantId: null, organizationId: null, isActive: true });
    expect(JSON.stringify(res.body)).not.toMatch(/password/i);

    const row = await t.owner('users').where({ email }).first();
    expect(row.password_hash).toMatch(/^\$argon2id\$/);
    const login = await t.http.post('/v1/auth/login').send({ email, password: PASSWORD });
    expect(login.status).toBe(200);
  });

  it.each([
    ['role', { role: 'super_admin' }],
    ['tenantId', { tenantId: '00000000-0000-4000-8000-000000000001' }],
    ['organizationId', { organizationId: '00000000-0000-4000-8000-000000000002' }],
  ])('refuses a %s in the body with a 400 problem and creates nothing', async (field, extra) => {
    const email = newEmail();
    const res = await t.http.post('/v1/auth/register').send({ email, password: PASSWORD, ...extra });
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body.type).toBe('/problems/validation-failed');
    expect(JSON.stringify(res.body.errors)).toContain(field);
    expect(await t.owner('users').where({ email }).first()).toBeUndefined();
  });

  it('refuses a real tenant and organization of another tenant in the body (no silent admission)', async () => {
    const email = newEmail();
    const res = await t.http.post('/v1/auth/register').send({ email, password: PASSWORD, role: 'tenant_admin', tenantId: f.tenant.id, organizationId: f.org.id });
    expect(res.status).toBe(400);
    expect(await t.owner('users').where({ email }).first()).toBeUndefined();
  });

  it('answers a duplicate email (in any letter case) with 409 problem+json', async () => {
    const res = await t.http.post('/v1/auth/register').send({ email: f.users.orgMember.email.toUpperCase(), password: PASSWORD });
    expect(res.status).toBe(409);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body.type).toBe('/problems/conflict');
    // Existing account untouched.
    const row = await t.owner('users').where({ id: f.users.orgMember.id }).first();
    expect(row.role).toBe('org_member');
  });

  it('answers a weak password with 400 and a pointer to /body/password', async () => {
    const email = newEmail();
    const res = await t.http.post('/v1/auth/register').send({ email, password: 'short' });
    expect(res.status).toBe(400);
    expect(res.body.type).toBe('/problems/validation-failed');
    expect(res.body.errors).toContainEqual(expect.objectContaining({ pointer: '/body/password' }));
    expect(await t.owner('users').where({ email }).first()).toBeUndefined();
  });

  it('answers a malformed email with 400 and a pointer to /body/email', async () => {
    const res = await t.http.post('/v1/auth/register').send({ email: 'not-an-email', password: PASSWORD });
    expect(res.status).toBe(400);
    expect(res.body.errors).toContainEqual(expect.objectContaining({ pointer: '/body/email' }));
  });

  it('audit-logs the registration without the password', async () => {
    const email = newEmail();
    const res = await t.http.post('/v1/auth/register').send({ email, password: PASSWORD });
    expect(res.status).toBe(201);
    const events = await t.owner('audit_events').where({ action: 'auth.register', target_id: res.body.id });
    expect(events).toHaveLength(1);
    expect(JSON.stringify(events)).not.toContain(PASSWORD);
  });
});
