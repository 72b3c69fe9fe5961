import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../helpers/test-app.ts';
import { createTenantFixture, loginAs, type TenantFixture } from '../../factories/tenant-fixture.ts';

let t: TestApp;
let f: TenantFixture;
const bearer: Record<string, string> = {};
const ORIGIN = 'https://portal.api-keys.example';

beforeAll(async () => {
  t = await createTestApp();
  f = await createTenantFixture(t);
  await t.owner('tenants').where({ id: f.tenant.id }).update({ embed_origins: [ORIGIN] });
  for (const key of ['superAdmin', 'tenantAdmin', 'orgAdmin', 'orgMember', 'otherOrgAdmin', 'individual'] as const) {
    bearer[key] = `Bearer ${(await loginAs(t, f.users[key])).accessToken}`;
  }
});
afterAll(async () => {
  await t?.owner('audit_events').where({ tenant_id: f?.tenant.id }).delete();
  await f?.cleanup();
  await t?.close();
});

async function createKey(as: string, body: Record<string, unknown> = {}) {
  return t.http.post('/v1/api-keys').set('Authorization', bearer[as] as string).send({ name: 'Portal backend', ...body });
}

const mintBody = () => ({ userRef: 'employee-1', organizationId: f.org.id, widgets: ['dr-risk-card'], resources: { portfolio: true } });

describe('POST /v1/api-keys', () => {
  it('shows the key once, stores only its SHA-256 hash and audits the creation without the secret', async () => {
    const res = await createKey('tenantAdmin', { organizationId: f.org.id });
    expect(res.status, res.text).toBe(201);
    const key: string = res.body.key;
    expect(key).toMatch(/^drk_[0-9a-f]{8}_[A-Za-z0-9_-]{43}$/);
    expect(res.body.apiKey).toMatchObject({ name: 'Portal backend', tenantId: f.tenant.id, organizationId: f.org.id, scopes: ['embed_tokens:create', 'embed_tokens:revoke'], lastUsedAt: null, revokedAt: null });
    expect(key.slice(4, 12)).toBe(res.body.apiKey.prefix);

    const row = await t.owner('api_keys').where({ id: res.body.apiKey.id }).first();
    expect(row.key_hash).toBe(createHash('sha256').update(key).digest('hex'));
    expect(JSON.stringify(row)).not.toContain(key.slice(13));

    const list = await t.http.get('/v1/api-keys').set('Authorization', bearer.tenantAdmin as string);
    expect(list.status, list.text).toBe(200);
    expect(list.body.items.map((k: { id: string }) => k.id)).toContain(res.body.apiKey.id);
    expect(list.text).not.toContain(key.slice(13));
    expect(list.body.items[0].key).toBeUndefined();

    const audit = await t.owner('audit_events').where({ action: 'api_key.created', target_id: res.body.apiKey.id }).first();
    expect(audit).toMatchObject({ tenant_id: f.tenant.id, organization_id: f.org.id, actor_user_id: f.users.tenantAdmin.id });
    expect(JSON.stringify(audit.details)).not.toContain(key.slice(13));
  });

  it('gives an org admin a key for their own organization and refuses members, individuals and other organizations', async () => {
    const own = await createKey('orgAdmin');
    expect(own.status, own.text).toBe(201);
    expect(own.body.apiKey.organizationId).toBe(f.org.id);
    expect((await createKey('orgAdmin', { organizationId: f.otherOrg.id })).status).toBe(404);
    expect((await createKey('orgAdmin', { tenantId: f.tenant.id })).body.apiKey?.organizationId).toBe(f.org.id);
    expect((await createKey('orgMember')).status).toBe(403);
    expect((await createKey('individual')).status).toBe(403);
    // Tenant-wide keys of the tenant stay out of an org admin's list.
    const tenantWide = await createKey('tenantAdmin');
    expect(tenantWide.body.apiKey.organizationId).toBeNull();
    const list = await t.http.get('/v1/api-keys').set('Authorization', bearer.orgAdmin as string);
    expect(list.body.items.map((k: { id: string }) => k.id)).not.toContain(tenantWide.body.apiKey.id);
    expect(list.body.items.every((k: { organizationId: string }) => k.organizationId === f.org.id)).toBe(true);
  });

  it('requires a super admin to name the tenant or organization', async () => {
    const res = await createKey('superAdmin');
    expect(res.status).toBe(400);
    expect(res.body.errors[0].pointer).toBe('/body/tenantId');
    const named = await createKey('superAdmin', { tenantId: f.tenant.id });
    expect(named.status, named.text).toBe(201);
    expect(named.body.apiKey).toMatchObject({ tenantId: f.tenant.id, organizationId: null });
  });
});

