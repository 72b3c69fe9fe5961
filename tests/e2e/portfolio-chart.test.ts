import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertScoredCompany } from '../factories/scored-company.ts';
import { createTenantFixture, loginAs, type TenantFixture } from '../factories/tenant-fixture.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import { ensureWidgetsBuilt } from '../helpers/widgets-build.ts';
import { axeViolations } from './helpers/axe.ts';
import { collectErrors, launchChromium, until } from './helpers/chromium.ts';
import { closeWidgetSuite } from './helpers/close-widget-suite.ts';
import { startWidgetHost, type WidgetHost } from './helpers/widget-host.ts';
import { openPage } from './helpers/open-page.ts';

const YEARS = [2022, 2023, 2024];
/** Name, sector, PD per year of YEARS. Latest PDs: low ×3, medium ×2, high ×2, critical ×2. */
const COMPANIES: [string, string, number[]][] = [
  ['Acme Foods', 'Food', [0.004, 0.005, 0.006]],
  ['Birch Bakery', 'Food', [0.01, 0.012, 0.015]],
  ['Cedar Farms', 'Food', [0.01, 0.011, 0.018]],
  ['Dune Mining', 'Mining', [0.02, 0.025, 0.03]],
  ['Elm Mining', 'Mining', [0.03, 0.04, 0.045]],
  ['Fir Transport', 'Transport', [0.05, 0.07, 0.08]],
  ['Gale Transport', 'Transport', [0.09, 0.1, 0.12]],
  ['Heron Retail', 'Retail', [0.1, 0.15, 0.2]],
  ['Ivy Retail', 'Retail', [0.3, 0.4, 0.5]],
];
const percent = new Intl.NumberFormat('en-US', { style: 'percent', minimumFractionDigits: 2, maximumFractionDigits: 2 });

