import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Cookie, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoHost, type DemoHost } from '../../demo-host/server/demo-host.ts';
import { readDemoHostApiKey, seedDemoHostAccess } from '../../api/src/db/seeds/demo-host.ts';
import { startWorker, type RunningWorker } from '../../api/src/worker.ts';
import { insertScoredCompany } from '../factories/scored-company.ts';
import { TEST_PASSWORD, createTenantFixture, type FixtureUser, type TenantFixture } from '../factories/tenant-fixture.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import { ensureWidgetsBuilt } from '../helpers/widgets-build.ts';
import { collectErrors, launchChromium, until } from './helpers/chromium.ts';

/** Listens on an ephemeral loopback port and returns the server's origin. */
async function listen(server: http.Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const closeServer = (server: http.Server) =>
  new Promise<void>((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });

describe('the demo host (Northwind intranet) in Chromium', () => {
  let t: TestApp;
  let fx: TenantFixture;
  let worker: RunningWorker;
  let apiServer: http.Server;
  let apiOrigin: string;
  let host: DemoHost;
  let foreignServer: http.Server;
  let foreignOrigin: string;
  let foreignTenantId: string;
  let browser: Browser;
  const startedAt = new Date();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dr-demo-host-'));
  const shots = path.join(dir, 'shots');
  const keyFile = path.join(dir, 'keys', 'demo-host-api-key');
  const companies: { id: string; name: string }[] = [];

  beforeAll(async () => {
    ensureWidgetsBuilt();
    // The demo host's origin must be a platform embed origin (the super admin's panel) when the API
    // starts, so its port is chosen first.
    const reserved = http.createServer();
    const hostPort = Number(new URL(await listen(reserved)).port);
    await closeServer(reserved);
    t = await createTestApp({ UPLOAD_DIR: path.join(dir, 'uploads'), PLATFORM_EMBED_ORIGINS: `http://127.0.0.1:${hostPort}` });
    worker = await startWorker(t.container);
    apiServer = http.createServer(t.app);
    apiOrigin = await listen(apiServer);
    fx = await createTenantFixture(t);
    const org = { scope: 'organization' as const, tenantId: fx.tenant.id, organizationId: fx.org.id };
    for (const [name, pd] of [['Aster Freight', 0.011], ['Birch Mills', 0.034], ['Cobalt Yards', 0.092], ['Dune Retail', 0.21]] as const) {
      const { id } = await insertScoredCompany(t.owner, org, { name: `${name} ${fx.tag}`, sector: 'Transport', predictions: [{ fiscalYear: 2023, pd: pd * 0.8 }, { fiscalYear: 2024, pd }] });
      companies.push({ id, name: `${name} ${fx.tag}` });
    }
    await insertScoredCompany(t.owner, { scope: 'organization', tenantId: fx.tenant.id, organizationId: fx.otherOrg.id }, { name: `Elm Works ${fx.tag}`, predictions: [{ fiscalYear: 2024, pd: 0.02 }] });
    await insertScoredCompany(t.owner, { scope: 'personal', ownerUserId: fx.users.individual.id }, { name: `Ivy Bakery ${fx.tag}`, sector: 'Retail', predictions: [{ fiscalYear: 2024, pd: 0.04 }] });

    host = await startDemoHost({
      port: hostPort,
      apiBase: apiOrigin,
      apiKey: () => readDemoHostApiKey(keyFile),
      accounts: Object.values(fx.users).map((u) => ({ email: u.email, label: u.role })),
      // The other organization's analyst gets a first token that is already inside the provider's
      // 30-second warning window, so the page must renew it on its own.
      embedTokenTtlSeconds: ({ email, mintNumber }) => (email === fx.users.otherOrgMember.email && mintNumber === 1 ? 30 : undefined),
    });
    await seedDemoHostAccess(t.owner, { tenantId: fx.tenant.id, origins: [host.origin], keyFile });

    // A third site: on some other tenant's embed allow-list (so the browser's preflight passes and
    // the API's own answer is visible), but not on this tenant's.
    foreignServer = http.createServer((_req, res) => res.writeHead(200, { 'Content-Type': 'text/html' }).end('<!doctype html><title>Elsewhere</title><p>Elsewhere'));
    foreignOrigin = await listen(foreignServer);
    [{ id: foreignTenantId }] = await t.owner('tenants').insert({ name: `Elsewhere ${fx.tag}`, slug: `elsewhere-${fx.tag}`, embed_origins: [foreignOrigin] }).returning('id');

    browser = await launchChromium();
    fs.mkdirSync(shots, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    await host?.close();
    if (foreignServer) await closeServer(foreignServer);
    if (apiServer) await closeServer(apiServer);
    await worker?.close();
    if (foreignTenantId) await t.owner('tenants').where({ id: foreignTenantId }).delete();
    // Reports of pages without a tenant (super admin, individual) do not cascade with the fixture.
    await t?.owner('web_vitals').whereNull('tenant_id').where('created_at', '>=', startedAt).where('user_agent', 'like', '%HeadlessChrome%').delete();
    await fx?.cleanup();
    await t?.close();
    console.log(`demo host screenshots: ${shots}`);
  });

  // Each user signs in through the form once; later tests reuse that session's cookie in a fresh
  // browser context (a password check costs a deliberately slow hash).
  const sessionCookies = new Map<string, Cookie[]>();

  async function signIn(user: FixtureUser): Promise<{ context: BrowserContext; page: Page; errors: ReturnType<typeof collectErrors> }> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-US' });
    context.setDefaultTimeout(10_000);
    const page = await context.newPage();
    const errors = collectErrors(page);
    const cookies = sessionCookies.get(user.email);
    if (cookies) {
      await context.addCookies(cookies);
      await page.goto(`${host.origin}/dashboard`);
    } else {
      await page.goto(`${host.origin}/login`);
      await page.fill('#email', user.email);
      await page.fill('#password', TEST_PASSWORD);
      await Promise.all([page.waitForURL(`${host.origin}/dashboard`), page.click('form[action="/login"] button')]);
      sessionCookies.set(user.email, await context.cookies(host.origin));
    }
    return { context, page, errors };
  }

  const tableRows = (page: Page) => page.locator('dr-company-table tbody tr');

  it('signs the analyst in with a session cookie only, serves the page with a strict CSP, and embeds the portfolio', async () => {
    const { context, page, errors } = await signIn(fx.users.orgMember);
    const cookies = await context.cookies(host.origin);
    expect(cookies).toEqual([expect.objectContaining({ name: 'nw_session', httpOnly: true, sameSite: 'Lax' })]);
    const response = await page.reload();
    const csp = response?.headers()['content-security-policy'] ?? '';
    expect(csp).toContain(`script-src 'self' ${apiOrigin}/widgets/`);
    expect(csp).toContain(`connect-src 'self' ${apiOrigin}`);
    expect(csp).not.toContain('unsafe-inline');

    expect(await page.locator('[data-dashboard-title]').innerText()).toBe('Credit risk workspace');
    await until(() => tableRows(page).count(), 4);
    expect(await page.locator('dr-company-table tbody').innerText()).toContain(`Cobalt Yards ${fx.tag}`);
    // Another organization's company never reaches this analyst's table.
    expect(await page.locator('dr-company-table tbody').innerText()).not.toContain(`Elm Works ${fx.tag}`);

    // Bulk scoring inside the intranet, with the page's embed token: the progress bar runs to the end.
    const csv = [
      'company,fiscalYear,totalAssets,totalLiabilities,currentAssets,currentLiabilities,netIncome,netSales,ebit,retainedEarnings,marketValue',
      `Fjord Shipping ${fx.tag},2024,500,320,140,90,18,610,31,120,260`,
      `Gale Energy ${fx.tag},2024,800,760,90,150,-42,300,-20,-60,35`,
      `Bad Row ${fx.tag},2024,-5,1,1,1,1,1,1,1,1`,
    ].join('\n');
    await page.locator('dr-bulk-upload input[type="file"]').setInputFiles({ name: 'intranet-upload.csv', mimeType: 'text/csv', buffer: Buffer.from(`${csv}\n`, 'utf8') });
    await until(() => page.locator('dr-bulk-upload .percent').innerText().catch(() => ''), '100 %', 30_000);
    expect(await page.locator('dr-bulk-upload .figures').innerText()).toMatch(/^2 scored · 1 refused/);
    expect(await page.locator('dr-bulk-upload [part="errors"] tbody').innerText()).toMatch(/^4\s+totalAssets/);
    const job = await t.owner('score_jobs').where({ organization_id: fx.org.id, file_name: 'intranet-upload.csv' }).first();
    expect(job).toMatchObject({ status: 'completed_with_errors', created_by: null, scope: 'organization' });
    expect(job.embed_jti).toEqual(expect.any(String));
    // The other tests count this organization's companies: take the uploaded ones out again.
    const uploaded = await t.owner('predictions').where({ score_job_id: job.id }).pluck('company_id');
    expect(uploaded).toHaveLength(2);
    await t.owner('companies').whereIn('id', uploaded).delete();
    await t.owner('score_jobs').where({ id: job.id }).delete();
    await page.reload();

    await tableRows(page).filter({ hasText: `Cobalt Yards ${fx.tag}` }).click();
    await page.locator('dr-risk-card [part="name"]').waitFor();
    expect(await page.locator('dr-risk-card [part="name"]').innerText()).toBe(`Cobalt Yards ${fx.tag}`);
    expect(await page.locator('dr-risk-card [part="pd"]').innerText()).toBe('9.20%');
    await page.waitForTimeout(300);
    await page.screenshot({ path: path.join(shots, 'analyst-dashboard.png'), fullPage: true });
    expect(errors.unexpected()).toEqual([]);
    await context.close();
  });

  it('gives the team lead the organization admin panel, acting as them with an admin embed token, next to the portfolio', async () => {
    const { page, context, errors } = await signIn(fx.users.orgAdmin);
    expect(await page.locator('[data-dashboard-title]').innerText()).toBe('Team and portfolio');
    const panel = page.locator('dr-provider[data-embed="admin"] dr-org-admin-panel');
    await expect.poll(() => panel.locator('h2').first().innerText(), { timeout: 15_000 }).toBe(fx.org.name);
    await expect.poll(() => panel.locator('section[aria-labelledby="members-title"] tbody').innerText(), { timeout: 15_000 }).toContain(fx.users.orgMember.email);
    expect(await panel.locator('section[aria-labelledby="members-title"] tbody').innerText()).not.toContain(fx.users.otherOrgMember.email);
    expect(await panel.locator('section[aria-labelledby="join-token-title"]').innerText()).toContain('There is no join token');
    // The panel's token is an admin token for this admin; the portfolio's is a data token.
    const adminToken = await page.locator('dr-provider[data-embed="admin"]').evaluate((p) => (p as unknown as { token: string }).token);
    const claims = JSON.parse(Buffer.from(adminToken.split('.')[1]!, 'base64url').toString()) as { typ: string; sub: string; widgets: string[] };
    expect(claims).toMatchObject({ typ: 'embed-admin', sub: fx.users.orgAdmin.id, widgets: ['dr-org-admin-panel'] });
    await until(() => tableRows(page).count(), 4);
    await page.waitForTimeout(300);
    await page.screenshot({ path: path.join(shots, 'org-admin-dashboard.png'), fullPage: true });
    expect(errors.unexpected()).toEqual([]);

    // Signing out of the intranet revokes the panel's token.
    const jti = (JSON.parse(Buffer.from(adminToken.split('.')[1]!, 'base64url').toString()) as { jti: string }).jti;
    await Promise.all([page.waitForURL(`${host.origin}/login`), page.click('form[action="/logout"] button')]);
    sessionCookies.delete(fx.users.orgAdmin.email);
    expect((await t.owner('admin_embed_tokens').where({ jti }).first()).revoked_at).not.toBeNull();
    await context.close();
  });

  it('shows the bank admin the organizations, the super admin the platform, the individual their own companies', async () => {
    const tenantAdmin = await signIn(fx.users.tenantAdmin);
    const tenantPanel = tenantAdmin.page.locator('dr-tenant-admin-panel');
    await expect.poll(() => tenantPanel.locator('[part="organizations"] tbody').innerText(), { timeout: 15_000 }).toContain(fx.otherOrg.name);
    await tenantAdmin.page.screenshot({ path: path.join(shots, 'tenant-admin-dashboard.png'), fullPage: true });
    expect(tenantAdmin.errors.unexpected()).toEqual([]);
    // No portfolio token: only the administration panel's own provider (an admin token).
    expect(await tenantAdmin.page.locator('dr-provider').count()).toBe(1);
    expect(await tenantAdmin.page.locator('dr-provider[data-embed="admin"]').count()).toBe(1);
    await tenantAdmin.context.close();

    const superAdmin = await signIn(fx.users.superAdmin);
    expect(await superAdmin.page.locator('[data-dashboard-title]').innerText()).toBe('Platform figures');
    await expect.poll(() => superAdmin.page.locator('dr-super-admin-panel [part="figures"]').innerText().catch(() => ''), { timeout: 15_000 }).toMatch(/Tenants\s+\d+/);
    // The super admin's panel works from the demo host, a platform embed origin.
    const superPanel = superAdmin.page.locator('dr-super-admin-panel');
    await superPanel.locator('[part="tenants"]').getByLabel('Search').fill(fx.tag);
    await expect.poll(() => superPanel.locator('[part="tenants"] tbody').innerText(), { timeout: 15_000 }).toContain(fx.tenant.name);
    await superAdmin.page.screenshot({ path: path.join(shots, 'super-admin-dashboard.png'), fullPage: true });
    expect(superAdmin.errors.unexpected()).toEqual([]);
    await superAdmin.context.close();

    const individual = await signIn(fx.users.individual);
    expect(await individual.page.locator('[data-personal-companies]').innerText()).toContain(`Ivy Bakery ${fx.tag}`);
    expect(await individual.page.locator('form[action="/join"]').count()).toBe(1);
    // Embed tokens read organization data only; an individual gets none.
    expect((await individual.context.request.get(`${host.origin}/token`)).status()).toBe(409);
    await individual.context.close();
  });

  it('refuses a wrong password without a session', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${host.origin}/login`);
    await page.fill('#email', fx.users.orgMember.email);
    await page.fill('#password', 'not-the-password');
    await page.click('form[action="/login"] button');
    expect(await page.locator('[data-login-error]').innerText()).toBe('Wrong email or password.');
    expect(await context.cookies(host.origin)).toEqual([]);
    await context.close();
  });

  it("refuses the analyst's embed token from a page on another origin (403), and accepts it on the intranet", async () => {
    const { context, page } = await signIn(fx.users.orgMember);
    const { token } = (await (await context.request.get(`${host.origin}/token`)).json()) as { token: string };
    const call = (p: Page) =>
      p.evaluate(
        async ([api, bearer]) => {
          try {
            return (await fetch(`${api}/v1/companies?limit=1`, { headers: { Authorization: `Bearer ${bearer}` } })).status;
          } catch {
            return 'blocked by CORS';
          }
        },
        [apiOrigin, token] as const,
      );
    expect(await call(page)).toBe(200);

    const elsewhere = await context.newPage();
    await elsewhere.goto(`${foreignOrigin}/`);
    expect(await call(elsewhere)).toBe(403);
    await context.close();
  });

  it('renews an expiring embed token without reloading the page', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    // Browser-side code as strings: the tests' tsconfig has no DOM types.
    await context.addInitScript(`window.expiring = 0; document.addEventListener('dr-token-expiring', () => window.expiring++);`);
    const page = await context.newPage();
    const mints: string[] = [];
    const dashboardLoads: string[] = [];
    page.on('response', (response) => {
      if (response.url() === `${host.origin}/token`) mints.push(String(response.status()));
    });
    page.on('framenavigated', (frame) => {
      if (frame === page.mainFrame() && frame.url() === `${host.origin}/dashboard`) dashboardLoads.push(frame.url());
    });
    await page.goto(`${host.origin}/login`);
    await page.fill('#email', fx.users.otherOrgMember.email);
    await page.fill('#password', TEST_PASSWORD);
    await Promise.all([page.waitForURL(`${host.origin}/dashboard`), page.click('form[action="/login"] button')]);

    await until(async () => mints.length, 2);
    expect(mints).toEqual(['200', '200']);
    const state = (await page.evaluate(`({ expiring: window.expiring, token: document.querySelector('dr-provider').token })`)) as { expiring: number; token: string };
    expect(dashboardLoads, 'the dashboard loaded once: no reload').toHaveLength(1);
    expect(state.expiring).toBe(1);
    // The renewed token is a full-length one (the first lived 30 s).
    const exp = (JSON.parse(Buffer.from(state.token.split('.')[1]!, 'base64url').toString()) as { exp: number }).exp;
    expect(exp * 1000 - Date.now()).toBeGreaterThan(120_000);
    // The widgets keep working on the renewed token.
    await until(() => tableRows(page).count(), 1);
    expect(await page.locator('dr-company-table tbody').innerText()).toContain(`Elm Works ${fx.tag}`);
    await context.close();
  });

  it('reports web vitals to the API: with the embed token on widget pages, through the backend elsewhere', async () => {
    const hide = (page: Page) =>
      // What a browser does when the user switches tabs; web-vitals then reports what it has.
      page.evaluate(`Object.defineProperty(document, 'visibilityState', { value: 'hidden', configurable: true }); document.dispatchEvent(new Event('visibilitychange'));`);

    const since = new Date();
    const analyst = await signIn(fx.users.orgMember);
    await until(() => tableRows(analyst.page).count(), 4);
    await tableRows(analyst.page).first().click();
    await analyst.page.locator('dr-risk-card [part="name"]').waitFor();
    await hide(analyst.page);
    const rowsOf = (organizationId: string | null) => t.owner('web_vitals').where({ tenant_id: fx.tenant.id, organization_id: organizationId }).where('created_at', '>=', since);
    const metricsOf = async (organizationId: string | null) => [...new Set((await rowsOf(organizationId).pluck('metric_name')) as string[])].sort();
    await until(async () => (await metricsOf(fx.org.id)).filter((m) => m !== 'INP'), ['CLS', 'LCP'], 8000);
    const lcp = await rowsOf(fx.org.id).where({ metric_name: 'LCP' }).first();
    expect(lcp).toMatchObject({ page: '/dashboard', navigation_type: 'navigate', user_agent: expect.stringContaining('Chrome') });
    expect(lcp.value).toBeGreaterThan(0);
    await analyst.context.close();

    const tenantAdmin = await signIn(fx.users.tenantAdmin);
    await tenantAdmin.page.click('h1');
    await hide(tenantAdmin.page);
    await until(async () => (await metricsOf(null)).includes('LCP'), true, 8000);
    await tenantAdmin.context.close();
  });
});
