import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenantFixture, loginAs, TEST_PASSWORD, type FixtureUser, type TenantFixture } from '../../factories/tenant-fixture.ts';
import { createTestApp, type TestApp } from '../../helpers/test-app.ts';
import { withTenant } from '../../../api/src/db/with-tenant.ts';

let t: TestApp;
let a: TenantFixture;
let b: TenantFixture;
const tokens = new Map<string, string>();

/** One login per fixture user and file, so the per-IP login limit never interferes. */
async function bearer(user: Pick<FixtureUser, 'email'>): Promise<string> {
  if (!tokens.has(user.email)) tokens.set(user.email, (await loginAs(t, user)).accessToken);
  return `Bearer ${tokens.get(user.email)}`;
}

const ids = (res: { body: { items: { id: string }[] } }) => res.body.items.map((u) => u.id).sort();
const sorted = (...users: FixtureUser[]) => users.map((u) => u.id).sort();

beforeAll(async () => {
  t = await createTestApp({ LOGIN_MAX_PER_IP: '1000' });
  a = await createTenantFixture(t);
  b = await createTenantFixture(t);
});
afterAll(async () => {
  await a?.cleanup();
  await b?.cleanup();
  await t?.close();
});

describe('GET /v1/users', () => {
  it("lets a super admin list any tenant's users with the tenantId filter", async () => {
    const res = await t.http.get('/v1/users').query({ tenantId: b.tenant.id }).set('Authorization', await bearer(a.users.superAdmin));
    expect(res.status).toBe(200);
    const u = b.users;
    expect(ids(res)).toEqual(sorted(u.tenantAdmin, u.orgAdmin, u.orgMember, u.otherOrgAdmin, u.otherOrgMember));
    expect(JSON.stringify(res.body)).not.toMatch(/password/i);
  });

  it('gives a tenant admin its own tenant only, even when it names another tenant', async () => {
    const auth = await bearer(a.users.tenantAdmin);
    const own = await t.http.get('/v1/users').query({ limit: 200, q: a.tag }).set('Authorization', auth);
    expect(own.status).toBe(200);
    const u = a.users;
    expect(ids(own)).toEqual(sorted(u.tenantAdmin, u.orgAdmin, u.orgMember, u.otherOrgAdmin, u.otherOrgMember));
    expect(own.body.items.every((x: { tenantId: string }) => x.tenantId === a.tenant.id)).toBe(true);

    const foreign = await t.http.get('/v1/users').query({ tenantId: b.tenant.id }).set('Authorization', auth);
    expect(foreign.status).toBe(200);
    expect(foreign.body.items).toEqual([]);
  });

  it('gives an org admin its own organization only', async () => {
    const auth = await bearer(a.users.orgAdmin);
    const res = await t.http.get('/v1/users').set('Authorization', auth);
    expect(res.status).toBe(200);
    expect(ids(res)).toEqual(sorted(a.users.orgAdmin, a.users.orgMember));
    const otherOrg = await t.http.get('/v1/users').query({ organizationId: a.otherOrg.id }).set('Authorization', auth);
    expect(otherOrg.body.items).toEqual([]);
  });

  it('filters by role, organization, activity and text', async () => {
    const auth = await bearer(a.users.superAdmin);
    const admins = await t.http.get('/v1/users').query({ tenantId: a.tenant.id, role: 'org_admin' }).set('Authorization', auth);
    expect(ids(admins)).toEqual(sorted(a.users.orgAdmin, a.users.otherOrgAdmin));
    const org = await t.http.get('/v1/users').query({ organizationId: a.otherOrg.id }).set('Authorization', auth);
    expect(ids(org)).toEqual(sorted(a.users.otherOrgAdmin, a.users.otherOrgMember));
    const text = await t.http.get('/v1/users').query({ q: `OTHERORGMEMBER-${a.tag}` }).set('Authorization', auth);
    expect(ids(text)).toEqual(sorted(a.users.otherOrgMember));

    await t.owner('users').where({ id: a.users.otherOrgMember.id }).update({ is_active: false });
    try {
      const inactive = await t.http.get('/v1/users').query({ tenantId: a.tenant.id, isActive: false }).set('Authorization', auth);
      expect(ids(inactive)).toEqual(sorted(a.users.otherOrgMember));
      const active = await t.http.get('/v1/users').query({ tenantId: a.tenant.id, isActive: 'true' }).set('Authorization', auth);
      expect(ids(active)).not.toContain(a.users.otherOrgMember.id);
    } finally {
      await t.owner('users').where({ id: a.users.otherOrgMember.id }).update({ is_active: true });
    }
  });

  it('pages through a stable order without gaps or repeats', async () => {
    const auth = await bearer(a.users.superAdmin);
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res: { status: number; body: { items: { email: string }[]; nextCursor: string | null } } = await t.http
        .get('/v1/users')
        .query({ tenantId: a.tenant.id, limit: 2, ...(cursor ? { cursor } : {}) })
        .set('Authorization', auth);
      expect(res.status).toBe(200);
      expect(res.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...res.body.items.map((u: { email: string }) => u.email));
      cursor = res.body.nextCursor;
      pages += 1;
    } while (cursor && pages < 10);
    expect(pages).toBe(3);
    expect(seen).toHaveLength(5);
    expect(new Set(seen).size).toBe(5);
    expect([...seen].sort()).toEqual(seen);
  });

  it('refuses org members and individuals with 403', async () => {
    for (const user of [a.users.orgMember, a.users.individual]) {
      const res = await t.http.get('/v1/users').set('Authorization', await bearer(user));
      expect(res.status).toBe(403);
      expect(res.body.type).toBe('/problems/forbidden');
    }
  });

  it('rejects a bad uuid, an unknown role, a non-boolean isActive and unknown parameters with 400', async () => {
    const auth = await bearer(a.users.superAdmin);
    const cases: [Record<string, string>, string][] = [
      [{ tenantId: 'nope' }, '/query/tenantId'],
      [{ organizationId: '123' }, '/query/organizationId'],
      [{ role: 'god' }, '/query/role'],
      [{ isActive: 'maybe' }, '/query/isActive'],
      [{ limit: '0' }, '/query/limit'],
      [{ cursor: 'Zm9v' }, '/query/cursor'],
      [{ sort: 'email' }, '/query/sort'],
    ];
    for (const [query, pointer] of cases) {
      const res = await t.http.get('/v1/users').query(query).set('Authorization', auth);
      expect(res.status, JSON.stringify(query)).toBe(400);
      expect(res.body.type).toBe('/problems/validation-failed');
      expect(res.body.errors.map((e: { pointer: string }) => e.pointer)).toContain(pointer);
    }
  });
});

