import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTenantFixture, loginAs, type TenantFixture } from '../factories/tenant-fixture.ts';
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

describe('<dr-tenant-admin-panel> in Chromium', () => {
  let t: TestApp;
  let host: WidgetHost;
  let browser: Browser;
  const fixtures: TenantFixture[] = [];
  const shots = fs.mkdtempSync(path.join(os.tmpdir(), 'dr-widgets-shots-'));

  beforeAll(async () => {
    ensureWidgetsBuilt();
    t = await createTestApp();
    host = await startWidgetHost(t);
    browser = await launchChromium();
  });

  afterEach(async () => {
    for (const fx of fixtures.splice(0)) await fx.cleanup();
  });

  afterAll(async () => {
    await closeWidgetSuite({ browser, host, app: t });
    console.log(`tenant admin panel screenshots: ${shots}`);
  });

  /** A tenant of its own for each test: the panel changes it. */
  async function tenant(): Promise<TenantFixture> {
    const fx = await createTenantFixture(t);
    fixtures.push(fx);
    return fx;
  }

  async function open(fx: TenantFixture, options: { attributes?: string; theme?: 'light' | 'dark'; user?: TenantFixture['users'][keyof TenantFixture['users']] } = {}): Promise<Opened> {
    const { accessToken } = await loginAs(t, options.user ?? fx.users.tenantAdmin);
    const url = host.addPage(`tenant-admin-${Math.random().toString(36).slice(2)}`, {
      body: `<dr-provider token="${accessToken}" theme="${options.theme ?? 'light'}"><dr-tenant-admin-panel ${options.attributes ?? ''}></dr-tenant-admin-panel></dr-provider>`,
      setup: RECORD_ADMIN_CHANGES,
    });
    const { page, errors } = await openPage(browser, url, { viewport: { width: 960, height: 900 } });
    return { page, panel: page.locator('dr-tenant-admin-panel'), errors };
  }

  const events = (page: Page, type: string) => () => page.evaluate(`window.drEvents.filter((e) => e.type === ${JSON.stringify(type)})`) as Promise<Record<string, unknown>[]>;
  const loaded = (page: Page) => until(async () => (await events(page, 'dr-loaded')()).length, 1, 8000);
  const organizationNames = (panel: Locator) => () => panel.locator('[part="organizations"] tbody tr[part="row"] th').allInnerTexts();
  const userEmails = (panel: Locator) => async () => (await panel.locator('[part="users"] tbody tr[part="row"] th .sub').allInnerTexts()).sort();
  const figure = (panel: Locator, label: string) => panel.locator('[part="figures"] .figure').filter({ has: panel.page().getByText(label, { exact: true }) }).locator('dd');

  it("shows its own tenant's figures, organizations and users, and nothing of another tenant", async () => {
    const fx = await tenant();
    const other = await tenant();
    const { page, panel, errors } = await open(fx);
    await loaded(page);

    expect(await panel.locator('h2').innerText()).toBe(fx.tenant.name);
    expect(await organizationNames(panel)()).toEqual([fx.org.name, fx.otherOrg.name]);
    const ownEmails = ['tenantAdmin', 'orgAdmin', 'orgMember', 'otherOrgAdmin', 'otherOrgMember'].map((key) => fx.users[key as keyof typeof fx.users].email).sort();
    expect(await userEmails(panel)()).toEqual(ownEmails);
    expect(await panel.innerText()).not.toContain(other.tag);
    expect(await figure(panel, 'Organizations').innerText()).toBe('2');
    expect(await figure(panel, 'Org admins').innerText()).toBe('2');
    expect(await figure(panel, 'Org members').innerText()).toBe('2');
    expect(await figure(panel, 'Tenant admins').innerText()).toBe('1');
    expect(await panel.locator('[part="figures"] table tbody tr').allInnerTexts()).toEqual([`${fx.org.name}\t2 (no cap)\t`, `${fx.otherOrg.name}\t2 (no cap)\t`]);

    await panel.screenshot({ path: path.join(shots, 'tenant-admin-panel-light.png') });
    expect(await axeViolations(page, 'dr-tenant-admin-panel')).toEqual([]);
    expect(errors.unexpected()).toEqual([]);
  });

  it("answers another tenant's id with the API's 404 and requests nothing else of it", async () => {
    const fx = await tenant();
    const other = await tenant();
    const { page, panel, errors } = await open(fx, { attributes: `tenant-id="${other.tenant.id}"` });
    const requested: string[] = [];
    page.on('request', (request) => requested.push(new URL(request.url()).pathname));
    await until(async () => (await events(page, 'dr-error')()).map((e) => e.status), [404]);
    expect(await panel.locator('[role="alert"]').innerText()).toContain('Not found');
    expect(await panel.locator('[part="organizations"], [part="users"], [part="figures"]').count()).toBe(0);
    expect(requested.filter((p) => p.startsWith('/v1/') && p !== `/v1/tenants/${other.tenant.id}`)).toEqual([]);
    expect(await panel.innerText()).not.toContain(other.tenant.name);
    expect(errors.unexpected([404])).toEqual([]);
  });

  it('creates an organization with a cap and shows it, and a duplicate name next to the name field', async () => {
    const fx = await tenant();
    const { page, panel, errors } = await open(fx);
    await loaded(page);

    const create = panel.locator('form.create');
    await create.getByLabel('Name').fill(`Org C ${fx.tag}`);
    await create.getByLabel('Member cap').fill('5');
    await create.getByRole('button', { name: 'Create organization' }).click();
    await until(organizationNames(panel), [fx.org.name, fx.otherOrg.name, `Org C ${fx.tag}`]);
    const row = await t.owner('organizations').where({ tenant_id: fx.tenant.id, name: `Org C ${fx.tag}` }).first();
    expect(row).toMatchObject({ member_cap: 5, allow_global_data: true });
    expect(await events(page, 'dr-admin-change')()).toEqual([{ type: 'dr-admin-change', action: 'organization.created', targetId: row.id }]);
    await until(() => figure(panel, 'Organizations').innerText(), '3');
    expect(await create.getByLabel('Name').inputValue()).toBe('');

    await create.getByLabel('Name').fill(fx.org.name);
    await create.getByRole('button', { name: 'Create organization' }).click();
    await until(() => create.locator('#create-organization-name-error').innerText(), 'is already taken in this tenant');
    expect(await create.getByLabel('Name').getAttribute('aria-invalid')).toBe('true');
    expect(await create.locator('[role="alert"]').innerText()).toContain('Correct the marked field');
    expect(Number((await t.owner('organizations').where({ tenant_id: fx.tenant.id }).count({ n: '*' }))[0].n)).toBe(3);
    expect(errors.unexpected([409])).toEqual([]);
  });

  it('renames an organization, caps it and turns off global data', async () => {
    const fx = await tenant();
    const { page, panel, errors } = await open(fx);
    await loaded(page);

    await panel.getByRole('button', { name: `Edit ${fx.otherOrg.name}` }).click();
    const editor = panel.getByRole('form', { name: `Edit ${fx.otherOrg.name}` });
    expect(await page.evaluate(`document.querySelector('dr-tenant-admin-panel').shadowRoot.activeElement?.id`)).toBe('edit-organization-name');
    await editor.getByLabel('Name').fill(`Renamed ${fx.tag}`);
    await editor.getByLabel('Member cap').fill('3');
    await editor.getByLabel("Use the platform's reference data").uncheck();
    await panel.locator('[part="organizations"]').screenshot({ path: path.join(shots, 'tenant-admin-panel-editor.png') });
    await editor.getByRole('button', { name: 'Save' }).click();
    await until(organizationNames(panel), [fx.org.name, `Renamed ${fx.tag}`]);
    expect(await t.owner('organizations').where({ id: fx.otherOrg.id }).first()).toMatchObject({ name: `Renamed ${fx.tag}`, member_cap: 3, allow_global_data: false });
    expect((await events(page, 'dr-admin-change')()).map((e) => [e.action, e.targetId])).toEqual([['organization.updated', fx.otherOrg.id]]);
    expect(await panel.locator('[part="organizations"] tbody tr', { hasText: `Renamed ${fx.tag}` }).innerText()).toMatch(/2\s+of 3\s+Not allowed/);
    expect(errors.unexpected()).toEqual([]);
  });

  it('refuses to delete an organization that still has members, in the dialog, and deletes an empty one', async () => {
    const fx = await tenant();
    const [empty] = await t.owner('organizations').insert({ tenant_id: fx.tenant.id, name: `Org Empty ${fx.tag}` }).returning(['id']);
    const { page, panel, errors } = await open(fx);
    await loaded(page);

    await panel.getByRole('button', { name: `Delete ${fx.org.name}` }).click();
    const dialog = panel.getByRole('dialog', { name: `Delete ${fx.org.name}?` });
    await dialog.waitFor();
    // Cancel has the focus, so a stray Enter deletes nothing.
    expect(await page.evaluate(`document.querySelector('dr-tenant-admin-panel').shadowRoot.activeElement?.textContent.trim()`)).toBe('Cancel');
    await dialog.getByRole('button', { name: 'Delete organization' }).click();
    await until(() => dialog.locator('[role="alert"]').innerText().catch(() => ''), 'Conflict\nThe organization still has 2 member(s); move or remove them first.');
    expect(await dialog.locator('.hint').innerText()).toBe('Under Users, move its 2 members to another organization or remove them from it, then delete it.');
    expect(await dialog.getByRole('button', { name: 'Delete organization' }).isDisabled()).toBe(true);
    expect(await t.owner('organizations').where({ id: fx.org.id }).first()).toBeDefined();
    expect((await events(page, 'dr-error')()).map((e) => e.status)).toEqual([409]);
    await dialog.screenshot({ path: path.join(shots, 'tenant-admin-panel-delete-refused.png') });
    await dialog.getByRole('button', { name: 'Close' }).click();
    await until(() => panel.getByRole('dialog').count(), 0);

    await panel.getByRole('button', { name: `Delete Org Empty ${fx.tag}` }).click();
    await panel.getByRole('dialog').getByRole('button', { name: 'Delete organization' }).click();
    await until(organizationNames(panel), [fx.org.name, fx.otherOrg.name]);
    expect(await t.owner('organizations').where({ id: empty.id }).first()).toBeUndefined();
    expect((await events(page, 'dr-admin-change')()).map((e) => [e.action, e.targetId])).toEqual([['organization.deleted', empty.id]]);
    expect(errors.unexpected([409])).toEqual([]);
  });

  it('moves a user to another organization as org admin, and the API reports the new place', async () => {
    const fx = await tenant();
    const { page, panel, errors } = await open(fx);
    await loaded(page);
    const user = fx.users.otherOrgMember;

    await panel.getByRole('button', { name: `Manage otherOrgMember ${fx.tag}` }).click();
    const form = panel.getByRole('form', { name: `Organization and role of otherOrgMember ${fx.tag}` });
    await form.getByLabel('Organization', { exact: true }).selectOption({ label: fx.org.name });
    await form.getByLabel('Role', { exact: true }).selectOption('org_admin');
    await panel.locator('[part="users"]').screenshot({ path: path.join(shots, 'tenant-admin-panel-manage-user.png') });
    await form.getByRole('button', { name: 'Save organization and role' }).click();
    await until(async () => (await events(page, 'dr-admin-change')()).map((e) => [e.action, e.targetId]), [['member.assigned', user.id]]);

    expect(await t.owner('users').where({ id: user.id }).first()).toMatchObject({ organization_id: fx.org.id, role: 'org_admin', tenant_id: fx.tenant.id });
    const { accessToken } = await loginAs(t, fx.users.tenantAdmin);
    const res = await t.http.get(`/v1/users/${user.id}`).set('Authorization', `Bearer ${accessToken}`);
    expect(res.body).toMatchObject({ organizationId: fx.org.id, role: 'org_admin' });
    await until(async () => (await panel.locator('[part="users"] tr[part="row"]', { hasText: user.email }).locator('td').allInnerTexts()).slice(0, 3), ['Org admin', fx.org.name, 'Enabled']);
    await until(() => figure(panel, 'Org admins').innerText(), '3');
    expect(errors.unexpected()).toEqual([]);
  });

  it('changes a role, disables and re-enables an account, and removes a member after confirming', async () => {
    const fx = await tenant();
    const { page, panel, errors } = await open(fx);
    await loaded(page);
    const member = fx.users.orgMember;
    const manage = () => panel.getByRole('button', { name: `Manage orgMember ${fx.tag}` });
    const manager = panel.getByRole('group', { name: `Manage orgMember ${fx.tag}` });

    await manage().click();
    await manager.getByLabel('Role', { exact: true }).selectOption('org_admin');
    await manager.getByRole('button', { name: 'Save organization and role' }).click();
    await until(async () => (await t.owner('users').where({ id: member.id }).first()).role, 'org_admin');

    await manager.getByRole('button', { name: 'Disable account' }).click();
    await panel.getByRole('dialog').getByRole('button', { name: 'Disable account' }).click();
    await until(async () => (await t.owner('users').where({ id: member.id }).first()).is_active, false);
    expect((await t.http.post('/v1/auth/login').send({ email: member.email, password: 'test-password-123' })).status).not.toBe(200);
    await manager.getByRole('button', { name: 'Enable account' }).click();
    await until(async () => (await t.owner('users').where({ id: member.id }).first()).is_active, true);

    await manager.getByRole('button', { name: `Remove from ${fx.org.name}` }).click();
    await panel.getByRole('dialog').getByRole('button', { name: 'Remove from organization' }).click();
    await until(async () => (await userEmails(panel)()).includes(member.email), false);
    expect(await t.owner('users').where({ id: member.id }).first()).toMatchObject({ role: 'user', tenant_id: null, organization_id: null });
    expect((await events(page, 'dr-admin-change')()).map((e) => [e.action, e.targetId])).toEqual([
      ['member.role_changed', member.id],
      ['user.disabled', member.id],
      ['user.enabled', member.id],
      ['member.removed', member.id],
    ]);
    expect(errors.unexpected()).toEqual([]);
  });

  it('filters users by role, organization and search text', async () => {
    const fx = await tenant();
    const { page, panel, errors } = await open(fx);
    await loaded(page);
    const users = panel.locator('[part="users"]');
    await users.getByLabel('Role').selectOption('org_admin');
    await until(userEmails(panel), [fx.users.orgAdmin.email, fx.users.otherOrgAdmin.email].sort());
    await users.getByLabel('Organization').selectOption({ label: fx.otherOrg.name });
    await until(userEmails(panel), [fx.users.otherOrgAdmin.email]);
    await users.getByLabel('Role').selectOption('');
    await users.getByLabel('Organization').selectOption('');
    await users.getByLabel('Search').fill('tenantadmin');
    await until(userEmails(panel), [fx.users.tenantAdmin.email]);
    await users.getByLabel('Search').fill('nobody-by-this-name');
    await until(() => users.locator('.placeholder').innerText().catch(() => ''), 'No users match.');
    expect(errors.unexpected()).toEqual([]);
  });

  it('replaces the embed origins and shows a refused origin at its input', async () => {
    const fx = await tenant();
    const { page, panel, errors } = await open(fx);
    await loaded(page);
    const section = panel.locator('[part="embed-origins"]');
    expect(await section.innerText()).toContain('No origins');

    await section.getByRole('button', { name: 'Add origin' }).click();
    await section.getByLabel('Origin 1', { exact: true }).fill('https://Portal.Bank.example');
    await section.getByRole('button', { name: 'Add origin' }).click();
    await section.getByLabel('Origin 2', { exact: true }).fill('https://portal.bank.example/login');
    await section.getByRole('button', { name: 'Save origins' }).click();
    // The API says what is wrong with the origin, at its index.
    await until(async () => section.locator('#origin-1-error').innerText().catch(() => ''), 'must be an origin only (no path, query or fragment)');
    expect(await section.getByLabel('Origin 2', { exact: true }).getAttribute('aria-invalid')).toBe('true');
    expect(await section.locator('#origin-0-error').count()).toBe(1);
    expect(await section.locator('#origin-0-error').innerText()).toBe('');
    await section.screenshot({ path: path.join(shots, 'tenant-admin-panel-origin-refused.png') });

    await section.getByLabel('Origin 2', { exact: true }).fill('http://localhost:8080');
    await section.getByRole('button', { name: 'Save origins' }).click();
    await until(async () => (await t.owner('tenants').where({ id: fx.tenant.id }).first()).embed_origins, ['https://portal.bank.example', 'http://localhost:8080']);
    await until(() => section.getByLabel('Origin 1', { exact: true }).inputValue(), 'https://portal.bank.example');
    expect((await events(page, 'dr-admin-change')()).map((e) => [e.action, e.targetId])).toEqual([['tenant.embed_origins_replaced', fx.tenant.id]]);
    expect(errors.unexpected([400])).toEqual([]);
  });

  it('follows the dark theme', async () => {
    const fx = await tenant();
    const { page, panel, errors } = await open(fx, { theme: 'dark' });
    await loaded(page);
    const background = await page.evaluate(`getComputedStyle(document.querySelector('dr-tenant-admin-panel').shadowRoot.querySelector('[part="base"]')).backgroundColor`);
    expect(background).toBe('rgb(22, 27, 34)');
    await panel.screenshot({ path: path.join(shots, 'tenant-admin-panel-dark.png') });
    expect(await axeViolations(page, 'dr-tenant-admin-panel')).toEqual([]);
    expect(errors.unexpected()).toEqual([]);
  });
});
