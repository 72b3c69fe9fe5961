import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../helpers/test-app.ts';
import { createTenantFixture, loginAs, TEST_PASSWORD, type TenantFixture } from '../../factories/tenant-fixture.ts';

let t: TestApp;
let f: TenantFixture;

beforeAll(async () => {
  t = await createTestApp();
  f = await createTenantFixture(t);
});
afterAll(async () => {
  await f?.cleanup();
  await t?.close();
});

describe('POST /v1/auth/login', () => {
  it('returns an RS256 access token with a kid and a refresh token', async () => {
    const res = await t.http.post('/v1/auth/login').send({ email: f.users.orgMember.email, password: TEST_PASSWORD });
    expect(res.status).toBe(200);
    expect(res.body.expiresIn).toBeLessThanOrEqual(900);
    const header = JSON.parse(Buffer.from(res.body.accessToken.split('.')[0], 'base64url').toString());
    expect(header.alg).toBe('RS256');
    expect(t.container.keys.publicPem(header.kid)).toBeTruthy();
    expect(res.body.refreshToken).toMatch(/^rt_/);
  });

  it('answers a wrong password with a problem and no token', async () => {
    const res = await t.http.post('/v1/auth/login').send({ email: f.users.orgMember.email, password: 'wrong-password-1' });
    expect(res.status).toBe(401);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body.type).toBe('/problems/invalid-credentials');
    expect(res.body.accessToken).toBeUndefined();
  });
});

describe('POST /v1/auth/refresh', () => {
  it('rotates the refresh token, and a reused one revokes the whole family', async () => {
    const first = await loginAs(t, f.users.orgAdmin);
    const second = await t.http.post('/v1/auth/refresh').send({ refreshToken: first.refreshToken });
    expect(second.status).toBe(200);
    expect(second.body.refreshToken).not.toBe(first.refreshToken);

    const replay = await t.http.post('/v1/auth/refresh').send({ refreshToken: first.refreshToken });
    expect(replay.status).toBe(401);
    expect(replay.body.type).toBe('/problems/refresh-token-reused');

    // The legitimate holder's newer token died with the family.
    const afterReuse = await t.http.post('/v1/auth/refresh').send({ refreshToken: second.body.refreshToken });
    expect(afterReuse.status).toBe(401);
  });
});

describe('GET /v1/me', () => {
  it('returns the caller with tenant, organization and permissions', async () => {
    const { accessToken } = await loginAs(t, f.users.orgAdmin);
    const res = await t.http.get('/v1/me').set('Authorization', `Bearer ${accessToken}`);
    expect(res.status).toBe(200);
    expect(res.body.user.email).toBe(f.users.orgAdmin.email);
    expect(res.body.tenant.id).toBe(f.tenant.id);
    expect(res.body.organization.id).toBe(f.org.id);
    expect(res.body.permissions).toContainEqual({ action: 'members.invite', scope: 'organization' });
    expect(JSON.stringify(res.body)).not.toMatch(/password/i);
  });

  it('refuses a missing token with 401 problem+json', async () => {
    const res = await t.http.get('/v1/me');
    expect(res.status).toBe(401);
    expect(res.body.type).toBe('/problems/unauthenticated');
  });
});
