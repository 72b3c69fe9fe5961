import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readDemoHostApiKey, seedDemoHostAccess } from '../../../api/src/db/seeds/demo-host.ts';
import { withTenant } from '../../../api/src/db/with-tenant.ts';
import { createTenantFixture, loginAs, type TenantFixture } from '../../factories/tenant-fixture.ts';
import { createTestApp, type TestApp } from '../../helpers/test-app.ts';
import { allowEmbedding, mint, originOf, tenantApiKey } from '../embed/embed-kit.ts';

let t: TestApp;
let f: TenantFixture;
let apiKey: string;
const startedAt = new Date();
const UA = `web-vitals-test-${Date.now()}`;

beforeAll(async () => {
  t = await createTestApp();
  f = await createTenantFixture(t);
  await allowEmbedding(t, f);
  apiKey = await tenantApiKey(t, f);
});
afterAll(async () => {
  await t?.owner('web_vitals').whereNull('tenant_id').where('created_at', '>=', startedAt).where({ user_agent: UA }).delete();
  await t?.owner('audit_events').where({ tenant_id: f?.tenant.id }).delete();
  await f?.cleanup();
  await t?.close();
});

const report = { page: '/dashboard', metrics: [{ name: 'LCP', value: 1234.5, rating: 'good', navigationType: 'navigate' }, { name: 'CLS', value: 0.12, rating: 'needs-improvement' }] };
const rowsOf = (where: Record<string, unknown>) => t.owner('web_vitals').where(where).where({ user_agent: UA }).orderBy('id');

describe('POST /v1/web-vitals', () => {
  it("stores a read-only embed token's report under its tenant and organization, from an allowed origin", async () => {
    const { token } = await mint(t, f, apiKey, { readOnly: true });
    const res = await t.http.post('/v1/web-vitals').set('Authorization', `Bearer ${token}`).set('Origin', originOf(f)).set('User-Agent', UA).send(report);
    expect(res.status, res.text).toBe(204);
    expect(res.headers['access-control-allow-origin']).toBe(originOf(f));
    const rows = await rowsOf({ tenant_id: f.tenant.id, organization_id: f.org.id });
    expect(rows.map((r) => [r.metric_name, r.value, r.rating, r.navigation_type, r.page])).toEqual([
      ['LCP', 1234.5, 'good', 'navigate', '/dashboard'],
      ['CLS', 0.12, 'needs-improvement', null, '/dashboard'],
    ]);
  });

  it('refuses an embed token from an origin it was not minted for (403) and stores nothing', async () => {
    const { token } = await mint(t, f, apiKey);
    const res = await t.http.post('/v1/web-vitals').set('Authorization', `Bearer ${token}`).set('Origin', 'https://elsewhere.example').set('User-Agent', `${UA}-x`).send(report);
    expect(res.status).toBe(403);
    expect(await t.owner('web_vitals').where({ user_agent: `${UA}-x` })).toEqual([]);
  });

  it("stores a user's report under their own tenant and organization, or none for an individual", async () => {
    const member = (await loginAs(t, f.users.otherOrgMember)).accessToken;
    expect((await t.http.post('/v1/web-vitals').set('Authorization', `Bearer ${member}`).set('User-Agent', UA).send(report)).status).toBe(204);
    expect(await rowsOf({ tenant_id: f.tenant.id, organization_id: f.otherOrg.id })).toHaveLength(2);

    const individual = (await loginAs(t, f.users.individual)).accessToken;
    const one = { page: '/me', metrics: [{ name: 'INP', value: 48, rating: 'good' }] };
    expect((await t.http.post('/v1/web-vitals').set('Authorization', `Bearer ${individual}`).set('User-Agent', UA).send(one)).status).toBe(204);
    expect((await rowsOf({ tenant_id: null, organization_id: null, page: '/me' })).map((r) => r.metric_name)).toEqual(['INP']);
  });

  it('refuses anonymous callers (401) and malformed reports (400)', async () => {
    expect((await t.http.post('/v1/web-vitals').send(report)).status).toBe(401);
    const member = (await loginAs(t, f.users.orgMember)).accessToken;
    for (const bad of [
      { page: '/x', metrics: [] },
      { page: '/x', metrics: [{ name: 'FID', value: 1, rating: 'good' }] },
      { page: '/x', metrics: [{ name: 'LCP', value: -1, rating: 'good' }] },
      { page: '/x', metrics: [{ name: 'LCP', value: 1, rating: 'great' }] },
      { page: '/x', metrics: Array.from({ length: 11 }, () => ({ name: 'LCP', value: 1, rating: 'good' })) },
    ]) {
      const res = await t.http.post('/v1/web-vitals').set('Authorization', `Bearer ${member}`).send(bad);
      expect(res.status, JSON.stringify(bad)).toBe(400);
    }
  });

  it('lets row-level security admit only rows of the caller\'s own tenant and organization', async () => {
    const actor = { userId: f.users.orgMember.id, role: 'org_member' as const, tenantId: f.tenant.id, orgId: f.org.id };
    const foreignRow = { tenant_id: f.tenant.id, organization_id: f.otherOrg.id, page: '/x', metric_name: 'LCP', value: 1, rating: 'good', user_agent: UA };
    await expect(withTenant(t.container.db, actor, (trx) => trx('web_vitals').insert(foreignRow))).rejects.toThrow(/row-level security/);
    // Members write telemetry but cannot read it back; their org admin can.
    expect(await withTenant(t.container.db, actor, (trx) => trx('web_vitals').where({ organization_id: f.org.id }))).toEqual([]);
    const admin = { ...actor, userId: f.users.orgAdmin.id, role: 'org_admin' as const };
    expect((await withTenant(t.container.db, admin, (trx) => trx('web_vitals').where({ organization_id: f.org.id }))).length).toBeGreaterThan(0);
  });
});

describe('seedDemoHostAccess', () => {
  it('adds the origins and writes a 0600 key file once, re-creating the key only when the file is gone', async () => {
    const keyFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'dr-demo-key-')), 'keys', 'demo-host-api-key');
    const target = { tenantId: f.tenant.id, origins: ['http://localhost:3999', 'http://127.0.0.1:3999'], keyFile };
    expect(await seedDemoHostAccess(t.owner, target)).toEqual({ keyCreated: true });
    const key = readDemoHostApiKey(keyFile)!;
    expect(fs.statSync(keyFile).mode & 0o777).toBe(0o600);
    expect(await seedDemoHostAccess(t.owner, target)).toEqual({ keyCreated: false });
    expect(readDemoHostApiKey(keyFile)).toBe(key);
    const origins = (await t.owner('tenants').where({ id: f.tenant.id }).first('embed_origins')).embed_origins as string[];
    expect(origins.filter((o) => o.endsWith(':3999'))).toEqual(target.origins);

    fs.rmSync(keyFile);
    expect(await seedDemoHostAccess(t.owner, target)).toEqual({ keyCreated: true });
    expect(readDemoHostApiKey(keyFile)).not.toBe(key);
    const res = await t.http.post('/v1/embed-tokens').set('X-Api-Key', key).send({ userRef: 'x', organizationId: f.org.id, widgets: ['dr-risk-card'], resources: { portfolio: true } });
    expect(res.status, 'the replaced key is revoked').toBe(401);
    const fresh = await t.http.post('/v1/embed-tokens').set('X-Api-Key', readDemoHostApiKey(keyFile)!).send({ userRef: 'x', organizationId: f.org.id, widgets: ['dr-risk-card'], resources: { portfolio: true } });
    expect(fresh.status).toBe(201);
  });
});
