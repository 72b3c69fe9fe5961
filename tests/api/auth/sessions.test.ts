import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../helpers/test-app.ts';
import { createTenantFixture, loginAs, TEST_PASSWORD, type TenantFixture } from '../../factories/tenant-fixture.ts';

let t: TestApp;
let f: TenantFixture;

beforeAll(async () => {
  t = await createTestApp({ LOGIN_MAX_PER_IP: '1000' });
  f = await createTenantFixture(t);
});
afterAll(async () => {
  await f?.cleanup();
  await t?.close();
});

const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

describe('POST /v1/auth/refresh', () => {
  it('gives a working access token, and the refusal of a rotated-away token never echoes it', async () => {
    const first = await loginAs(t, f.users.tenantAdmin);
    const rotated = await t.http.post('/v1/auth/refresh').send({ refreshToken: first.refreshToken });
    expect(rotated.status).toBe(200);
    expect((await t.http.get('/v1/me').set(bearer(rotated.body.accessToken))).status).toBe(200);
    const replay = await t.http.post('/v1/auth/refresh').send({ refreshToken: first.refreshToken });
    expect(replay.status).toBe(401);
    expect(replay.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(JSON.stringify(replay.body)).not.toContain(first.refreshToken);
  });

  it('refuses an unknown refresh token with 401 token-invalid', async () => {
    const res = await t.http.post('/v1/auth/refresh').send({ refreshToken: 'rt_not-a-real-token' });
    expect(res.status).toBe(401);
    expect(res.body.type).toBe('/problems/token-invalid');
  });

  it('refuses an access token presented as a refresh token', async () => {
    const { accessToken } = await loginAs(t, f.users.orgMember);
    const res = await t.http.post('/v1/auth/refresh').send({ refreshToken: accessToken });
    expect([400, 401]).toContain(res.status);
    expect(res.body.accessToken).toBeUndefined();
  });

  it('records reuse detection in the audit log and marks the family revoked', async () => {
    const first = await loginAs(t, f.users.otherOrgMember);
    await t.http.post('/v1/auth/refresh').send({ refreshToken: first.refreshToken }).expect(200);
    await t.http.post('/v1/auth/refresh').send({ refreshToken: first.refreshToken }).expect(401);
    const families = await t.owner('refresh_token_families').where({ user_id: f.users.otherOrgMember.id, revoked_reason: 'reuse_detected' });
    expect(families).toHaveLength(1);
    const events = await t.owner('audit_events').where({ action: 'auth.refresh_reuse_detected', target_id: families[0].id });
    expect(events).toHaveLength(1);
  });
});

describe('POST /v1/auth/logout', () => {
  it('revokes the refresh token: refreshing after logout answers 401', async () => {
    const pair = await loginAs(t, f.users.orgAdmin);
    const out = await t.http.post('/v1/auth/logout').send({ refreshToken: pair.refreshToken });
    expect(out.status).toBe(204);
    const res = await t.http.post('/v1/auth/refresh').send({ refreshToken: pair.refreshToken });
    expect(res.status).toBe(401);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
  });

  it('only ends the session it was given; other sessions of the user keep working', async () => {
    const a = await loginAs(t, f.users.otherOrgAdmin);
    const b = await loginAs(t, f.users.otherOrgAdmin);
    await t.http.post('/v1/auth/logout').send({ refreshToken: a.refreshToken }).expect(204);
    expect((await t.http.post('/v1/auth/refresh').send({ refreshToken: b.refreshToken })).status).toBe(200);
  });

  it('is idempotent for an unknown token', async () => {
    const res = await t.http.post('/v1/auth/logout').send({ refreshToken: 'rt_unknown' });
    expect(res.status).toBe(204);
  });
});

describe('POST /v1/auth/change-password', () => {
  it('answers a wrong current password with 401 problem+json and changes nothing', async () => {
    const { accessToken } = await loginAs(t, f.users.individual);
    const res = await t.http
      .post('/v1/auth/change-password')
      .set(bearer(accessToken))
      .send({ currentPassword: 'not-the-password', newPassword: 'a-brand-new-passphrase' });
    expect(res.status).toBe(401);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body.type).toBe('/problems/invalid-credentials');
    expect((await t.http.post('/v1/auth/login').send({ email: f.users.individual.email, password: TEST_PASSWORD })).status).toBe(200);
  });

  it('answers a weak new password with 400 pointing at /body/newPassword', async () => {
    const { accessToken } = await loginAs(t, f.users.individual);
    const res = await t.http.post('/v1/auth/change-password').set(bearer(accessToken)).send({ currentPassword: TEST_PASSWORD, newPassword: 'short' });
    expect(res.status).toBe(400);
    expect(res.body.errors).toContainEqual(expect.objectContaining({ pointer: '/body/newPassword' }));
  });

  it('requires a bearer token', async () => {
    const res = await t.http.post('/v1/auth/change-password').send({ currentPassword: TEST_PASSWORD, newPassword: 'a-brand-new-passphrase' });
    expect(res.status).toBe(401);
    expect(res.body.type).toBe('/problems/unauthenticated');
  });

  it('switches the password and ends every earlier session: old refresh and access tokens are refused', async () => {
    const user = f.users.otherOrgAdmin;
    const other = await loginAs(t, user);
    const current = await loginAs(t, user);
    const newPassword = 'a-brand-new-passphrase-2026';

    const res = await t.http.post('/v1/auth/change-password').set(bearer(current.accessToken)).send({ currentPassword: TEST_PASSWORD, newPassword });
    expect(res.status).toBe(204);

    expect((await t.http.post('/v1/auth/login').send({ email: user.email, password: TEST_PASSWORD })).status).toBe(401);
    const fresh = await t.http.post('/v1/auth/login').send({ email: user.email, password: newPassword });
    expect(fresh.status).toBe(200);
    // A token issued after the change works even within the same second as the change.
    expect((await t.http.get('/v1/me').set(bearer(fresh.body.accessToken))).status).toBe(200);

    for (const pair of [current, other]) {
      const refreshed = await t.http.post('/v1/auth/refresh').send({ refreshToken: pair.refreshToken });
      expect(refreshed.status).toBe(401);
      const me = await t.http.get('/v1/me').set(bearer(pair.accessToken));
      expect(me.status).toBe(401);
      expect(me.body.type).toBe('/problems/token-invalid');
    }
    const audit = await t.owner('audit_events').where({ action: 'auth.password_changed', target_id: user.id });
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit)).not.toContain(newPassword);
  });
});

