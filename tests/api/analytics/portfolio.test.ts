import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../helpers/test-app.ts';
import { createTenantFixture, loginAs, type TenantFixture } from '../../factories/tenant-fixture.ts';
import { insertScoredCompany } from '../../factories/scored-company.ts';

let t: TestApp;
let f: TenantFixture;
const bearer: Record<string, string> = {};
const ids: Record<string, string> = {};

beforeAll(async () => {
  t = await createTestApp();
  f = await createTenantFixture(t);
  const org = { scope: 'organization', tenantId: f.tenant.id, organizationId: f.org.id } as const;
  // Rising: 1 % in 2023 → 8 % in 2024, with exposure and LGD (expected loss 1000 × 0.4 × 0.08 = 32).
  ids.rising = (await insertScoredCompany(t.owner, org, { name: `Rising ${f.tag}`, sector: 'Tech', exposure: 1000, lgd: 0.4, predictions: [{ fiscalYear: 2023, pd: 0.01 }, { fiscalYear: 2024, pd: 0.08 }] })).id;
  // Quarterly: one Q2 2024 prediction at 2 %, sector spelled differently.
  ids.quarterly = (await insertScoredCompany(t.owner, org, { name: `Quarterly ${f.tag}`, sector: 'tech', predictions: [{ fiscalYear: 2024, fiscalQuarter: 2, pd: 0.02 }] })).id;
  // Scored twice for the same year: only the newest counts in the trend.
  ids.rescored = (await insertScoredCompany(t.owner, org, { name: `Rescored ${f.tag}`, sector: 'Energy', exposure: 500, predictions: [{ fiscalYear: 2024, pd: 0.5 }, { fiscalYear: 2024, pd: 0.004 }] })).id;
  ids.unscored = (await insertScoredCompany(t.owner, org, { name: `Unscored ${f.tag}`, sector: 'Energy' })).id;
  ids.otherOrg = (await insertScoredCompany(t.owner, { scope: 'organization', tenantId: f.tenant.id, organizationId: f.otherOrg.id }, { name: `Other org ${f.tag}`, sector: 'Tech', predictions: [{ fiscalYear: 2024, pd: 0.3 }] })).id;
  ids.personal = (await insertScoredCompany(t.owner, { scope: 'personal', ownerUserId: f.users.individual.id }, { name: `Personal ${f.tag}`, predictions: [{ fiscalYear: 2024, pd: 0.2 }] })).id;
  for (const key of ['tenantAdmin', 'orgMember', 'otherOrgMember', 'individual'] as const) bearer[key] = `Bearer ${(await loginAs(t, f.users[key])).accessToken}`;
});
afterAll(async () => {
  await f?.cleanup();
  await t?.close();
});

async function analytics(as: string, query: Record<string, string | number> = {}) {
  const res = await t.http.get('/v1/analytics/portfolio').query(query).set('Authorization', bearer[as] as string);
  expect(res.status, res.text).toBe(200);
  return res.body;
}

