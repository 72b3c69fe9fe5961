import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../helpers/test-app.ts';
import { createTenantFixture, type TenantFixture } from '../../factories/tenant-fixture.ts';
import { bearers, statement } from './portfolio-kit.ts';

let t: TestApp;
let f: TenantFixture;
let bearer: ReturnType<typeof bearers>;
let companyId: string;

beforeAll(async () => {
  t = await createTestApp();
  f = await createTenantFixture(t);
  bearer = bearers(t);
  const res = await t.http.post('/v1/companies').set('Authorization', await bearer(f, 'orgMember')).send({ name: `Statements ${f.tag}` });
  companyId = res.body.id;
});
afterAll(async () => {
  await f?.cleanup();
  await t?.close();
});

async function post(body: Record<string, unknown>) {
  return t.http.post(`/v1/companies/${companyId}/statements`).set('Authorization', await bearer(f, 'orgMember')).send(body);
}

describe('POST /v1/companies/{companyId}/statements', () => {
  it('stores the amounts as submitted, with the period end', async () => {
    const res = await post(statement(2021, { unit: 'thousands', totalAssets: 1_200_000, totalLiabilities: 560_000, marketValue: null }));
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ companyId, fiscalYear: 2021, fiscalQuarter: null, periodEnd: '2021-12-31', unit: 'thousands', currency: 'USD', createdBy: f.users.orgMember.id });
    expect(res.body.amounts).toMatchObject({ totalAssets: 1_200_000, totalLiabilities: 560_000 });
    expect(res.body.amounts).not.toHaveProperty('marketValue');
    const row = await t.owner('statements').where({ id: res.body.id }).first();
    expect(row).toMatchObject({ scope: 'organization', organization_id: f.org.id, unit: 'thousands' });
    const got = await t.http.get(`/v1/companies/${companyId}/statements/${res.body.id}`).set('Authorization', await bearer(f, 'orgAdmin'));
    expect(got.status).toBe(200);
    expect(got.body).toEqual(res.body);
  });

  it('stores a quarter with its quarter end', async () => {
    const res = await post(statement(2022, { fiscalQuarter: 2 }));
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ fiscalQuarter: 2, periodEnd: '2022-06-30' });
  });

  it('refuses a negative total assets with 422 statement-invalid naming the field', async () => {
    const res = await post(statement(2019, { totalAssets: -5 }));
    expect(res.status).toBe(422);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body.type).toBe('/problems/statement-invalid');
    expect(res.body.errors).toEqual([{ pointer: '/body/totalAssets', detail: expect.stringContaining('positive') }]);
  });

  it('lists every implausible field at once: negative liabilities, liabilities beyond 100 × assets, a period not yet ended', async () => {
    const implausible = await post(statement(2019, { totalLiabilities: 500_000, currentLiabilities: -3 }));
    expect(implausible.status).toBe(422);
    const pointers = implausible.body.errors.map((e: { pointer: string }) => e.pointer).sort();
    expect(pointers).toEqual(['/body/currentLiabilities', '/body/totalLiabilities']);
    const future = await post(statement(new Date().getUTCFullYear() + 1));
    expect(future.status).toBe(422);
    expect(future.body.errors).toEqual([{ pointer: '/body/fiscalYear', detail: expect.stringContaining('has not ended') }]);
    expect(await t.owner('statements').where({ company_id: companyId, fiscal_year: 2019 }).first()).toBeUndefined();
  });

  it('refuses a second statement for the same period with 409', async () => {
    expect((await post(statement(2020))).status).toBe(201);
    const twin = await post(statement(2020, { netIncome: 1 }));
    expect(twin.status).toBe(409);
    expect(twin.body.errors[0].pointer).toBe('/body/fiscalYear');
    expect((await post(statement(2020, { fiscalQuarter: 4 }))).status).toBe(201);
  });

  it('rejects an unknown amount name with 400 (the spec lists the items)', async () => {
    const res = await post({ fiscalYear: 2018, totalAssets: 10, totalAsets: 5 });
    expect(res.status).toBe(400);
  });
});

describe('GET and DELETE statements', () => {
  it('lists newest period first across pages, then deletes one', async () => {
    const auth = await bearer(f, 'orgMember');
    const all: { fiscalYear: number; fiscalQuarter: number | null; id: string }[] = [];
    let cursor: string | null = null;
    do {
      const res: { status: number; body: { items: typeof all; nextCursor: string | null } } = await t.http.get(`/v1/companies/${companyId}/statements`).query(cursor ? { limit: 2, cursor } : { limit: 2 }).set('Authorization', auth);
      expect(res.status).toBe(200);
      all.push(...res.body.items);
      cursor = res.body.nextCursor;
    } while (cursor);
    const keys = all.map((s) => s.fiscalYear * 10 + (s.fiscalQuarter ?? 0));
    expect(keys).toEqual([...keys].sort((a, b) => b - a));
    expect(new Set(all.map((s) => s.id)).size).toBe(all.length);
    expect(all.length).toBeGreaterThanOrEqual(4);
    const del = await t.http.delete(`/v1/companies/${companyId}/statements/${all[0].id}`).set('Authorization', auth);
    expect(del.status).toBe(204);
    expect((await t.http.get(`/v1/companies/${companyId}/statements/${all[0].id}`).set('Authorization', auth)).status).toBe(404);
  });

  it('answers 404 for a statement of a company in another organization', async () => {
    const res = await t.http.get(`/v1/companies/${companyId}/statements`).set('Authorization', await bearer(f, 'otherOrgMember'));
    expect(res.status).toBe(404);
  });
});
