import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type Bull from 'bull';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syntheticCsv } from '../../../api/src/bench/synthetic-statements.ts';
import { startScoreJobQueue } from '../../../api/src/worker.ts';
import { createTenantFixture, loginAs, type TenantFixture } from '../../factories/tenant-fixture.ts';
import { createTestApp, type TestApp } from '../../helpers/test-app.ts';
import { upload, waitForJob, type ScoreJob } from './score-job-helpers.ts';

let t: TestApp;
let f: TenantFixture;
let worker: Bull.Queue;
let uploadDir: string;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  uploadDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dr-score-jobs-'));
  t = await createTestApp({ UPLOAD_DIR: uploadDir, SCORE_JOB_CHUNK_ROWS: '40' });
  f = await createTenantFixture(t);
  for (const key of ['orgMember', 'orgAdmin', 'otherOrgMember', 'tenantAdmin', 'individual'] as const) tokens[key] = (await loginAs(t, f.users[key])).accessToken;
  worker = startScoreJobQueue(t.container);
});

afterAll(async () => {
  await worker?.close();
  await f?.cleanup();
  await t?.close();
  fs.rmSync(uploadDir, { recursive: true, force: true });
});

const HEADER = 'company,externalRef,fiscalYear,totalAssets,totalLiabilities,currentAssets,currentLiabilities,netIncome,netSales,ebit,retainedEarnings,marketValue';

describe('POST /v1/score-jobs (CSV with good and bad rows)', () => {
  it('reports row 3 with a negative totalAssets and row 5 with text in netIncome, and still scores the other rows', async () => {
    const csv = [
      HEADER,
      `Alpha ${f.tag},A-1,2023,1000,600,400,250,35,1200,60,200,900`,
      `Beta ${f.tag},B-1,2023,-5,600,400,250,35,1200,60,200,900`,
      `Gamma ${f.tag},G-1,2023,800,900,100,500,-80,300,-70,-150,40`,
      `Delta ${f.tag},D-1,2023,500,200,150,90,oops,600,40,80,300`,
      `,,2023,500,200,150,90,10,600,40,80,300`,
      `Alpha ${f.tag},A-1,2022,950,580,380,240,30,1100,55,180,850`,
    ].join('\r\n');
    const res = await upload(t, tokens.orgMember, 'mixed.csv', csv);
    expect(res.status, res.text).toBe(202);
    expect(res.body).toMatchObject({ status: 'queued', scope: 'organization', organizationId: f.org.id, fileFormat: 'csv', totalRows: 6, processedRows: 0 });
    expect(res.headers.location).toBe(`/v1/score-jobs/${res.body.id}`);

    const job = await waitForJob(t, tokens.orgMember, res.body.id);
    expect(job).toMatchObject({ status: 'completed_with_errors', totalRows: 6, processedRows: 6, succeededRows: 3, failedRows: 3 });
    expect(job.rowsPerSecond).toBeGreaterThan(0);

    const errors = await t.http.get(`/v1/score-jobs/${job.id}/errors`).set('Authorization', `Bearer ${tokens.orgMember}`);
    expect(errors.status).toBe(200);
    expect(errors.body.items).toEqual([
      { rowNumber: 3, column: 'totalAssets', reason: expect.stringMatching(/positive/) },
      { rowNumber: 5, column: 'netIncome', reason: expect.stringMatching(/not a number/) },
      { rowNumber: 6, column: 'company', reason: expect.stringMatching(/company name or an external reference/) },
    ]);

    const predictions = await t.owner('predictions').where({ score_job_id: job.id }).orderBy('job_row');
    expect(predictions.map((p: { job_row: number }) => p.job_row)).toEqual([2, 4, 7]);
    for (const p of predictions) {
      expect(p.pd).toBeGreaterThanOrEqual(0);
      expect(p.pd).toBeLessThanOrEqual(1);
      expect(p).toMatchObject({ scope: 'organization', organization_id: f.org.id, drivers: null, scored_by: f.users.orgMember.id });
    }
    const companies = await t.owner('companies').where({ organization_id: f.org.id }).whereIn('company_key', ['ref:a-1', 'ref:g-1']).orderBy('company_key');
    expect(companies.map((c: { name: string }) => c.name)).toEqual([`Alpha ${f.tag}`, `Gamma ${f.tag}`]);
    // Alpha has two periods; its latest prediction is the 2023 one (kept by the predictions trigger).
    expect(companies[0]).toMatchObject({ latest_fiscal_year: 2023 });
    expect(await t.owner('statements').where({ company_id: companies[0].id }).count('* as n').first()).toEqual({ n: 2 });
  });

  it('keeps the later row of a repeated company and period as the statement, and scores both rows', async () => {
    const csv = [HEADER, `Repeat ${f.tag},R-1,2023,1000,600,400,250,35,1200,60,200,900`, `Repeat ${f.tag},R-1,2023,2000,600,400,250,35,1200,60,200,900`].join('\n');
    const res = await upload(t, tokens.orgMember, 'repeat.csv', csv);
    const job = await waitForJob(t, tokens.orgMember, res.body.id);
    expect(job).toMatchObject({ status: 'completed', succeededRows: 2 });
    const company = await t.owner('companies').where({ organization_id: f.org.id, company_key: 'ref:r-1' }).first();
    const statements = await t.owner('statements').where({ company_id: company.id });
    expect(statements).toHaveLength(1);
    expect(statements[0].amounts.totalAssets).toBe(2000);
    expect(await t.owner('predictions').where({ score_job_id: job.id }).count('* as n').first()).toEqual({ n: 2 });
  });

  it('scores many chunks of a generated file with one prediction per row and queues score_job.completed', async () => {
    const [hook] = await t.owner('webhooks')
      .insert({ tenant_id: f.tenant.id, organization_id: f.org.id, url: 'https://hooks.example.test/dr', secret_ciphertext: 'x', events: ['score_job.completed'] })
      .returning('id');
    const res = await upload(t, tokens.orgMember, 'generated.csv', syntheticCsv(250, { prefix: `Gen ${f.tag}` }));
    const job = await waitForJob(t, tokens.orgMember, res.body.id);
    expect(job).toMatchObject({ status: 'completed', totalRows: 250, processedRows: 250, succeededRows: 250, failedRows: 0 });
    const rows = await t.owner('predictions').where({ score_job_id: job.id }).countDistinct('job_row as n').first();
    expect(rows).toEqual({ n: 250 });
    const deliveries = await t.owner('webhook_deliveries').where({ webhook_id: hook.id, event: 'score_job.completed' });
    expect(deliveries).toHaveLength(1);
    expect(deliveries[0].payload).toMatchObject({ scoreJobId: job.id, status: 'completed', succeededRows: 250 });
  });
});

