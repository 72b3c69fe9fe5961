import { randomUUID } from 'node:crypto';
import type { Response, Test } from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import { createTenantFixture, loginAs, type TenantFixture } from '../factories/tenant-fixture.ts';
import { fillPath, listOperations, type SpecOperation, type SpecParameter } from '../helpers/openapi-operations.ts';

/**
 * Bad input on every operation of the spec → a 4xx problem+json, never a 5xx, never a stack.
 * Generated from the spec: malformed JSON, a wrong content type, a JSON array instead of an object,
 * an unknown property, each property with a wrong type, huge strings, an oversized body, malformed
 * path ids, unknown and mistyped query parameters. Requests carry a valid tenant-admin token so the
 * request reaches every layer a real client's would.
 */

type Json = Record<string, unknown>;

const operations = listOperations();
let t: TestApp;
let f: TenantFixture;
let token: string;

beforeAll(async () => {
  t = await createTestApp({ LOGIN_MAX_PER_IP: '100000', LOGIN_MAX_PER_ACCOUNT: '100000' });
  f = await createTenantFixture(t);
  token = (await loginAs(t, f.users.tenantAdmin)).accessToken;
});
afterAll(async () => {
  await f?.cleanup();
  await t?.close();
});

/** Valid ids of the caller's own tenant, so that only the deliberately bad part is bad. */
function ownIds(): Record<string, string> {
  return { tenantId: f.tenant.id, organizationId: f.org.id, userId: f.users.orgMember.id, invitationId: randomUUID() };
}

/** Ids for every path parameter of `op`: the caller's own where they exist, fresh UUIDs for the rest. */
function idsFor(op: SpecOperation): Record<string, string> {
  const ids = ownIds();
  for (const param of op.parameters.filter((p) => p.in === 'path')) ids[param.name] ??= randomUUID();
  return ids;
}

function request(op: SpecOperation, url: string): Test {
  const req = t.http[op.method](url);
  return op.isPublic ? req : req.set('Authorization', `Bearer ${token}`);
}

function typesOf(schema: Json | undefined): string[] {
  if (!schema) return [];
  const type = schema.type;
  if (Array.isArray(type)) return type as string[];
  if (typeof type === 'string') return [type];
  if (schema.enum) return ['string'];
  return [];
}

/** A value no schema of these types accepts, or undefined when the property has no declared type. */
function wrongValueFor(schema: Json | undefined): unknown {
  const types = typesOf(schema);
  if (!types.length) return undefined;
  if (!types.includes('object') && !types.includes('array')) return { not: 'a scalar' };
  if (!types.includes('string')) return 'not-the-right-type';
  return 12345;
}

function expectProblem(res: Response, where: string, allowed: number[] = []): string | null {
  const problems: string[] = [];
  if (res.status >= 500) problems.push(`answered ${res.status}`);
  else if (res.status < 400) problems.push(`accepted bad input with ${res.status}`);
  if (allowed.length && !allowed.includes(res.status)) problems.push(`expected ${allowed.join('/')}, got ${res.status}`);
  if (!/application\/problem\+json/.test(res.headers['content-type'] ?? '')) problems.push(`content-type ${res.headers['content-type']}`);
  if (/\bat .+\.(ts|js):\d+|node_modules|SELECT |INSERT |syntax error at/.test(res.text)) problems.push('leaks internals');
  if (res.status >= 400 && res.status < 500 && (typeof res.body?.type !== 'string' || typeof res.body?.title !== 'string' || res.body?.status !== res.status)) {
    problems.push('not an RFC 9457 body');
  }
  return problems.length ? `${where}: ${problems.join('; ')} — ${res.text.slice(0, 200)}` : null;
}

