import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type Bull from 'bull';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syntheticCsv } from '../../../api/src/bench/synthetic-statements.ts';
import { startScoreJobQueue } from '../../../api/src/worker.ts';
import { createTenantFixture, loginAs, type TenantFixture } from '../../factories/tenant-fixture.ts';
import { insertScoredCompany } from '../../factories/scored-company.ts';
import { createTestApp, type TestApp } from '../../helpers/test-app.ts';
import type { ScoreJob } from '../score-jobs/score-job-helpers.ts';
import { allowEmbedding, mint, originOf, tenantApiKey } from './embed-kit.ts';

/**
 * `<dr-bulk-upload>` with an embed token: a writable token for the whole portfolio starts a job,
 * which has no creating user, records the token, and is run by the worker as the token (an org
 * member of its organization with no user), writing organization data only.
 */

let t: TestApp;
let f: TenantFixture;
let apiKey: string;
let worker: Bull.Queue;
let uploadDir: string;

beforeAll(async () => {
  uploadDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dr-embed-jobs-'));
  t = await createTestApp({ UPLOAD_DIR: uploadDir, SCORE_JOB_CHUNK_ROWS: '20' });
  f = await createTenantFixture(t);
  await allowEmbedding(t, f);
  apiKey = await tenantApiKey(t, f);
  worker = startScoreJobQueue(t.container);
});
afterAll(async () => {
  await worker?.close();
  await t?.owner('audit_events').where({ tenant_id: f?.tenant.id }).delete();
  await f?.cleanup();
  await t?.close();
  fs.rmSync(uploadDir, { recursive: true, force: true });
});

function uploadWith(token: string, csv: string) {
  return t.http.post('/v1/score-jobs').set('Authorization', `Bearer ${token}`).set('Origin', originOf(f)).attach('file', Buffer.from(csv, 'utf8'), 'portfolio.csv');
}

async function waitFinal(token: string, id: string): Promise<ScoreJob> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const res = await t.http.get(`/v1/score-jobs/${id}`).set('Authorization', `Bearer ${token}`).set('Origin', originOf(f));
    if (res.status !== 200) throw new Error(`GET job: ${res.status} ${res.text}`);
    if (['completed', 'completed_with_errors', 'failed', 'cancelled'].includes(res.body.status)) return res.body as ScoreJob;
    if (Date.now() > deadline) throw new Error(`job ${id} did not finish: ${res.text}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('bulk scoring with an embed token', () => {
  it('runs a job as the token: organization data, no creating user, the token recorded, bad rows reported', async () => {
    const { token, jti } = await mint(t, f, apiKey, { readOnly: false, widgets: ['dr-bulk-upload'] });
    const lines = syntheticCsv(45, { prefix: `Embed ${f.tag}` }).trimEnd().split('\n');
    const cells = lines[7]!.split(',');
    cells[4] = 'not-a-year';
    lines[7] = cells.join(',');
    const created = await uploadWith(token, `${lines.join('\n')}\n`);
    expect(created.status, created.text).toBe(202);
    expect(created.headers['access-control-allow-origin']).toBe(originOf(f));
    expect(created.body).toMatchObject({ scope: 'organization', organizationId: f.org.id, createdBy: null });

    const job = await waitFinal(token, created.body.id);
    expect(job).toMatchObject({ status: 'completed_with_errors', totalRows: 45, succeededRows: 44, failedRows: 1 });
    const row = await t.owner('score_jobs').where({ id: job.id }).first();
    expect(row).toMatchObject({ embed_jti: jti, created_by: null, scope: 'organization', organization_id: f.org.id, tenant_id: f.tenant.id });
    const predictions = await t.owner('predictions').where({ score_job_id: job.id }).select('scope', 'organization_id', 'scored_by');
    expect(predictions).toHaveLength(44);
    expect(new Set(predictions.map((p) => `${p.scope}/${p.organization_id}/${p.scored_by}`))).toEqual(new Set([`organization/${f.org.id}/null`]));

    const errors = await t.http.get(`/v1/score-jobs/${job.id}/errors`).set('Authorization', `Bearer ${token}`).set('Origin', originOf(f));
    expect(errors.status).toBe(200);
    expect(errors.body.items).toEqual([expect.objectContaining({ rowNumber: 8 })]);

    // Members of the organization see the job and its companies as organization data.
    const member = (await loginAs(t, f.users.orgMember)).accessToken;
    const listed = await t.http.get(`/v1/score-jobs/${job.id}`).set('Authorization', `Bearer ${member}`);
    expect(listed.status).toBe(200);
    const otherOrg = (await loginAs(t, f.users.otherOrgMember)).accessToken;
    expect((await t.http.get(`/v1/score-jobs/${job.id}`).set('Authorization', `Bearer ${otherOrg}`)).status).toBe(404);
  });

  it('refuses read-only tokens and tokens limited to some companies, and cancels with a writable one', async () => {
    const readOnly = await mint(t, f, apiKey);
    expect((await uploadWith(readOnly.token, syntheticCsv(3, { prefix: `RO ${f.tag}` }))).status).toBe(403);

    const company = await insertScoredCompany(t.owner, { scope: 'organization', tenantId: f.tenant.id, organizationId: f.org.id }, { name: `Only ${f.tag}`, predictions: [{ fiscalYear: 2024, pd: 0.02 }] });
    const limited = await mint(t, f, apiKey, { readOnly: false, resources: { companyIds: [company.id] } });
    const refused = await uploadWith(limited.token, syntheticCsv(3, { prefix: `Lim ${f.tag}` }));
    expect(refused.status).toBe(403);
    expect(refused.body.detail).toMatch(/whole portfolio/);

    const writable = await mint(t, f, apiKey, { readOnly: false });
    await worker.pause(true);
    try {
      const created = await uploadWith(writable.token, syntheticCsv(5, { prefix: `Cancel ${f.tag}` }));
      expect(created.status, created.text).toBe(202);
      const cancelled = await t.http.post(`/v1/score-jobs/${created.body.id}/cancel`).set('Authorization', `Bearer ${writable.token}`).set('Origin', originOf(f));
      expect(cancelled.status, cancelled.text).toBe(200);
      expect(cancelled.body.status).toBe('cancelled');
    } finally {
      await worker.resume(true);
    }
  });
});