describe('GET /v1/users/{userId}', () => {
  it('returns users within the caller’s scope', async () => {
    const cases: [FixtureUser, FixtureUser][] = [
      [a.users.superAdmin, b.users.orgMember],
      [a.users.tenantAdmin, a.users.otherOrgMember],
      [a.users.orgAdmin, a.users.orgMember],
      [a.users.orgMember, a.users.orgMember],
      [a.users.individual, a.users.individual],
    ];
    for (const [caller, target] of cases) {
      const res = await t.http.get(`/v1/users/${target.id}`).set('Authorization', await bearer(caller));
      expect(res.status, `${caller.role} -> ${target.role}`).toBe(200);
      expect(res.body).toMatchObject({ id: target.id, email: target.email, role: target.role });
    }
  });

  it('answers 404 for users outside the caller’s scope, never revealing them', async () => {
    const cases: [FixtureUser, FixtureUser][] = [
      [a.users.tenantAdmin, b.users.orgMember],
      [a.users.tenantAdmin, a.users.superAdmin],
      [a.users.tenantAdmin, a.users.individual],
      [a.users.orgAdmin, a.users.otherOrgMember],
      [a.users.orgAdmin, b.users.orgMember],
      [a.users.orgMember, a.users.orgAdmin],
      [a.users.individual, a.users.orgMember],
    ];
    for (const [caller, target] of cases) {
      const res = await t.http.get(`/v1/users/${target.id}`).set('Authorization', await bearer(caller));
      expect(res.status, `${caller.role} -> ${target.role}`).toBe(404);
      expect(res.body.type).toBe('/problems/not-found');
      expect(JSON.stringify(res.body)).not.toContain(target.email);
    }
  });

  it('rejects a malformed id with 400', async () => {
    const res = await t.http.get('/v1/users/1234').set('Authorization', await bearer(a.users.superAdmin));
    expect(res.status).toBe(400);
    expect(res.body.errors[0].pointer).toBe('/params/userId');
  });
});

