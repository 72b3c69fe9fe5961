import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../helpers/test-app.ts';
import { createTenantFixture, loginAs, type TenantFixture } from '../../factories/tenant-fixture.ts';
import { ADMIN_PANELS } from '../../../api/src/modules/embed-tokens/admin-panels.ts';
import { fillPath, listOperations, pathParams } from '../../helpers/openapi-operations.ts';
import { decodeJwt } from '../../helpers/tokens.ts';
import { allowEmbedding, originOf, secondOriginOf, tenantApiKey } from './embed-kit.ts';

/**
 * Admin embed tokens: an admin's own session mints a token with which the admin panels act as that
 * admin from a host page, limited to the panels' operations, origins and the admin's current role.
 */

let t: TestApp;
let f: TenantFixture;
const bearer: Record<string, string> = {};
const opsTag = randomUUID().slice(0, 8);
const platformOrigin = () => `https://ops-${opsTag}.example`;

beforeAll(async () => {
  t = await createTestApp({ PLATFORM_EMBED_ORIGINS: `https://ops-${opsTag}.example, https://ops2-${opsTag}.example` });
  f = await createTenantFixture(t);
  await allowEmbedding(t, f);
  for (const key of ['superAdmin', 'tenantAdmin', 'orgAdmin', 'orgMember', 'otherOrgAdmin'] as const) {
    bearer[key] = `Bearer ${(await loginAs(t, f.users[key])).accessToken}`;
  }
});
afterAll(async () => {
  await t?.owner('audit_events').where({ tenant_id: f?.tenant.id }).delete();
  await t?.owner('admin_embed_tokens').where({ user_id: f?.users.superAdmin.id }).delete();
  await f?.cleanup();
  await t?.close();
});

async function mintAdmin(as: string, body: Record<string, unknown>): Promise<{ status: number; body: { token: string; jti: string; expiresAt: string; type?: string; detail?: string }; text: string }> {
  return t.http.post('/v1/embed-tokens/admin').set('Authorization', bearer[as] as string).send(body);
}

const asPanel = (token: string, origin = originOf(f)) => ({
  get: (path: string) => t.http.get(path).set('Authorization', `Bearer ${token}`).set('Origin', origin),
  post: (path: string, body: object) => t.http.post(path).set('Authorization', `Bearer ${token}`).set('Origin', origin).send(body),
  delete: (path: string) => t.http.delete(path).set('Authorization', `Bearer ${token}`).set('Origin', origin),
});