describe('API key authentication', () => {
  it('marks the key used, and refuses it once revoked', async () => {
    const created = await createKey('orgAdmin', { scopes: ['embed_tokens:create'] });
    const key: string = created.body.key;
    const minted = await t.http.post('/v1/embed-tokens').set('Authorization', `ApiKey ${key}`).send(mintBody());
    expect(minted.status, minted.text).toBe(201);
    const used = await t.owner('api_keys').where({ id: created.body.apiKey.id }).first();
    expect(used.last_used_at).toBeInstanceOf(Date);

    // The X-Api-Key header works as well.
    expect((await t.http.post('/v1/embed-tokens').set('X-Api-Key', key).send(mintBody())).status).toBe(201);

    const revoked = await t.http.delete(`/v1/api-keys/${created.body.apiKey.id}`).set('Authorization', bearer.orgAdmin as string);
    expect(revoked.status, revoked.text).toBe(204);
    const refused = await t.http.post('/v1/embed-tokens').set('Authorization', `ApiKey ${key}`).send(mintBody());
    expect(refused.status).toBe(401);
    expect(refused.body.type).toBe('/problems/token-invalid');
    const audit = await t.owner('audit_events').where({ action: 'api_key.revoked', target_id: created.body.apiKey.id }).first();
    expect(audit).toBeTruthy();
    const list = await t.http.get('/v1/api-keys').set('Authorization', bearer.orgAdmin as string);
    expect(list.body.items.find((k: { id: string }) => k.id === created.body.apiKey.id).revokedAt).not.toBeNull();
  });

  it('refuses unknown keys, missing scopes, and keys on endpoints that take only access tokens', async () => {
    const unknown = await t.http.post('/v1/embed-tokens').set('X-Api-Key', `drk_00000000_${'A'.repeat(43)}`).send(mintBody());
    expect(unknown.status).toBe(401);
    const revokeOnly = await createKey('tenantAdmin', { scopes: ['embed_tokens:revoke'] });
    const noScope = await t.http.post('/v1/embed-tokens').set('X-Api-Key', revokeOnly.body.key).send(mintBody());
    expect(noScope.status).toBe(403);
    const full = await createKey('tenantAdmin');
    for (const path of ['/v1/companies', '/v1/api-keys', '/v1/me']) {
      const res = await t.http.get(path).set('X-Api-Key', full.body.key);
      expect(res.status, path).toBe(401);
    }
  });

  it('limits an organization key to its organization', async () => {
    const orgKey = await createKey('orgAdmin');
    const foreign = await t.http.post('/v1/embed-tokens').set('X-Api-Key', orgKey.body.key).send({ ...mintBody(), organizationId: f.otherOrg.id });
    expect(foreign.status).toBe(404);
    const tenantKey = await createKey('tenantAdmin');
    const other = await t.http.post('/v1/embed-tokens').set('X-Api-Key', tenantKey.body.key).send({ ...mintBody(), organizationId: f.otherOrg.id });
    expect(other.status, other.text).toBe(201);
  });
});

describe('DELETE /v1/api-keys/{apiKeyId}', () => {
  it("answers 404 for another organization's key and is idempotent", async () => {
    const other = await createKey('otherOrgAdmin');
    expect((await t.http.delete(`/v1/api-keys/${other.body.apiKey.id}`).set('Authorization', bearer.orgAdmin as string)).status).toBe(404);
    expect((await t.http.delete(`/v1/api-keys/${other.body.apiKey.id}`).set('Authorization', bearer.tenantAdmin as string)).status).toBe(204);
    expect((await t.http.delete(`/v1/api-keys/${other.body.apiKey.id}`).set('Authorization', bearer.tenantAdmin as string)).status).toBe(204);
  });
});
