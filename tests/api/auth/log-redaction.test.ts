import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../../api/src/lib/logger.ts';
import { createTestApp, type TestApp } from '../../helpers/test-app.ts';
import { createTenantFixture, loginAs, TEST_PASSWORD, type TenantFixture } from '../../factories/tenant-fixture.ts';

let t: TestApp;
let f: TenantFixture;
const chunks: string[] = [];

beforeAll(async () => {
  const sink = new Writable({
    write(chunk, _encoding, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  t = await createTestApp({ LOGIN_MAX_PER_IP: '1000' }, { logger: createLogger('trace', {}, sink) });
  f = await createTenantFixture(t);
});
afterAll(async () => {
  await f?.cleanup();
  await t?.close();
});

describe('structured logs', () => {
  it('never contain passwords, access tokens or refresh tokens, and carry a request id', async () => {
    const pair = await loginAs(t, f.users.orgAdmin);
    const bearer = { Authorization: `Bearer ${pair.accessToken}` };
    const refreshed = await t.http.post('/v1/auth/refresh').send({ refreshToken: pair.refreshToken });
    expect(refreshed.status).toBe(200);
    // Failing requests with secrets in the body, the header and the query string.
    await t.http.post('/v1/auth/login').send({ email: f.users.orgAdmin.email, password: 'wrong-secret-password-123' }).expect(401);
    await t.http.post('/v1/auth/change-password').set(bearer).send({ currentPassword: 'wrong-secret-password-123', newPassword: 'another-secret-password-456' }).expect(401);
    await t.http.get(`/v1/me?token=${pair.refreshToken}`).set(bearer).expect(400);
    await t.http.get('/v1/me').set({ Authorization: `Bearer ${pair.accessToken}x` }).expect(401);
    await t.http.post('/v1/auth/refresh').send({ refreshToken: pair.refreshToken }).expect(401);
    await t.http.post('/v1/auth/logout').send({ refreshToken: refreshed.body.refreshToken }).expect(204);
    await t.http.post('/v1/auth/register').set('Content-Type', 'application/json').send(`{"email":"x@y.test","password":"${TEST_PASSWORD}"`).expect(400);

    const text = chunks.join('');
    expect(text.length).toBeGreaterThan(0);
    const lines = text.trim().split('\n').map((line) => JSON.parse(line));
    expect(lines.filter((l) => l.msg === 'request').every((l) => typeof l.reqId === 'string' && l.reqId.length > 0)).toBe(true);

    for (const secret of [
      TEST_PASSWORD,
      'wrong-secret-password-123',
      'another-secret-password-456',
      pair.accessToken,
      pair.refreshToken,
      refreshed.body.accessToken,
      refreshed.body.refreshToken,
      // A signature alone is enough to replay a token.
      pair.accessToken.split('.')[2],
      pair.refreshToken.slice(3),
    ]) {
      expect(text).not.toContain(secret);
    }
  });

  it('redacts secrets even when code logs them by mistake', () => {
    const captured: string[] = [];
    const sink = new Writable({
      write(chunk, _encoding, done) {
        captured.push(chunk.toString());
        done();
      },
    });
    const logger = createLogger('info', {}, sink);
    logger.info({ password: 'p4ss-word-leak', body: { refreshToken: 'rt_leak', accessToken: 'at_leak', newPassword: 'np-leak' }, req: { headers: { authorization: 'Bearer at_leak2' } } }, 'oops');
    const text = captured.join('');
    expect(text).toContain('oops');
    for (const secret of ['p4ss-word-leak', 'rt_leak', 'at_leak', 'np-leak']) expect(text).not.toContain(secret);
  });
});
