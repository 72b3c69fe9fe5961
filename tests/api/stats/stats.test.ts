import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenantFixture, loginAs, type FixtureUser, type TenantFixture } from '../../factories/tenant-fixture.ts';
import { createTestApp, type TestApp } from '../../helpers/test-app.ts';

let t: TestApp;
let a: TenantFixture;
let b: TenantFixture;
const tokens = new Map<string, string>();

/** One login per fixture user and file (each login is an `auth.login` audit event). */
async function bearer(user: Pick<FixtureUser, 'email'>): Promise<string> {
  if (!tokens.has(user.email)) tokens.set(user.email, (await loginAs(t, user)).accessToken);
  return `Bearer ${tokens.get(user.email)}`;
}

beforeAll(async () => {
  t = await createTestApp({ LOGIN_MAX_PER_IP: '1000' });
  a = await createTenantFixture(t);
  b = await createTenantFixture(t);
  await t.owner('tenants').where({ id: b.tenant.id }).update({ status: 'suspended' });
  await t.owner('organizations').where({ id: a.org.id }).update({ member_cap: 5 });
  const invitation = (email: string, expiresInMs: number, extra: Record<string, unknown> = {}) => ({
    tenant_id: a.tenant.id,
    organization_id: a.org.id,
    email,
    role: 'org_member',
    token_hash: randomUUID(),
    expires_at: new Date(Date.now() + expiresInMs),
    ...extra,
  });
  await t.owner('invitations').insert([
    invitation(`pending-${a.tag}@fixture.test`, 86_400_000),
    invitation(`expired-${a.tag}@fixture.test`, -1_000),
    invitation(`revoked-${a.tag}@fixture.test`, 86_400_000, { revoked_at: new Date() }),
  ]);
});
afterAll(async () => {
  await a?.cleanup();
  await b?.cleanup();
  await t?.close();
});

describe('GET /v1/platform/stats', () => {
  it('gives a super admin platform-wide counts that include its own fixtures', async () => {
    await bearer(a.users.orgMember); // a login in the last 24 hours
    const res = await t.http.get('/v1/platform/stats').set('Authorization', await bearer(a.users.superAdmin));
    expect(res.status).toBe(200);
    const s = res.body;
    // Other test files run in parallel, so only lower bounds are exact.
    expect(s.tenants.active).toBeGreaterThanOrEqual(1);
    expect(s.tenants.suspended).toBeGreaterThanOrEqual(1);
    expect(s.tenants.total).toBe(s.tenants.active + s.tenants.suspended);
    expect(s.organizations).toBeGreaterThanOrEqual(4);
    expect(s.usersByRole.super_admin).toBeGreaterThanOrEqual(2);
    expect(s.usersByRole.tenant_admin).toBeGreaterThanOrEqual(2);
    expect(s.usersByRole.org_admin).toBeGreaterThanOrEqual(4);
    expect(s.usersByRole.org_member).toBeGreaterThanOrEqual(4);
    expect(s.usersByRole.user).toBeGreaterThanOrEqual(2);
    expect(s.loginsLast24h).toBeGreaterThanOrEqual(2);
    expect(s.activeUsersLast24h).toBeGreaterThanOrEqual(2);
    expect(s.activeUsersLast24h).toBeLessThanOrEqual(s.loginsLast24h);
    expect(s.createdLast30Days.tenants).toBeGreaterThanOrEqual(2);
    expect(s.createdLast30Days.users).toBeGreaterThanOrEqual(14);
    expect(Date.parse(s.generatedAt)).toBeGreaterThan(Date.now() - 60_000);
  });

  it('counts a new login', async () => {
    const auth = await bearer(a.users.superAdmin);
    const before = (await t.http.get('/v1/platform/stats').set('Authorization', auth)).body.loginsLast24h;
    await loginAs(t, a.users.otherOrgAdmin);
    const after = (await t.http.get('/v1/platform/stats').set('Authorization', auth)).body.loginsLast24h;
    expect(after).toBeGreaterThanOrEqual(before + 1);
  });

  it('is for super admins only', async () => {
    for (const user of [a.users.tenantAdmin, a.users.orgAdmin, a.users.orgMember, a.users.individual]) {
      const res = await t.http.get('/v1/platform/stats').set('Authorization', await bearer(user));
      expect(res.status).toBe(403);
      expect(res.body.type).toBe('/problems/forbidden');
    }
  });

  it('rejects unknown parameters with 400', async () => {
    const res = await t.http.get('/v1/platform/stats').query({ since: '2026-01-01' }).set('Authorization', await bearer(a.users.superAdmin));
    expect(res.status).toBe(400);
  });
});

describe('GET /v1/tenants/{tenantId}/stats', () => {
  const expected = () => ({
    tenant: { id: a.tenant.id, slug: a.tenant.slug, status: 'active' },
    organizations: [
      { id: a.org.id, name: a.org.name, memberCount: 2, memberCap: 5 },
      { id: a.otherOrg.id, name: a.otherOrg.name, memberCount: 2, memberCap: null },
    ],
    usersByRole: { super_admin: 0, tenant_admin: 1, org_admin: 2, org_member: 2, user: 0 },
    pendingInvitations: 1,
  });

  it("gives a tenant admin its own tenant's organizations, head counts, caps, roles and pending invitations", async () => {
    const res = await t.http.get(`/v1/tenants/${a.tenant.id}/stats`).set('Authorization', await bearer(a.users.tenantAdmin));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject(expected());
    // At least the tenant admin's own login is in the tenant's audit log.
    expect(res.body.auditEventsLast30Days).toBeGreaterThanOrEqual(1);
  });

  it('gives a super admin any tenant', async () => {
    const res = await t.http.get(`/v1/tenants/${a.tenant.id}/stats`).set('Authorization', await bearer(a.users.superAdmin));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject(expected());
    const suspended = await t.http.get(`/v1/tenants/${b.tenant.id}/stats`).set('Authorization', await bearer(a.users.superAdmin));
    expect(suspended.body.tenant.status).toBe('suspended');
  });

  it("answers a tenant admin asking for another tenant's stats with 404", async () => {
    const other = await createTenantFixture(t);
    try {
      const res = await t.http.get(`/v1/tenants/${other.tenant.id}/stats`).set('Authorization', await bearer(a.users.tenantAdmin));
      expect(res.status).toBe(404);
      expect(res.body.type).toBe('/problems/not-found');
      expect(JSON.stringify(res.body)).not.toContain(other.tenant.slug);
    } finally {
      await other.cleanup();
    }
  });

  it('refuses org admins and members with 403', async () => {
    for (const user of [a.users.orgAdmin, a.users.orgMember, a.users.individual]) {
      const res = await t.http.get(`/v1/tenants/${a.tenant.id}/stats`).set('Authorization', await bearer(user));
      expect(res.status).toBe(403);
    }
  });

  it('answers a malformed id with 400 and an unknown one with 404', async () => {
    const auth = await bearer(a.users.superAdmin);
    const bad = await t.http.get('/v1/tenants/abc/stats').set('Authorization', auth);
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].pointer).toBe('/params/tenantId');
    const missing = await t.http.get(`/v1/tenants/${randomUUID()}/stats`).set('Authorization', auth);
    expect(missing.status).toBe(404);
  });
});
