import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenantFixture, loginAs, type TenantFixture } from '../factories/tenant-fixture.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import { ensureWidgetsBuilt } from '../helpers/widgets-build.ts';
import { axeViolations } from './helpers/axe.ts';
import { launchChromium, until } from './helpers/chromium.ts';
import { closeWidgetSuite } from './helpers/close-widget-suite.ts';
import { startWidgetHost, type WidgetHost } from './helpers/widget-host.ts';
import { openPage } from './helpers/open-page.ts';

const EMBED_ORIGINS = ['https://portal.example.test', 'https://intranet.example.test:8443'];

/** Records the panel's change events next to the host's dr-loaded / dr-error record. */
const RECORD_CHANGES = `document.addEventListener('dr-admin-change', (e) => window.drEvents.push({ type: e.type, action: e.action, targetId: e.targetId }));`;

describe('<dr-org-admin-panel> in Chromium', () => {
  let t: TestApp;
  let fx: TenantFixture;
  let host: WidgetHost;
  let browser: Browser;
  let adminToken: string;
  let memberToken: string;
  const pages: Record<'admin' | 'adminDark' | 'member', string> = { admin: '', adminDark: '', member: '' };
  const shots = path.join(os.tmpdir(), 'dr-org-admin-panel-shots');

  beforeAll(async () => {
    ensureWidgetsBuilt();
    fs.mkdirSync(shots, { recursive: true });
    t = await createTestApp();
    fx = await createTenantFixture(t);
    await t.owner('tenants').where({ id: fx.tenant.id }).update({ embed_origins: EMBED_ORIGINS });
    adminToken = (await loginAs(t, fx.users.orgAdmin)).accessToken;
    memberToken = (await loginAs(t, fx.users.orgMember)).accessToken;
    host = await startWidgetHost(t);
    const panel = (token: string, theme = 'light') => `<dr-provider token="${token}" theme="${theme}"><dr-org-admin-panel></dr-org-admin-panel></dr-provider>`;
    pages.admin = host.addPage('org-admin', { body: panel(adminToken), setup: RECORD_CHANGES });
    pages.adminDark = host.addPage('org-admin-dark', { body: panel(adminToken, 'dark'), setup: RECORD_CHANGES });
    pages.member = host.addPage('org-member', { body: panel(memberToken), setup: RECORD_CHANGES });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await closeWidgetSuite({ browser, host, fixture: fx, app: t });
    console.log(`org admin panel screenshots: ${shots}`);
  });

  async function open(url: string, { dark = false } = {}) {
    const { page, errors } = await openPage(browser, url, {
      viewport: { width: 900, height: 900 },
      colorScheme: dark ? 'dark' : 'light',
      beforeGoto: (page) => page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: host.origin }),
    });
    await page.waitForFunction(`window.drEvents.some((e) => e.type === 'dr-loaded' && e.widget === 'dr-org-admin-panel')`);
    return { page, errors, panel: page.locator('dr-org-admin-panel') };
  }

  /** The panel's change events so far, as `action targetId`. */
  const changes = (page: Page) => page.evaluate(`window.drEvents.filter((e) => e.type === 'dr-admin-change').map((e) => e.action + ' ' + e.targetId)`) as Promise<string[]>;

  /** A member of the fixture's organization made for one test, so tests do not depend on each other. */
  async function insertMember(label: string, role: 'org_admin' | 'org_member' = 'org_member'): Promise<{ id: string; email: string; name: string }> {
    const { password_hash } = await t.owner('users').where({ id: fx.users.orgMember.id }).first('password_hash');
    const email = `${label}-${fx.tag}@fixture.test`;
    const name = `${label} ${fx.tag}`;
    const [row] = await t.owner('users').insert({ email, display_name: name, password_hash, role, tenant_id: fx.tenant.id, organization_id: fx.org.id }).returning(['id']);
    return { id: row.id, email, name };
  }

  it('shows the organization, its members and every section to its admin, with zero axe violations in light and dark', async () => {
    const { page, errors, panel } = await open(pages.admin);
    await expect.poll(() => panel.locator('h2').first().innerText()).toBe(fx.org.name);
    const members = await panel.locator('section[aria-labelledby="members-title"] tbody').innerText();
    expect(members).toContain(fx.users.orgAdmin.email);
    expect(members).toContain(fx.users.orgMember.email);
    expect(members).not.toContain(fx.users.otherOrgMember.email);
    const headings = await panel.locator('h3').allInnerTexts();
    expect(headings).toEqual(['Members', 'Invitations', 'Join token', 'Webhooks', 'API keys', 'Embed origins']);
    expect(await panel.locator('.origins li').allInnerTexts()).toEqual(EMBED_ORIGINS);
    expect(await panel.locator('section[aria-labelledby="embed-origins-title"]').innerText()).toContain('can change this list');
    expect(await panel.locator('section[aria-labelledby="join-token-title"]').innerText()).toContain('There is no join token');
    expect(await axeViolations(page, 'dr-org-admin-panel')).toEqual([]);
    await panel.screenshot({ path: path.join(shots, 'admin-light.png') });

    const dark = await open(pages.adminDark, { dark: true });
    expect(await axeViolations(dark.page, 'dr-org-admin-panel')).toEqual([]);
    await dark.panel.screenshot({ path: path.join(shots, 'admin-dark.png') });
    expect(errors.unexpected()).toEqual([]);
    expect(dark.errors.unexpected()).toEqual([]);
  });

  it("invites an email, lists the pending invitation and revokes it; the API's field problem shows at the email field", async () => {
    const { page, errors, panel } = await open(pages.admin);
    const form = panel.locator('#invite-form');
    const email = form.getByLabel('Email address');
    await email.fill('not an email');
    await form.getByRole('button', { name: 'Send invitation' }).click();
    await expect.poll(() => email.getAttribute('aria-invalid')).toBe('true');
    expect(await form.locator('#invite-email-error').innerText()).toMatch(/email/i);
    expect(await email.getAttribute('aria-describedby')).toBe('invite-email-error');
    expect(await page.evaluate(`window.drEvents.filter((e) => e.type === 'dr-error').length`)).toBe(0);
    await form.screenshot({ path: path.join(shots, 'invite-field-problem.png') });

    const invitee = `invitee-${fx.tag}@fixture.test`;
    await email.fill(invitee);
    await form.getByLabel('Role').selectOption('org_admin');
    await form.getByRole('button', { name: 'Send invitation' }).click();
    const invitations = panel.locator('section[aria-labelledby="invitations-title"] tbody');
    await expect.poll(() => invitations.innerText()).toContain(invitee);
    expect(await email.inputValue()).toBe('');
    expect(await email.getAttribute('aria-invalid')).toBe('false');
    const stored = await t.owner('invitations').where({ organization_id: fx.org.id, email: invitee }).first('id', 'role', 'revoked_at');
    expect(stored).toMatchObject({ role: 'org_admin', revoked_at: null });
    expect(await changes(page)).toContain(`invitation.created ${stored.id}`);

    await panel.getByRole('button', { name: `Revoke: invitation of ${invitee}` }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Revoke invitation' }).click();
    await expect.poll(() => invitations.count()).toBe(0);
    expect(await panel.locator('section[aria-labelledby="invitations-title"]').innerText()).toContain('No pending invitations.');
    expect((await t.owner('invitations').where({ id: stored.id }).first('revoked_at')).revoked_at).not.toBeNull();
    expect(errors.unexpected([400])).toEqual([]);
  });

  it("changes a member's role both ways and the API stores each change", async () => {
    const analyst = await insertMember('analyst');
    const { page, errors, panel } = await open(pages.admin);
    await panel.getByRole('button', { name: `Make admin: ${analyst.name}` }).click();
    await expect.poll(async () => (await t.owner('users').where({ id: analyst.id }).first('role')).role).toBe('org_admin');
    await expect.poll(() => panel.getByRole('button', { name: `Make member: ${analyst.name}` }).count()).toBe(1);
    const res = await t.http.get(`/v1/organizations/${fx.org.id}/members`).set('Authorization', `Bearer ${adminToken}`);
    expect(res.body.items.find((u: { id: string }) => u.id === analyst.id).role).toBe('org_admin');

    await panel.getByRole('button', { name: `Make member: ${analyst.name}` }).click();
    await expect.poll(async () => (await t.owner('users').where({ id: analyst.id }).first('role')).role).toBe('org_member');
    expect(await changes(page)).toEqual([`member.role_changed ${analyst.id}`, `member.role_changed ${analyst.id}`]);
    expect(errors.unexpected()).toEqual([]);
  });

  it('removes a member only after the confirmation dialog; Escape and Cancel keep them', async () => {
    const leaver = await insertMember('leaver');
    const { page, errors, panel } = await open(pages.admin);
    const remove = panel.getByRole('button', { name: `Remove: ${leaver.name}` });
    const dialog = page.getByRole('dialog');

    await remove.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => dialog.isVisible()).toBe(true);
    expect(await dialog.innerText()).toContain(`Remove ${leaver.name}`);
    // Cancel has the focus, so a stray Enter does no harm; Escape closes without removing.
    expect(await page.evaluate(`document.querySelector('dr-org-admin-panel').shadowRoot.activeElement?.textContent`)).toBe('Cancel');
    await dialog.screenshot({ path: path.join(shots, 'confirm-dialog.png') });
    await page.keyboard.press('Escape');
    await expect.poll(() => dialog.isVisible()).toBe(false);
    await remove.click();
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    expect((await t.owner('users').where({ id: leaver.id }).first('organization_id')).organization_id).toBe(fx.org.id);

    await remove.click();
    await dialog.getByRole('button', { name: 'Remove member' }).click();
    await expect.poll(() => panel.locator('section[aria-labelledby="members-title"] tbody').innerText()).not.toContain(leaver.email);
    expect(await t.owner('users').where({ id: leaver.id }).first('role', 'organization_id')).toEqual({ role: 'user', organization_id: null });
    expect(await changes(page)).toEqual([`member.removed ${leaver.id}`]);
    expect(errors.unexpected()).toEqual([]);
  });

  it('generates a join token, shows it once with a working copy button, and afterwards only its status; the token lets a user join', async () => {
    const { page, errors, panel } = await open(pages.admin);
    const section = panel.locator('section[aria-labelledby="join-token-title"]');
    await section.getByRole('button', { name: 'Generate token' }).click();
    const secret = section.getByRole('textbox', { name: 'Join token', exact: true });
    await expect.poll(() => secret.inputValue()).not.toBe('');
    const token = await secret.inputValue();
    expect(await section.innerText()).toContain('It is shown only once');
    expect(await section.locator('.token-state').innerText()).toContain('Active');
    await section.getByRole('button', { name: 'Copy' }).click();
    await expect.poll(() => section.innerText()).toContain('Copied to the clipboard.');
    expect(await page.evaluate('navigator.clipboard.readText()')).toBe(token);
    await section.screenshot({ path: path.join(shots, 'join-token-shown-once.png') });
    expect(await changes(page)).toEqual([`organization.join_token_created ${fx.org.id}`]);

    // The API keeps only the token's hash: after Done, and on a fresh page, the status and no token.
    await section.getByRole('button', { name: 'Done' }).click();
    expect(await section.locator('.secret').count()).toBe(0);
    const again = await open(pages.admin);
    const sectionAgain = again.panel.locator('section[aria-labelledby="join-token-title"]');
    expect(await sectionAgain.locator('.token-state').innerText()).toContain('Active');
    expect(await sectionAgain.locator('.secret').count()).toBe(0);
    expect(await sectionAgain.innerText()).not.toContain(token);
    const status = await t.http.get(`/v1/organizations/${fx.org.id}/join-token`).set('Authorization', `Bearer ${adminToken}`);
    expect(status.body).toMatchObject({ enabled: true, expired: false });
    expect(JSON.stringify(status.body)).not.toContain(token);

    const individual = await loginAs(t, fx.users.individual);
    const joined = await t.http.post('/v1/organizations/join').set('Authorization', `Bearer ${individual.accessToken}`).send({ token });
    expect(joined.status).toBe(200);
    expect((await t.owner('users').where({ id: fx.users.individual.id }).first('organization_id')).organization_id).toBe(fx.org.id);

    await sectionAgain.getByRole('button', { name: 'Disable token' }).click();
    await again.page.getByRole('dialog').getByRole('button', { name: 'Disable token' }).click();
    await expect.poll(() => sectionAgain.locator('.token-state').innerText()).toContain('There is no join token');
    expect((await t.owner('organizations').where({ id: fx.org.id }).first('join_token_enabled')).join_token_enabled).toBe(false);
    expect(errors.unexpected()).toEqual([]);
    expect(again.errors.unexpected()).toEqual([]);
  });

  it('creates a webhook (secret shown once), shows its deliveries, rotates its secret and deletes it', async () => {
    const { page, errors, panel } = await open(pages.admin);
    const section = panel.locator('section[aria-labelledby="webhooks-title"]');
    const form = panel.locator('#webhook-form');
    const url = `https://hooks.example.test/dr-${fx.tag}`;

    await form.getByLabel('URL (https)').fill('ftp://hooks.example.test/x');
    await form.getByRole('button', { name: 'Add webhook' }).click();
    await expect.poll(() => form.locator('#webhook-url-error').innerText()).toMatch(/https/);

    await form.getByLabel('URL (https)').fill(url);
    await form.getByRole('checkbox', { name: /score_job\.completed/ }).uncheck();
    await form.getByRole('button', { name: 'Add webhook' }).click();
    const secret = section.getByRole('textbox', { name: `Signing secret of ${url}`, exact: true });
    await expect.poll(() => secret.inputValue()).toMatch(/^whsec_/);
    const firstSecret = await secret.inputValue();
    await expect.poll(() => section.locator('tbody').innerText()).toContain(url);
    const stored = await t.owner('webhooks').where({ organization_id: fx.org.id, url }).first('id', 'events');
    expect(stored.events).toEqual(['prediction.band_changed', 'alert.created']);
    await section.screenshot({ path: path.join(shots, 'webhook-created.png') });

    // A delivery the receiver refused, as the delivery worker records it.
    await t.owner('webhook_deliveries').insert({
      webhook_id: stored.id,
      tenant_id: fx.tenant.id,
      organization_id: fx.org.id,
      event: 'alert.created',
      payload: {},
      status: 'failed',
      attempts: 8,
      last_status_code: 500,
      last_error: 'HTTP 500',
    });
    await section.getByRole('button', { name: `Deliveries: ${url}` }).click();
    const log = section.locator(`#deliveries-${stored.id}`);
    await expect.poll(() => log.innerText()).toContain('HTTP 500');
    expect(await log.innerText()).toMatch(/alert\.created\s+failed\s+8/);
    expect(await section.getByRole('button', { name: `Deliveries: ${url}` }).getAttribute('aria-expanded')).toBe('true');

    await section.getByRole('button', { name: `Rotate secret: ${url}` }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Rotate secret' }).click();
    const rotated = section.getByRole('textbox', { name: `New signing secret of ${url}`, exact: true });
    await expect.poll(() => rotated.inputValue()).toMatch(/^whsec_/);
    expect(await rotated.inputValue()).not.toBe(firstSecret);

    await section.getByRole('button', { name: `Delete: ${url}` }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete webhook' }).click();
    await expect.poll(() => section.innerText()).toContain('No webhooks yet.');
    expect(await t.owner('webhooks').where({ id: stored.id }).first()).toBeUndefined();
    expect(await changes(page)).toEqual([`webhook.created ${stored.id}`, `webhook.secret_rotated ${stored.id}`, `webhook.deleted ${stored.id}`]);
    expect(errors.unexpected([400])).toEqual([]);
  });

  it('creates an organization API key (shown once) and revokes it', async () => {
    const { page, errors, panel } = await open(pages.admin);
    const section = panel.locator('section[aria-labelledby="api-keys-title"]');
    const name = `Portal backend ${fx.tag}`;
    await panel.locator('#api-key-form').getByLabel('Name').fill(name);
    await panel.locator('#api-key-form').getByRole('button', { name: 'Create key' }).click();
    const shown = section.getByRole('textbox', { name: `API key “${name}”`, exact: true });
    await expect.poll(() => shown.inputValue()).toMatch(/^drk_[0-9a-f]{8}_/);
    const key = await shown.inputValue();
    await expect.poll(() => section.locator('tbody').innerText()).toContain(name);
    const stored = await t.owner('api_keys').where({ name }).first('id', 'organization_id', 'prefix', 'revoked_at');
    expect(stored).toMatchObject({ organization_id: fx.org.id, revoked_at: null });
    expect(key.startsWith(`drk_${stored.prefix}_`)).toBe(true);
    expect(await section.locator('tbody').innerText()).not.toContain(key);

    await section.getByRole('button', { name: `Revoke: ${name}` }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Revoke key' }).click();
    await expect.poll(() => section.locator('tbody').innerText()).toContain('Revoked');
    expect((await t.owner('api_keys').where({ id: stored.id }).first('revoked_at')).revoked_at).not.toBeNull();
    const listed = await t.http.get('/v1/api-keys').query({ organizationId: fx.org.id }).set('Authorization', `Bearer ${adminToken}`);
    expect(listed.body.items.find((k: { id: string }) => k.id === stored.id).revokedAt).not.toBeNull();
    expect(await changes(page)).toEqual([`api_key.created ${stored.id}`, `api_key.revoked ${stored.id}`]);
    expect(errors.unexpected()).toEqual([]);
  });

  it('shows an org member the members read-only and a note instead of controls, as the API allows', async () => {
    // What the API lets a member do: read the members, nothing the other sections need.
    const auth = { Authorization: `Bearer ${memberToken}` };
    expect((await t.http.get(`/v1/organizations/${fx.org.id}/members`).set(auth)).status).toBe(200);
    expect((await t.http.get(`/v1/organizations/${fx.org.id}/invitations`).set(auth)).status).toBe(403);
    expect((await t.http.get(`/v1/organizations/${fx.org.id}/webhooks`).set(auth)).status).toBe(403);
    expect((await t.http.get(`/v1/tenants/${fx.tenant.id}/embed-origins`).set(auth)).status).toBe(403);

    const { page, errors, panel } = await open(pages.member);
    expect(await panel.locator('h3').allInnerTexts()).toEqual(['Members']);
    expect(await panel.locator('.notice').innerText()).toContain('Its admins manage members, invitations, the join token, webhooks and API keys');
    expect(await panel.locator('tbody').innerText()).toContain(fx.users.orgAdmin.email);
    expect(await panel.getByRole('button').count()).toBe(0);
    expect(await panel.locator('form, input, select').count()).toBe(0);
    expect(await page.evaluate(`window.drEvents.filter((e) => e.type === 'dr-error').length`)).toBe(0);
    expect(await axeViolations(page, 'dr-org-admin-panel')).toEqual([]);
    await panel.screenshot({ path: path.join(shots, 'member-read-only.png') });
    expect(errors.unexpected()).toEqual([]);
  });
});