describe('POST /v1/score-jobs (xlsx)', () => {
  it('scores the first worksheet of a workbook, numbers and text cells alike', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Book');
    sheet.addRow(['Company', 'Fiscal Year', 'Total Assets', 'Total Liabilities', 'Net Income', 'Net Sales']);
    sheet.addRow([`Xl One ${f.tag}`, 2023, 1000, 500, 40, 900]);
    sheet.addRow([`Xl Two ${f.tag}`, 2023, '800', 300, 12, 700]);
    sheet.addRow([`Xl Bad ${f.tag}`, 2023, 100, 50000, 1, 1]);
    const buffer = Buffer.from(await workbook.xlsx.writeBuffer());
    const res = await upload(t, tokens.individual, 'book.xlsx', buffer);
    expect(res.status, res.text).toBe(202);
    // The sheet's dimension (A1:F4) gives the total at once, so the job has an ETA from the start.
    expect(res.body).toMatchObject({ fileFormat: 'xlsx', scope: 'personal', totalRows: 3 });
    const job = await waitForJob(t, tokens.individual, res.body.id);
    expect(job).toMatchObject({ status: 'completed_with_errors', totalRows: 3, succeededRows: 2, failedRows: 1 });
    const errors = await t.http.get(`/v1/score-jobs/${job.id}/errors`).set('Authorization', `Bearer ${tokens.individual}`);
    expect(errors.body.items).toEqual([{ rowNumber: 4, column: 'Total Liabilities', reason: expect.stringMatching(/100 times total assets/) }]);
  });
});

describe('GET /v1/score-jobs/{scoreJobId}/results', () => {
  it('lists every input row with its PD or its error, and neutralises formulas in text cells', async () => {
    const csv = [HEADER, `=HYPERLINK("http://evil.test"),EV-1,2023,1000,600,400,250,-35,1200,60,200,900`, `@Bad ${f.tag},BAD-1,2023,-1,600,400,250,35,1200,60,200,900`].join('\n');
    const res = await upload(t, tokens.orgMember, 'formulas.csv', csv);
    await waitForJob(t, tokens.orgMember, res.body.id);
    const csvRes = await t.http.get(`/v1/score-jobs/${res.body.id}/results`).set('Authorization', `Bearer ${tokens.orgMember}`).buffer(true).parse((r, cb) => {
      let text = '';
      r.on('data', (c: Buffer) => (text += c.toString('utf8')));
      r.on('end', () => cb(null, text));
    });
    expect(csvRes.status).toBe(200);
    expect(csvRes.headers['content-type']).toMatch(/text\/csv/);
    const lines = (csvRes.body as string).trim().split('\r\n');
    expect(lines[0]).toBe(`row,${HEADER},pd,pdLow,pdHigh,band,rating,status,errors`);
    expect(lines).toHaveLength(3);
    expect(lines[1]).toMatch(/^2,"'=HYPERLINK\(""http:\/\/evil.test""\)",EV-1,2023,1000,600,400,250,-35,/);
    expect(lines[1]).toMatch(/,(low|medium|high|critical),[A-Z]+[+-]?,scored,$/);
    expect(lines[2]).toMatch(new RegExp(`^3,'@Bad ${f.tag},BAD-1,.*,,,,,,error,"totalAssets: must be positive, got -1"$`));

    const xlsxRes = await t.http.get(`/v1/score-jobs/${res.body.id}/results?format=xlsx`).set('Authorization', `Bearer ${tokens.orgMember}`).buffer(true).parse((r, cb) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c));
      r.on('end', () => cb(null, Buffer.concat(chunks)));
    });
    expect(xlsxRes.status).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsxRes.body as never);
    const sheet = book.worksheets[0];
    expect(sheet.getRow(2).getCell(2).value).toBe(`'=HYPERLINK("http://evil.test")`);
    expect(sheet.getRow(2).getCell(9).value).toBe(-35);
    expect(sheet.getRow(3).getCell(2).value).toBe(`'@Bad ${f.tag}`);
  });
});

