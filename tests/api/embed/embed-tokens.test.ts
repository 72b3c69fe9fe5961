import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signEmbedToken } from '../../../api/src/modules/embed-tokens/embed-token-jwt.ts';
import { createTestApp, type TestApp } from '../../helpers/test-app.ts';
import { createTenantFixture, loginAs, type TenantFixture } from '../../factories/tenant-fixture.ts';
import { insertScoredCompany } from '../../factories/scored-company.ts';
import { decodeJwt } from '../../helpers/tokens.ts';
import { allowEmbedding, mint, originOf, secondOriginOf, tenantApiKey } from './embed-kit.ts';

let t: TestApp;
let f: TenantFixture;
let apiKey: string;
const bearer: Record<string, string> = {};

beforeAll(async () => {
  t = await createTestApp();
  f = await createTenantFixture(t);
  await allowEmbedding(t, f);
  apiKey = await tenantApiKey(t, f);
  for (const key of ['superAdmin', 'tenantAdmin', 'orgAdmin', 'orgMember', 'otherOrgAdmin', 'individual'] as const) {
    bearer[key] = `Bearer ${(await loginAs(t, f.users[key])).accessToken}`;
  }
});
afterAll(async () => {
  await t?.owner('audit_events').where({ tenant_id: f?.tenant.id }).delete();
  await f?.cleanup();
  await t?.close();
});

const body = (extra: Record<string, unknown> = {}) => ({ userRef: 'employee-7', organizationId: f.org.id, widgets: ['dr-risk-card'], resources: { portfolio: true }, ...extra });
const companies = (token: string) => t.http.get('/v1/companies').set('Authorization', `Bearer ${token}`).set('Origin', originOf(f));

describe('POST /v1/embed-tokens', () => {
  it('mints an RS256 embed token with its own audience, the claims asked for and a 5-minute default life', async () => {
    const res = await t.http.post('/v1/embed-tokens').set('X-Api-Key', apiKey).send(body({ widgets: ['dr-risk-card', 'dr-company-table'] }));
    expect(res.status, res.text).toBe(201);
    const { header, payload } = decodeJwt(res.body.token);
    expect(header).toMatchObject({ alg: 'RS256', kid: t.container.keys.active.kid });
    expect(payload).toMatchObject({
      typ: 'embed',
      aud: 'defaultrate-embed',
      jti: res.body.jti,
      sub: 'employee-7',
      tid: f.tenant.id,
      oid: f.org.id,
      widgets: ['dr-risk-card', 'dr-company-table'],
      resources: { portfolio: true },
      ro: true,
      origins: [originOf(f), secondOriginOf(f)],
    });
    expect((payload.exp as number) - (payload.iat as number)).toBe(300);
    expect(Date.parse(res.body.expiresAt)).toBe((payload.exp as number) * 1000);
    const row = await t.owner('embed_tokens').where({ jti: res.body.jti }).first();
    expect(row).toMatchObject({ tenant_id: f.tenant.id, organization_id: f.org.id, user_ref: 'employee-7', read_only: true, company_ids: null, revoked_at: null });
    expect((await companies(res.body.token)).status).toBe(200);
  });

  it('is minted by logged-in users for organizations in their reach only', async () => {
    expect((await t.http.post('/v1/embed-tokens').set('Authorization', bearer.orgMember as string).send(body())).status).toBe(201);
    expect((await t.http.post('/v1/embed-tokens').set('Authorization', bearer.orgMember as string).send(body({ organizationId: f.otherOrg.id }))).status).toBe(404);
    expect((await t.http.post('/v1/embed-tokens').set('Authorization', bearer.tenantAdmin as string).send(body({ organizationId: f.otherOrg.id }))).status).toBe(201);
    expect((await t.http.post('/v1/embed-tokens').set('Authorization', bearer.individual as string).send(body())).status).toBe(403);
    expect((await t.http.post('/v1/embed-tokens').send(body())).status).toBe(401);
  });

  it('refuses foreign companies, origins outside the tenant list, too long lives, and tenants without origins', async () => {
    const foreign = await insertScoredCompany(t.owner, { scope: 'organization', tenantId: f.tenant.id, organizationId: f.otherOrg.id }, { name: `Other ${f.tag}` });
    const own = await insertScoredCompany(t.owner, { scope: 'organization', tenantId: f.tenant.id, organizationId: f.org.id }, { name: `Own ${f.tag}` });
    const wrongCompany = await t.http.post('/v1/embed-tokens').set('X-Api-Key', apiKey).send(body({ resources: { companyIds: [own.id, foreign.id] } }));
    expect(wrongCompany.status).toBe(400);
    expect(wrongCompany.body.errors[0].pointer).toBe('/body/resources/companyIds/1');
    const wrongOrigin = await t.http.post('/v1/embed-tokens').set('X-Api-Key', apiKey).send(body({ origins: [originOf(f), 'https://evil.example'] }));
    expect(wrongOrigin.status).toBe(400);
    expect(wrongOrigin.body.errors[0].pointer).toBe('/body/origins/1');
    expect((await t.http.post('/v1/embed-tokens').set('X-Api-Key', apiKey).send(body({ ttlSeconds: 901 }))).status).toBe(400);
    expect(await t.owner('embed_tokens').where({ tenant_id: f.tenant.id, user_ref: 'employee-7' }).whereRaw('company_ids IS NOT NULL')).toEqual([]);

    await t.owner('tenants').where({ id: f.tenant.id }).update({ embed_origins: [] });
    try {
      expect((await t.http.post('/v1/embed-tokens').set('X-Api-Key', apiKey).send(body())).status).toBe(409);
    } finally {
      await allowEmbedding(t, f);
    }
  });
});

