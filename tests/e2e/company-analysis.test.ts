import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenantFixture, loginAs, type TenantFixture } from '../factories/tenant-fixture.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import { ensureWidgetsBuilt } from '../helpers/widgets-build.ts';
import { axeViolations } from './helpers/axe.ts';
import { collectErrors, launchChromium, until } from './helpers/chromium.ts';
import { closeWidgetSuite } from './helpers/close-widget-suite.ts';
import { startWidgetHost, type WidgetHost } from './helpers/widget-host.ts';
import { openPage } from './helpers/open-page.ts';

/** Label → amount (millions): a mid-sized, moderately leveraged company. */
const STATEMENT: [string, string][] = [
  ['Total assets', '1200'],
  ['Current assets', '480'],
  ['Current liabilities', '310'],
  ['Total liabilities', '760'],
  ['Retained earnings', '220'],
  ['Net sales', '1500'],
  ['EBIT', '95'],
  ['Net income', '60'],
  ['Market value of equity', '900'],
];
/** Edits that turn it into a loss-making, highly leveraged company (high risk with the default model). */
const DISTRESS: [string, string][] = [
  ['Total liabilities', '1100'],
  ['Net income', '-60'],
  ['EBIT', '-40'],
  ['Retained earnings', '-150'],
  ['Market value of equity', '120'],
  ['Current assets', '200'],
  ['Current liabilities', '500'],
  ['Net sales', '600'],
];