async function probeOperation(op: SpecOperation): Promise<{ failures: string[]; probes: number }> {
  const failures: string[] = [];
  let probes = 0;
  const check = async (label: string, run: () => Test, allowed: number[] = []) => {
    probes++;
    const failure = expectProblem(await run(), `${op.operationId} ${label}`, allowed);
    if (failure) failures.push(failure);
  };
  const url = fillPath(op.path, idsFor(op));

  // Path ids that are not UUIDs.
  for (const param of op.parameters.filter((p) => p.in === 'path')) {
    for (const bad of ['not-a-uuid', '1', "1' OR '1'='1", '00000000-0000-0000-0000-00000000000g']) {
      const badUrl = fillPath(op.path, { ...idsFor(op), [param.name]: bad });
      await check(`path ${param.name}=${bad}`, () => withValidBody(op, request(op, badUrl)), [400, 404]);
    }
  }

  // Unknown query parameter, and each declared query parameter with a value of the wrong shape.
  // The system endpoints (/healthz, /readyz, /.well-known, outside /v1) take no input and are not
  // validated by design: there an unknown parameter is ignored, and must merely not break anything.
  if (op.path.startsWith('/v1/')) {
    await check('unknown query parameter', () => withValidBody(op, request(op, url).query({ unexpectedParameter: 'x' })), [400]);
  } else {
    probes++;
    const res = await request(op, url).query({ unexpectedParameter: '<script>', limit: '-1' });
    if (res.status >= 500 || /<script>/.test(res.text)) failures.push(`${op.operationId} unknown query parameter: ${res.status} ${res.text.slice(0, 200)}`);
  }
  // AJV coerces "1e309" to Infinity, which passes `integer, maximum: 200`; the API must still not
  // fail nor return an unbounded page (lib/pagination.ts clamps).
  if (op.parameters.some((p) => p.in === 'query' && p.name === 'limit')) {
    probes++;
    const res = await withValidBody(op, request(op, url).query({ limit: '1e309' }));
    if (res.status >= 500 || (Array.isArray(res.body?.items) && res.body.items.length > 200)) failures.push(`${op.operationId} limit=1e309: ${res.status} ${res.text.slice(0, 200)}`);
  }
  for (const param of op.parameters.filter((p) => p.in === 'query')) {
    for (const bad of badQueryValues(param)) {
      await check(`query ${param.name}=${bad.slice(0, 20)}`, () => withValidBody(op, request(op, url).query({ [param.name]: bad })), [400]);
    }
  }

  if (!op.bodySchema) return { failures, probes };
  const schema = op.bodySchema;
  const example = (op.bodyExample ?? {}) as Json;
  const properties = (schema.properties ?? {}) as Record<string, Json>;

  await check('malformed JSON', () => request(op, url).set('Content-Type', 'application/json').send('{"email": "x@y.test", '), [400]);
  await check('wrong content type', () => request(op, url).set('Content-Type', 'text/plain').send('email=x@y.test'), [400, 415]);
  await check('form-encoded body', () => request(op, url).type('form').send({ a: 'b' }), [400, 415]);
  await check('JSON array body', () => request(op, url).send([example]), [400]);
  await check('JSON string body', () => request(op, url).set('Content-Type', 'application/json').send('"just a string"'), [400]);
  if (op.bodyRequired) await check('missing body', () => request(op, url).set('Content-Type', 'application/json'), [400, 415]);
  await check('unknown property', () => request(op, url).send({ ...example, unexpectedProperty: 'x' }), [400]);
  await check('prototype pollution attempt', () => request(op, url).set('Content-Type', 'application/json').send(`{"__proto__": {"role": "super_admin"}, ${JSON.stringify(example).slice(1)}`), [400]);
  await check('oversized body (2 MB)', () => request(op, url).send({ ...example, padding: 'x'.repeat(2 * 1024 * 1024) }), [400, 413]);
  for (const name of (schema.required ?? []) as string[]) {
    const { [name]: _dropped, ...rest } = example;
    await check(`missing required ${name}`, () => request(op, url).send(rest), [400]);
  }
  for (const [name, propSchema] of Object.entries(properties)) {
    const wrong = wrongValueFor(propSchema);
    if (wrong !== undefined) await check(`wrong type for ${name}`, () => request(op, url).send({ ...example, [name]: wrong }), [400]);
    if (typesOf(propSchema).length && !typesOf(propSchema).includes('null')) await check(`null for ${name}`, () => request(op, url).send({ ...example, [name]: null }), [400]);
    if (typesOf(propSchema).includes('string')) {
      await check(`huge string for ${name}`, () => request(op, url).send({ ...example, [name]: 'x'.repeat(100_000) }), [400, 413]);
    }
  }
  return { failures, probes };
}

/** Query-parameter values that violate the parameter's schema. */
function badQueryValues(param: SpecParameter): string[] {
  const schema = (param.schema ?? {}) as Json;
  const types = typesOf(schema);
  const values: string[] = ['x'.repeat(5000)];
  if (types.includes('integer') || types.includes('number')) values.push('abc', '-1', '1.5', '100000');
  if (types.includes('boolean')) values.push('maybe');
  if (schema.format === 'uuid') values.push('not-a-uuid');
  if (schema.format === 'date-time') values.push('yesterday');
  if (schema.enum) values.push('not_a_value');
  // A long string is fine for a free-text parameter without a bound; only typed ones must refuse it.
  if (types.includes('string') && !schema.format && !schema.enum && schema.maxLength === undefined) values.shift();
  return values;
}

/** Attaches the example body when the operation requires one, so only the probed part is bad. */
/** A small valid upload for multipart operations, so that only the deliberately bad part is bad. */
const VALID_UPLOAD = Buffer.from('company,fiscalYear,totalAssets\nAcme,2023,100\n');

function withValidBody(op: SpecOperation, req: Test): Test {
  if (op.isUpload) return req.attach('file', VALID_UPLOAD, { filename: 'portfolio.csv', contentType: 'text/csv' });
  return op.bodyRequired && op.bodyExample !== undefined ? req.send(op.bodyExample as object) : req;
}

let totalProbes = 0;

describe('bad input on every operation', () => {
  it.each(operations.map((op) => [op.operationId, op] as const))('%s answers bad input with a 4xx problem, never a 5xx', async (_id, op) => {
    const { failures, probes } = await probeOperation(op);
    totalProbes += probes;
    expect(failures, `\n${failures.join('\n')}\n`).toEqual([]);
  });

  it('left the caller able to work (no probe broke the session or the fixture)', async () => {
    console.log(`[bad input] ${operations.length} operations, ${totalProbes} malformed requests`);
    expect((await t.http.get('/v1/me').set('Authorization', `Bearer ${token}`)).status).toBe(200);
  });
});