describe('GET /v1/analytics/portfolio', () => {
  it("aggregates the organization's companies from their latest predictions", async () => {
    const a = await analytics('orgMember', { scope: 'organization' });
    expect(a.companies).toBe(4);
    expect(a.scoredCompanies).toBe(3);
    // Latest PDs 0.08, 0.02, 0.004.
    expect(a.averagePd).toBeCloseTo((0.08 + 0.02 + 0.004) / 3, 10);
    expect(a.medianPd).toBeCloseTo(0.02, 10);
    expect(a.byBand).toEqual([
      { band: 'low', companies: 1, averagePd: expect.closeTo(0.004, 10) },
      { band: 'medium', companies: 1, averagePd: expect.closeTo(0.02, 10) },
      { band: 'high', companies: 1, averagePd: expect.closeTo(0.08, 10) },
      { band: 'critical', companies: 0, averagePd: null },
    ]);
    expect(a.bySector).toHaveLength(2);
    // Equal counts: alphabetical, and "Tech"/"tech" are one sector.
    expect(a.bySector[0]).toMatchObject({ sector: 'Energy', companies: 2, scoredCompanies: 1, averagePd: expect.closeTo(0.004, 10) });
    expect(a.bySector[1]).toMatchObject({ sector: expect.stringMatching(/^tech$/i), companies: 2, scoredCompanies: 2, averagePd: expect.closeTo(0.05, 10) });
  });

  it('bins latest PDs into the documented log-spaced histogram', async () => {
    const a = await analytics('orgMember', { scope: 'organization' });
    expect(a.pdHistogram.map((b: { lower: number }) => b.lower)).toEqual([0, 0.0001, 0.0003, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3]);
    expect(a.pdHistogram.at(-1).upper).toBe(1);
    const counts = Object.fromEntries(a.pdHistogram.filter((b: { companies: number }) => b.companies > 0).map((b: { lower: number; companies: number }) => [b.lower, b.companies]));
    // 0.004 → [0.3 %, 1 %); 0.02 → [1 %, 3 %); 0.08 → [3 %, 10 %).
    expect(counts).toEqual({ 0.003: 1, 0.01: 1, 0.03: 1 });
  });

  it("trends PD by year and quarter over each company's newest prediction per period", async () => {
    const a = await analytics('orgMember', { scope: 'organization' });
    expect(a.trend.byYear).toEqual([
      { fiscalYear: 2023, companies: 1, averagePd: expect.closeTo(0.01, 10), medianPd: expect.closeTo(0.01, 10) },
      { fiscalYear: 2024, companies: 3, averagePd: expect.closeTo((0.08 + 0.02 + 0.004) / 3, 10), medianPd: expect.closeTo(0.02, 10) },
    ]);
    expect(a.trend.byQuarter).toEqual([{ fiscalYear: 2024, fiscalQuarter: 2, companies: 1, averagePd: expect.closeTo(0.02, 10), medianPd: expect.closeTo(0.02, 10) }]);
  });

  it('lists top movers between the last two periods, the highest risks, and the expected loss with its coverage', async () => {
    const a = await analytics('orgMember', { scope: 'organization', top: 2 });
    expect(a.topMovers).toEqual([
      expect.objectContaining({ companyId: ids.rising, pd: 0.08, previousPd: 0.01, change: expect.closeTo(0.07, 10), band: 'high', previousBand: 'low', fiscalYear: 2024, previousFiscalYear: 2023 }),
    ]);
    expect(a.highestRisks.map((r: { companyId: string }) => r.companyId)).toEqual([ids.rising, ids.quarterly]);
    expect(a.highestRisks[1]).toMatchObject({ fiscalYear: 2024, fiscalQuarter: 2, band: 'medium', sector: 'tech' });
    // Rescored has an exposure but no LGD: left out and counted as such.
    expect(a.expectedLoss).toEqual({ amount: expect.closeTo(32, 8), exposure: 1000, companies: 1, companiesWithoutInputs: 2 });
  });

  it('narrows by sector (case-insensitive), fiscal year and organization', async () => {
    expect((await analytics('orgMember', { scope: 'organization', sector: 'TECH' })).companies).toBe(2);
    expect((await analytics('orgMember', { scope: 'organization', fiscalYear: 2023 })).companies).toBe(0);
    const byOrg = await analytics('tenantAdmin', { organizationId: f.otherOrg.id });
    expect(byOrg).toMatchObject({ companies: 1, scoredCompanies: 1, averagePd: expect.closeTo(0.3, 10) });
    expect((await analytics('tenantAdmin', { scope: 'organization' })).companies).toBe(5);
  });

  it("shows no other organization's or person's companies, whatever the filter", async () => {
    const own = await analytics('orgMember', { organizationId: f.otherOrg.id });
    expect(own.companies).toBe(0);
    const member = await analytics('otherOrgMember', { scope: 'organization' });
    expect(member.companies).toBe(1);
    expect(JSON.stringify(member)).not.toContain(ids.rising);
    const personal = await analytics('individual', { scope: 'personal' });
    expect(personal.highestRisks.map((r: { companyId: string }) => r.companyId)).toEqual([ids.personal]);
    const tenant = await analytics('tenantAdmin', { scope: 'personal' });
    expect(JSON.stringify(tenant)).not.toContain(ids.personal);
  });

  it('refuses anonymous callers and bad filters with problem documents', async () => {
    const anonymous = await t.http.get('/v1/analytics/portfolio');
    expect(anonymous.status).toBe(401);
    const bad = await t.http.get('/v1/analytics/portfolio').query({ scope: 'everyone' }).set('Authorization', bearer.orgMember as string);
    expect(bad.status).toBe(400);
    expect(bad.headers['content-type']).toMatch(/application\/problem\+json/);
  });
});