describe('expired and revoked embed tokens', () => {
  it('answers an expired token with 401 /problems/embed-token-expired', async () => {
    const { jti } = await mint(t, f, apiKey);
    const expired = await signEmbedToken(
      t.container.keys,
      { jti, sub: 'employee-7', tid: f.tenant.id, oid: f.org.id, widgets: ['dr-risk-card'], resources: { portfolio: true }, ro: true, origins: [originOf(f)] },
      { issuer: t.config.JWT_ISSUER, expiresAt: new Date(Date.now() - 5_000) },
    );
    const res = await companies(expired);
    expect(res.status).toBe(401);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body.type).toBe('/problems/embed-token-expired');
  });

  it('revokes one token by jti (API key or admin) with 401 /problems/embed-token-revoked, and 404s foreign jtis', async () => {
    const first = await mint(t, f, apiKey);
    const second = await mint(t, f, apiKey);
    expect((await t.http.delete(`/v1/embed-tokens/${first.jti}`).set('X-Api-Key', apiKey)).status).toBe(204);
    const res = await companies(first.token);
    expect(res.status).toBe(401);
    expect(res.body.type).toBe('/problems/embed-token-revoked');
    expect((await companies(second.token)).status).toBe(200);

    expect((await t.http.delete(`/v1/embed-tokens/${second.jti}`).set('Authorization', bearer.otherOrgAdmin as string)).status).toBe(404);
    expect((await t.http.delete(`/v1/embed-tokens/${second.jti}`).set('Authorization', bearer.orgMember as string)).status).toBe(403);
    expect((await t.http.delete(`/v1/embed-tokens/${second.jti}`).set('Authorization', bearer.orgAdmin as string)).status).toBe(204);
    expect((await companies(second.token)).body.type).toBe('/problems/embed-token-revoked');
    const audit = await t.owner('audit_events').where({ action: 'embed_token.revoked', target_id: second.jti }).first();
    expect(audit).toMatchObject({ actor_user_id: f.users.orgAdmin.id, organization_id: f.org.id });
  });

  it('revokes every token issued so far in an organization, leaving later ones and other organizations alone', async () => {
    const before = await mint(t, f, apiKey);
    const otherOrg = await mint(t, f, apiKey, { organizationId: f.otherOrg.id });
    const res = await t.http.post('/v1/embed-tokens/revoke-all').set('Authorization', bearer.orgAdmin as string).send({});
    expect(res.status, res.text).toBe(200);
    expect(res.body.revokedCount).toBeGreaterThanOrEqual(1);
    expect((await companies(before.token)).body.type).toBe('/problems/embed-token-revoked');
    expect((await companies(otherOrg.token)).status).toBe(200);
    const after = await mint(t, f, apiKey);
    expect((await companies(after.token)).status).toBe(200);

    const tenantWide = await t.http.post('/v1/embed-tokens/revoke-all').set('X-Api-Key', apiKey).send({});
    expect(tenantWide.status, tenantWide.text).toBe(200);
    expect((await companies(otherOrg.token)).body.type).toBe('/problems/embed-token-revoked');
    expect((await companies(after.token)).body.type).toBe('/problems/embed-token-revoked');
    expect((await t.http.post('/v1/embed-tokens/revoke-all').set('Authorization', bearer.orgAdmin as string).send({ organizationId: f.otherOrg.id })).status).toBe(404);
  });
});
