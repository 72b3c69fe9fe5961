import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type Bull from 'bull';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syntheticCsv } from '../../../api/src/bench/synthetic-statements.ts';
import { createQueue, QUEUE_NAMES } from '../../../api/src/jobs/queues.ts';
import { startScoreJobQueue } from '../../../api/src/worker.ts';
import { createTenantFixture, loginAs, type TenantFixture } from '../../factories/tenant-fixture.ts';
import { createTestApp, type TestApp } from '../../helpers/test-app.ts';
import { upload, waitForJob } from './score-job-helpers.ts';

let t: TestApp;
let f: TenantFixture;
let uploadDir: string;
let token: string;

beforeAll(async () => {
  uploadDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dr-cancel-'));
  t = await createTestApp({ UPLOAD_DIR: uploadDir, SCORE_JOB_CHUNK_ROWS: '25' });
  f = await createTenantFixture(t);
  token = (await loginAs(t, f.users.orgMember)).accessToken;
});

afterAll(async () => {
  await f?.cleanup();
  await t?.close();
  fs.rmSync(uploadDir, { recursive: true, force: true });
});

const cancel = (id: string) => t.http.post(`/v1/score-jobs/${id}/cancel`).set('Authorization', `Bearer ${token}`);

describe('POST /v1/score-jobs/{scoreJobId}/cancel', () => {
  it('cancels a queued job at once and removes it from the queue, so no worker ever scores it', async () => {
    const res = await upload(t, token, 'queued.csv', syntheticCsv(30, { prefix: `Q ${f.tag}` }));
    const queue = createQueue(t.config, QUEUE_NAMES.scoreJobs);
    try {
      expect(await queue.getJob(res.body.id)).not.toBeNull();
      const cancelled = await cancel(res.body.id);
      expect(cancelled.status).toBe(200);
      expect(cancelled.body).toMatchObject({ status: 'cancelled', processedRows: 0, finishedAt: expect.any(String) });
      expect(await queue.getJob(res.body.id)).toBeNull();
    } finally {
      await queue.close();
    }
    const again = await cancel(res.body.id);
    expect(again.status).toBe(409);
    expect(again.body.type).toBe('/problems/job-not-cancellable');
    expect(await t.owner('predictions').where({ score_job_id: res.body.id }).count('* as n').first()).toEqual({ n: 0 });
  });

  it('stops a running job after the chunk in hand and keeps the rows written so far', async () => {
    let worker: Bull.Queue | undefined;
    try {
      const rows = 4000;
      const res = await upload(t, token, 'running.csv', syntheticCsv(rows, { prefix: `R ${f.tag}` }));
      worker = startScoreJobQueue(t.container);
      await waitForJob(t, token, res.body.id, (j) => j.status === 'running' && j.processedRows > 0);
      const requested = await cancel(res.body.id);
      expect(requested.status).toBe(200);
      expect(requested.body.cancelRequestedAt).toEqual(expect.any(String));
      const job = await waitForJob(t, token, res.body.id);
      expect(job.status).toBe('cancelled');
      expect(job.processedRows).toBeGreaterThan(0);
      expect(job.processedRows).toBeLessThan(rows);
      const written = await t.owner('predictions').where({ score_job_id: res.body.id }).count('* as n').first();
      expect(written).toEqual({ n: job.succeededRows });
      expect(job.succeededRows).toBe(job.processedRows);
    } finally {
      await worker?.close();
    }
  });
});
