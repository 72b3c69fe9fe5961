import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../helpers/test-app.ts';
import { createTenantFixture, type TenantFixture } from '../../factories/tenant-fixture.ts';
import { DISTRESSED, bearers, statement } from './portfolio-kit.ts';

let t: TestApp;
let f: TenantFixture;
let bearer: ReturnType<typeof bearers>;

beforeAll(async () => {
  t = await createTestApp();
  f = await createTenantFixture(t);
  bearer = bearers(t);
});
afterAll(async () => {
  await f?.cleanup();
  await t?.close();
});

async function newCompany(name: string): Promise<string> {
  const res = await t.http.post('/v1/companies').set('Authorization', await bearer(f, 'orgMember')).send({ name: `${name} ${f.tag}` });
  expect(res.status).toBe(201);
  return res.body.id;
}

async function addStatement(companyId: string, body: Record<string, unknown>): Promise<string> {
  const res = await t.http.post(`/v1/companies/${companyId}/statements`).set('Authorization', await bearer(f, 'orgMember')).send(body);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.id;
}

async function score(companyId: string, statementId: string, who: 'orgMember' | 'tenantAdmin' = 'orgMember') {
  return t.http.post(`/v1/companies/${companyId}/statements/${statementId}/score`).set('Authorization', await bearer(f, who));
}

describe('POST /v1/companies/{companyId}/statements/{statementId}/score', () => {
  it('stores a prediction with PD, interval, band, rating and the top eight drivers, and updates the company summary', async () => {
    const companyId = await newCompany('Scored');
    const statementId = await addStatement(companyId, statement(2023));
    const res = await score(companyId, statementId);
    expect(res.status).toBe(201);
    const p = res.body;
    expect(p).toMatchObject({ companyId, statementId, fiscalYear: 2023, fiscalQuarter: null, periodEnd: '2023-12-31', band: 'low', scoredBy: f.users.orgMember.id, scoreJobId: null });
    expect(p.pd).toBeGreaterThan(0);
    expect(p.pdLow).toBeLessThanOrEqual(p.pd);
    expect(p.pdHigh).toBeGreaterThanOrEqual(p.pd);
    expect(p.drivers.items).toHaveLength(8);
    const sum = p.drivers.baseValue + p.drivers.rest + p.drivers.items.reduce((s: number, d: { contribution: number }) => s + d.contribution, 0);
    expect(sum).toBeCloseTo(p.drivers.logit, 6);
    expect(p.modelVersion).toBe(t.container.model.version);
    const company = await t.http.get(`/v1/companies/${companyId}`).set('Authorization', await bearer(f, 'orgAdmin'));
    expect(company.body).toMatchObject({ latestPredictionId: p.id, latestPd: p.pd, latestBand: 'low', latestRating: p.rating, latestFiscalYear: 2023, latestFiscalQuarter: null, latestScoredAt: p.createdAt });
  });

  it('uses the previous fiscal year for the year-over-year features (same statement, different PD with history)', async () => {
    const alone = await newCompany('Alone');
    const withHistory = await newCompany('History');
    const aloneScore = await score(alone, await addStatement(alone, statement(2023)));
    await addStatement(withHistory, statement(2022, { netIncome: 160, ebit: 210, retainedEarnings: 250 }));
    const historyScore = await score(withHistory, await addStatement(withHistory, statement(2023)));
    expect(aloneScore.status).toBe(201);
    expect(historyScore.status).toBe(201);
    expect(historyScore.body.pd).not.toBeCloseTo(aloneScore.body.pd, 8);
  });

  it('scores a quarter on trailing twelve months once the three preceding quarters are stored, and says which field is missing before', async () => {
    const companyId = await newCompany('Quarterly');
    const q4 = await addStatement(companyId, statement(2023, { fiscalQuarter: 4 }));
    const early = await score(companyId, q4);
    expect(early.status).toBe(422);
    expect(early.body.errors[0]).toMatchObject({ pointer: '/statement/fiscalQuarter' });
    for (const q of [1, 2, 3]) await addStatement(companyId, statement(2023, { fiscalQuarter: q }));
    const res = await score(companyId, q4);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ fiscalYear: 2023, fiscalQuarter: 4, periodEnd: '2023-12-31' });
  });

  it('refuses scoring to a tenant admin, who may only read organization data', async () => {
    const companyId = await newCompany('Read only');
    const statementId = await addStatement(companyId, statement(2023));
    const res = await score(companyId, statementId, 'tenantAdmin');
    expect(res.status).toBe(403);
    expect(await t.owner('predictions').where({ company_id: companyId })).toEqual([]);
  });
});

