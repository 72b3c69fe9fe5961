import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createLocalJWKSet, createRemoteJWKSet, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rotateSigningKey } from '../../../api/src/modules/auth/signing-keys.ts';
import { createTestApp, type TestApp } from '../../helpers/test-app.ts';
import { createTenantFixture, loginAs, type TenantFixture } from '../../factories/tenant-fixture.ts';
import { decodeJwt } from '../../helpers/tokens.ts';

let keysDir: string;
let before: TestApp;
let after: TestApp;
let f: TenantFixture;
let oldToken: string;
let newToken: string;
let oldKid: string;
let newKid: string;

beforeAll(async () => {
  keysDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dr-rotation-'));
  before = await createTestApp({ KEYS_DIR: keysDir, LOGIN_MAX_PER_IP: '1000' });
  f = await createTenantFixture(before);
  oldToken = (await loginAs(before, f.users.orgMember)).accessToken;
  oldKid = before.container.keys.active.kid;

  newKid = await rotateSigningKey(keysDir);
  // A restarted process loads the rotated key file.
  after = await createTestApp({ KEYS_DIR: keysDir, LOGIN_MAX_PER_IP: '1000' });
  newToken = (await loginAs(after, f.users.orgMember)).accessToken;
});
afterAll(async () => {
  await f?.cleanup();
  await before?.close();
  await after?.close();
  if (keysDir) fs.rmSync(keysDir, { recursive: true, force: true });
});

describe('signing-key rotation', () => {
  it('creates the key file readable by its owner only', () => {
    const mode = fs.statSync(path.join(keysDir, 'signing-keys.json')).mode & 0o777;
    expect(mode).toBe(0o600);
    expect(fs.statSync(keysDir).mode & 0o077).toBe(0);
  });

  it('signs new tokens with the new key', () => {
    expect(newKid).not.toBe(oldKid);
    expect(after.container.keys.active.kid).toBe(newKid);
    expect(decodeJwt(oldToken).header.kid).toBe(oldKid);
    expect(decodeJwt(newToken).header.kid).toBe(newKid);
  });

  it('still accepts a token signed before the rotation, and accepts the new one', async () => {
    expect((await after.http.get('/v1/me').set('Authorization', `Bearer ${oldToken}`)).status).toBe(200);
    expect((await after.http.get('/v1/me').set('Authorization', `Bearer ${newToken}`)).status).toBe(200);
  });

  it('publishes both kids in /.well-known/jwks.json, with public parts only', async () => {
    const res = await after.http.get('/.well-known/jwks.json');
    expect(res.status).toBe(200);
    const kids = res.body.keys.map((k: { kid: string }) => k.kid);
    expect(kids).toEqual(expect.arrayContaining([oldKid, newKid]));
    for (const key of res.body.keys) {
      expect(key).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig' });
      for (const privatePart of ['d', 'p', 'q', 'dp', 'dq', 'qi']) expect(key[privatePart]).toBeUndefined();
    }
  });

  it('lets a third party verify both tokens from the JWKS document (local key set)', async () => {
    const jwks = createLocalJWKSet((await after.http.get('/.well-known/jwks.json')).body);
    for (const token of [oldToken, newToken]) {
      const { payload, protectedHeader } = await jwtVerify(token, jwks, { issuer: after.config.JWT_ISSUER, audience: 'defaultrate-api', algorithms: ['RS256'] });
      expect(payload.sub).toBe(f.users.orgMember.id);
      expect(protectedHeader.alg).toBe('RS256');
    }
  });

  it('lets a third party verify both tokens from the JWKS URL (remote key set)', async () => {
    const server = http.createServer(after.app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const jwks = createRemoteJWKSet(new URL(`http://127.0.0.1:${port}/.well-known/jwks.json`));
      for (const token of [oldToken, newToken]) {
        const { payload } = await jwtVerify(token, jwks, { issuer: after.config.JWT_ISSUER, audience: 'defaultrate-api' });
        expect(payload.sub).toBe(f.users.orgMember.id);
      }
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('keeps retired keys through the grace period and drops them afterwards, never the active one', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dr-rotation-grace-'));
    const kidsIn = () => JSON.parse(fs.readFileSync(path.join(dir, 'signing-keys.json'), 'utf8')).keys.map((k: { kid: string }) => k.kid);
    try {
      const first = await rotateSigningKey(dir);
      const second = await rotateSigningKey(dir);
      expect(kidsIn()).toEqual([first, second]);
      // Two days on, `first` is retired and past its grace; `second` was active until now, so it stays.
      const third = await rotateSigningKey(dir, new Date(Date.now() + 2 * 24 * 3600 * 1000));
      expect(kidsIn()).toEqual([second, third]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
