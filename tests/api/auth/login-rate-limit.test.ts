import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../helpers/test-app.ts';
import { createTenantFixture, TEST_PASSWORD, type TenantFixture } from '../../factories/tenant-fixture.ts';

let perAccount: TestApp;
let perIp: TestApp;
let f: TenantFixture;

beforeAll(async () => {
  // Separate apps get separate Redis prefixes, so the two limits are observed independently.
  perAccount = await createTestApp({ LOGIN_MAX_PER_ACCOUNT: '3', LOGIN_MAX_PER_IP: '1000', LOGIN_WINDOW_SECONDS: '120' });
  perIp = await createTestApp({ LOGIN_MAX_PER_ACCOUNT: '1000', LOGIN_MAX_PER_IP: '4', LOGIN_WINDOW_SECONDS: '120' });
  f = await createTenantFixture(perAccount);
});
afterAll(async () => {
  await f?.cleanup();
  await perAccount?.close();
  await perIp?.close();
});

function expectRateLimited(res: { status: number; headers: Record<string, string>; body: Record<string, unknown> }) {
  expect(res.status).toBe(429);
  expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
  expect(res.body.type).toBe('/problems/rate-limited');
  const retryAfter = Number(res.headers['retry-after']);
  expect(Number.isInteger(retryAfter)).toBe(true);
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(120);
  expect(res.body.accessToken).toBeUndefined();
}

describe('POST /v1/auth/login rate limits', () => {
  it('locks an account after LOGIN_MAX_PER_ACCOUNT failures, even for the right password, with 429 and Retry-After', async () => {
    const email = f.users.orgMember.email;
    for (let i = 0; i < 3; i++) {
      const res = await perAccount.http.post('/v1/auth/login').send({ email, password: `wrong-password-${i}` });
      expect(res.status).toBe(401);
    }
    expectRateLimited(await perAccount.http.post('/v1/auth/login').send({ email, password: TEST_PASSWORD }));
    // Letter case does not open a second counter.
    expectRateLimited(await perAccount.http.post('/v1/auth/login').send({ email: email.toUpperCase(), password: TEST_PASSWORD }));
  });

  it('counts per account: another account from the same address still logs in', async () => {
    const res = await perAccount.http.post('/v1/auth/login').send({ email: f.users.orgAdmin.email, password: TEST_PASSWORD });
    expect(res.status).toBe(200);
  });

  it('clears the failures of an account when it logs in successfully', async () => {
    const email = f.users.tenantAdmin.email;
    for (let i = 0; i < 2; i++) expect((await perAccount.http.post('/v1/auth/login').send({ email, password: 'wrong-password' })).status).toBe(401);
    expect((await perAccount.http.post('/v1/auth/login').send({ email, password: TEST_PASSWORD })).status).toBe(200);
    for (let i = 0; i < 2; i++) expect((await perAccount.http.post('/v1/auth/login').send({ email, password: 'wrong-password' })).status).toBe(401);
    expect((await perAccount.http.post('/v1/auth/login').send({ email, password: TEST_PASSWORD })).status).toBe(200);
  });

  it('limits every attempt from one address after LOGIN_MAX_PER_IP, whatever the account, with 429 and Retry-After', async () => {
    for (let i = 0; i < 4; i++) {
      const res = await perIp.http.post('/v1/auth/login').send({ email: `nobody-${i}-${f.tag}@fixture.test`, password: 'wrong-password' });
      expect(res.status).toBe(401);
    }
    expectRateLimited(await perIp.http.post('/v1/auth/login').send({ email: f.users.individual.email, password: TEST_PASSWORD }));
  });

  it('does not count a 429 refusal as a password guess (no hashing, no audit of a failed login)', async () => {
    const before = await perAccount.owner('audit_events').where({ action: 'auth.login_failed', target_id: f.users.orgMember.id }).count<{ count: number }[]>('* as count');
    expectRateLimited(await perAccount.http.post('/v1/auth/login').send({ email: f.users.orgMember.email, password: 'wrong-again' }));
    const after = await perAccount.owner('audit_events').where({ action: 'auth.login_failed', target_id: f.users.orgMember.id }).count<{ count: number }[]>('* as count');
    expect(Number(after[0]!.count)).toBe(Number(before[0]!.count));
  });
});