describe('POST /v1/embed-tokens/admin', () => {
  it('mints a token that acts as the calling admin, with its own type, the tenant origins and a 5-minute life', async () => {
    const res = await mintAdmin('orgAdmin', { widgets: ['dr-org-admin-panel'] });
    expect(res.status, res.text).toBe(201);
    const { payload } = decodeJwt(res.body.token);
    expect(payload).toMatchObject({ typ: 'embed-admin', aud: 'defaultrate-embed', sub: f.users.orgAdmin.id, jti: res.body.jti, widgets: ['dr-org-admin-panel'], origins: [originOf(f), secondOriginOf(f)] });
    expect((payload.exp as number) - (payload.iat as number)).toBe(300);
    const row = await t.owner('admin_embed_tokens').where({ jti: res.body.jti }).first();
    expect(row).toMatchObject({ user_id: f.users.orgAdmin.id, tenant_id: f.tenant.id, revoked_at: null });
    expect(await t.owner('audit_events').where({ action: 'admin_embed_token.issued', target_id: res.body.jti }).first()).toBeTruthy();
  });

  it('refuses panels the role may not embed, API keys, foreign origins and non-panels', async () => {
    expect((await mintAdmin('orgMember', { widgets: ['dr-org-admin-panel'] })).status).toBe(403);
    expect((await mintAdmin('orgAdmin', { widgets: ['dr-tenant-admin-panel'] })).status).toBe(403);
    expect((await mintAdmin('tenantAdmin', { widgets: ['dr-super-admin-panel'] })).status).toBe(403);
    expect((await mintAdmin('orgAdmin', { widgets: ['dr-risk-card'] })).status).toBe(400);
    const foreign = await mintAdmin('orgAdmin', { widgets: ['dr-org-admin-panel'], origins: ['https://elsewhere.example'] });
    expect(foreign.status).toBe(400);
    expect(foreign.text).toContain('/body/origins/0');
    const apiKey = await tenantApiKey(t, f);
    const byKey = await t.http.post('/v1/embed-tokens/admin').set('X-Api-Key', apiKey).send({ widgets: ['dr-org-admin-panel'] });
    expect(byKey.status).toBe(401);
  });

  it('lets the panel do its work as the admin, and nothing outside the panel', async () => {
    const { body } = await mintAdmin('orgAdmin', { widgets: ['dr-org-admin-panel'] });
    const panel = asPanel(body.token);
    const members = await panel.get(`/v1/organizations/${f.org.id}/members`);
    expect(members.status, members.text).toBe(200);
    expect(members.body.items.map((u: { id: string }) => u.id)).toContain(f.users.orgMember.id);

    const invited = await panel.post(`/v1/organizations/${f.org.id}/invitations`, { email: `panel-${f.tag}@fixture.test`, role: 'org_member' });
    expect(invited.status, invited.text).toBe(201);
    const invitation = await t.owner('invitations').where({ id: invited.body.invitation?.id ?? invited.body.id }).first();
    expect(invitation.invited_by).toBe(f.users.orgAdmin.id);

    // Not one of the panel's operations, though the admin could call it with their own session.
    expect((await panel.get('/v1/companies')).status).toBe(403);
    expect((await panel.post('/v1/embed-tokens/admin', { widgets: ['dr-org-admin-panel'] })).status).toBe(403);
    // The admin's own limits still hold: another organization of the tenant is not theirs.
    expect((await panel.get(`/v1/organizations/${f.otherOrg.id}/members`)).status).toBe(404);
  });

  it('is accepted only from its origins', async () => {
    const { body } = await mintAdmin('orgAdmin', { widgets: ['dr-org-admin-panel'], origins: [secondOriginOf(f)] });
    expect((await asPanel(body.token, secondOriginOf(f)).get(`/v1/organizations/${f.org.id}/members`)).status).toBe(200);
    expect((await asPanel(body.token, originOf(f)).get(`/v1/organizations/${f.org.id}/members`)).status).toBe(403);
    expect((await t.http.get(`/v1/organizations/${f.org.id}/members`).set('Authorization', `Bearer ${body.token}`)).status).toBe(403);
  });

  it('stops working when the admin is demoted, changes password, or revokes it', async () => {
    const demoted = (await mintAdmin('otherOrgAdmin', { widgets: ['dr-org-admin-panel'] })).body;
    const path = `/v1/organizations/${f.otherOrg.id}/members`;
    expect((await asPanel(demoted.token).get(path)).status).toBe(200);
    const setRole = (role: string) => t.http.patch(`${path}/${f.users.otherOrgAdmin.id}`).set('Authorization', bearer.tenantAdmin as string).send({ role });
    expect((await setRole('org_member')).status).toBe(200);
    try {
      expect((await asPanel(demoted.token).get(path)).status).toBe(403);
    } finally {
      expect((await setRole('org_admin')).status).toBe(200);
    }

    const passworded = (await mintAdmin('orgAdmin', { widgets: ['dr-org-admin-panel'] })).body;
    const revoked = (await mintAdmin('orgAdmin', { widgets: ['dr-org-admin-panel'] })).body;
    const members = `/v1/organizations/${f.org.id}/members`;
    const del = await t.http.delete(`/v1/embed-tokens/${revoked.jti}`).set('Authorization', bearer.orgAdmin as string);
    expect(del.status, del.text).toBe(204);
    const afterRevoke = await asPanel(revoked.token).get(members);
    expect(afterRevoke.status).toBe(401);
    expect(afterRevoke.body.type).toMatch(/embed-token-revoked$/);
    expect((await asPanel(passworded.token).get(members)).status).toBe(200);

    const before = await t.owner('users').where({ id: f.users.orgAdmin.id }).first('password_changed_at');
    await t.owner('users').where({ id: f.users.orgAdmin.id }).update({ password_changed_at: new Date(before.password_changed_at.getTime() + 1000) });
    try {
      expect((await asPanel(passworded.token).get(members)).status).toBe(401);
    } finally {
      await t.owner('users').where({ id: f.users.orgAdmin.id }).update({ password_changed_at: before.password_changed_at });
    }
  });

  it('is ended by a tenant-wide revoke-all, and another organization admin cannot revoke it', async () => {
    const { body } = await mintAdmin('orgAdmin', { widgets: ['dr-org-admin-panel'] });
    expect((await t.http.delete(`/v1/embed-tokens/${body.jti}`).set('Authorization', bearer.otherOrgAdmin as string)).status).toBe(404);
    const all = await t.http.post('/v1/embed-tokens/revoke-all').set('Authorization', bearer.tenantAdmin as string).send({});
    expect(all.status, all.text).toBe(200);
    expect(all.body.revokedCount).toBeGreaterThanOrEqual(1);
    expect((await asPanel(body.token).get(`/v1/organizations/${f.org.id}/members`)).status).toBe(401);
  });

  it('gives super admins platform origins only, with CORS for the panels\' methods', async () => {
    const res = await mintAdmin('superAdmin', { widgets: ['dr-super-admin-panel', 'dr-tenant-admin-panel'] });
    expect(res.status, res.text).toBe(201);
    expect(decodeJwt(res.body.token).payload.origins).toEqual([platformOrigin(), `https://ops2-${opsTag}.example`]);
    const tenants = await asPanel(res.body.token, platformOrigin()).get(`/v1/tenants?q=${f.tag}`);
    expect(tenants.status, tenants.text).toBe(200);
    expect(tenants.body.items.map((x: { id: string }) => x.id)).toContain(f.tenant.id);
    expect((await asPanel(res.body.token, originOf(f)).get('/v1/tenants')).status).toBe(403);
    expect((await asPanel(res.body.token, platformOrigin()).delete(`/v1/tenants/${f.tenant.id}`)).status).toBe(403);

    const preflight = await t.http.options('/v1/tenants/x/embed-origins').set('Origin', platformOrigin()).set('Access-Control-Request-Method', 'PUT');
    expect(preflight.status).toBe(204);
    expect(preflight.headers['access-control-allow-methods']).toContain('PUT');
    expect(preflight.headers['access-control-allow-methods']).toContain('PATCH');
  });
});

