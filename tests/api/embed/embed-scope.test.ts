import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EMBED_OPERATIONS } from '../../../api/src/modules/embed-tokens/embed-scope.ts';
import { createTestApp, type TestApp } from '../../helpers/test-app.ts';
import { createTenantFixture, loginAs, type TenantFixture } from '../../factories/tenant-fixture.ts';
import { insertScoredCompany } from '../../factories/scored-company.ts';
import { fillPath, listOperations, loadBundledSpec, pathParams } from '../../helpers/openapi-operations.ts';
import { resignAccessToken } from '../../helpers/tokens.ts';
import { statement } from '../portfolio/portfolio-kit.ts';
import { allowEmbedding, mint, originOf, tenantApiKey } from './embed-kit.ts';

let t: TestApp;
let f: TenantFixture;
let b: TenantFixture;
let apiKey: string;
const ids: Record<string, string> = {};
const names: Record<string, string> = {};

beforeAll(async () => {
  t = await createTestApp();
  f = await createTenantFixture(t);
  b = await createTenantFixture(t);
  await allowEmbedding(t, f);
  apiKey = await tenantApiKey(t, f);
  const org = { scope: 'organization' as const, tenantId: f.tenant.id, organizationId: f.org.id };
  const specs: [string, Parameters<typeof insertScoredCompany>[1]][] = [
    ['x', org],
    ['y', org],
    ['otherOrg', { scope: 'organization', tenantId: f.tenant.id, organizationId: f.otherOrg.id }],
    ['personal', { scope: 'personal', ownerUserId: f.users.orgMember.id }],
    ['foreign', { scope: 'organization', tenantId: b.tenant.id, organizationId: b.org.id }],
  ];
  for (const [key, scope] of specs) {
    names[key] = `Embed ${key} ${f.tag}`;
    // Two periods with a band change, so each company also has an alert.
    ids[key] = (await insertScoredCompany(t.owner, scope, { name: names[key] as string, predictions: [{ fiscalYear: 2022, pd: 0.01 }, { fiscalYear: 2023, pd: 0.2 }] })).id;
  }
  for (const [key, fixture] of [['job', f], ['foreignJob', b]] as const) {
    const [job] = await t.owner('score_jobs')
      .insert({ scope: 'organization', tenant_id: fixture.tenant.id, organization_id: fixture.org.id, status: 'completed', file_name: 'book.csv', file_format: 'csv', file_size: 10, storage_path: '/nonexistent', total_rows: 1, processed_rows: 1, succeeded_rows: 1, finished_at: new Date() })
      .returning('id');
    ids[key] = job.id;
  }
});
afterAll(async () => {
  await t?.owner('audit_events').whereIn('tenant_id', [f?.tenant.id, b?.tenant.id].filter(Boolean)).delete();
  await f?.cleanup();
  await b?.cleanup();
  await t?.close();
});

function as(token: string, origin: string | null = originOf(f)) {
  const withHeaders = (req: ReturnType<TestApp['http']['get']>) => {
    req.set('Authorization', `Bearer ${token}`);
    if (origin) req.set('Origin', origin);
    return req;
  };
  return {
    get: (path: string) => withHeaders(t.http.get(path)),
    post: (path: string) => withHeaders(t.http.post(path)),
    delete: (path: string) => withHeaders(t.http.delete(path)),
  };
}

