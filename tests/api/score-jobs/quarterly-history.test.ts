import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type Bull from 'bull';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startScoreJobQueue } from '../../../api/src/worker.ts';
import { createTenantFixture, loginAs, type TenantFixture } from '../../factories/tenant-fixture.ts';
import { createTestApp, type TestApp } from '../../helpers/test-app.ts';
import { upload, waitForJob } from './score-job-helpers.ts';

/**
 * A quarterly statement is scored on trailing twelve months, so it needs the company's three
 * previous quarters. In a bulk file they may sit chunks apart: the job remembers earlier chunks'
 * statements per company (statement-history.ts), not only the previous chunk's.
 */

let t: TestApp;
let f: TenantFixture;
let worker: Bull.Queue;
let uploadDir: string;
let token: string;

beforeAll(async () => {
  uploadDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dr-quarterly-'));
  // Three rows per chunk: the filler rows below push each quarter of company A into its own chunk.
  t = await createTestApp({ UPLOAD_DIR: uploadDir, SCORE_JOB_CHUNK_ROWS: '3' });
  f = await createTenantFixture(t);
  token = (await loginAs(t, f.users.orgMember)).accessToken;
  worker = startScoreJobQueue(t.container);
});

afterAll(async () => {
  await worker?.close();
  await f?.cleanup();
  await t?.close();
  fs.rmSync(uploadDir, { recursive: true, force: true });
});

const HEADER = 'company,fiscalYear,fiscalQuarter,totalAssets,totalLiabilities,currentAssets,currentLiabilities,netIncome,netSales,ebit,retainedEarnings,marketValue';
const QUARTERS = [
  [1, 500, 320, 140, 90, 4, 150, 8, 120, 260],
  [2, 505, 322, 142, 91, 5, 155, 9, 124, 262],
  [3, 510, 330, 139, 95, -2, 140, 1, 122, 240],
  [4, 512, 331, 141, 96, 3, 160, 7, 125, 250],
] as const;

describe('quarterly rows in a bulk file', () => {
  it('are scored on trailing twelve months even when the earlier quarters are several chunks back', async () => {
    const company = `Quarterly Co ${f.tag}`;
    const filler = (n: number) => `Filler ${n} ${f.tag},2024,,300,150,90,60,12,400,20,80,200`;
    const lines = [HEADER];
    QUARTERS.forEach(([quarter, ...amounts], i) => {
      lines.push(`${company},2024,${quarter},${amounts.join(',')}`);
      // Five filler rows after each quarter: the next quarter lands two chunks later.
      if (i < QUARTERS.length - 1) for (let n = 0; n < 5; n++) lines.push(filler(i * 5 + n));
    });
    const res = await upload(t, token, 'quarterly.csv', `${lines.join('\n')}\n`);
    expect(res.status, res.text).toBe(202);
    const job = await waitForJob(t, token, res.body.id);
    expect(job.totalRows).toBe(19);

    // The first three quarters lack earlier ones; the fourth has all three, from three earlier chunks.
    const errors = await t.http.get(`/v1/score-jobs/${job.id}/errors`).set('Authorization', `Bearer ${token}`);
    const refusedRows = errors.body.items.map((e: { rowNumber: number }) => e.rowNumber);
    expect(refusedRows).toEqual([2, 8, 14]);
    const q4 = await t.owner('predictions').where({ score_job_id: job.id, job_row: 20 }).first('pd', 'fiscal_quarter');
    expect(q4).toBeTruthy();
    expect(q4.fiscal_quarter).toBe(4);

    // The same PD as scoring the four quarters together in one call.
    const [, , , direct] = t.container.model.score(
      QUARTERS.map(([quarter, totalAssets, totalLiabilities, currentAssets, currentLiabilities, netIncome, netSales, ebit, retainedEarnings, marketValue]) => ({
        company,
        fiscalYear: 2024,
        fiscalQuarter: quarter,
        totalAssets,
        totalLiabilities,
        currentAssets,
        currentLiabilities,
        netIncome,
        netSales,
        ebit,
        retainedEarnings,
        marketValue,
      })),
    );
    expect(direct?.ok).toBe(true);
    expect(q4.pd).toBeCloseTo((direct as { pd: number }).pd, 12);
  });
});