describe('an admin embed token outside its panels', () => {
  it('names only operations of the spec in its allow-list, none of them public', () => {
    const byId = new Map(listOperations().map((op) => [op.operationId, op]));
    for (const [panel, { operations }] of Object.entries(ADMIN_PANELS)) {
      for (const operationId of operations) {
        expect(byId.has(operationId), `${panel}: ${operationId}`).toBe(true);
        expect(byId.get(operationId)?.isPublic, `${panel}: ${operationId}`).toBe(false);
      }
    }
  });

  it('is refused (403) by every operation none of its panels needs, even for a super admin', async () => {
    const { body } = await mintAdmin('superAdmin', { widgets: ['dr-super-admin-panel'] });
    const allowed = new Set<string>(ADMIN_PANELS['dr-super-admin-panel'].operations);
    const values: Record<string, string> = { organizationId: f.org.id, tenantId: f.tenant.id, userId: f.users.orgMember.id };
    const failures: string[] = [];
    for (const op of listOperations()) {
      if (allowed.has(op.operationId) || op.isPublic) continue;
      const ids = Object.fromEntries(pathParams(op.path).map((p) => [p, values[p] ?? '00000000-0000-4000-8000-000000000001']));
      const path = fillPath(op.path, ids);
      const req = t.http[op.method](path).set('Authorization', `Bearer ${body.token}`).set('Origin', platformOrigin());
      const res = op.bodyExample !== undefined && !op.isUpload ? await req.send(op.bodyExample as object) : await req;
      const expected = (op.bodyRequired && op.bodyExample === undefined) || op.isUpload ? [400, 403, 415] : [403];
      if (!expected.includes(res.status)) failures.push(`${op.operationId} ${op.method.toUpperCase()} ${path} → ${res.status} ${res.text.slice(0, 120)}`);
    }
    expect(failures).toEqual([]);
    // The tenant was not deleted nor changed by any of those calls.
    expect(await t.owner('tenants').where({ id: f.tenant.id }).first('name')).toEqual({ name: f.tenant.name });
  });
});

