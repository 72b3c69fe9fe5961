import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../helpers/test-app.ts';
import { createTenantFixture, type TenantFixture } from '../../factories/tenant-fixture.ts';
import { bearers, personalScope } from './portfolio-kit.ts';

/**
 * GET /v1/companies keyset pagination: for every sort and order, pages fetched while other
 * companies are being inserted neither repeat nor skip any row that existed before, and follow the
 * same order as one big page. The individual's personal companies are used (scope=personal) so
 * nothing another test file creates can appear.
 */

let t: TestApp;
let f: TenantFixture;
let bearer: ReturnType<typeof bearers>;
let seeded: string[] = [];

interface Company {
  id: string;
  name: string;
  latestPd: number | null;
}

async function insertCompanies(count: number, label: string): Promise<string[]> {
  const rows = Array.from({ length: count }, (_, i) => {
    // Ties on purpose: names repeat every 4 rows, PDs every 3, some PDs missing, updated_at in pairs.
    const name = `${label} ${String.fromCharCode(65 + (i % 4))}`;
    const pd = i % 5 === 4 ? null : [0.01, 0.2, 0.003][i % 3];
    return {
      ...personalScope(f, 'individual'),
      name,
      external_ref: `${label}-${i}-${randomUUID().slice(0, 6)}`,
      company_key: `ref:${label}-${i}-${randomUUID()}`.toLowerCase(),
      latest_pd: pd,
      latest_band: pd === null ? null : pd >= 0.15 ? 'critical' : pd >= 0.05 ? 'high' : pd >= 0.02 ? 'medium' : 'low',
      latest_fiscal_year: pd === null ? null : 2022 + (i % 2),
      sector: i % 2 ? 'Energy' : 'Retail',
      updated_at: new Date(Date.UTC(2026, 0, 1, 0, 0, Math.floor(i / 2))),
    };
  });
  const inserted = await t.owner('companies').insert(rows).returning('id');
  return inserted.map((r: { id: string }) => r.id);
}

async function page(query: Record<string, string | number>): Promise<{ items: Company[]; nextCursor: string | null }> {
  const res = await t.http.get('/v1/companies').query({ scope: 'personal', ...query }).set('Authorization', await bearer(f, 'individual'));
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
}

beforeAll(async () => {
  t = await createTestApp();
  f = await createTenantFixture(t);
  bearer = bearers(t);
  seeded = await insertCompanies(23, `Seed ${f.tag}`);
});
afterAll(async () => {
  await f?.cleanup();
  await t?.close();
});

describe('GET /v1/companies keyset pagination', () => {
  const cases = (['name', 'pd', 'updatedAt'] as const).flatMap((sort) => (['asc', 'desc'] as const).map((order) => [sort, order] as const));

  it.each(cases)('sort=%s order=%s never repeats or skips a row while companies are inserted between pages', async (sort, order) => {
    const reference = (await page({ sort, order, limit: 200, q: `Seed ${f.tag}` })).items.map((c) => c.id);
    expect(reference).toHaveLength(seeded.length);

    const seen: string[] = [];
    let cursor: string | null = null;
    let round = 0;
    do {
      const next = await page({ sort, order, limit: 4, ...(cursor ? { cursor } : {}) });
      seen.push(...next.items.map((c) => c.id));
      cursor = next.nextCursor;
      // Concurrent writers: new companies land before and after the cursor in every sort.
      await insertCompanies(3, `Late ${f.tag} ${round++}`);
    } while (cursor);
    await t.owner('companies').where('name', 'like', `Late ${f.tag} %`).delete();

    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.filter((id) => seeded.includes(id))).toEqual(reference);
  });

  it('puts companies without a PD last in both orders', async () => {
    for (const order of ['asc', 'desc']) {
      const pds = (await page({ sort: 'pd', order, limit: 200, q: `Seed ${f.tag}` })).items.map((c) => c.latestPd);
      const firstNull = pds.indexOf(null);
      expect(firstNull).toBeGreaterThan(0);
      expect(pds.slice(firstNull).every((pd) => pd === null)).toBe(true);
      const known = pds.slice(0, firstNull) as number[];
      expect(known).toEqual([...known].sort((a, b) => (order === 'asc' ? a - b : b - a)));
    }
  });

  it('refuses a cursor made for another sort, and a forged one, with 400 on /query/cursor', async () => {
    const first = await page({ sort: 'pd', order: 'desc', limit: 2 });
    const res = await t.http.get('/v1/companies').query({ sort: 'name', cursor: first.nextCursor }).set('Authorization', await bearer(f, 'individual'));
    expect(res.status).toBe(400);
    expect(res.body.errors[0].pointer).toBe('/query/cursor');
    const forged = Buffer.from(JSON.stringify(['updatedAt', 'asc', 0, "'; DROP TABLE companies; --", randomUUID()])).toString('base64url');
    const bad = await t.http.get('/v1/companies').query({ sort: 'updatedAt', cursor: forged }).set('Authorization', await bearer(f, 'individual'));
    expect(bad.status).toBe(400);
  });
});

