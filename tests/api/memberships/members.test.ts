import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../helpers/test-app.ts';
import { createTenantFixture, loginAs, type FixtureUserKey, type TenantFixture } from '../../factories/tenant-fixture.ts';

let t: TestApp;
const fixtures: TenantFixture[] = [];
const tokens = new Map<string, string>();

/** One login per fixture user per file: access tokens stay valid, and logins are rate-limited. */
async function bearer(fixture: TenantFixture, key: FixtureUserKey): Promise<string> {
  const user = fixture.users[key];
  if (!tokens.has(user.id)) tokens.set(user.id, (await loginAs(t, user)).accessToken);
  return `Bearer ${tokens.get(user.id)}`;
}

/** A fresh tenant per test that moves people around, so tests never see each other's changes. */
async function fixture(): Promise<TenantFixture> {
  const f = await createTenantFixture(t);
  fixtures.push(f);
  return f;
}

const memberPath = (orgId: string, userId: string) => `/v1/organizations/${orgId}/members/${userId}`;

beforeAll(async () => {
  t = await createTestApp({ LOGIN_MAX_PER_IP: '1000' });
});
afterAll(async () => {
  for (const f of fixtures) await f.cleanup();
  await t?.close();
});

describe('GET /v1/organizations/{organizationId}/members', () => {
  it('lists the members ordered by email for the org\'s members and the tenant admin', async () => {
    const f = await fixture();
    for (const key of ['orgMember', 'orgAdmin', 'tenantAdmin'] as const) {
      const res = await t.http.get(`/v1/organizations/${f.org.id}/members`).set('Authorization', await bearer(f, key));
      expect(res.status).toBe(200);
      expect(res.body.items.map((u: { id: string }) => u.id)).toEqual([f.users.orgAdmin.id, f.users.orgMember.id]);
      expect(JSON.stringify(res.body)).not.toMatch(/password/i);
    }
  });

  it('answers 404 to members of another organization or tenant, and 400 to a bad id', async () => {
    const f = await fixture();
    const foreign = await fixture();
    expect((await t.http.get(`/v1/organizations/${f.org.id}/members`).set('Authorization', await bearer(f, 'otherOrgMember'))).status).toBe(404);
    expect((await t.http.get(`/v1/organizations/${f.org.id}/members`).set('Authorization', await bearer(foreign, 'tenantAdmin'))).status).toBe(404);
    expect((await t.http.get(`/v1/organizations/${f.org.id}/members`).set('Authorization', await bearer(f, 'individual'))).status).toBe(404);
    expect((await t.http.get('/v1/organizations/123/members').set('Authorization', await bearer(f, 'tenantAdmin'))).status).toBe(400);
  });
});