describe('<dr-company-analysis> in Chromium', () => {
  let t: TestApp;
  let fx: TenantFixture;
  let host: WidgetHost;
  let browser: Browser;
  let url: string;
  const shots = fs.mkdtempSync(path.join(os.tmpdir(), 'dr-widgets-shots-'));

  beforeAll(async () => {
    ensureWidgetsBuilt();
    t = await createTestApp();
    fx = await createTenantFixture(t);
    const { accessToken } = await loginAs(t, fx.users.orgMember);
    host = await startWidgetHost(t);
    url = host.addPage('analysis', {
      body: `<dr-provider token="${accessToken}"><dr-company-analysis fiscal-year="2024"></dr-company-analysis></dr-provider>`,
      // The widget's requests carry their body as a stream, which the browser does not show to playwright: record it here.
      setup: `
        window.scoreBodies = [];
        const pageFetch = window.fetch;
        window.fetch = async (input, init) => {
          if (input instanceof Request && input.method === 'POST' && input.url.endsWith('/v1/score')) window.scoreBodies.push(await input.clone().json());
          return pageFetch(input, init);
        };`,
    });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await closeWidgetSuite({ browser, host, fixture: fx, app: t });
    console.log(`company analysis screenshots: ${shots}`);
  });

  async function open(): Promise<{ page: Page; errors: ReturnType<typeof collectErrors>; scoreBodies: () => Promise<Record<string, unknown>[]> }> {
    const { page, errors } = await openPage(browser, url, { viewport: { width: 900, height: 900 } });
    const scoreBodies = () => page.evaluate('window.scoreBodies') as Promise<Record<string, unknown>[]>;
    await page.locator('dr-company-analysis form').first().waitFor();
    return { page, errors, scoreBodies };
  }

  /** The input of a statement item; total assets' label also says "(required)". */
  const field = (page: Page, label: string) => page.locator('dr-company-analysis').getByRole('textbox', { name: label === 'Total assets' ? 'Total assets (required)' : label, exact: true });
  const pd = (page: Page) => () => page.locator('dr-company-analysis [part="pd"]').innerText().catch(() => '');

  async function enter(page: Page, values: [string, string][]): Promise<void> {
    for (const [label, value] of values) await field(page, label).fill(value);
  }
  const fillStatement = (page: Page) => enter(page, STATEMENT);

  it('scores the statement as it is typed, and rescoring follows an edited field', async () => {
    const { page, errors, scoreBodies } = await open();
    expect(await page.locator('dr-company-analysis [part="result"]').innerText()).toContain('Enter total assets');
    await fillStatement(page);
    await page.locator('dr-company-analysis [part="pd"]').waitFor();
    const first = await pd(page)();
    expect(first).toMatch(/^\d+\.\d{2}%$/);
    // The last request carries the whole statement.
    const whole = {
      statement: { fiscalYear: 2024, unit: 'millions', totalAssets: 1200, currentAssets: 480, currentLiabilities: 310, totalLiabilities: 760, retainedEarnings: 220, netSales: 1500, ebit: 95, netIncome: 60, marketValue: 900 },
      explain: { top: 5 },
    };
    await until(async () => JSON.stringify((await scoreBodies()).at(-1)), JSON.stringify(whole));
    // Typing six keystrokes in a row (no delay: far inside the 350 ms debounce) sends one request, not six.
    const before = (await scoreBodies()).length;
    await field(page, 'Net sales').clear();
    await field(page, 'Net sales').pressSequentially('150000');
    await until(async () => JSON.stringify(((await scoreBodies()).at(-1)?.statement as { netSales?: number } | undefined)?.netSales), "150000");
    expect((await scoreBodies()).length - before).toBeLessThanOrEqual(2);
    await field(page, 'Net sales').fill('1500');
    await until(async () => JSON.stringify((await scoreBodies()).at(-1)), JSON.stringify(whole));
    const result = await page.locator('dr-company-analysis [part="result"]').innerText();
    expect(result).toMatch(/Range \d+\.\d{2}% – \d+\.\d{2}%/);
    expect(result).toMatch(/(Low|Medium|High|Critical) risk/);
    expect(result).toMatch(/Rating (AAA|AA|A|BBB|BB|B|CCC|CC|C)\b/);
    expect(await page.locator('dr-company-analysis [part="drivers"] li').count()).toBe(5);

    // Far more debt and losses: the PD must rise, into another band.
    const band = await page.locator('dr-company-analysis [part="band"]').innerText();
    await field(page, 'Total liabilities').fill('1100');
    await until(async () => (await pd(page)()) !== first && !(await page.locator('dr-company-analysis [part="result"][aria-busy="true"]').count()), true);
    expect(parseFloat(await pd(page)())).toBeGreaterThan(parseFloat(first));
    await enter(page, DISTRESS);
    await until(() => page.locator('dr-company-analysis [part="band"]').innerText(), 'High risk');
    expect(band).not.toBe('High risk');
    expect(await page.evaluate(`window.drEvents.every((e) => e.type === 'dr-loaded' && e.widget === 'dr-company-analysis')`)).toBe(true);
    await page.locator('dr-company-analysis').screenshot({ path: path.join(shots, 'company-analysis.png') });
    expect(errors.unexpected()).toEqual([]);
  });

  it('answers a what-if: the change of one item that brings the PD below a target', async () => {
    const { page, errors, scoreBodies } = await open();
    await fillStatement(page);
    // A risky company, so that there is something to find.
    await enter(page, DISTRESS);
    await until(() => page.locator('dr-company-analysis [part="band"]').innerText(), 'High risk');
    await until(async () => page.locator('dr-company-analysis [part="result"][aria-busy="false"] [part="pd"]').count(), 1);
    const current = await pd(page)();
    await page.locator('dr-company-analysis').getByLabel('Item to change').selectOption('totalLiabilities');
    await page.locator('dr-company-analysis').getByLabel('Target PD (%)').fill('2');
    await page.locator('dr-company-analysis').getByRole('button', { name: 'Find the change' }).click();
    const answer = page.locator('dr-company-analysis .answer');
    await answer.waitFor();
    expect((await scoreBodies()).at(-1)).toMatchObject({ statement: { totalLiabilities: 1100 }, whatIf: { item: 'totalLiabilities', targetPd: 0.02 } });
    const text = await answer.innerText();
    const found = /^Total liabilities from 1,100 to ([\d,.]+) \((-[\d,.]+) millions\) brings the PD from (\d+\.\d{2}%) to (\d+\.\d{2})%, below 2\.00%\.$/.exec(text);
    expect(found, text).not.toBeNull();
    const [, to, change, before, after] = found!;
    expect(before).toBe(current);
    expect(parseFloat(to.replace(/,/g, ''))).toBeLessThan(1100);
    expect(parseFloat(change.replace(/,/g, ''))).toBeCloseTo(parseFloat(to.replace(/,/g, '')) - 1100, 1);
    expect(parseFloat(after)).toBeLessThan(2);
    await page.locator('dr-company-analysis').screenshot({ path: path.join(shots, 'company-analysis-what-if.png') });
    expect(errors.unexpected()).toEqual([]);
  });

  it('shows the API field problem of a negative total assets next to that field, and text that is no number at once', async () => {
    const { page, errors, scoreBodies } = await open();
    await fillStatement(page);
    await page.locator('dr-company-analysis [part="pd"]').waitFor();
    await field(page, 'Total assets').fill('-1200');
    const assetsError = page.locator('dr-company-analysis #error-totalAssets');
    await until(() => assetsError.innerText(), 'must be positive, got -1200');
    expect(await field(page, 'Total assets').getAttribute('aria-invalid')).toBe('true');
    expect(await field(page, 'Total assets').getAttribute('aria-describedby')).toBe('error-totalAssets');
    expect(await page.locator('dr-company-analysis [part="result"]').innerText()).toMatch(/Correct the marked fields/);
    // A problem with the user's own input is shown at the field, not reported to the host as a widget failure.
    expect(await page.evaluate(`window.drEvents.filter((e) => e.type === 'dr-error').length`)).toBe(0);
    await page.locator('dr-company-analysis').screenshot({ path: path.join(shots, 'company-analysis-field-error.png') });

    const sent = (await scoreBodies()).length;
    await field(page, 'Total assets').fill('1200');
    await field(page, 'EBIT').fill('12O');
    await until(() => page.locator('dr-company-analysis #error-ebit').innerText(), 'Enter a number, e.g. 1250.5 (got "12O")');
    expect(await page.locator('dr-company-analysis #error-totalAssets').innerText()).toBe('');
    expect((await scoreBodies()).length).toBe(sent);
    expect(errors.unexpected([422])).toEqual([]);
  });

  it('has no accessibility violations (axe), with a score and with a field error on screen', async () => {
    const { page } = await open();
    await fillStatement(page);
    await page.locator('dr-company-analysis [part="pd"]').waitFor();
    expect(await axeViolations(page, 'dr-company-analysis')).toEqual([]);
    await field(page, 'Total assets').fill('-5');
    await until(() => page.locator('dr-company-analysis #error-totalAssets').innerText(), 'must be positive, got -5');
    expect(await axeViolations(page, 'dr-company-analysis')).toEqual([]);
  });
});
