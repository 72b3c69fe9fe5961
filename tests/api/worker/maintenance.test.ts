import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWorker, type RunningWorker } from '../../../api/src/worker.ts';
import { createQueue, QUEUE_NAMES, type MaintenancePayload } from '../../../api/src/jobs/queues.ts';
import { createTestApp, type TestApp } from '../../helpers/test-app.ts';
import { createTenantFixture, loginAs, type TenantFixture } from '../../factories/tenant-fixture.ts';

let t: TestApp;
let f: TenantFixture;
let worker: RunningWorker;
const uploadDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dr-maintenance-uploads-'));

beforeAll(async () => {
  t = await createTestApp({ UPLOAD_DIR: uploadDir, UPLOAD_RETENTION_DAYS: '30' });
  f = await createTenantFixture(t);
  worker = await startWorker(t.container);
});
afterAll(async () => {
  await worker?.close();
  await f?.cleanup();
  await t?.close();
  fs.rmSync(uploadDir, { recursive: true, force: true });
});

describe('maintenance queue', () => {
  it('purges refresh-token families that expired long ago and keeps live ones', async () => {
    const day = 24 * 3600 * 1000;
    const [stale] = await t.owner('refresh_token_families')
      .insert({ user_id: f.users.orgMember.id, tenant_id: f.tenant.id, current_token_hash: `stale-${f.tag}`, expires_at: new Date(Date.now() - 3 * day) })
      .returning('id');
    const [live] = await t.owner('refresh_token_families')
      .insert({ user_id: f.users.orgMember.id, tenant_id: f.tenant.id, current_token_hash: `live-${f.tag}`, expires_at: new Date(Date.now() + day) })
      .returning('id');

    const queue = createQueue<MaintenancePayload>(t.config, QUEUE_NAMES.maintenance);
    try {
      const job = await queue.add({ task: 'purge_expired_sessions' });
      const result = await job.finished();
      expect(result.purged).toBeGreaterThanOrEqual(1);
    } finally {
      await queue.close();
    }
    const remaining = await t.owner('refresh_token_families').whereIn('id', [stale.id, live.id]).pluck('id');
    expect(remaining).toEqual([live.id]);
  });
});

describe('upload retention', () => {
  const day = 24 * 3600 * 1000;

  async function finishedJob(name: string, finishedDaysAgo: number, storagePath: string): Promise<string> {
    fs.writeFileSync(storagePath, 'company,fiscalYear,totalAssets\nAcme,2023,100\n');
    const [job] = await t.owner('score_jobs')
      .insert({
        scope: 'organization', tenant_id: f.tenant.id, organization_id: f.org.id, status: 'completed', file_name: name, file_format: 'csv',
        file_size: 40, storage_path: storagePath, created_by: f.users.orgMember.id, finished_at: new Date(Date.now() - finishedDaysAgo * day),
        options: JSON.stringify({ layout: { format: 'csv', header: ['company', 'fiscalYear', 'totalAssets'] } }),
      })
      .returning('id');
    return job.id;
  }

  it('deletes uploads of jobs that ended before the retention period, keeps newer ones, never touches files outside UPLOAD_DIR', async () => {
    const oldFile = path.join(uploadDir, `old-${f.tag}.csv`);
    const recentFile = path.join(uploadDir, `recent-${f.tag}.csv`);
    const outsideFile = path.join(os.tmpdir(), `outside-${f.tag}.csv`);
    const oldJob = await finishedJob('old.csv', 40, oldFile);
    const recentJob = await finishedJob('recent.csv', 1, recentFile);
    const outsideJob = await finishedJob('outside.csv', 40, outsideFile);
    try {
      const queue = createQueue<MaintenancePayload>(t.config, QUEUE_NAMES.maintenance);
      try {
        const result = await (await queue.add({ task: 'purge_old_uploads' })).finished();
        expect(result.purged).toBeGreaterThanOrEqual(2);
      } finally {
        await queue.close();
      }
      expect(fs.existsSync(oldFile)).toBe(false);
      expect(fs.existsSync(recentFile)).toBe(true);
      expect(fs.existsSync(outsideFile)).toBe(true);
      const purged = await t.owner('score_jobs').whereIn('id', [oldJob, recentJob]).select('id', 'file_purged_at');
      expect(purged.find((j: { id: string }) => j.id === oldJob)?.file_purged_at).toBeInstanceOf(Date);
      expect(purged.find((j: { id: string }) => j.id === recentJob)?.file_purged_at).toBeNull();

      // The results download of a purged job says why it is gone; a kept one still works.
      const { accessToken } = await loginAs(t, f.users.orgMember);
      const gone = await t.http.get(`/v1/score-jobs/${oldJob}/results`).set('Authorization', `Bearer ${accessToken}`);
      expect(gone.status).toBe(410);
      expect(gone.body).toMatchObject({ type: '/problems/results-expired' });
      const kept = await t.http.get(`/v1/score-jobs/${recentJob}/results?format=csv`).set('Authorization', `Bearer ${accessToken}`);
      expect(kept.status).toBe(200);
    } finally {
      fs.rmSync(outsideFile, { force: true });
      await t.owner('score_jobs').whereIn('id', [oldJob, recentJob, outsideJob]).delete();
    }
  });
});

describe('embed-token records', () => {
  it('are purged a day after they expire; live ones stay (revocation checks need them)', async () => {
    const day = 24 * 3600 * 1000;
    const row = (expiresAt: Date) => ({ jti: crypto.randomUUID(), tenant_id: f.tenant.id, organization_id: f.org.id, user_ref: `u-${f.tag}`, widgets: ['dr-risk-card'], origins: ['https://portal.example'], expires_at: expiresAt });
    const stale = row(new Date(Date.now() - 2 * day));
    const live = row(new Date(Date.now() + 5 * 60 * 1000));
    await t.owner('embed_tokens').insert([stale, live]);
    const queue = createQueue<MaintenancePayload>(t.config, QUEUE_NAMES.maintenance);
    try {
      const result = await (await queue.add({ task: 'purge_expired_embed_tokens' })).finished();
      expect(result.purged).toBeGreaterThanOrEqual(1);
    } finally {
      await queue.close();
    }
    expect(await t.owner('embed_tokens').whereIn('jti', [stale.jti, live.jti]).pluck('jti')).toEqual([live.jti]);
  });
});
