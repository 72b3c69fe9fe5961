import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../helpers/test-app.ts';
import { createTenantFixture, loginAs, TEST_PASSWORD, type FixtureUserKey, type TenantFixture } from '../../factories/tenant-fixture.ts';

let t: TestApp;
let f: TenantFixture;
let foreign: TenantFixture;
const tokens = new Map<string, string>();

/** One login per fixture user per file: access tokens stay valid, and logins are rate-limited. */
async function bearer(fixture: TenantFixture, key: FixtureUserKey): Promise<string> {
  const user = fixture.users[key];
  if (!tokens.has(user.id)) tokens.set(user.id, (await loginAs(t, user)).accessToken);
  return `Bearer ${tokens.get(user.id)}`;
}

/** A fresh individual account registered through the API, with an email the fixture's cleanup removes. */
async function registerIndividual(label: string, domain = 'fixture.test'): Promise<{ id: string; email: string; auth: string }> {
  const email = `${label}-${randomUUID().slice(0, 6)}-${f.tag}@${domain}`;
  const res = await t.http.post('/v1/auth/register').send({ email, password: TEST_PASSWORD });
  expect(res.status).toBe(201);
  return { id: res.body.id, email, auth: `Bearer ${(await loginAs(t, { email })).accessToken}` };
}

/** A new organization of the fixture's tenant, so each test controls its cap and allow-list. */
async function newOrg(settings: { memberCap?: number; emailAllowList?: string[] } = {}): Promise<string> {
  const res = await t.http.post('/v1/organizations').set('Authorization', await bearer(f, 'tenantAdmin')).send({ name: `Org ${randomUUID().slice(0, 8)}`, ...settings });
  expect(res.status).toBe(201);
  return res.body.id;
}

async function generate(orgId: string, body: object = {}, key: FixtureUserKey = 'tenantAdmin') {
  return t.http.post(`/v1/organizations/${orgId}/join-token`).set('Authorization', await bearer(f, key)).send(body);
}

async function join(auth: string, token: string) {
  return t.http.post('/v1/organizations/join').set('Authorization', auth).send({ token });
}

beforeAll(async () => {
  t = await createTestApp({ LOGIN_MAX_PER_IP: '1000' });
  f = await createTenantFixture(t);
  foreign = await createTenantFixture(t);
});
afterAll(async () => {
  // Users who joined the fixture's new organizations carry its tenant and go with it.
  await f?.cleanup();
  await foreign?.cleanup();
  await t?.close();
});

describe('POST /v1/organizations/{organizationId}/join-token', () => {
  it('returns the token once with its expiry, stores only a hash, and the status never shows it', async () => {
    const res = await generate(f.org.id, { expiresInHours: 2 }, 'orgAdmin');
    expect(res.status).toBe(201);
    expect(res.body.token).toMatch(/^join_/);
    const ttl = new Date(res.body.expiresAt).getTime() - Date.now();
    expect(ttl).toBeGreaterThan(1.9 * 3600 * 1000);
    expect(ttl).toBeLessThanOrEqual(2 * 3600 * 1000);

    const row = await t.owner('organizations').where({ id: f.org.id }).first();
    expect(row.join_token_hash).not.toContain(res.body.token);
    const status = await t.http.get(`/v1/organizations/${f.org.id}/join-token`).set('Authorization', await bearer(f, 'orgAdmin'));
    expect(status.status).toBe(200);
    expect(status.body).toEqual({ enabled: true, expired: false, expiresAt: res.body.expiresAt, createdAt: res.body.createdAt });
    const audit = await t.owner('audit_events').where({ action: 'organization.join_token_created', target_id: f.org.id }).first();
    expect(JSON.stringify(audit.details)).not.toContain(res.body.token);
  });

  it('uses the configured default lifetime without a body', async () => {
    const res = await t.http.post(`/v1/organizations/${f.otherOrg.id}/join-token`).set('Authorization', await bearer(f, 'otherOrgAdmin'));
    expect(res.status).toBe(201);
    expect(new Date(res.body.expiresAt).getTime() - Date.now()).toBeGreaterThan(13 * 24 * 3600 * 1000);
  });

  it('refuses org members (403) and admins of other organizations or tenants (404)', async () => {
    expect((await generate(f.org.id, {}, 'orgMember')).status).toBe(403);
    expect((await t.http.get(`/v1/organizations/${f.org.id}/join-token`).set('Authorization', await bearer(f, 'orgMember'))).status).toBe(403);
    expect((await generate(f.org.id, {}, 'otherOrgAdmin')).status).toBe(404);
    const foreignRes = await t.http.post(`/v1/organizations/${f.org.id}/join-token`).set('Authorization', await bearer(foreign, 'tenantAdmin')).send({});
    expect(foreignRes.status).toBe(404);
  });

  it('answers bad input with 400 problem+json and pointers', async () => {
    for (const [body, pointer] of [
      [{ expiresInHours: 0 }, '/body/expiresInHours'],
      [{ expiresInHours: 'soon' }, '/body/expiresInHours'],
      [{ token: 'mine' }, '/body/token'],
    ] as const) {
      const res = await generate(f.org.id, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.errors.map((e: { pointer: string }) => e.pointer)).toContain(pointer);
    }
  });
});

