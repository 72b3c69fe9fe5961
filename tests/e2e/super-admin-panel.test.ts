import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { TEST_PASSWORD, createTenantFixture, loginAs, type FixtureUser, type TenantFixture } from '../factories/tenant-fixture.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import { ensureWidgetsBuilt } from '../helpers/widgets-build.ts';
import { axeViolations } from './helpers/axe.ts';
import { launchChromium, until, type PageErrors } from './helpers/chromium.ts';
import { closeWidgetSuite } from './helpers/close-widget-suite.ts';
import { startWidgetHost, type WidgetHost } from './helpers/widget-host.ts';
import { openPage } from './helpers/open-page.ts';

/** Records dr-admin-change as the host page's other events are recorded. */
const RECORD_ADMIN_CHANGES = `document.addEventListener('dr-admin-change', (e) => window.drEvents.push({ type: e.type, action: e.action, targetId: e.targetId }));`;

interface Opened {
  page: Page;
  panel: Locator;
  errors: PageErrors;
}

describe('<dr-super-admin-panel> in Chromium', () => {
  let t: TestApp;
  let host: WidgetHost;
  let browser: Browser;
  const fixtures: TenantFixture[] = [];
  /** Slugs of tenants the panel created, deleted after each test whether it passed or not. */
  const createdSlugs: string[] = [];
  const shots = fs.mkdtempSync(path.join(os.tmpdir(), 'dr-widgets-shots-'));

  beforeAll(async () => {
    ensureWidgetsBuilt();
    t = await createTestApp();
    host = await startWidgetHost(t);
    browser = await launchChromium();
  });

  afterEach(async () => {
    // Deleting a tenant deletes its organizations and users with it (ON DELETE CASCADE).
    for (const slug of createdSlugs.splice(0)) await t.owner('tenants').where({ slug }).delete();
    for (const fx of fixtures.splice(0)) await fx.cleanup();
  });

  afterAll(async () => {
    await closeWidgetSuite({ browser, host, app: t });
    console.log(`super admin panel screenshots: ${shots}`);
  });

  async function tenant(): Promise<TenantFixture> {
    const fx = await createTenantFixture(t);
    fixtures.push(fx);
    return fx;
  }

  async function open(user: FixtureUser, theme: 'light' | 'dark' = 'light', beforeGoto?: (page: Page) => void): Promise<Opened> {
    const { accessToken } = await loginAs(t, user);
    const url = host.addPage(`super-admin-${Math.random().toString(36).slice(2)}`, {
      body: `<dr-provider token="${accessToken}" theme="${theme}"><dr-super-admin-panel></dr-super-admin-panel></dr-provider>`,
      setup: RECORD_ADMIN_CHANGES,
    });
    const { page, errors } = await openPage(browser, url, { viewport: { width: 960, height: 900 }, beforeGoto });
    return { page, panel: page.locator('dr-super-admin-panel'), errors };
  }

  const events = (page: Page, type: string) => () => page.evaluate(`window.drEvents.filter((e) => e.type === ${JSON.stringify(type)})`) as Promise<Record<string, unknown>[]>;
  const loaded = (page: Page) => until(async () => (await events(page, 'dr-loaded')()).length, 1, 8000);
  const tenantNames = (panel: Locator) => () => panel.locator('[part="tenants"] tbody tr[part="row"] th').allInnerTexts();
  const figure = (scope: Locator, label: string) => scope.locator('.figure').filter({ has: scope.page().getByText(label, { exact: true }) }).locator('dd');
  /**
   * Types into the search box and waits for the search's answer: the box waits for a pause in typing,
   * and a search landing later would reload the list (closing an open row, dimming it) mid-test.
   */
  const search = async (panel: Locator, text: string) => {
    const answered = panel.page().waitForResponse((response) => {
      const url = new URL(response.url());
      return url.pathname === '/v1/tenants' && url.searchParams.get('q') === text;
    });
    await panel.locator('[part="tenants"]').getByLabel('Search').fill(text);
    await answered;
  };
  const canLogIn = async (user: Pick<FixtureUser, 'email'>, password = TEST_PASSWORD) => (await t.http.post('/v1/auth/login').send({ email: user.email, password })).status === 200;

  it("shows the platform's figures, finds a tenant by its slug and drills down into its figures", async () => {
    const fx = await tenant();
    // Other test files create and delete tenants meanwhile: compare with the figures the panel was sent.
    let statsSent: Promise<{ tenants: { total: number } }> | undefined;
    const { page, panel, errors } = await open(fx.users.superAdmin, 'light', (p) => {
      statsSent = p.waitForResponse((response) => new URL(response.url()).pathname === '/v1/platform/stats').then((response) => response.json());
    });
    await loaded(page);
    const stats = await (statsSent as Promise<{ tenants: { total: number } }>);
    const shownTenants = Number((await figure(panel, 'Tenants').first().innerText()).replace(/[^0-9]/g, ''));
    expect(stats.tenants.total).toBeGreaterThanOrEqual(1);
    expect(shownTenants).toBe(stats.tenants.total);
    await panel.screenshot({ path: path.join(shots, 'super-admin-panel-light.png') });

    await search(panel, fx.tenant.slug);
    await until(tenantNames(panel), [`${fx.tenant.name}\n${fx.tenant.slug}`]);
    await panel.getByRole('button', { name: `Figures of ${fx.tenant.name}` }).click();
    const drill = panel.getByRole('group', { name: `Figures of ${fx.tenant.name}` });
    await until(() => figure(drill, 'Organizations').innerText().catch(() => ''), '2');
    expect(await figure(drill, 'Tenant admins').innerText()).toBe('1');
    expect(await figure(drill, 'Org admins').innerText()).toBe('2');
    expect(await figure(drill, 'Org members').innerText()).toBe('2');
    expect(await drill.locator('table tbody th').allInnerTexts()).toEqual([fx.org.name, fx.otherOrg.name]);
    await panel.screenshot({ path: path.join(shots, 'super-admin-panel-drill-down.png') });
    expect(await axeViolations(page, 'dr-super-admin-panel')).toEqual([]);
    expect(errors.unexpected()).toEqual([]);
  });

  it('creates a tenant with its admin and first organization, who can then sign in', async () => {
    const fx = await tenant();
    const { page, panel, errors } = await open(fx.users.superAdmin);
    await loaded(page);
    const tag = randomUUID().slice(0, 8);
    const slug = `created-${tag}`;
    createdSlugs.push(slug);
    const admin = { email: `created-admin-${tag}@fixture.test`, password: `initial-passphrase-${tag}` };

    await panel.getByRole('button', { name: 'Create a tenant' }).click();
    const form = panel.locator('[part="create-tenant"] form');
    await form.getByLabel('Name', { exact: true }).first().fill(`Created ${tag}`);
    expect(await form.getByLabel('Slug').inputValue()).toBe(slug);
    await form.getByLabel('Embed origins').fill('https://portal.created.example');
    await form.getByLabel('Email').fill(admin.email);
    await form.getByLabel('Display name').fill(`Admin ${tag}`);
    await form.getByLabel('Initial password').fill(admin.password);
    await form.getByLabel('Create a first organization').check();
    await panel.getByRole('group', { name: 'First organization' }).getByLabel('Name').fill(`Retail ${tag}`);
    await form.getByRole('button', { name: 'Create tenant' }).click();

    const summary = panel.locator('[part="create-tenant"] .success');
    await until(() => summary.innerText().catch(() => ''), `Created Created ${tag} (${slug}) with its tenant admin ${admin.email} and the organization Retail ${tag}.\n\nGive the admin the initial password yourself: the welcome email does not contain it.`);
    const created = await t.owner('tenants').where({ slug }).first();
    expect(created).toMatchObject({ name: `Created ${tag}`, status: 'active', embed_origins: ['https://portal.created.example'] });
    expect(await t.owner('users').where({ email: admin.email }).first()).toMatchObject({ role: 'tenant_admin', tenant_id: created.id, organization_id: null });
    expect(await t.owner('organizations').where({ tenant_id: created.id }).select('name')).toEqual([{ name: `Retail ${tag}` }]);
    expect(await canLogIn(admin, admin.password)).toBe(true);
    expect((await events(page, 'dr-admin-change')()).map((e) => [e.action, e.targetId])).toEqual([['tenant.created', created.id]]);
    await search(panel, slug);
    await until(tenantNames(panel), [`Created ${tag}\n${slug}`]);
    expect(errors.unexpected()).toEqual([]);
  });

  it('shows a slug that is taken and a short password next to their fields, and creates nothing', async () => {
    const fx = await tenant();
    const { page, panel, errors } = await open(fx.users.superAdmin);
    await loaded(page);
    await panel.getByRole('button', { name: 'Create a tenant' }).click();
    const form = panel.locator('[part="create-tenant"] form');
    await form.getByLabel('Name', { exact: true }).first().fill(`Clash ${fx.tag}`);
    await form.getByLabel('Slug').fill(fx.tenant.slug);
    await form.getByLabel('Email').fill(`clash-${fx.tag}@fixture.test`);
    await form.getByLabel('Display name').fill('Clash');
    await form.getByLabel('Initial password').fill('short');
    await form.getByRole('button', { name: 'Create tenant' }).click();
    await until(async () => (await form.locator('#admin-password-error').innerText().catch(() => '')).length > 0, true);
    expect(await form.getByLabel('Initial password').getAttribute('aria-invalid')).toBe('true');

    await form.getByLabel('Initial password').fill('long-enough-password');
    await form.getByRole('button', { name: 'Create tenant' }).click();
    await until(() => form.locator('#tenant-slug-error').innerText().catch(() => ''), 'is already taken');
    expect(await form.locator('#admin-password-error').innerText()).toBe('');
    expect(await form.locator('[role="alert"]').innerText()).toContain('Correct the marked field');
    expect(await t.owner('tenants').where({ name: `Clash ${fx.tag}` }).first()).toBeUndefined();
    expect(await t.owner('users').where({ email: `clash-${fx.tag}@fixture.test` }).first()).toBeUndefined();
    expect((await events(page, 'dr-error')()).map((e) => e.status)).toEqual([400, 409]);
    expect(errors.unexpected([400, 409])).toEqual([]);
  });

  it("suspends a tenant after confirming, which blocks its users' sign-in, and reactivates it", async () => {
    const fx = await tenant();
    const { page, panel, errors } = await open(fx.users.superAdmin);
    await loaded(page);
    await search(panel, fx.tenant.slug);
    await until(tenantNames(panel), [`${fx.tenant.name}\n${fx.tenant.slug}`]);

    await panel.getByRole('button', { name: `Suspend ${fx.tenant.name}` }).click();
    const dialog = panel.getByRole('dialog', { name: `Suspend ${fx.tenant.name}?` });
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    expect((await t.owner('tenants').where({ id: fx.tenant.id }).first()).status).toBe('active');

    await panel.getByRole('button', { name: `Suspend ${fx.tenant.name}` }).click();
    await dialog.screenshot({ path: path.join(shots, 'super-admin-panel-suspend-dialog.png') });
    await dialog.getByRole('button', { name: 'Suspend tenant' }).click();
    await until(async () => (await t.owner('tenants').where({ id: fx.tenant.id }).first()).status, 'suspended');
    await until(() => panel.locator('[part="tenants"] tbody tr[part="row"] .status').innerText(), 'Suspended');
    expect(await canLogIn(fx.users.orgMember)).toBe(false);

    await panel.getByRole('button', { name: `Reactivate ${fx.tenant.name}` }).click();
    await until(async () => (await t.owner('tenants').where({ id: fx.tenant.id }).first()).status, 'active');
    await until(() => panel.locator('[part="tenants"] tbody tr[part="row"] .status').innerText(), 'Active');
    expect(await canLogIn(fx.users.orgMember)).toBe(true);
    expect((await events(page, 'dr-admin-change')()).map((e) => [e.action, e.targetId])).toEqual([
      ['tenant.suspended', fx.tenant.id],
      ['tenant.reactivated', fx.tenant.id],
    ]);
    expect(errors.unexpected()).toEqual([]);
  });

  it("shows a tenant admin the API's 403 instead of any tenant", async () => {
    const fx = await tenant();
    const other = await tenant();
    const { page, panel, errors } = await open(fx.users.tenantAdmin);
    await until(async () => (await events(page, 'dr-error')()).map((e) => e.status).sort(), [403, 403]);
    expect(await panel.locator('[role="alert"]').allInnerTexts()).toEqual(expect.arrayContaining([expect.stringContaining('Forbidden')]));
    expect(await panel.locator('[part="tenants"] tbody tr').count()).toBe(0);
    const text = await panel.innerText();
    expect(text).not.toContain(other.tenant.name);
    expect(text).not.toContain(fx.tenant.name);
    expect((await events(page, 'dr-loaded')()).length).toBe(0);
    expect(errors.unexpected([403])).toEqual([]);
  });

  it('follows the dark theme', async () => {
    const fx = await tenant();
    const { page, panel, errors } = await open(fx.users.superAdmin, 'dark');
    await loaded(page);
    await search(panel, fx.tenant.slug);
    await until(tenantNames(panel), [`${fx.tenant.name}\n${fx.tenant.slug}`]);
    await panel.getByRole('button', { name: 'Create a tenant' }).click();
    const background = await page.evaluate(`getComputedStyle(document.querySelector('dr-super-admin-panel').shadowRoot.querySelector('[part="base"]')).backgroundColor`);
    expect(background).toBe('rgb(22, 27, 34)');
    await panel.screenshot({ path: path.join(shots, 'super-admin-panel-dark.png') });
    expect(await axeViolations(page, 'dr-super-admin-panel')).toEqual([]);
    expect(errors.unexpected()).toEqual([]);
  });
});