describe('prediction history and trend', () => {
  it('lists predictions newest first across pages and gives one trend point per period, ordered by period', async () => {
    const companyId = await newCompany('Trend');
    const s2021 = await addStatement(companyId, statement(2021));
    const s2022 = await addStatement(companyId, statement(2022, DISTRESSED));
    const ids: string[] = [];
    for (const s of [s2022, s2021, s2022]) ids.push((await score(companyId, s)).body.id);
    const auth = await bearer(f, 'orgAdmin');
    const first = await t.http.get(`/v1/companies/${companyId}/predictions`).query({ limit: 2 }).set('Authorization', auth);
    expect(first.status).toBe(200);
    const second = await t.http.get(`/v1/companies/${companyId}/predictions`).query({ limit: 2, cursor: first.body.nextCursor }).set('Authorization', auth);
    expect([...first.body.items, ...second.body.items].map((p: { id: string }) => p.id)).toEqual([...ids].reverse());
    expect(second.body.nextCursor).toBeNull();

    const trend = await t.http.get(`/v1/companies/${companyId}/trend`).set('Authorization', auth);
    expect(trend.status).toBe(200);
    expect(trend.body.points.map((p: { fiscalYear: number; predictionId: string }) => [p.fiscalYear, p.predictionId])).toEqual([
      [2021, ids[1]],
      [2022, ids[2]],
    ]);
    expect(trend.body.points[1].band).toBe('critical');
  });

  it('answers 404 for another organization\'s company history', async () => {
    const companyId = await newCompany('Private trend');
    const auth = await bearer(f, 'otherOrgMember');
    expect((await t.http.get(`/v1/companies/${companyId}/predictions`).set('Authorization', auth)).status).toBe(404);
    expect((await t.http.get(`/v1/companies/${companyId}/trend`).set('Authorization', auth)).status).toBe(404);
  });
});

describe('POST /v1/score', () => {
  it('scores without storing anything, with drivers on request', async () => {
    // Counted by scorer, not table-wide: other test files insert predictions at the same time.
    const storedByScorer = () => t.owner('predictions').where({ scored_by: f.users.individual.id }).count<{ count: number }[]>('* as count');
    const before = await storedByScorer();
    const res = await t.http.post('/v1/score').set('Authorization', await bearer(f, 'individual')).send({ statement: statement(2023, DISTRESSED), explain: { top: 3 } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ band: 'critical', hasPreviousYear: false, whatIf: null, modelVersion: t.container.model.version });
    expect(res.body.drivers.items).toHaveLength(3);
    const plain = await t.http.post('/v1/score').set('Authorization', await bearer(f, 'individual')).send({ statement: statement(2023) });
    expect(plain.body.drivers).toBeNull();
    expect(plain.body.band).toBe('low');
    expect(await storedByScorer()).toEqual(before);
  });

  it('uses previous statements as context', async () => {
    const res = await t.http
      .post('/v1/score')
      .set('Authorization', await bearer(f, 'orgMember'))
      .send({ statement: statement(2023), previous: [statement(2022, { netIncome: 160 })] });
    expect(res.status).toBe(200);
    expect(res.body.hasPreviousYear).toBe(true);
  });

  it('finds the change of one item that brings the PD below a target (what-if)', async () => {
    const res = await t.http
      .post('/v1/score')
      .set('Authorization', await bearer(f, 'orgMember'))
      .send({ statement: statement(2023, DISTRESSED), whatIf: { item: 'totalLiabilities', targetPd: 0.05 } });
    expect(res.status).toBe(200);
    const w = res.body.whatIf;
    expect(w).toMatchObject({ isReachable: true, item: 'totalLiabilities', targetPd: 0.05, from: DISTRESSED.totalLiabilities });
    expect(w.to).toBeLessThan(w.from);
    expect(w.pdAfter).toBeLessThan(0.05);
    expect(w.pdBefore).toBeCloseTo(res.body.pd, 10);
  });

  it('refuses an implausible statement with 422 pointing at every field, in the statement and in previous', async () => {
    const res = await t.http
      .post('/v1/score')
      .set('Authorization', await bearer(f, 'orgMember'))
      .send({ statement: statement(2023, { totalAssets: -1 }), previous: [statement(2022, { totalLiabilities: -4 })] });
    expect(res.status).toBe(422);
    expect(res.body.type).toBe('/problems/statement-invalid');
    expect(res.body.errors.map((e: { pointer: string }) => e.pointer)).toEqual(['/body/statement/totalAssets', '/body/previous/0/totalLiabilities']);
  });

  it('refuses a what-if on an item the statement lacks with 422 naming it', async () => {
    const res = await t.http
      .post('/v1/score')
      .set('Authorization', await bearer(f, 'orgMember'))
      .send({ statement: { fiscalYear: 2023, totalAssets: 100, totalLiabilities: 60 }, whatIf: { item: 'inventory', targetPd: 0.01 } });
    expect(res.status).toBe(422);
    expect(res.body.errors[0].pointer).toBe('/body/statement/inventory');
  });
});