describe('PATCH /v1/users/{userId}', () => {
  it('lets a tenant admin rename a user of its tenant, with an audit event', async () => {
    const res = await t.http
      .patch(`/v1/users/${a.users.otherOrgAdmin.id}`)
      .set('Authorization', await bearer(a.users.tenantAdmin))
      .send({ displayName: 'Renamed By Tenant Admin' });
    expect(res.status).toBe(200);
    expect(res.body.displayName).toBe('Renamed By Tenant Admin');
    const [event] = await t.owner('audit_events').where({ target_id: a.users.otherOrgAdmin.id, action: 'user.updated' });
    expect(event).toMatchObject({ actor_user_id: a.users.tenantAdmin.id, target_type: 'user', tenant_id: a.tenant.id, organization_id: a.otherOrg.id });
    expect(event.ip).toMatch(/127\.0\.0\.1|::1/);
  });

  it('disabling a user revokes their refresh tokens and access tokens at once; re-enabling lets them sign in again', async () => {
    const c = await createTenantFixture(t);
    try {
      const session = await loginAs(t, c.users.orgMember);
      const disable = await t.http.patch(`/v1/users/${c.users.orgMember.id}`).set('Authorization', await bearer(c.users.tenantAdmin)).send({ isActive: false });
      expect(disable.status).toBe(200);
      expect(disable.body.isActive).toBe(false);

      const families = await t.owner('refresh_token_families').where({ user_id: c.users.orgMember.id });
      expect(families.length).toBeGreaterThan(0);
      expect(families.every((f) => f.revoked_at !== null && f.revoked_reason === 'user_disabled')).toBe(true);
      expect((await t.http.post('/v1/auth/refresh').send({ refreshToken: session.refreshToken })).status).toBe(401);
      expect((await t.http.get('/v1/me').set('Authorization', `Bearer ${session.accessToken}`)).status).toBe(401);
      expect((await t.http.post('/v1/auth/login').send({ email: c.users.orgMember.email, password: TEST_PASSWORD })).status).toBe(401);

      const [event] = await t.owner('audit_events').where({ target_id: c.users.orgMember.id, action: 'user.disabled' });
      expect(event).toMatchObject({ actor_user_id: c.users.tenantAdmin.id, tenant_id: c.tenant.id });
      expect(event.details.revokedSessions).toBeGreaterThanOrEqual(1);

      const enable = await t.http.patch(`/v1/users/${c.users.orgMember.id}`).set('Authorization', await bearer(c.users.tenantAdmin)).send({ isActive: true });
      expect(enable.body.isActive).toBe(true);
      expect((await t.http.post('/v1/auth/login').send({ email: c.users.orgMember.email, password: TEST_PASSWORD })).status).toBe(200);
      expect(await t.owner('audit_events').where({ target_id: c.users.orgMember.id, action: 'user.enabled' })).toHaveLength(1);
    } finally {
      await c.cleanup();
    }
  });

  it('lets a super admin disable a user in any tenant', async () => {
    const c = await createTenantFixture(t);
    try {
      const res = await t.http.patch(`/v1/users/${c.users.tenantAdmin.id}`).set('Authorization', await bearer(a.users.superAdmin)).send({ isActive: false });
      expect(res.status).toBe(200);
      expect((await t.owner('users').where({ id: c.users.tenantAdmin.id }).first()).is_active).toBe(false);
    } finally {
      await c.cleanup();
    }
  });

  it("answers a tenant admin touching another tenant's user, a super admin or an individual with 404 and changes nothing", async () => {
    for (const target of [b.users.orgMember, a.users.superAdmin, a.users.individual]) {
      const res = await t.http.patch(`/v1/users/${target.id}`).set('Authorization', await bearer(a.users.tenantAdmin)).send({ isActive: false });
      expect(res.status).toBe(404);
      expect((await t.owner('users').where({ id: target.id }).first()).is_active).toBe(true);
    }
  });

  it('refuses org admins, members and individuals with 403', async () => {
    for (const user of [a.users.orgAdmin, a.users.orgMember, a.users.individual]) {
      const res = await t.http.patch(`/v1/users/${a.users.orgMember.id}`).set('Authorization', await bearer(user)).send({ displayName: 'x' });
      expect(res.status).toBe(403);
    }
  });

  it('does not let an admin disable their own account', async () => {
    const res = await t.http.patch(`/v1/users/${a.users.tenantAdmin.id}`).set('Authorization', await bearer(a.users.tenantAdmin)).send({ isActive: false });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([{ pointer: '/body/isActive', detail: 'you cannot disable your own account' }]);
  });

  it('rejects unknown fields (such as role), wrong types, empty bodies and bad ids with 400', async () => {
    const auth = await bearer(a.users.superAdmin);
    const cases: [string, unknown, string | null][] = [
      [a.users.orgMember.id, { role: 'super_admin' }, '/body/role'],
      [a.users.orgMember.id, { tenantId: b.tenant.id }, '/body/tenantId'],
      [a.users.orgMember.id, { isActive: 'no' }, '/body/isActive'],
      [a.users.orgMember.id, { displayName: '' }, '/body/displayName'],
      [a.users.orgMember.id, {}, null],
      ['not-a-uuid', { displayName: 'x' }, '/params/userId'],
    ];
    for (const [id, body, pointer] of cases) {
      const res = await t.http.patch(`/v1/users/${id}`).set('Authorization', auth).send(body as object);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.type).toBe('/problems/validation-failed');
      if (pointer) expect(res.body.errors.map((e: { pointer: string }) => e.pointer)).toContain(pointer);
    }
    const row = await t.owner('users').where({ id: a.users.orgMember.id }).first();
    expect(row).toMatchObject({ role: 'org_member', tenant_id: a.tenant.id });
  });

  it('answers an unknown user with 404', async () => {
    const res = await t.http.patch(`/v1/users/${randomUUID()}`).set('Authorization', await bearer(a.users.superAdmin)).send({ displayName: 'Ghost' });
    expect(res.status).toBe(404);
  });
});

