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

const DRIVERS = {
  baseValue: -3.1,
  logit: -2.55,
  items: [
    { item: 'tlTa', label: 'Total liabilities / total assets', value: 0.91, contribution: 0.42 },
    { item: 'roa', label: 'Return on assets', value: -0.03, contribution: 0.31 },
    { item: 'currentRatio', label: 'Current ratio', value: 1.8, contribution: -0.18 },
    { item: 'size', label: 'Size (log total assets)', value: 16.2, contribution: -0.05 },
  ],
  rest: 0.0,
};

/** An unsigned JWT with this expiry: the provider reads `exp` only, the API would refuse it. */
function fakeJwt(expiresInSeconds: number): string {
  const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${part({ alg: 'none', typ: 'JWT' })}.${part({ sub: 'host-user', exp: Math.floor(Date.now() / 1000) + expiresInSeconds })}.sig`;
}

describe('<dr-risk-card> in Chromium', () => {
  let t: TestApp;
  let fx: TenantFixture;
  let host: WidgetHost;
  let browser: Browser;
  let token: string;
  let companyId: string;
  let foreignCompanyId: string;
  const shots = fs.mkdtempSync(path.join(os.tmpdir(), 'dr-widgets-shots-'));

  beforeAll(async () => {
    ensureWidgetsBuilt();
    t = await createTestApp();
    fx = await createTenantFixture(t);
    const company = await insertScoredCompany(t.owner, { scope: 'organization', tenantId: fx.tenant.id, organizationId: fx.org.id }, {
      name: `Northwind Logistics ${fx.tag}`,
      sector: 'Transport',
      externalRef: `NWL-${fx.tag}`,
      predictions: [
        { fiscalYear: 2021, pd: 0.012 },
        { fiscalYear: 2022, pd: 0.018 },
        { fiscalYear: 2023, pd: 0.041 },
        { fiscalYear: 2024, pd: 0.072 },
      ],
    });
    companyId = company.id;
    await t.owner('predictions').where({ id: company.predictionIds[3] }).update({ drivers: JSON.stringify(DRIVERS) });
    foreignCompanyId = (
      await insertScoredCompany(t.owner, { scope: 'organization', tenantId: fx.tenant.id, organizationId: fx.otherOrg.id }, { name: `Other org ${fx.tag}`, predictions: [{ fiscalYear: 2024, pd: 0.2 }] })
    ).id;
    token = (await loginAs(t, fx.users.orgMember)).accessToken;
    host = await startWidgetHost(t);
    browser = await launchChromium();
  });

  afterAll(async () => {
    await closeWidgetSuite({ browser, host, fixture: fx, app: t });
    console.log(`risk card screenshots: ${shots}`);
  });

  async function open(url: string): Promise<{ page: Page; errors: ReturnType<typeof collectErrors> }> {
    return openPage(browser, url, { viewport: { width: 760, height: 560 } });
  }

  const card = (page: Page, part: string) => page.locator(`dr-risk-card [part="${part}"]`);

  it("shows the company's name, PD with its interval, band, rating, trend and main drivers", async () => {
    const url = host.addPage('card', { body: `<dr-provider token="${token}"><dr-risk-card company-id="${companyId}"></dr-risk-card></dr-provider>` });
    const { page, errors } = await open(url);
    await card(page, 'name').waitFor();

    expect(await card(page, 'name').innerText()).toBe(`Northwind Logistics ${fx.tag}`);
    expect(await card(page, 'pd').innerText()).toBe('7.20%');
    expect(await card(page, 'band').innerText()).toBe('High risk');
    const text = await page.locator('dr-risk-card article').innerText();
    expect(text).toContain('Range 5.76% – 8.64%');
    expect(text).toContain('Rating BB');
    expect(text).toContain('+3.1 pp since FY2023');
    expect(await card(page, 'sparkline').getAttribute('role')).toBe('img');
    expect(await card(page, 'sparkline').getAttribute('aria-label')).toBe('PD trend from FY2021 to FY2024: FY2021 1.20%, FY2022 1.80%, FY2023 4.10%, FY2024 7.20%');
    expect(await card(page, 'drivers').locator('li').allInnerTexts()).toEqual([
      'Total liabilities / total assets\n\nraises PD',
      'Return on assets\n\nraises PD',
      'Current ratio\n\nlowers PD',
    ].map((s) => expect.stringMatching(new RegExp(`^${s.split('\n\n').join('\\s+')}$`))));
    expect(await page.evaluate('window.drEvents')).toEqual([expect.objectContaining({ type: 'dr-loaded', widget: 'dr-risk-card' })]);

    await page.locator('dr-risk-card').screenshot({ path: path.join(shots, 'risk-card.png') });
    await page.evaluate(`document.querySelector('dr-provider').theme = 'dark'`);
    await page.locator('dr-risk-card').screenshot({ path: path.join(shots, 'risk-card-dark.png') });
    expect(errors.unexpected()).toEqual([]);
  });

  it("loads from the card's own entry even when the provider's entry arrives after it", async () => {
    const url = host.addPage('card-entries', {
      body: `<dr-provider token="${token}"><dr-risk-card company-id="${companyId}"></dr-risk-card></dr-provider>`,
      modules: ['/widgets/dr-risk-card.js', '/widgets/dr-provider.js'],
    });
    const { page, errors } = await open(url);
    await card(page, 'pd').waitFor();
    expect(await card(page, 'band').innerText()).toBe('High risk');
    expect(errors.unexpected()).toEqual([]);
  });

  it('asks the host for a new token once when the API answers 401, then retries and loads', async () => {
    const url = host.addPage('card-401', {
      body: `<dr-provider token="revoked-or-expired"><dr-risk-card company-id="${companyId}"></dr-risk-card></dr-provider>`,
      setup: `
        window.refreshCalls = 0;
        document.querySelector('dr-provider').refreshToken = async () => { window.refreshCalls += 1; return ${JSON.stringify(token)}; };`,
    });
    const statuses: number[] = [];
    const { page, errors } = await openPage(browser, url, {
      beforeGoto: (page) => {
        page.on('response', (res) => {
          if (res.url().includes('/v1/')) statuses.push(res.status());
        });
      },
    });
    await card(page, 'pd').waitFor();

    expect(await card(page, 'pd').innerText()).toBe('7.20%');
    // Three requests failed together with 401; they shared one refresh and were each retried once.
    expect(await page.evaluate('window.refreshCalls')).toBe(1);
    expect(statuses.sort()).toEqual([200, 200, 200, 401, 401, 401]);
    expect(await page.evaluate(`document.querySelector('dr-provider').token`)).toBe(token);
    expect(errors.unexpected([401])).toEqual([]);
  });

  it('fires dr-token-expiring 30 s before the token expires and takes the token refreshToken returns', async () => {
    const soon = fakeJwt(31);
    const next = fakeJwt(600);
    const url = host.addPage('expiring', {
      body: `<dr-provider token="${soon}"></dr-provider>`,
      setup: `
        window.refreshCalls = 0;
        document.querySelector('dr-provider').refreshToken = async () => { window.refreshCalls += 1; return ${JSON.stringify(next)}; };`,
    });
    const { page, errors } = await open(url);
    await until(() => page.evaluate(`window.drEvents.map((e) => e.type)`), ['dr-token-expiring'], 4000);
    await until(() => page.evaluate(`document.querySelector('dr-provider').token`), next);
    expect(await page.evaluate('window.refreshCalls')).toBe(1);
    expect(errors.unexpected()).toEqual([]);
  });

  it('fires dr-threshold-breached once for a company whose PD reaches the threshold, and not for one below it', async () => {
    const scope = { scope: 'organization' as const, tenantId: fx.tenant.id, organizationId: fx.org.id };
    const low = await insertScoredCompany(t.owner, scope, { name: `Quiet Dairy ${fx.tag}`, predictions: [{ fiscalYear: 2024, pd: 0.012 }] });
    const url = host.addPage('card-threshold', {
      body: `<dr-provider token="${token}">
        <dr-risk-card id="high" company-id="${companyId}" threshold="0.05"></dr-risk-card>
        <dr-risk-card id="low" company-id="${low.id}" threshold="0.05"></dr-risk-card>
      </dr-provider>`,
      setup: `
        window.breaches = [];
        document.addEventListener('dr-threshold-breached', (e) => window.breaches.push({
          card: e.target.id, company: e.company, pd: e.pd, threshold: e.threshold, bubbles: e.bubbles, composed: e.composed,
        }));`,
    });
    const { page, errors } = await open(url);
    await until(() => page.evaluate(`window.drEvents.filter((e) => e.type === 'dr-loaded').length`), 2);
    await until(() => page.evaluate('window.breaches.length'), 1);
    expect(await page.evaluate('window.breaches')).toEqual([
      { card: 'high', company: { id: companyId, name: `Northwind Logistics ${fx.tag}` }, pd: 0.072, threshold: 0.05, bubbles: true, composed: true },
    ]);
    const note = page.locator('#high [part="threshold"]');
    expect(await note.innerText()).toBe('▲ At or above the 5.00% alert threshold');
    expect(await page.locator('#low [part="threshold"]').count()).toBe(0);
    await page.locator('#high').screenshot({ path: path.join(shots, 'risk-card-threshold.png') });

    // A threshold set after the load counts; a company already reported is not reported again.
    await page.evaluate(`document.querySelector('#low').threshold = 0.01; document.querySelector('#high').threshold = 0.06`);
    await until(() => page.evaluate('window.breaches.map((b) => b.card)'), ['high', 'low']);
    await page.waitForTimeout(200);
    expect(await page.evaluate('window.breaches.map((b) => [b.company.name, b.pd, b.threshold])')).toEqual([
      [`Northwind Logistics ${fx.tag}`, 0.072, 0.05],
      [`Quiet Dairy ${fx.tag}`, 0.012, 0.01],
    ]);
    expect(await axeViolations(page, 'dr-provider')).toEqual([]);
    expect(errors.unexpected()).toEqual([]);
  });

  it("shows the API's problem and fires dr-error, without throwing, for a company the token may not see", async () => {
    const url = host.addPage('card-foreign', { body: `<dr-provider token="${token}"><dr-risk-card company-id="${foreignCompanyId}"></dr-risk-card></dr-provider>` });
    const { page, errors } = await open(url);
    const alert = page.locator('dr-risk-card [role="alert"]');
    await alert.waitFor();
    expect(await alert.innerText()).toMatch(/^Not found/);
    expect(await page.locator('dr-risk-card article').innerText()).not.toContain('Other org');
    expect(await page.evaluate('window.drEvents')).toEqual([expect.objectContaining({ type: 'dr-error', widget: 'dr-risk-card', status: 404 })]);
    expect(errors.unexpected([404])).toEqual([]);
  });
});