describe('PUT /v1/organizations/{organizationId}/members/{userId}', () => {
  it('lets a tenant admin move a user between its organizations and appoint an org admin, audit-logged', async () => {
    const f = await fixture();
    const res = await t.http.put(memberPath(f.org.id, f.users.otherOrgMember.id)).set('Authorization', await bearer(f, 'tenantAdmin')).send({ role: 'org_admin' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: f.users.otherOrgMember.id, role: 'org_admin', organizationId: f.org.id, tenantId: f.tenant.id });

    const me = await t.http.get('/v1/me').set('Authorization', await bearer(f, 'otherOrgMember'));
    expect(me.body.organization.id).toBe(f.org.id);
    expect(me.body.permissions).toContainEqual({ action: 'members.invite', scope: 'organization' });

    const audit = await t.owner('audit_events').where({ action: 'member.assigned', target_id: f.users.otherOrgMember.id }).first();
    expect(audit).toMatchObject({ actor_user_id: f.users.tenantAdmin.id, organization_id: f.org.id });
    expect(audit.details).toMatchObject({ role: 'org_admin', previousRole: 'org_member', previousOrganizationId: f.otherOrg.id });

    const again = await t.http.put(memberPath(f.org.id, f.users.otherOrgMember.id)).set('Authorization', await bearer(f, 'tenantAdmin')).send({ role: 'org_admin' });
    expect(again.status).toBe(200);
  });

  it('refuses org admins (403), foreign tenant admins (404), individuals (404) and tenant admins as members (409)', async () => {
    const f = await fixture();
    const foreign = await fixture();
    expect((await t.http.put(memberPath(f.org.id, f.users.otherOrgMember.id)).set('Authorization', await bearer(f, 'orgAdmin')).send({ role: 'org_member' })).status).toBe(403);
    expect((await t.http.put(memberPath(f.org.id, f.users.otherOrgMember.id)).set('Authorization', await bearer(foreign, 'tenantAdmin')).send({ role: 'org_member' })).status).toBe(404);
    expect((await t.http.put(memberPath(f.org.id, foreign.users.orgMember.id)).set('Authorization', await bearer(f, 'tenantAdmin')).send({ role: 'org_member' })).status).toBe(404);
    expect((await t.http.put(memberPath(f.org.id, f.users.individual.id)).set('Authorization', await bearer(f, 'tenantAdmin')).send({ role: 'org_member' })).status).toBe(404);
    expect((await t.http.put(memberPath(f.org.id, f.users.tenantAdmin.id)).set('Authorization', await bearer(f, 'tenantAdmin')).send({ role: 'org_member' })).status).toBe(409);
    expect((await t.owner('users').where({ id: foreign.users.orgMember.id }).first()).organization_id).toBe(foreign.org.id);
  });

  it('enforces the member cap with member-cap-reached', async () => {
    const f = await fixture();
    await t.owner('organizations').where({ id: f.org.id }).update({ member_cap: 2 });
    const res = await t.http.put(memberPath(f.org.id, f.users.otherOrgMember.id)).set('Authorization', await bearer(f, 'tenantAdmin')).send({ role: 'org_member' });
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ type: '/problems/member-cap-reached', memberCap: 2, memberCount: 2 });
    // A role change inside the organization is not a new member.
    const promote = await t.http.put(memberPath(f.org.id, f.users.orgMember.id)).set('Authorization', await bearer(f, 'tenantAdmin')).send({ role: 'org_admin' });
    expect(promote.status).toBe(200);
  });

  it('answers bad input with 400 problem+json', async () => {
    const f = await fixture();
    for (const body of [{}, { role: 'tenant_admin' }, { role: 'org_member', organizationId: f.otherOrg.id }]) {
      const res = await t.http.put(memberPath(f.org.id, f.users.otherOrgMember.id)).set('Authorization', await bearer(f, 'tenantAdmin')).send(body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(res.body.errors.length).toBeGreaterThan(0);
    }
    expect((await t.http.put(memberPath(f.org.id, 'x')).set('Authorization', await bearer(f, 'tenantAdmin')).send({ role: 'org_member' })).status).toBe(400);
  });
});

describe('PATCH /v1/organizations/{organizationId}/members/{userId}', () => {
  it('lets an org admin promote and demote members of its organization', async () => {
    const f = await fixture();
    const auth = await bearer(f, 'orgAdmin');
    const up = await t.http.patch(memberPath(f.org.id, f.users.orgMember.id)).set('Authorization', auth).send({ role: 'org_admin' });
    expect(up.status).toBe(200);
    expect(up.body.role).toBe('org_admin');
    const down = await t.http.patch(memberPath(f.org.id, f.users.orgMember.id)).set('Authorization', auth).send({ role: 'org_member' });
    expect(down.body.role).toBe('org_member');
    const audit = await t.owner('audit_events').where({ action: 'member.role_changed', target_id: f.users.orgMember.id }).orderBy('id');
    expect(audit.map((a) => a.details)).toEqual([{ from: 'org_member', to: 'org_admin' }, { from: 'org_admin', to: 'org_member' }]);
  });

  it('refuses the last org admin stepping down (409), and lets them once another admin exists', async () => {
    const f = await fixture();
    const auth = await bearer(f, 'orgAdmin');
    const last = await t.http.patch(memberPath(f.org.id, f.users.orgAdmin.id)).set('Authorization', auth).send({ role: 'org_member' });
    expect(last.status).toBe(409);
    expect(last.body.detail).toMatch(/last org admin/);
    await t.http.patch(memberPath(f.org.id, f.users.orgMember.id)).set('Authorization', auth).send({ role: 'org_admin' });
    const stepDown = await t.http.patch(memberPath(f.org.id, f.users.orgAdmin.id)).set('Authorization', auth).send({ role: 'org_member' });
    expect(stepDown.status).toBe(200);
    expect(stepDown.body.role).toBe('org_member');
    // Now an org member: no more role changes.
    expect((await t.http.patch(memberPath(f.org.id, f.users.orgMember.id)).set('Authorization', auth).send({ role: 'org_member' })).status).toBe(403);
  });

  it('refuses org members (403) and hides other organizations\' members (404)', async () => {
    const f = await fixture();
    expect((await t.http.patch(memberPath(f.org.id, f.users.orgAdmin.id)).set('Authorization', await bearer(f, 'orgMember')).send({ role: 'org_member' })).status).toBe(403);
    expect((await t.http.patch(memberPath(f.otherOrg.id, f.users.otherOrgMember.id)).set('Authorization', await bearer(f, 'orgAdmin')).send({ role: 'org_admin' })).status).toBe(404);
    expect((await t.http.patch(memberPath(f.org.id, f.users.otherOrgMember.id)).set('Authorization', await bearer(f, 'orgAdmin')).send({ role: 'org_admin' })).status).toBe(404);
    expect((await t.owner('users').where({ id: f.users.otherOrgMember.id }).first()).role).toBe('org_member');
  });
});