describe('revoke_user_sessions() (database function behind disabling)', () => {
  it('refuses, on its own, callers outside the target user\'s tenant, even without the route checks', async () => {
    const c = await createTenantFixture(t);
    try {
      await loginAs(t, c.users.orgMember);
      const revokeAs = (caller: FixtureUser) =>
        withTenant(t.container.db, { userId: caller.id, role: caller.role, tenantId: caller.tenantId, orgId: caller.organizationId }, (trx) =>
          trx.raw('SELECT revoke_user_sessions(?::uuid, ?) AS revoked', [c.users.orgMember.id, 'probe']),
        );
      // Admins of another tenant, of a sibling organization, plain members and individuals. (The target's
      // own org admin may revoke: removing a member ends their sessions, see migration 20261124000800.)
      for (const caller of [a.users.tenantAdmin, a.users.orgAdmin, c.users.otherOrgAdmin, c.users.otherOrgMember, a.users.individual]) {
        await expect(revokeAs(caller), caller.role).rejects.toMatchObject({ code: '42501' });
      }
      const live = await t.owner('refresh_token_families').where({ user_id: c.users.orgMember.id }).whereNull('revoked_at');
      expect(live.length).toBeGreaterThan(0);
    } finally {
      await c.cleanup();
    }
  });
});
