import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../helpers/test-app.ts';
import { createTenantFixture, type FixtureUserKey, type TenantFixture } from '../../factories/tenant-fixture.ts';
import { insertPredictionsTogether, insertScoredCompany } from '../../factories/scored-company.ts';
import { DISTRESSED, bearers, statement } from './portfolio-kit.ts';

/**
 * Alerts end to end through the API: statements are stored and scored like a user would, the
 * predictions trigger raises (or does not raise) alerts, and GET /v1/alerts shows them.
 */

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

interface Alert {
  id: string;
  companyId: string;
  kind: string;
  band: string;
  previousBand: string;
  pd: number;
  previousPd: number;
  threshold: number;
  relativeChange: number | null;
  acknowledgedAt: string | null;
  acknowledgedBy: string | null;
}

/** A company of the fixture's organization with annual statements for `years` (HEALTHY with per-year changes). */
async function companyWith(name: string, years: Record<number, Record<string, number>>): Promise<{ companyId: string; statementIds: Record<number, string> }> {
  const auth = await bearer(f, 'orgMember');
  const company = await t.http.post('/v1/companies').set('Authorization', auth).send({ name: `${name} ${f.tag}` });
  const statementIds: Record<number, string> = {};
  for (const [year, changes] of Object.entries(years)) {
    const res = await t.http.post(`/v1/companies/${company.body.id}/statements`).set('Authorization', auth).send(statement(Number(year), changes));
    expect(res.status).toBe(201);
    statementIds[Number(year)] = res.body.id;
  }
  return { companyId: company.body.id, statementIds };
}

async function score(companyId: string, statementId: string): Promise<{ pd: number; band: string; id: string }> {
  const res = await t.http.post(`/v1/companies/${companyId}/statements/${statementId}/score`).set('Authorization', await bearer(f, 'orgMember'));
  expect(res.status).toBe(201);
  return res.body;
}

async function alertsOf(companyId: string, who: FixtureUserKey = 'orgMember', query: Record<string, string> = {}): Promise<Alert[]> {
  const res = await t.http.get('/v1/alerts').query({ companyId, ...query }).set('Authorization', await bearer(f, who));
  expect(res.status).toBe(200);
  return res.body.items;
}

async function setThreshold(threshold: number): Promise<void> {
  const res = await t.http.patch(`/v1/organizations/${f.org.id}`).set('Authorization', await bearer(f, 'orgAdmin')).send({ alertPdChangeThreshold: threshold });
  expect(res.status).toBe(200);
  expect(res.body.alertPdChangeThreshold).toBe(threshold);
}

const relative = (from: number, to: number) => Math.abs(to - from) / from;