describe('disabled accounts', () => {
  it("refuses a disabled user's still-valid access token at once, and its refresh token and login too", async () => {
    const user = f.users.orgMember;
    const pair = await loginAs(t, user);
    expect((await t.http.get('/v1/me').set(bearer(pair.accessToken))).status).toBe(200);

    await t.owner('users').where({ id: user.id }).update({ is_active: false });
    try {
      const me = await t.http.get('/v1/me').set(bearer(pair.accessToken));
      expect(me.status).toBe(401);
      expect(me.headers['content-type']).toMatch(/application\/problem\+json/);
      expect((await t.http.post('/v1/auth/refresh').send({ refreshToken: pair.refreshToken })).status).toBe(401);
      const login = await t.http.post('/v1/auth/login').send({ email: user.email, password: TEST_PASSWORD });
      expect(login.status).toBe(401);
      expect(login.body.accessToken).toBeUndefined();
    } finally {
      await t.owner('users').where({ id: user.id }).update({ is_active: true });
    }
  });

  it("refuses the tokens of a suspended tenant's users with 403", async () => {
    const pair = await loginAs(t, f.users.orgAdmin);
    await t.owner('tenants').where({ id: f.tenant.id }).update({ status: 'suspended' });
    try {
      const me = await t.http.get('/v1/me').set(bearer(pair.accessToken));
      expect(me.status).toBe(403);
      expect(me.headers['content-type']).toMatch(/application\/problem\+json/);
      const login = await t.http.post('/v1/auth/login').send({ email: f.users.orgAdmin.email, password: TEST_PASSWORD });
      expect(login.status).toBe(403);
      expect(login.body.accessToken).toBeUndefined();
    } finally {
      await t.owner('tenants').where({ id: f.tenant.id }).update({ status: 'active' });
    }
  });
});