describe('POST /v1/organizations/join', () => {
  it('makes an individual user an org member, with fresh tokens and /v1/me showing the organization', async () => {
    const orgId = await newOrg();
    const { body } = await generate(orgId);
    const joiner = await registerIndividual('joiner');
    const res = await join(joiner.auth, body.token);
    expect(res.status).toBe(200);
    expect(res.body.user).toMatchObject({ id: joiner.id, role: 'org_member', organizationId: orgId, tenantId: f.tenant.id });
    const me = await t.http.get('/v1/me').set('Authorization', `Bearer ${res.body.tokens.accessToken}`);
    expect(me.body.organization.id).toBe(orgId);
    const audit = await t.owner('audit_events').where({ action: 'organization.joined', actor_user_id: joiner.id }).first();
    expect(audit).toMatchObject({ tenant_id: f.tenant.id, organization_id: orgId });
    expect(JSON.stringify(audit.details)).not.toContain(body.token);
  });

  it('stops the old token working once it is regenerated', async () => {
    const orgId = await newOrg();
    const old = (await generate(orgId)).body.token as string;
    const fresh = (await generate(orgId)).body.token as string;
    const joiner = await registerIndividual('regen');
    const stale = await join(joiner.auth, old);
    expect(stale.status).toBe(410);
    expect(stale.body.type).toBe('/problems/join-token-invalid');
    expect((await join(joiner.auth, fresh)).status).toBe(200);
  });

  it('refuses a disabled token, and the status says so', async () => {
    const orgId = await newOrg();
    const token = (await generate(orgId)).body.token as string;
    const disable = await t.http.delete(`/v1/organizations/${orgId}/join-token`).set('Authorization', await bearer(f, 'tenantAdmin'));
    expect(disable.status).toBe(204);
    expect((await t.http.delete(`/v1/organizations/${orgId}/join-token`).set('Authorization', await bearer(f, 'tenantAdmin'))).status).toBe(204);
    const status = await t.http.get(`/v1/organizations/${orgId}/join-token`).set('Authorization', await bearer(f, 'tenantAdmin'));
    expect(status.body).toEqual({ enabled: false, expired: false, expiresAt: null, createdAt: null });
    const joiner = await registerIndividual('disabled');
    expect((await join(joiner.auth, token)).status).toBe(410);
  });

  it('refuses an expired token', async () => {
    const orgId = await newOrg();
    const token = (await generate(orgId)).body.token as string;
    await t.owner('organizations').where({ id: orgId }).update({ join_token_expires_at: t.owner.raw("now() - interval '1 second'") });
    const status = await t.http.get(`/v1/organizations/${orgId}/join-token`).set('Authorization', await bearer(f, 'tenantAdmin'));
    expect(status.body).toMatchObject({ enabled: true, expired: true });
    const joiner = await registerIndividual('expired');
    const res = await join(joiner.auth, token);
    expect(res.status).toBe(410);
    expect((await t.owner('users').where({ id: joiner.id }).first()).role).toBe('user');
  });

  it('refuses joining beyond the member cap with member-cap-reached', async () => {
    const orgId = await newOrg({ memberCap: 1 });
    const token = (await generate(orgId)).body.token as string;
    const first = await registerIndividual('cap1');
    const second = await registerIndividual('cap2');
    expect((await join(first.auth, token)).status).toBe(200);
    const res = await join(second.auth, token);
    expect(res.status).toBe(409);
    expect(res.body.type).toBe('/problems/member-cap-reached');
    expect((await t.owner('users').where({ id: second.id }).first()).organization_id).toBeNull();
  });

  it('admits exactly one of two concurrent joins into the last free place', async () => {
    const orgId = await newOrg({ memberCap: 1 });
    const token = (await generate(orgId)).body.token as string;
    const [a, b] = [await registerIndividual('race-a'), await registerIndividual('race-b')];
    const results = await Promise.all([join(a.auth, token), join(b.auth, token)]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    const { n } = (await t.owner('users').where({ organization_id: orgId }).count('* as n').first()) as { n: string };
    expect(Number(n)).toBe(1);
  });

  it('admits only allow-listed emails', async () => {
    const orgId = await newOrg({ emailAllowList: ['@allowed.test'] });
    const token = (await generate(orgId)).body.token as string;
    const outsider = await registerIndividual('outsider');
    const refused = await join(outsider.auth, token);
    expect(refused.status).toBe(403);
    expect(refused.body.type).toBe('/problems/email-not-allowed');
    const insider = await registerIndividual('insider', 'allowed.test');
    try {
      expect((await join(insider.auth, token)).status).toBe(200);
    } finally {
      await t.owner('users').where({ id: insider.id }).delete();
    }
  });

  it('refuses someone already in an organization (409) and admins (409)', async () => {
    const token = (await generate(f.otherOrg.id)).body.token as string;
    const member = await join(await bearer(f, 'orgMember'), token);
    expect(member.status).toBe(409);
    expect((await join(await bearer(f, 'tenantAdmin'), token)).status).toBe(409);
    expect((await t.owner('users').where({ id: f.users.orgMember.id }).first()).organization_id).toBe(f.org.id);
  });

  it('answers an unknown token with 410, a missing one with 400 and no bearer with 401', async () => {
    const joiner = await registerIndividual('unknown');
    expect((await join(joiner.auth, 'join_unknown')).status).toBe(410);
    const missing = await t.http.post('/v1/organizations/join').set('Authorization', joiner.auth).send({});
    expect(missing.status).toBe(400);
    expect(missing.body.errors[0].pointer).toBe('/body/token');
    expect((await t.http.post('/v1/organizations/join').send({ token: 'join_x' })).status).toBe(401);
  });
});
