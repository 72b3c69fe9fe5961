import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../helpers/test-app.ts';
import { createTenantFixture, loginAs, type TenantFixture } from '../../factories/tenant-fixture.ts';

let t: TestApp;
let f: TenantFixture;
const bearer: Record<string, string> = {};

beforeAll(async () => {
  t = await createTestApp();
  f = await createTenantFixture(t);
  for (const key of ['superAdmin', 'tenantAdmin', 'orgAdmin', 'orgMember', 'otherOrgAdmin'] as const) {
    bearer[key] = `Bearer ${(await loginAs(t, f.users[key])).accessToken}`;
  }
});
afterAll(async () => {
  await t?.owner('audit_events').where({ tenant_id: f?.tenant.id }).delete();
  await f?.cleanup();
  await t?.close();
});

const hooksOf = (orgId: string) => `/v1/organizations/${orgId}/webhooks`;

async function createHook(as: string, body: Record<string, unknown> = {}) {
  return t.http
    .post(hooksOf(f.org.id))
    .set('Authorization', bearer[as] as string)
    .send({ url: 'https://hooks.example.test/defaultrate', events: ['alert.created'], ...body });
}

describe('POST /v1/organizations/{organizationId}/webhooks', () => {
  it('returns a whsec_ secret once, stores it only encrypted and audits the creation without it', async () => {
    const res = await createHook('orgAdmin', { events: ['alert.created', 'prediction.band_changed', 'alert.created'] });
    expect(res.status, res.text).toBe(201);
    expect(res.body).toMatchObject({ organizationId: f.org.id, url: 'https://hooks.example.test/defaultrate', isActive: true, createdBy: f.users.orgAdmin.id });
    expect(res.body.events).toEqual(['alert.created', 'prediction.band_changed']);
    const secret: string = res.body.secret;
    expect(secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);

    const row = await t.owner('webhooks').where({ id: res.body.id }).first();
    expect(row.secret_ciphertext).not.toContain(secret);
    expect(row.secret_ciphertext).not.toContain(secret.slice(6));
    expect(row.secret_ciphertext).toMatch(/^v1:/);

    const keyFile = path.join(t.config.KEYS_DIR, 'webhook-secrets.key');
    expect(fs.statSync(keyFile).mode & 0o777).toBe(0o600);

    const got = await t.http.get(`${hooksOf(f.org.id)}/${res.body.id}`).set('Authorization', bearer.orgAdmin as string);
    expect(got.status).toBe(200);
    expect(got.body.secret).toBeUndefined();
    expect(got.text).not.toContain(secret);

    const audit = await t.owner('audit_events').where({ action: 'webhook.created', target_id: res.body.id }).first();
    expect(audit).toMatchObject({ organization_id: f.org.id, actor_user_id: f.users.orgAdmin.id });
    expect(JSON.stringify(audit.details)).not.toContain(secret.slice(6));
  });

  it('refuses plain http except to localhost or 127.0.0.1, and other schemes', async () => {
    for (const url of ['http://hooks.example.test/x', 'ftp://hooks.example.test/x', 'https://user:pw@hooks.example.test/x']) {
      const res = await createHook('orgAdmin', { url });
      expect(res.status, url).toBe(400);
      expect(res.body.errors?.[0]?.pointer ?? res.body.errors?.[0]?.path, url).toMatch(/url/);
    }
    expect((await createHook('orgAdmin', { url: 'http://127.0.0.1:9/hook' })).status).toBe(201);
    expect((await createHook('orgAdmin', { url: 'http://localhost:9/hook' })).status).toBe(201);
  });

  it('refuses unknown events and an empty event list', async () => {
    expect((await createHook('orgAdmin', { events: ['company.deleted'] })).status).toBe(400);
    expect((await createHook('orgAdmin', { events: [] })).status).toBe(400);
  });

  it('lets the tenant admin and a super admin manage it, but not an org member (403) or another org\'s admin (404)', async () => {
    expect((await createHook('tenantAdmin')).status).toBe(201);
    expect((await createHook('superAdmin')).status).toBe(201);
    const member = await createHook('orgMember');
    expect(member.status).toBe(403);
    expect(member.headers['content-type']).toMatch(/application\/problem\+json/);
    expect((await createHook('otherOrgAdmin')).status).toBe(404);
    expect((await t.http.get(hooksOf(f.org.id)).set('Authorization', bearer.orgMember as string)).status).toBe(403);
    expect((await t.http.get(hooksOf(f.org.id))).status).toBe(401);
  });
});

describe('webhook lifecycle', () => {
  it('lists page by page, changes, rotates the secret, deletes, and audits each change', async () => {
    const created = [];
    for (const n of [1, 2, 3]) created.push((await createHook('orgAdmin', { url: `https://lifecycle-${f.tag}-${n}.example.test/hook` })).body);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { status: number; body: { items: { id: string; secret?: string }[]; nextCursor: string | null } } = await t.http.get(hooksOf(f.org.id)).query({ limit: 2, ...(cursor ? { cursor } : {}) }).set('Authorization', bearer.orgAdmin as string);
      expect(page.status).toBe(200);
      expect(page.body.items.length).toBeLessThanOrEqual(2);
      for (const item of page.body.items) expect(item.secret).toBeUndefined();
      seen.push(...page.body.items.map((w: { id: string }) => w.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(new Set(seen).size).toBe(seen.length);
    for (const w of created) expect(seen).toContain(w.id);

    const target = created[0];
    const patched = await t.http
      .patch(`${hooksOf(f.org.id)}/${target.id}`)
      .set('Authorization', bearer.orgAdmin as string)
      .send({ isActive: false, events: ['score_job.completed'] });
    expect(patched.status, patched.text).toBe(200);
    expect(patched.body).toMatchObject({ isActive: false, events: ['score_job.completed'] });

    const rotated = await t.http.post(`${hooksOf(f.org.id)}/${target.id}/secret`).set('Authorization', bearer.orgAdmin as string);
    expect(rotated.status, rotated.text).toBe(200);
    expect(rotated.body.secret).toMatch(/^whsec_/);
    expect(rotated.body.secret).not.toBe(target.secret);

    const deleted = await t.http.delete(`${hooksOf(f.org.id)}/${target.id}`).set('Authorization', bearer.orgAdmin as string);
    expect(deleted.status).toBe(204);
    expect((await t.http.get(`${hooksOf(f.org.id)}/${target.id}`).set('Authorization', bearer.orgAdmin as string)).status).toBe(404);

    const actions = await t.owner('audit_events').where({ target_id: target.id }).orderBy('id').pluck('action');
    expect(actions).toEqual(['webhook.created', 'webhook.updated', 'webhook.secret_rotated', 'webhook.deleted']);
  });

  it("answers 404 for a webhook addressed through another organization's path", async () => {
    const hook = (await createHook('orgAdmin')).body;
    const viaOther = await t.http.get(`${hooksOf(f.otherOrg.id)}/${hook.id}`).set('Authorization', bearer.tenantAdmin as string);
    expect(viaOther.status).toBe(404);
    const patch = await t.http.patch(`${hooksOf(f.otherOrg.id)}/${hook.id}`).set('Authorization', bearer.tenantAdmin as string).send({ isActive: false });
    expect(patch.status).toBe(404);
    expect((await t.owner('webhooks').where({ id: hook.id }).first()).is_active).toBe(true);
  });
});