describe('<dr-portfolio-chart> in Chromium', () => {
  let t: TestApp;
  let fx: TenantFixture;
  let host: WidgetHost;
  let browser: Browser;
  let token: string;
  const shots = fs.mkdtempSync(path.join(os.tmpdir(), 'dr-widgets-shots-'));

  beforeAll(async () => {
    ensureWidgetsBuilt();
    t = await createTestApp();
    fx = await createTenantFixture(t);
    // Global reference data written by other test files must not count in this organization's charts.
    await t.owner('organizations').where({ id: fx.org.id }).update({ allow_global_data: false });
    for (const [name, sector, pds] of COMPANIES) {
      await insertScoredCompany(t.owner, { scope: 'organization', tenantId: fx.tenant.id, organizationId: fx.org.id }, {
        name: `${name} ${fx.tag}`,
        sector,
        predictions: YEARS.map((fiscalYear, i) => ({ fiscalYear, pd: pds[i] })),
      });
    }
    await insertScoredCompany(t.owner, { scope: 'organization', tenantId: fx.tenant.id, organizationId: fx.otherOrg.id }, { name: `Other org ${fx.tag}`, sector: 'Mining', predictions: [{ fiscalYear: 2024, pd: 0.9 }] });
    token = (await loginAs(t, fx.users.orgMember)).accessToken;
    host = await startWidgetHost(t);
    browser = await launchChromium();
  });

  afterAll(async () => {
    await closeWidgetSuite({ browser, host, fixture: fx, app: t });
    console.log(`portfolio chart screenshots: ${shots}`);
  });

  async function open(attributes = '', width = 760): Promise<{ page: Page; errors: ReturnType<typeof collectErrors> }> {
    const url = host.addPage(`chart-${Math.random().toString(36).slice(2)}`, {
      body: `<dr-provider token="${token}"><dr-portfolio-chart ${attributes}></dr-portfolio-chart></dr-provider>`,
    });
    return openPage(browser, url, { viewport: { width, height: 900 } });
  }

  /** The bars of one chart as [label, count]. */
  const bars = (page: Page, chart: string) => () =>
    page.locator(`dr-portfolio-chart [part="${chart}"] .bar`).evaluateAll((gs) => gs.map((g) => [g.getAttribute('data-label'), Number(g.getAttribute('data-value'))]));
  /** The cells of one chart's table fallback, row by row. */
  const tableRows = (page: Page, chart: string) =>
    page.locator(`dr-portfolio-chart table[data-chart="${chart}"] tbody tr`).evaluateAll((rows) => rows.map((r) => Array.from(r.querySelectorAll('th, td'), (c) => (c as { textContent: string | null }).textContent?.trim())));

  it('draws a bar per band and per PD bin with the right counts, and its hidden tables hold the same numbers', async () => {
    const { page, errors } = await open();
    await until(bars(page, 'bands'), [['Low', 3], ['Medium', 2], ['High', 2], ['Critical', 2]]);

    const bandTable = await tableRows(page, 'bands');
    expect(bandTable.map((row) => [row[0], Number(row[1])])).toEqual(await bars(page, 'bands')());
    expect(bandTable[0]).toEqual(['Low', '3', percent.format((0.006 + 0.015 + 0.018) / 3)]);

    const histogram = await bars(page, 'histogram')();
    expect(histogram.map(([, n]) => n)).toEqual([0, 0, 0, 0, 1, 2, 3, 2, 1]);
    expect(histogram[6][0]).toBe('3–10 %');
    expect((await tableRows(page, 'histogram')).map((row) => [row[0], Number(row[1])])).toEqual(histogram);

    const points = await page.locator('dr-portfolio-chart [part="trend"] circle').evaluateAll((cs) => cs.map((c) => [c.getAttribute('data-label'), Number(c.getAttribute('data-value'))]));
    const averages = YEARS.map((_, i) => COMPANIES.reduce((sum, [, , pds]) => sum + pds[i], 0) / COMPANIES.length);
    expect(points.map(([label]) => label)).toEqual(['FY2022', 'FY2023', 'FY2024']);
    points.forEach(([, value], i) => expect(value).toBeCloseTo(averages[i], 10));
    expect((await tableRows(page, 'trend')).map((row) => row.slice(0, 3))).toEqual(YEARS.map((year, i) => [`FY${year}`, '9', percent.format(averages[i])]));

    const summary = (await page.locator('dr-portfolio-chart [part="summary"]').innerText()).split(/\s*\n\s*/);
    expect(summary).toEqual(['Companies', '9', 'Scored', '9', 'Average PD', percent.format(averages[2]), 'Median PD', percent.format(0.045)]);
    for (const svg of await page.locator('dr-portfolio-chart svg[part="chart"]').all()) {
      expect(await svg.getAttribute('role')).toBe('img');
      expect(await svg.getAttribute('aria-label')).toMatch(/\d/);
    }
    expect(await page.locator('dr-portfolio-chart [part="bands"] svg').getAttribute('aria-label')).toBe('Companies by risk band: Low 3, Medium 2, High 2, Critical 2.');
    expect(await page.evaluate('window.drEvents')).toEqual([expect.objectContaining({ type: 'dr-loaded', widget: 'dr-portfolio-chart' })]);

    await page.locator('dr-portfolio-chart').screenshot({ path: path.join(shots, 'portfolio-chart.png') });
    await page.evaluate(`document.querySelector('dr-provider').theme = 'dark'`);
    await page.locator('dr-portfolio-chart').screenshot({ path: path.join(shots, 'portfolio-chart-dark.png') });
    expect(errors.unexpected()).toEqual([]);
  });

  it('sizes its charts to a narrow container and passes the filters to the API', async () => {
    const { page, errors } = await open('sector="mining" fiscal-year="2024"', 380);
    await until(bars(page, 'bands'), [['Low', 0], ['Medium', 2], ['High', 0], ['Critical', 0]]);
    const widget = await page.locator('dr-portfolio-chart').boundingBox();
    for (const svg of await page.locator('dr-portfolio-chart svg[part="chart"]').all()) {
      const box = await svg.boundingBox();
      expect(box!.width).toBeLessThanOrEqual(widget!.width);
      expect(box!.width).toBeGreaterThan(widget!.width * 0.7);
    }
    await page.locator('dr-portfolio-chart').screenshot({ path: path.join(shots, 'portfolio-chart-narrow.png') });
    expect(errors.unexpected()).toEqual([]);
  });

  it('has no accessibility violations (axe)', async () => {
    const { page } = await open();
    await page.locator('dr-portfolio-chart [part="bands"] svg').waitFor();
    expect(await axeViolations(page, 'dr-portfolio-chart')).toEqual([]);
  });

  it("shows the API's problem and fires dr-error, without throwing, for a filter the API refuses", async () => {
    const { page, errors } = await open('fiscal-year="1800"');
    const alert = page.locator('dr-portfolio-chart [role="alert"]');
    await alert.waitFor();
    expect(await alert.innerText()).toMatch(/fiscalYear/);
    expect(await page.evaluate('window.drEvents')).toEqual([expect.objectContaining({ type: 'dr-error', widget: 'dr-portfolio-chart', status: 400 })]);
    expect(errors.unexpected([400])).toEqual([]);
  });
});