describe('tenant embed origins', () => {
  const path = () => `/v1/tenants/${f.tenant.id}/embed-origins`;

  it('are read by the tenant\'s admins and organization admins, and replaced by tenant admins only', async () => {
    for (const who of ['tenantAdmin', 'orgAdmin', 'superAdmin']) {
      const res = await t.http.get(path()).set('Authorization', bearer[who] as string);
      expect(res.status, `${who}: ${res.text}`).toBe(200);
      expect(res.body.origins).toEqual([originOf(f), secondOriginOf(f)]);
    }
    expect((await t.http.get(path()).set('Authorization', bearer.orgMember as string)).status).toBe(403);
    expect((await t.http.put(path()).set('Authorization', bearer.orgAdmin as string).send({ origins: [] })).status).toBe(403);

    const bad = await t.http.put(path()).set('Authorization', bearer.tenantAdmin as string).send({ origins: ['http://bank.example'] });
    expect(bad.status).toBe(400);
    const res = await t.http
      .put(path())
      .set('Authorization', bearer.tenantAdmin as string)
      .send({ origins: [originOf(f).toUpperCase().replace('HTTPS', 'https'), secondOriginOf(f), 'http://localhost:8080'] });
    expect(res.status, res.text).toBe(200);
    expect(res.body.origins).toEqual([originOf(f), secondOriginOf(f), 'http://localhost:8080']);
    const audit = await t.owner('audit_events').where({ action: 'tenant.embed_origins_replaced', target_id: f.tenant.id }).first();
    expect(audit.actor_user_id).toBe(f.users.tenantAdmin.id);
    await allowEmbedding(t, f);
  });

  it('is the only column of the tenant a tenant admin can change, even past the routes', async () => {
    const { withTenant } = await import('../../../api/src/db/with-tenant.ts');
    const asTenantAdmin = { userId: f.users.tenantAdmin.id, role: 'tenant_admin' as const, tenantId: f.tenant.id, orgId: null };
    await expect(withTenant(t.container.db, asTenantAdmin, (trx) => trx('tenants').where({ id: f.tenant.id }).update({ name: 'Renamed by tenant admin' }))).rejects.toThrow(/only a super admin/);
    await expect(withTenant(t.container.db, asTenantAdmin, (trx) => trx('tenants').where({ id: f.tenant.id }).update({ status: 'suspended' }))).rejects.toThrow(/only a super admin/);
    const updated = await withTenant(t.container.db, asTenantAdmin, (trx) => trx('tenants').where({ id: f.tenant.id }).update({ embed_origins: [originOf(f)] }));
    expect(updated).toBe(1);
    const asOrgAdmin = { userId: f.users.orgAdmin.id, role: 'org_admin' as const, tenantId: f.tenant.id, orgId: f.org.id };
    expect(await withTenant(t.container.db, asOrgAdmin, (trx) => trx('tenants').where({ id: f.tenant.id }).update({ embed_origins: [] }))).toBe(0);
    expect((await t.owner('tenants').where({ id: f.tenant.id }).first()).name).toBe(f.tenant.name);
    await allowEmbedding(t, f);
  });
});
