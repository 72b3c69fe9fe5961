import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../helpers/test-app.ts';
import { createTenantFixture, loginAs, type TenantFixture } from '../../factories/tenant-fixture.ts';
import { decodeJwt, resignAccessToken, tamperedToken, unsignedToken } from '../../helpers/tokens.ts';

let t: TestApp;
let f: TenantFixture;
let accessToken: string;
let refreshToken: string;

beforeAll(async () => {
  t = await createTestApp({ LOGIN_MAX_PER_IP: '1000' });
  f = await createTenantFixture(t);
  ({ accessToken, refreshToken } = await loginAs(t, f.users.orgMember));
});
afterAll(async () => {
  await f?.cleanup();
  await t?.close();
});

async function me(token: string) {
  return t.http.get('/v1/me').set('Authorization', `Bearer ${token}`);
}

function expectRefused(res: Awaited<ReturnType<typeof me>>, type = '/problems/token-invalid') {
  expect(res.status).toBe(401);
  expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
  expect(res.body.type).toBe(type);
  expect(res.body.user).toBeUndefined();
}

describe('bearer token verification', () => {
  it('accepts a genuine token, and a re-signed copy of it (the forging helper is sound)', async () => {
    expect((await me(accessToken)).status).toBe(200);
    expect((await me(await resignAccessToken(t.container.keys, accessToken))).status).toBe(200);
  });

  it('refuses an expired token with 401 /problems/token-expired', async () => {
    const now = Math.floor(Date.now() / 1000);
    const expired = await resignAccessToken(t.container.keys, accessToken, (p) => ({ ...p, iat: now - 1000, exp: now - 60 }));
    expectRefused(await me(expired), '/problems/token-expired');
  });

  it('refuses a token whose payload was changed after signing', async () => {
    const tampered = tamperedToken(accessToken, (p) => ({ ...p, role: 'super_admin', sub: f.users.superAdmin.id }));
    expectRefused(await me(tampered));
  });

  it('refuses a token whose signature was changed', async () => {
    const [h, p, s] = accessToken.split('.');
    const flipped = `${h}.${p}.${s!.slice(0, -4)}${s!.slice(-4) === 'AAAA' ? 'BBBB' : 'AAAA'}`;
    expectRefused(await me(flipped));
  });

  it('refuses an unsigned alg:none token', async () => {
    expectRefused(await me(unsignedToken(accessToken)));
    const noneNoKid = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${accessToken.split('.')[1]}.`;
    expectRefused(await me(noneNoKid));
  });

  it('refuses an HS256 token signed with our RSA public key (PEM) as the HMAC secret', async () => {
    const { header, payload } = decodeJwt(accessToken);
    const pem = t.container.keys.publicPem(header.kid as string)!;
    const confused = await new SignJWT(payload).setProtectedHeader({ alg: 'HS256', kid: header.kid as string, typ: 'JWT' }).sign(new TextEncoder().encode(pem));
    expectRefused(await me(confused));
  });

  it('refuses a token with an unknown kid, and one with no kid', async () => {
    expectRefused(await me(await resignAccessToken(t.container.keys, accessToken, (p) => p, { kid: 'not-our-key' })));
    const { payload } = decodeJwt(accessToken);
    const noKid = await new SignJWT(payload).setProtectedHeader({ alg: 'RS256', typ: 'JWT' }).sign(t.container.keys.active.privateKey);
    expectRefused(await me(noKid));
  });

  it('refuses a token with a wrong issuer or a wrong audience', async () => {
    expectRefused(await me(await resignAccessToken(t.container.keys, accessToken, (p) => ({ ...p, iss: 'someone-else' }))));
    expectRefused(await me(await resignAccessToken(t.container.keys, accessToken, (p) => ({ ...p, aud: 'defaultrate-embed' }))));
    const { iss: _iss, ...noIssuer } = decodeJwt(accessToken).payload;
    expectRefused(await me(await resignAccessToken(t.container.keys, accessToken, () => noIssuer)));
  });

  it('refuses a correctly signed token that is not an access token', async () => {
    expectRefused(await me(await resignAccessToken(t.container.keys, accessToken, (p) => ({ ...p, typ: 'refresh' }))));
  });

  it('refuses a token without the password version, or with a stale one', async () => {
    const { pwv, ...withoutVersion } = decodeJwt(accessToken).payload;
    expectRefused(await me(await resignAccessToken(t.container.keys, accessToken, () => withoutVersion)));
    expectRefused(await me(await resignAccessToken(t.container.keys, accessToken, (p) => ({ ...p, pwv: Number(pwv) - 1000 }))));
  });

  it('refuses a refresh token used as a bearer token', async () => {
    expectRefused(await me(refreshToken));
  });

  it('refuses a token for a user that does not exist', async () => {
    const ghost = await resignAccessToken(t.container.keys, accessToken, (p) => ({ ...p, sub: '00000000-0000-4000-8000-000000000000' }));
    expectRefused(await me(ghost));
  });

  it('acts on the current role in the database, not the role claimed in the token', async () => {
    const forged = await resignAccessToken(t.container.keys, accessToken, (p) => ({ ...p, role: 'tenant_admin', oid: null }));
    const res = await me(forged);
    expect(res.status).toBe(200);
    expect(res.body.role).toBe('org_member');
  });

  it('answers garbage and a wrong scheme with 401 problems', async () => {
    for (const header of ['Bearer not.a.jwt', 'Bearer ', `Basic ${Buffer.from('a:b').toString('base64')}`, `Token ${accessToken}`]) {
      const res = await t.http.get('/v1/me').set('Authorization', header);
      expect(res.status, header).toBe(401);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    }
  });
});