describe('an embed token limited to company X', () => {
  let token: string;
  beforeAll(async () => {
    token = (await mint(t, f, apiKey, { resources: { companyIds: [ids.x as string] } })).token;
  });

  it('reads company X, its predictions, trend and statements', async () => {
    for (const path of [`/v1/companies/${ids.x}`, `/v1/companies/${ids.x}/predictions`, `/v1/companies/${ids.x}/trend`, `/v1/companies/${ids.x}/statements`]) {
      const res = await as(token).get(path);
      expect(res.status, `${path}: ${res.text}`).toBe(200);
    }
    expect((await as(token).get(`/v1/companies/${ids.x}`)).body.name).toBe(names.x);
  });

  it('answers 404 for company Y of the same organization and for every other company', async () => {
    for (const key of ['y', 'otherOrg', 'personal', 'foreign']) {
      for (const suffix of ['', '/predictions', '/trend']) {
        const res = await as(token).get(`/v1/companies/${ids[key]}${suffix}`);
        expect(res.status, `${key}${suffix}`).toBe(404);
        expect(res.text).not.toContain(names[key]);
      }
    }
  });

  it('lists, exports and aggregates only company X', async () => {
    const list = await as(token).get('/v1/companies');
    expect(list.status, list.text).toBe(200);
    expect(list.body.items.map((c: { id: string }) => c.id)).toEqual([ids.x]);
    const filtered = await as(token).get('/v1/companies?scope=personal');
    expect(filtered.body.items).toEqual([]);

    const csv = await as(token).get('/v1/exports/companies?format=csv');
    expect(csv.status, csv.text).toBe(200);
    expect(csv.text).toContain(names.x);
    for (const key of ['y', 'otherOrg', 'personal', 'foreign']) expect(csv.text).not.toContain(names[key]);
    const predictions = await as(token).get('/v1/exports/predictions?format=csv');
    expect(predictions.status).toBe(200);
    expect(predictions.text).not.toContain(ids.y);
    expect(predictions.text).not.toContain(names.y);

    const analytics = await as(token).get('/v1/analytics/portfolio');
    expect(analytics.status, analytics.text).toBe(200);
    expect(analytics.body.companies).toBe(1);

    const alerts = await as(token).get('/v1/alerts');
    expect(alerts.status, alerts.text).toBe(200);
    expect(alerts.body.items.length).toBeGreaterThan(0);
    expect(alerts.body.items.every((a: { companyId: string }) => a.companyId === ids.x)).toBe(true);
  });

  it('sees no score jobs, not even its own organization\'s (a job spans many companies)', async () => {
    const list = await as(token).get('/v1/score-jobs');
    expect(list.status).toBe(200);
    expect(list.body.items).toEqual([]);
    expect((await as(token).get(`/v1/score-jobs/${ids.job}`)).status).toBe(404);
    const stream = await t.http.get(`/v1/score-jobs/${ids.job}/events`).query({ embed_token: token }).set('Origin', originOf(f));
    expect(stream.status).toBe(404);
  });

  it('refuses every mutation while read-only, including stateless scoring', async () => {
    expect((await as(token).post('/v1/companies').send({ name: 'Sneaky' })).status).toBe(403);
    expect((await as(token).delete(`/v1/companies/${ids.x}`)).status).toBe(403);
    expect((await as(token).post(`/v1/companies/${ids.x}/statements`).send(statement(2024))).status).toBe(403);
    expect((await as(token).post('/v1/score').send({ statement: statement(2023) })).status).toBe(403);
    expect(await t.owner('companies').where({ name: 'Sneaky' })).toEqual([]);
  });
});

describe('an embed token for the whole portfolio', () => {
  it("reads the organization's companies and follows its score jobs over SSE with ?embed_token=", async () => {
    const { token } = await mint(t, f, apiKey);
    const list = await as(token).get('/v1/companies');
    expect(list.body.items.map((c: { id: string }) => c.id).sort()).toEqual([ids.x, ids.y].sort());

    const stream = await t.http.get(`/v1/score-jobs/${ids.job}/events`).query({ embed_token: token }).set('Origin', originOf(f));
    expect(stream.status, stream.text).toBe(200);
    expect(stream.headers['content-type']).toMatch(/^text\/event-stream/);
    expect(stream.text).toContain('event: finished');
    const foreign = await t.http.get(`/v1/score-jobs/${ids.foreignJob}/events`).query({ embed_token: token }).set('Origin', originOf(f));
    expect(foreign.status).toBe(404);
    // The query form is accepted only for the event stream.
    expect((await t.http.get('/v1/companies').query({ embed_token: token }).set('Origin', originOf(f))).status).toBe(400);
  });

  it('scores a statement without storing it only when minted with readOnly false', async () => {
    const { token } = await mint(t, f, apiKey, { readOnly: false });
    const res = await as(token).post('/v1/score').send({ statement: statement(2023) });
    expect(res.status, res.text).toBe(200);
    expect(res.body.pd).toBeGreaterThan(0);
    // Writing is still not on the allow-list.
    expect((await as(token).post('/v1/companies').send({ name: 'Sneaky' })).status).toBe(403);
  });
});