describe('DELETE /v1/organizations/{organizationId}/members/{userId}', () => {
  it('turns the removed member into an individual user and kills their refresh token', async () => {
    const f = await fixture();
    const session = await loginAs(t, f.users.orgMember);
    const res = await t.http.delete(memberPath(f.org.id, f.users.orgMember.id)).set('Authorization', await bearer(f, 'orgAdmin'));
    expect(res.status).toBe(204);

    const row = await t.owner('users').where({ id: f.users.orgMember.id }).first();
    expect(row).toMatchObject({ role: 'user', tenant_id: null, organization_id: null });
    const refresh = await t.http.post('/v1/auth/refresh').send({ refreshToken: session.refreshToken });
    expect(refresh.status).toBe(401);
    // The still-unexpired access token now acts as an individual: no organization to read.
    const me = await t.http.get('/v1/me').set('Authorization', `Bearer ${session.accessToken}`);
    expect(me.body.role).toBe('user');
    expect(me.body.organization).toBeNull();
    expect((await t.http.get(`/v1/organizations/${f.org.id}`).set('Authorization', `Bearer ${session.accessToken}`)).status).toBe(404);

    const audit = await t.owner('audit_events').where({ action: 'member.removed', target_id: f.users.orgMember.id }).first();
    expect(audit).toMatchObject({ actor_user_id: f.users.orgAdmin.id, organization_id: f.org.id });
    expect(audit.details.revokedSessions).toBeGreaterThanOrEqual(1);
  });

  it('lets a tenant admin remove a member of any of its organizations', async () => {
    const f = await fixture();
    const res = await t.http.delete(memberPath(f.otherOrg.id, f.users.otherOrgAdmin.id)).set('Authorization', await bearer(f, 'tenantAdmin'));
    expect(res.status).toBe(204);
    expect((await t.owner('users').where({ id: f.users.otherOrgAdmin.id }).first()).role).toBe('user');
  });

  it('refuses org members (403), self-removal (403) and admins of other organizations or tenants (404)', async () => {
    const f = await fixture();
    const foreign = await fixture();
    expect((await t.http.delete(memberPath(f.org.id, f.users.orgAdmin.id)).set('Authorization', await bearer(f, 'orgMember'))).status).toBe(403);
    expect((await t.http.delete(memberPath(f.org.id, f.users.orgAdmin.id)).set('Authorization', await bearer(f, 'orgAdmin'))).status).toBe(403);
    expect((await t.http.delete(memberPath(f.org.id, f.users.orgMember.id)).set('Authorization', await bearer(f, 'otherOrgAdmin'))).status).toBe(404);
    expect((await t.http.delete(memberPath(f.org.id, f.users.orgMember.id)).set('Authorization', await bearer(foreign, 'tenantAdmin'))).status).toBe(404);
    expect((await t.http.delete(memberPath(f.org.id, randomUUID())).set('Authorization', await bearer(f, 'orgAdmin'))).status).toBe(404);
    const rows = await t.owner('users').whereIn('id', [f.users.orgAdmin.id, f.users.orgMember.id]);
    expect(rows.every((r) => r.organization_id === f.org.id)).toBe(true);
  });
});
