import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type Bull from 'bull';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startScoreJobQueue } from '../../api/src/worker.ts';
import { createTenantFixture, loginAs, type TenantFixture } from '../factories/tenant-fixture.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import { ensureWidgetsBuilt } from '../helpers/widgets-build.ts';
import { axeViolations } from './helpers/axe.ts';
import { collectErrors, launchChromium, until } from './helpers/chromium.ts';
import { startWidgetHost, type WidgetHost } from './helpers/widget-host.ts';
import { openPage } from './helpers/open-page.ts';

const HEADER = 'company,externalRef,fiscalYear,totalAssets,totalLiabilities,currentAssets,currentLiabilities,netIncome,netSales,ebit,retainedEarnings,marketValue';
/** Files above this answer 413 (set low so the test needs no big file). */
const MAX_BYTES = 64 * 1024;

describe('<dr-bulk-upload> in Chromium', () => {
  let t: TestApp;
  let fx: TenantFixture;
  let host: WidgetHost;
  let browser: Browser;
  let worker: Bull.Queue;
  let token: string;
  let uploadDir: string;
  const shots = fs.mkdtempSync(path.join(os.tmpdir(), 'dr-widgets-shots-'));

  beforeAll(async () => {
    ensureWidgetsBuilt();
    uploadDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dr-e2e-upload-'));
    t = await createTestApp({ UPLOAD_DIR: uploadDir, SCORE_JOB_CHUNK_ROWS: '2', UPLOAD_MAX_BYTES: String(MAX_BYTES) });
    fx = await createTenantFixture(t);
    token = (await loginAs(t, fx.users.orgMember)).accessToken;
    worker = startScoreJobQueue(t.container);
    host = await startWidgetHost(t);
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await host?.close();
    await worker?.close();
    await fx?.cleanup();
    await t?.close();
    fs.rmSync(uploadDir, { recursive: true, force: true });
    console.log(`bulk upload screenshots: ${shots}`);
  });

  async function open(): Promise<{ page: Page; errors: ReturnType<typeof collectErrors> }> {
    const url = host.addPage(`upload-${Math.random().toString(36).slice(2)}`, {
      body: `<dr-provider token="${token}"><dr-bulk-upload></dr-bulk-upload></dr-provider>`,
      setup: `document.addEventListener('dr-job-finished', (e) => window.drEvents.push({ type: e.type, status: e.job.status, succeededRows: e.job.succeededRows, failedRows: e.job.failedRows }));`,
    });
    const { page, errors } = await openPage(browser, url, { viewport: { width: 760, height: 700 }, acceptDownloads: true, timeoutMs: 15_000 });
    await page.locator('dr-bulk-upload [part="dropzone"]').waitFor();
    return { page, errors };
  }

  const widgetText = (page: Page) => () => page.locator('dr-bulk-upload [part="base"]').innerText();
  const status = (page: Page) => () => page.locator('dr-bulk-upload [part="progress"] [role="status"]').innerText().catch(() => '');
  const chooseFile = (page: Page, name: string, content: string) =>
    page.locator('dr-bulk-upload input[type="file"]').setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(content, 'utf8') });

  /** Drops a file on the drop area as a drag from the desktop would (a string script: the tests compile without the DOM types). */
  async function dropFile(page: Page, name: string, content: string): Promise<void> {
    await page.evaluate(`(() => {
      const zone = document.querySelector('dr-bulk-upload').shadowRoot.querySelector('[part="dropzone"]');
      const transfer = new DataTransfer();
      transfer.items.add(new File([${JSON.stringify(content)}], ${JSON.stringify(name)}, { type: 'text/csv' }));
      zone.dispatchEvent(new DragEvent('dragover', { dataTransfer: transfer, bubbles: true, cancelable: true }));
      zone.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
    })()`);
  }

  it('uploads a CSV, follows the job to 100 %, lists the bad row and downloads the results', async () => {
    const { page, errors } = await open();
    const eventStreams: string[] = [];
    page.on('response', (res) => {
      if (res.url().endsWith('/events')) eventStreams.push(`${res.status()} ${res.headers()['content-type']}`);
    });
    const templateHref = await page.locator('dr-bulk-upload [part="templates"] a').first().getAttribute('href');
    expect(templateHref).toBe(`${host.origin}/v1/score-jobs/template.csv`);
    expect((await page.request.get(templateHref!)).headers()['content-type']).toMatch(/^text\/csv/);

    const csv = [
      HEADER,
      `Alpha ${fx.tag},A-${fx.tag},2023,1000,600,400,250,35,1200,60,200,900`,
      `Beta ${fx.tag},B-${fx.tag},2023,800,300,300,150,40,900,55,150,700`,
      `Gamma ${fx.tag},G-${fx.tag},2023,-5,600,400,250,35,1200,60,200,900`,
      `Delta ${fx.tag},D-${fx.tag},2023,500,200,150,90,10,600,40,80,300`,
      `Epsilon ${fx.tag},E-${fx.tag},2023,1500,1400,200,600,-90,700,-60,-300,100`,
    ].join('\r\n');
    await chooseFile(page, 'loan-book.csv', csv);

    await until(status(page), 'Completed with errors', 15_000);
    expect(await page.locator('dr-bulk-upload [part="progress-bar"]').evaluate((p) => [(p as unknown as { value: number }).value, (p as unknown as { max: number }).max])).toEqual([100, 100]);
    expect(await page.locator('dr-bulk-upload .percent').innerText()).toBe('100 %');
    expect(await page.locator('dr-bulk-upload .figures').innerText()).toMatch(/^4 scored · 1 refused/);
    expect(eventStreams).toEqual(['200 text/event-stream; charset=utf-8']);

    const errorRows = page.locator('dr-bulk-upload [part="errors"] tbody tr');
    await errorRows.first().waitFor();
    expect(await errorRows.evaluateAll((rows) => rows.map((r) => Array.from(r.querySelectorAll('th, td'), (c) => (c as { textContent: string | null }).textContent?.trim())))).toEqual([
      ['4', 'totalAssets', expect.stringMatching(/positive/)],
    ]);
    expect(await page.evaluate('window.drEvents')).toEqual([
      { type: 'dr-job-finished', status: 'completed_with_errors', succeededRows: 4, failedRows: 1 },
      expect.objectContaining({ type: 'dr-loaded', widget: 'dr-bulk-upload' }),
    ]);
    await page.locator('dr-bulk-upload').screenshot({ path: path.join(shots, 'bulk-upload-finished.png') });

    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('dr-bulk-upload').getByRole('button', { name: 'Download results (CSV)' }).click()]);
    expect(download.suggestedFilename()).toBe('loan-book-results.csv');
    const results = fs.readFileSync((await download.path())!, 'utf8').trim().split(/\r?\n/);
    expect(results).toHaveLength(6);
    expect(results[0]).toMatch(/^row,company,.*,pd,pdLow,pdHigh,band,rating,status,errors$/);
    expect(results[3]).toMatch(/^4,Gamma .*,error,/);
    expect(results.filter((line) => /,scored,/.test(line))).toHaveLength(4);

    const [workbook] = await Promise.all([page.waitForEvent('download'), page.locator('dr-bulk-upload').getByRole('button', { name: 'Download results (Excel)' }).click()]);
    expect(workbook.suggestedFilename()).toBe('loan-book-results.xlsx');
    expect(fs.readFileSync((await workbook.path())!).subarray(0, 2).toString()).toBe('PK');
    expect(await axeViolations(page, 'dr-bulk-upload')).toEqual([]);
    expect(errors.unexpected()).toEqual([]);
  });

  it('shows a queued job waiting, and cancels it with the Cancel button', async () => {
    // Hold this app's worker so the job stays queued long enough to look at and cancel.
    await worker.pause(true, true);
    try {
      const { page, errors } = await open();
      await chooseFile(page, 'waiting.csv', [HEADER, `Zeta ${fx.tag},Z-${fx.tag},2023,1000,600,400,250,35,1200,60,200,900`].join('\n'));
      await until(status(page), 'Waiting for a worker');
      expect(await page.locator('dr-bulk-upload .figures').innerText()).toBe('0 of 1 rows');
      await page.locator('dr-bulk-upload').screenshot({ path: path.join(shots, 'bulk-upload-queued.png') });
      await page.locator('dr-bulk-upload').getByRole('button', { name: 'Cancel' }).click();
      // The cancel answer already says so; the stream's `finished` event then ends the job in the widget.
      await until(status(page), 'Cancelled');
      await until(() => page.evaluate(`window.drEvents.filter((e) => e.type === 'dr-job-finished').map((e) => e.status)`), ['cancelled']);
      expect(await page.locator('dr-bulk-upload').getByRole('button', { name: 'Upload another file' }).isVisible()).toBe(true);
      expect(errors.unexpected()).toEqual([]);
    } finally {
      await worker.resume(true);
    }
  });

  it('shows the unknown columns of a refused file dropped on it, and fires dr-error', async () => {
    const { page, errors } = await open();
    await dropFile(page, 'odd.csv', `company,fiscalYear,totalAssets,Sales Volume,colour\nAcme,2023,100,5,red\n`);
    const alert = page.locator('dr-bulk-upload [role="alert"]');
    await alert.waitFor();
    const text = await alert.innerText();
    expect(text).toMatch(/^Upload cannot be processed: odd\.csv/);
    expect(text).toContain('Unknown columns: Sales Volume, colour.');
    // The drop area stays, so the corrected file can be dropped right away.
    expect(await page.locator('dr-bulk-upload [part="dropzone"]').isVisible()).toBe(true);
    expect(await page.evaluate('window.drEvents')).toEqual([expect.objectContaining({ type: 'dr-error', widget: 'dr-bulk-upload', status: 422 })]);
    await page.locator('dr-bulk-upload').screenshot({ path: path.join(shots, 'bulk-upload-422.png') });
    expect(errors.unexpected([422])).toEqual([]);
  });

  it('says a file is too large (413) and refuses other file types without sending them', async () => {
    const { page, errors } = await open();
    await chooseFile(page, 'huge.csv', `${HEADER}\n${`Big ${fx.tag},BIG,2023,1000,600,400,250,35,1200,60,200,900\n`.repeat(Math.ceil((MAX_BYTES * 1.5) / 60))}`);
    const alert = page.locator('dr-bulk-upload [role="alert"]');
    await alert.waitFor();
    expect(await alert.innerText()).toMatch(/^Payload too large: huge\.csv[\s\S]*Split the file into smaller ones/);
    expect(await page.evaluate(`window.drEvents.map((e) => [e.type, e.status])`)).toEqual([['dr-error', 413]]);

    await chooseFile(page, 'statements.pdf', '%PDF-1.7');
    await until(() => alert.innerText(), 'Not a .csv or .xlsx file\nstatements.pdf cannot be scored; save it as CSV or Excel (.xlsx) first.');
    expect(errors.unexpected([413])).toEqual([]);
  });
});