describe('GET /v1/score-jobs/{scoreJobId}/events', () => {
  it('streams progress events to a real HTTP client, then a final event, then closes', async () => {
    const server = http.createServer(t.app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    try {
      await worker.pause(true);
      const res = await upload(t, tokens.orgMember, 'events.csv', syntheticCsv(4000, { prefix: `Ev ${f.tag}` }));
      const events: { event: string; data: ScoreJob }[] = [];
      const response = await fetch(`http://127.0.0.1:${port}/v1/score-jobs/${res.body.id}/events`, { headers: { Authorization: `Bearer ${tokens.orgMember}` } });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/text\/event-stream/);
      const reader = response.body!.getReader();
      const decoder = new TextDecoder();
      let buffered = '';
      let isResumed = false;
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffered += decoder.decode(value, { stream: true });
        let end: number;
        while ((end = buffered.indexOf('\n\n')) !== -1) {
          const block = buffered.slice(0, end);
          buffered = buffered.slice(end + 2);
          const event = /^event: (.+)$/m.exec(block)?.[1];
          const data = /^data: (.+)$/m.exec(block)?.[1];
          if (event && data) events.push({ event, data: JSON.parse(data) });
        }
        if (!isResumed && events.length > 0) {
          // The first event is the state at connection time (queued); only then let the worker go.
          isResumed = true;
          worker.resume(true);
        }
      }
      expect(events[0]).toMatchObject({ event: 'progress', data: { id: res.body.id, status: 'queued' } });
      expect(events.at(-1)).toMatchObject({ event: 'finished', data: { status: 'completed', processedRows: 4000 } });
      const progress = events.filter((e) => e.event === 'progress').map((e) => e.data.processedRows);
      expect(progress.length).toBeGreaterThanOrEqual(2);
      expect([...progress].sort((a, b) => a - b)).toEqual(progress);
    } finally {
      await worker.resume(true);
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

describe('score job scope isolation', () => {
  it("hides an organization's job from another organization and lets the tenant admin read but not cancel it", async () => {
    await worker.pause(true);
    try {
      const res = await upload(t, tokens.orgAdmin, 'private.csv', syntheticCsv(5, { prefix: `Priv ${f.tag}` }));
      const id = res.body.id as string;
      for (const path of [`/v1/score-jobs/${id}`, `/v1/score-jobs/${id}/errors`, `/v1/score-jobs/${id}/results`, `/v1/score-jobs/${id}/events`]) {
        expect((await t.http.get(path).set('Authorization', `Bearer ${tokens.otherOrgMember}`)).status, path).toBe(404);
        expect((await t.http.get(path).set('Authorization', `Bearer ${tokens.individual}`)).status, path).toBe(404);
      }
      expect((await t.http.post(`/v1/score-jobs/${id}/cancel`).set('Authorization', `Bearer ${tokens.otherOrgMember}`)).status).toBe(404);
      const list = await t.http.get('/v1/score-jobs?limit=200').set('Authorization', `Bearer ${tokens.otherOrgMember}`);
      expect(list.body.items.map((j: ScoreJob) => j.id)).not.toContain(id);
      const own = await t.http.get('/v1/score-jobs?limit=200').set('Authorization', `Bearer ${tokens.orgMember}`);
      expect(own.body.items.map((j: ScoreJob) => j.id)).toContain(id);
      expect((await t.http.get(`/v1/score-jobs/${id}`).set('Authorization', `Bearer ${tokens.tenantAdmin}`)).status).toBe(200);
      expect((await t.http.post(`/v1/score-jobs/${id}/cancel`).set('Authorization', `Bearer ${tokens.tenantAdmin}`)).status).toBe(403);
      const cancelled = await t.http.post(`/v1/score-jobs/${id}/cancel`).set('Authorization', `Bearer ${tokens.orgMember}`);
      expect(cancelled.body.status).toBe('cancelled');
    } finally {
      await worker.resume(true);
    }
  });
});