describe('GET /v1/companies filters', () => {
  it('filters by band, PD range, fiscal year and sector of the newest prediction', async () => {
    const all = (await page({ limit: 200, q: `Seed ${f.tag}` })).items as (Company & { latestBand: string | null; latestFiscalYear: number | null; sector: string })[];
    const check = async (query: Record<string, string | number>, keep: (c: (typeof all)[number]) => boolean) => {
      const got = (await page({ limit: 200, q: `Seed ${f.tag}`, ...query })).items.map((c) => c.id).sort();
      const expected = all.filter(keep).map((c) => c.id).sort();
      expect(expected.length, JSON.stringify(query)).toBeGreaterThan(0);
      expect(got, JSON.stringify(query)).toEqual(expected);
    };
    await check({ band: 'critical' }, (c) => c.latestBand === 'critical');
    await check({ pdMin: 0.005, pdMax: 0.1 }, (c) => c.latestPd !== null && c.latestPd >= 0.005 && c.latestPd <= 0.1);
    await check({ fiscalYear: 2023 }, (c) => c.latestFiscalYear === 2023);
    await check({ sector: 'Energy', band: 'low' }, (c) => c.sector === 'Energy' && c.latestBand === 'low');
  });

  it('searches name and external reference, treating % and _ literally', async () => {
    await t.owner('companies').insert([
      { ...personalScope(f, 'individual'), name: `Wild 100% ${f.tag}`, company_key: `name:wild 100% ${f.tag}` },
      { ...personalScope(f, 'individual'), name: `Wild 1000 ${f.tag}`, company_key: `name:wild 1000 ${f.tag}` },
      { ...personalScope(f, 'individual'), name: `Plain ${f.tag}`, external_ref: `X_REF_${f.tag}`, company_key: `ref:x_ref_${f.tag}` },
      { ...personalScope(f, 'individual'), name: `Other ${f.tag}`, external_ref: `XAREF${f.tag}`, company_key: `ref:xaref${f.tag}` },
    ]);
    expect((await page({ q: '100%' })).items.map((c) => c.name)).toEqual([`Wild 100% ${f.tag}`]);
    expect((await page({ q: `x_ref_${f.tag}` })).items.map((c) => c.name)).toEqual([`Plain ${f.tag}`]);
  });

  it('refuses limits above 200 and pdMin above pdMax', async () => {
    const auth = await bearer(f, 'individual');
    expect((await t.http.get('/v1/companies').query({ limit: 201 }).set('Authorization', auth)).status).toBe(400);
    const res = await t.http.get('/v1/companies').query({ pdMin: 0.5, pdMax: 0.1 }).set('Authorization', auth);
    expect(res.status).toBe(400);
    expect(res.body.errors[0].pointer).toBe('/query/pdMin');
  });
});
