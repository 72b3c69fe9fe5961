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

/** Name → PD; names sort alphabetically in this order, PDs do not. */
const COMPANIES: [string, number, string][] = [
  ['Acme Foods', 0.01, 'Food'],
  ['Birch Capital', 0.18, 'Finance'],
  ['Cobalt Mining', 0.045, 'Mining'],
  ['Delta Shipping', 0.09, 'Transport'],
  ['Elm Retail', 0.3, 'Retail'],
];

describe('<dr-company-table> in Chromium', () => {
  let t: TestApp;
  let fx: TenantFixture;
  let host: WidgetHost;
  let browser: Browser;
  let url: string;
  let thresholdUrl: string;
  const shots = fs.mkdtempSync(path.join(os.tmpdir(), 'dr-widgets-shots-'));

  beforeAll(async () => {
    ensureWidgetsBuilt();
    t = await createTestApp();
    fx = await createTenantFixture(t);
    // Global reference data written by other test files must not show up in this organization's table.
    await t.owner('organizations').where({ id: fx.org.id }).update({ allow_global_data: false });
    for (const [name, pd, sector] of COMPANIES) {
      await insertScoredCompany(t.owner, { scope: 'organization', tenantId: fx.tenant.id, organizationId: fx.org.id }, { name: `${name} ${fx.tag}`, sector, predictions: [{ fiscalYear: 2024, pd }] });
    }
    await insertScoredCompany(t.owner, { scope: 'organization', tenantId: fx.tenant.id, organizationId: fx.otherOrg.id }, { name: `Aaa Other org ${fx.tag}`, predictions: [{ fiscalYear: 2024, pd: 0.5 }] });
    const { accessToken } = await loginAs(t, fx.users.orgMember);
    host = await startWidgetHost(t);
    url = host.addPage('table', { body: `<dr-provider token="${accessToken}"><dr-company-table page-size="2"></dr-company-table></dr-provider>` });
    thresholdUrl = host.addPage('table-threshold', {
      body: `<dr-provider token="${accessToken}"><dr-company-table page-size="2" threshold="0.1"></dr-company-table></dr-provider>`,
      setup: `
        window.breaches = [];
        document.addEventListener('dr-threshold-breached', (e) => window.breaches.push({ name: e.company.name, pd: e.pd, threshold: e.threshold, bubbles: e.bubbles, composed: e.composed }));`,
    });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await closeWidgetSuite({ browser, host, fixture: fx, app: t });
    console.log(`company table screenshots: ${shots}`);
  });

  async function open(pageUrl = url): Promise<{ page: Page; errors: ReturnType<typeof collectErrors> }> {
    return openPage(browser, pageUrl, { viewport: { width: 820, height: 480 } });
  }

  /** The company names on screen, without the fixture tag. */
  const names = (page: Page) => async () => (await page.locator('dr-company-table tbody tr td:first-child').allInnerTexts()).map((n) => n.replace(` ${fx.tag}`, ''));
  const button = (page: Page, name: string) => page.locator('dr-company-table').getByRole('button', { name, exact: true });

  it('pages through the companies with the API cursor, forwards and back', async () => {
    const { page, errors } = await open();
    await until(names(page), ['Acme Foods', 'Birch Capital']);
    await page.locator('dr-company-table').screenshot({ path: path.join(shots, 'company-table.png') });

    await button(page, 'Next').click();
    await until(names(page), ['Cobalt Mining', 'Delta Shipping']);
    expect(await page.locator('dr-company-table [part="pager"]').innerText()).toContain('Page 2');
    await button(page, 'Next').click();
    await until(names(page), ['Elm Retail']);
    expect(await button(page, 'Next').isDisabled()).toBe(true);
    await button(page, 'Previous').click();
    await until(names(page), ['Cobalt Mining', 'Delta Shipping']);
    expect(errors.unexpected()).toEqual([]);
  });

  it('sorts by PD, riskiest first, then the other way, from the first page', async () => {
    const { page, errors } = await open();
    await until(names(page), ['Acme Foods', 'Birch Capital']);
    await button(page, 'Next').click();
    await until(names(page), ['Cobalt Mining', 'Delta Shipping']);

    await button(page, 'PD').click();
    await until(names(page), ['Elm Retail', 'Birch Capital']);
    expect(await page.locator('dr-company-table th[aria-sort="descending"]').innerText()).toContain('PD');
    expect(await page.locator('dr-company-table tbody tr').first().innerText()).toMatch(/30\.00%\s+Critical/);
    await button(page, 'PD').click();
    await until(names(page), ['Acme Foods', 'Cobalt Mining']);
    expect(await page.locator('dr-company-table th[aria-sort="ascending"]').innerText()).toContain('PD');
    expect(errors.unexpected()).toEqual([]);
  });

  it('filters by band and by search text', async () => {
    const { page, errors } = await open();
    await until(names(page), ['Acme Foods', 'Birch Capital']);
    await page.locator('dr-company-table select').selectOption('critical');
    await until(names(page), ['Birch Capital', 'Elm Retail']);
    await page.locator('dr-company-table select').selectOption('');
    await page.locator('dr-company-table input[type="search"]').fill('delta');
    await until(names(page), ['Delta Shipping']);
    await page.locator('dr-company-table input[type="search"]').fill('no such company');
    await until(names(page), []);
    expect(await page.locator('dr-company-table [part="base"]').innerText()).toContain('No companies match.');
    expect(errors.unexpected()).toEqual([]);
  });

  it('shows a page that failed to load with its problem and a Try again button that fetches it again', async () => {
    let failures = 1;
    const { page, errors } = await openPage(browser, url, {
      viewport: { width: 820, height: 480 },
      beforeGoto: async (p) => {
        await p.route('**/v1/companies?**', (route) =>
          failures-- > 0
            ? route.fulfill({ status: 503, contentType: 'application/problem+json', body: JSON.stringify({ type: 'about:blank', title: 'Service Unavailable', status: 503, detail: 'The database is restarting; try again in a moment.' }) })
            : route.continue(),
        );
      },
    });
    const table = page.locator('dr-company-table');
    await until(() => table.locator('[role="alert"]').innerText().catch(() => ''), 'Service Unavailable\nThe database is restarting; try again in a moment.\nTry again');
    expect(await names(page)()).toEqual([]);
    await table.getByRole('button', { name: 'Try again' }).click();
    await until(names(page), ['Acme Foods', 'Birch Capital']);
    expect(await table.locator('[role="alert"]').count()).toBe(0);
    expect(errors.unexpected([503])).toEqual([]);
  });

  it('fires dr-company-select with the company on a row click and on Enter', async () => {
    const { page, errors } = await open();
    await until(names(page), ['Acme Foods', 'Birch Capital']);
    await page.locator('dr-company-table tbody tr').first().locator('td').nth(2).click();
    await button(page, `Birch Capital ${fx.tag}`).focus();
    await page.keyboard.press('Enter');
    await until(() => page.evaluate(`window.drEvents.filter((e) => e.type === 'dr-company-select').map((e) => e.company)`), [`Acme Foods ${fx.tag}`, `Birch Capital ${fx.tag}`]);
    expect(errors.unexpected()).toEqual([]);
  });

  it('fires dr-threshold-breached once per company at or above the threshold as pages load, and marks those rows', async () => {
    const { page, errors } = await open(thresholdUrl);
    const breaches = () => page.evaluate(`window.breaches.map((b) => b.name.replace(' ${fx.tag}', ''))`);
    await until(names(page), ['Acme Foods', 'Birch Capital']);
    await until(breaches, ['Birch Capital']);
    expect(await page.evaluate('window.breaches[0]')).toEqual({ name: `Birch Capital ${fx.tag}`, pd: 0.18, threshold: 0.1, bubbles: true, composed: true });

    const rows = page.locator('dr-company-table tbody tr');
    expect(await rows.nth(0).getAttribute('part')).toBe('row');
    expect(await rows.nth(1).getAttribute('part')).toBe('row row-breached');
    // What a screen reader gets for each PD cell: the figure, and for a marked row that it reached the threshold (the ▲ is hidden).
    expect(await rows.nth(1).getByRole('cell').nth(2).ariaSnapshot()).toBe('- cell "18.00% at or above the 10.00% alert threshold"');
    expect(await rows.nth(0).getByRole('cell').nth(2).ariaSnapshot()).toBe('- cell "1.00%"');
    await page.locator('dr-company-table').screenshot({ path: path.join(shots, 'company-table-threshold.png') });
    expect(await axeViolations(page, 'dr-company-table')).toEqual([]);

    await button(page, 'Next').click();
    await until(names(page), ['Cobalt Mining', 'Delta Shipping']);
    await button(page, 'Next').click();
    await until(names(page), ['Elm Retail']);
    await until(breaches, ['Birch Capital', 'Elm Retail']);
    // Back to page 1, then riskiest first: the rows are marked again, but nobody is reported twice.
    await button(page, 'Previous').click();
    await button(page, 'Previous').click();
    await until(names(page), ['Acme Foods', 'Birch Capital']);
    await button(page, 'PD').click();
    await until(names(page), ['Elm Retail', 'Birch Capital']);
    expect(await page.locator('dr-company-table tbody tr[data-breached]').count()).toBe(2);
    await page.waitForTimeout(200);
    expect(await breaches()).toEqual(['Birch Capital', 'Elm Retail']);
    expect(errors.unexpected()).toEqual([]);
  });
});