describe('origin enforcement', () => {
  it('refuses a missing Origin, a foreign origin, and an origin the tenant has since removed', async () => {
    const { token } = await mint(t, f, apiKey);
    const missing = await as(token, null).get('/v1/companies');
    expect(missing.status).toBe(403);
    expect(missing.body.type).toBe('/problems/forbidden');
    expect((await as(token, 'https://evil.example').get('/v1/companies')).status).toBe(403);
    expect((await as(token, originOf(b)).get('/v1/companies')).status).toBe(403);

    const narrow = await mint(t, f, apiKey, { origins: [originOf(f)] });
    expect((await as(narrow.token, `https://intranet-${f.tag}.example:8443`).get('/v1/companies')).status).toBe(403);
    expect((await as(narrow.token).get('/v1/companies')).status).toBe(200);

    await t.owner('tenants').where({ id: f.tenant.id }).update({ embed_origins: [`https://intranet-${f.tag}.example:8443`] });
    try {
      expect((await as(narrow.token).get('/v1/companies')).status).toBe(403);
    } finally {
      await allowEmbedding(t, f);
    }
  });

  it('answers preflights for allowed origins only, without credentials', async () => {
    const ok = await t.http.options('/v1/companies').set('Origin', originOf(f)).set('Access-Control-Request-Method', 'GET').set('Access-Control-Request-Headers', 'authorization');
    expect(ok.status).toBe(204);
    expect(ok.headers['access-control-allow-origin']).toBe(originOf(f));
    expect(ok.headers.vary).toMatch(/Origin/);
    expect(ok.headers['access-control-allow-headers']).toMatch(/Authorization/);
    expect(ok.headers['access-control-allow-headers']).toMatch(/Content-Type/);
    expect(ok.headers['access-control-allow-credentials']).toBeUndefined();

    const foreign = await t.http.options('/v1/companies').set('Origin', 'https://evil.example').set('Access-Control-Request-Method', 'GET');
    expect(foreign.headers['access-control-allow-origin']).toBeUndefined();
    expect(foreign.headers['access-control-allow-methods']).toBeUndefined();
    expect(foreign.status).toBe(403);

    // Actual responses, errors included, carry the CORS header so the widget can read the problem.
    const { token } = await mint(t, f, apiKey);
    const res = await as(token).get(`/v1/companies/${ids.foreign}`);
    expect(res.status).toBe(404);
    expect(res.headers['access-control-allow-origin']).toBe(originOf(f));
  });
});

describe('an embed token is never an access token', () => {
  it('is refused (403) by every operation outside the embed allow-list', async () => {
    const { token } = await mint(t, f, apiKey, { readOnly: false });
    const allowed = new Set(Object.keys(EMBED_OPERATIONS));
    const values: Record<string, string> = { companyId: ids.x as string, organizationId: f.org.id, tenantId: f.tenant.id, userId: f.users.orgMember.id, scoreJobId: ids.job as string };
    const failures: string[] = [];
    for (const op of listOperations()) {
      if (allowed.has(op.operationId) || op.isPublic) continue;
      const unknownIds = Object.fromEntries(pathParams(op.path).map((p) => [p, values[p] ?? '00000000-0000-4000-8000-000000000001']));
      const path = fillPath(op.path, unknownIds);
      const req = t.http[op.method](path).set('Authorization', `Bearer ${token}`).set('Origin', originOf(f));
      // With the spec's example body the validator lets the request through to authentication;
      // without one (or for uploads) it may refuse the body first. No operation may succeed.
      const res = op.bodyExample !== undefined && !op.isUpload ? await req.send(op.bodyExample as object) : await req;
      const expected = (op.bodyRequired && op.bodyExample === undefined) || op.isUpload ? [400, 403, 415] : [403];
      if (!expected.includes(res.status)) failures.push(`${op.operationId} ${op.method.toUpperCase()} ${path} → ${res.status} ${res.text.slice(0, 120)}`);
    }
    expect(failures).toEqual([]);
  });

  it('fails the access-token verifier even when re-labelled as one, and access tokens fail the embed verifier', async () => {
    const { token } = await mint(t, f, apiKey);
    const relabelled = await resignAccessToken(t.container.keys, token, (p) => ({ ...p, typ: 'access', sub: f.users.tenantAdmin.id }));
    const res = await t.http.get('/v1/users').set('Authorization', `Bearer ${relabelled}`).set('Origin', originOf(f));
    expect(res.status).toBe(401);
    const access = (await loginAs(t, f.users.orgMember)).accessToken;
    const asEmbed = await resignAccessToken(t.container.keys, access, (p) => ({ ...p, typ: 'embed' }));
    expect((await t.http.get('/v1/companies').set('Authorization', `Bearer ${asEmbed}`).set('Origin', originOf(f))).status).toBe(401);
  });
});

describe('the embed allow-list', () => {
  it('names only operations of the spec, every one of them documented under the embedding tag', () => {
    const spec = loadBundledSpec() as { tags: { name: string; description: string }[] };
    const described = spec.tags.find((tag) => tag.name === 'embedding')?.description ?? '';
    const operationIds = new Set(listOperations().map((op) => op.operationId));
    for (const operationId of Object.keys(EMBED_OPERATIONS)) {
      expect(operationIds.has(operationId), operationId).toBe(true);
      expect(described, operationId).toMatch(new RegExp(`\\b${operationId}\\b`));
    }
  });
});
