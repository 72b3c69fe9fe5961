import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../helpers/test-app.ts';

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t?.close();
});

describe('GET /healthz', () => {
  it('answers 200 without authentication', async () => {
    const res = await t.http.get('/healthz');
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('ok');
    expect(res.headers['x-request-id']).toBeTruthy();
  });
});

describe('GET /readyz', () => {
  it('answers 200 with every check ok when PostgreSQL, Redis and the migrations are in place', async () => {
    const res = await t.http.get('/readyz');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ready', checks: { database: 'ok', redis: 'ok', migrations: 'ok' } });
  });
});

describe('GET /openapi.json', () => {
  it('serves the bundled OpenAPI 3.1 document', async () => {
    const res = await t.http.get('/openapi.json');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/application\/json/);
    expect(res.body.openapi).toMatch(/^3\.1\./);
    expect(res.body.paths['/v1/auth/login']).toBeDefined();
    expect(res.body.components.securitySchemes.bearerAuth.scheme).toBe('bearer');
  });

  it('gives every operation an operationId, a summary, tags and problem responses', async () => {
    const { body } = await t.http.get('/openapi.json');
    for (const [path, item] of Object.entries<Record<string, Record<string, unknown>>>(body.paths)) {
      for (const [method, op] of Object.entries(item)) {
        if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
        const where = `${method.toUpperCase()} ${path}`;
        expect(op.operationId, where).toBeTruthy();
        expect(op.summary, where).toBeTruthy();
        expect(op.tags, where).toBeTruthy();
      }
    }
  });
});

describe('GET /docs', () => {
  it('serves Swagger UI as HTML', async () => {
    const res = await t.http.get('/docs/').redirects(2);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.text).toMatch(/swagger-ui/i);
  });
});

describe('unknown routes', () => {
  it('answer 404 problem+json, also for unknown methods on known paths', async () => {
    const res = await t.http.get('/v1/does-not-exist');
    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    const wrongMethod = await t.http.delete('/v1/auth/login');
    expect([404, 405]).toContain(wrongMethod.status);
    expect(wrongMethod.headers['content-type']).toMatch(/application\/problem\+json/);
  });

  it('never expose a stack, SQL or framework banner', async () => {
    const res = await t.http.get('/v1/does-not-exist');
    expect(res.headers['x-powered-by']).toBeUndefined();
    expect(JSON.stringify(res.body)).not.toMatch(/\bat .+:\d+:\d+|node_modules|SELECT /);
  });
});
