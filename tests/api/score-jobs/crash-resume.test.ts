import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syntheticCsv } from '../../../api/src/bench/synthetic-statements.ts';
import { REPO_ROOT } from '../../../api/src/config.ts';
import { createTenantFixture, loginAs, type TenantFixture } from '../../factories/tenant-fixture.ts';
import { createTestApp, type TestApp } from '../../helpers/test-app.ts';
import { TEST_ENV } from '../../helpers/test-env.ts';
import { upload, waitForJob } from './score-job-helpers.ts';

let t: TestApp;
let f: TenantFixture;
let uploadDir: string;
const children: ChildProcess[] = [];
const WORKER_CONFIG = { SCORE_JOB_CHUNK_ROWS: '50', SCORE_JOB_LOCK_MS: '1500', SCORE_JOB_STALLED_CHECK_MS: '500' };

beforeAll(async () => {
  uploadDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dr-crash-'));
  t = await createTestApp({ UPLOAD_DIR: uploadDir, ...WORKER_CONFIG });
  f = await createTenantFixture(t);
});

afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  await f?.cleanup();
  await t?.close();
  fs.rmSync(uploadDir, { recursive: true, force: true });
});

/** Starts a worker process on this test's Redis prefix and upload folder; resolves once it is polling the queue. */
async function startWorkerProcess(): Promise<ChildProcess> {
  const config = { ...TEST_ENV, REDIS_PREFIX: t.config.REDIS_PREFIX, UPLOAD_DIR: uploadDir, ...WORKER_CONFIG };
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, 'tests/api/score-jobs/support/score-worker-entry.ts')], {
    cwd: REPO_ROOT,
    env: { ...process.env, DR_TEST_CONFIG: JSON.stringify(config) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let stderr = '';
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (c: Buffer) => c.toString().includes('worker ready') && resolve());
    child.once('exit', (code) => reject(new Error(`worker exited (${code}) before it was ready: ${stderr}`)));
  });
  return child;
}

async function jobRow(id: string): Promise<{ status: string; processed_rows: number }> {
  return t.owner('score_jobs').where({ id }).first();
}

describe('a bulk-scoring worker killed mid-job', () => {
  it('is replaced by another worker that resumes after the last committed chunk: no row lost, none duplicated', async () => {
    const token = (await loginAs(t, f.users.orgMember)).accessToken;
    const rows = 6000;
    const res = await upload(t, token, 'crash.csv', syntheticCsv(rows, { prefix: `Crash ${f.tag}` }));
    expect(res.status, res.text).toBe(202);
    const id = res.body.id as string;

    const first = await startWorkerProcess();
    const deadline = Date.now() + 30_000;
    while ((await jobRow(id)).processed_rows < 500) {
      if (Date.now() > deadline) throw new Error('the first worker made no progress');
      await new Promise((r) => setTimeout(r, 20));
    }
    first.kill('SIGKILL');
    await new Promise((resolve) => first.once('exit', resolve));
    const killedAt = new Date();
    const atKill = await jobRow(id);
    expect(atKill.status).toBe('running');
    expect(atKill.processed_rows).toBeGreaterThanOrEqual(500);
    expect(atKill.processed_rows).toBeLessThan(rows);
    const committedBeforeKill = atKill.processed_rows;

    await startWorkerProcess();
    const job = await waitForJob(t, token, id, undefined, 60_000);
    expect(job).toMatchObject({ status: 'completed', totalRows: rows, processedRows: rows, succeededRows: rows, failedRows: 0 });

    const counts = await t.owner('predictions').where({ score_job_id: id }).select(t.owner.raw('count(*)::int AS n, count(DISTINCT job_row)::int AS distinct_rows, min(job_row) AS first, max(job_row) AS last')).first();
    expect(counts).toEqual({ n: rows, distinct_rows: rows, first: 2, last: rows + 1 });
    // The rows committed before the kill were not scored again: the second worker resumed after them.
    const before = await t.owner('predictions').where({ score_job_id: id }).where('created_at', '<', killedAt).count('* as n').first();
    expect(before).toEqual({ n: committedBeforeKill });
    const statements = await t.owner('statements').where({ score_job_id: id }).count('* as n').first();
    expect(statements).toEqual({ n: rows });
  }, 120_000);
});