describe('alerts raised by scoring', () => {
  it('raises a band-change alert when a new period moves the band, visible to the organization and acknowledgeable once', async () => {
    const { companyId, statementIds } = await companyWith('Falling', { 2021: {}, 2022: DISTRESSED });
    const before = await score(companyId, statementIds[2021]);
    expect(await alertsOf(companyId)).toEqual([]);
    const after = await score(companyId, statementIds[2022]);
    expect([before.band, after.band]).toEqual(['low', 'critical']);

    const [alert, ...rest] = await alertsOf(companyId);
    expect(rest).toEqual([]);
    expect(alert).toMatchObject({ kind: 'band_change', band: 'critical', previousBand: 'low', pd: after.pd, previousPd: before.pd, threshold: 0.05, acknowledgedAt: null, companyName: `Falling ${f.tag}` });
    expect((await alertsOf(companyId, 'orgAdmin')).map((a) => a.id)).toEqual([alert.id]);
    expect((await alertsOf(companyId, 'tenantAdmin')).map((a) => a.id)).toEqual([alert.id]);
    expect(await alertsOf(companyId, 'otherOrgMember')).toEqual([]);
    expect(await alertsOf(companyId, 'individual')).toEqual([]);
    expect((await alertsOf(companyId, 'orgMember', { kind: 'pd_change' }))).toEqual([]);

    const readOnly = await t.http.post(`/v1/alerts/${alert.id}/acknowledge`).set('Authorization', await bearer(f, 'tenantAdmin'));
    expect(readOnly.status).toBe(403);
    const hidden = await t.http.post(`/v1/alerts/${alert.id}/acknowledge`).set('Authorization', await bearer(f, 'otherOrgAdmin'));
    expect(hidden.status).toBe(404);
    const ack = await t.http.post(`/v1/alerts/${alert.id}/acknowledge`).set('Authorization', await bearer(f, 'orgMember'));
    expect(ack.status).toBe(200);
    expect(ack.body).toMatchObject({ id: alert.id, acknowledgedBy: f.users.orgMember.id, acknowledgedAt: expect.any(String) });
    const again = await t.http.post(`/v1/alerts/${alert.id}/acknowledge`).set('Authorization', await bearer(f, 'orgAdmin'));
    expect(again.body).toMatchObject({ acknowledgedBy: f.users.orgMember.id, acknowledgedAt: ack.body.acknowledgedAt });
    expect(await alertsOf(companyId, 'orgMember', { acknowledged: 'false' })).toEqual([]);
    expect((await alertsOf(companyId, 'orgMember', { acknowledged: 'true' })).map((a) => a.id)).toEqual([alert.id]);
  });

  it('flags moves of the latest PD only: history arriving together and older periods raise nothing, a new latest is compared with the one it replaces', async () => {
    const scope = { scope: 'organization', tenantId: f.tenant.id, organizationId: f.org.id } as const;
    const company = await insertScoredCompany(t.owner, scope, { name: `Backfilled ${f.tag}` });
    // Five years uploaded at once, with band moves between them: nothing the portfolio showed moved.
    const history = await insertPredictionsTogether(t.owner, scope, company.id, [
      { fiscalYear: 2019, pd: 0.01 },
      { fiscalYear: 2020, pd: 0.3 },
      { fiscalYear: 2021, pd: 0.012 },
      { fiscalYear: 2022, pd: 0.08 },
      { fiscalYear: 2023, pd: 0.011 },
    ]);
    expect(await alertsOf(company.id)).toEqual([]);
    expect(await t.owner('companies').where({ id: company.id }).first('latest_prediction_id', 'latest_pd', 'latest_band')).toEqual({ latest_prediction_id: history[4], latest_pd: 0.011, latest_band: 'low' });

    // A late statement for an older period does not change what the portfolio shows.
    await insertPredictionsTogether(t.owner, scope, company.id, [{ fiscalYear: 2018, pd: 0.4 }]);
    expect(await alertsOf(company.id)).toEqual([]);

    // 2024 and 2025 together: the newest (2025) is compared with the latest it replaces (2023).
    const [, newest] = await insertPredictionsTogether(t.owner, scope, company.id, [{ fiscalYear: 2024, pd: 0.5 }, { fiscalYear: 2025, pd: 0.2 }]);
    const alerts = await alertsOf(company.id);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ kind: 'band_change', pd: 0.2, band: 'critical', previousPd: 0.011, previousBand: 'low' });
    expect(await t.owner('alerts').where({ id: alerts[0].id }).first('prediction_id', 'previous_prediction_id')).toEqual({ prediction_id: newest, previous_prediction_id: history[4] });
  });

  it('raises nothing for a PD move below the threshold within the band', async () => {
    const { companyId, statementIds } = await companyWith('Steady', { 2021: {}, 2022: { netIncome: 90 }, 2023: { netIncome: 80, ebit: 130 } });
    const first = await score(companyId, statementIds[2022]);
    const second = await score(companyId, statementIds[2023]);
    expect(second.band).toBe(first.band);
    const move = relative(first.pd, second.pd);
    expect(move).toBeGreaterThan(0);
    expect(move).toBeLessThan(0.05);
    expect(await alertsOf(companyId)).toEqual([]);
  });

  it('honours the organization\'s threshold: lower raises a pd_change alert for the same move, higher silences a larger one', async () => {
    const { companyId, statementIds } = await companyWith('Sensitive', { 2021: {}, 2022: { netIncome: 90 }, 2023: { netIncome: 80, ebit: 130 }, 2024: { netIncome: 60, ebit: 110, marketValue: 1200 } });
    const memberRefused = await t.http.patch(`/v1/organizations/${f.org.id}`).set('Authorization', await bearer(f, 'orgMember')).send({ alertPdChangeThreshold: 0.01 });
    expect(memberRefused.status).toBe(403);
    try {
      await setThreshold(0.01);
      const first = await score(companyId, statementIds[2022]);
      const second = await score(companyId, statementIds[2023]);
      const small = relative(first.pd, second.pd);
      expect(small).toBeGreaterThan(0.01);
      expect(small).toBeLessThan(0.05);
      const alerts = await alertsOf(companyId);
      expect(alerts).toHaveLength(1);
      expect(alerts[0]).toMatchObject({ kind: 'pd_change', threshold: 0.01, band: second.band, previousBand: first.band });
      expect(alerts[0].relativeChange).toBeCloseTo(small, 10);

      await setThreshold(2);
      const third = await score(companyId, statementIds[2024]);
      const large = relative(second.pd, third.pd);
      expect(third.band).toBe(second.band);
      expect(large).toBeGreaterThan(0.05);
      expect(large).toBeLessThan(2);
      expect(await alertsOf(companyId)).toHaveLength(1);
    } finally {
      await t.owner('organizations').where({ id: f.org.id }).update({ alert_pd_change_threshold: 0.05 });
    }
  });

  it('pages through alerts newest first and filters by since', async () => {
    const { companyId, statementIds } = await companyWith('Swinging', { 2020: {}, 2021: DISTRESSED, 2022: {}, 2023: DISTRESSED });
    for (const year of [2020, 2021, 2022, 2023]) await score(companyId, statementIds[year]);
    const all = await alertsOf(companyId);
    expect(all.map((a) => a.band)).toEqual(['critical', 'low', 'critical']);
    const auth = await bearer(f, 'orgMember');
    const page1 = await t.http.get('/v1/alerts').query({ companyId, limit: 2 }).set('Authorization', auth);
    const page2 = await t.http.get('/v1/alerts').query({ companyId, limit: 2, cursor: page1.body.nextCursor }).set('Authorization', auth);
    expect([...page1.body.items, ...page2.body.items].map((a: Alert) => a.id)).toEqual(all.map((a) => a.id));
    expect(page2.body.nextCursor).toBeNull();
    const future = await alertsOf(companyId, 'orgMember', { since: new Date(Date.now() + 60_000).toISOString() });
    expect(future).toEqual([]);
  });
});
