import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../helpers/test-app.ts';
import { createTenantFixture, loginAs, TEST_PASSWORD, type FixtureUserKey, type TenantFixture } from '../../factories/tenant-fixture.ts';

let t: TestApp;
let f: TenantFixture;
let foreign: TenantFixture;

const tokens = new Map<string, string>();

/** One login per fixture user per file: access tokens stay valid, and logins are rate-limited. */
async function bearer(fixture: TenantFixture, key: FixtureUserKey): Promise<string> {
  const user = fixture.users[key];
  if (!tokens.has(user.id)) tokens.set(user.id, (await loginAs(t, user)).accessToken);
  return `Bearer ${tokens.get(user.id)}`;
}

/** A fresh individual account registered through the API, with an email the fixture's cleanup removes. */
async function registerIndividual(label: string): Promise<{ id: string; email: string; auth: string }> {
  const email = `${label}-${randomUUID().slice(0, 6)}-${f.tag}@fixture.test`;
  const res = await t.http.post('/v1/auth/register').send({ email, password: TEST_PASSWORD });
  expect(res.status).toBe(201);
  return { id: res.body.id, email, auth: `Bearer ${(await loginAs(t, { email })).accessToken}` };
}

async function invite(email: string, role: 'org_admin' | 'org_member' = 'org_member', key: FixtureUserKey = 'orgAdmin', orgId = f.org.id) {
  return t.http.post(`/v1/organizations/${orgId}/invitations`).set('Authorization', await bearer(f, key)).send({ email, role });
}

/** Reads the token from the queued email, as the invitee would (owner connection: the outbox is not readable by admins). */
async function tokenFromOutbox(email: string): Promise<string> {
  const mail = await t.owner('email_outbox').where({ to_email: email, kind: 'invitation' }).orderBy('created_at', 'desc').first();
  const match = /\/invitations\/accept\?token=([A-Za-z0-9_%-]+)/.exec(mail.body_text);
  if (!match) throw new Error('no accept link in the invitation email');
  return decodeURIComponent(match[1] as string);
}

beforeAll(async () => {
  // Many accounts log in from one test IP; the per-IP login limit is not under test here.
  t = await createTestApp({ PUBLIC_BASE_URL: 'https://app.defaultrate.test', LOGIN_MAX_PER_IP: '1000' });
  f = await createTenantFixture(t);
  foreign = await createTenantFixture(t);
});
afterAll(async () => {
  await f?.cleanup();
  await foreign?.cleanup();
  await t?.close();
});

describe('POST /v1/organizations/{organizationId}/invitations', () => {
  it('creates a pending invitation, queues the email with the accept link, and never returns the token', async () => {
    const email = `Invitee-${f.tag}@fixture.test`;
    const res = await invite(email, 'org_admin');
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ organizationId: f.org.id, email: email.toLowerCase(), role: 'org_admin', status: 'pending', invitedBy: f.users.orgAdmin.id });
    expect(new Date(res.body.expiresAt).getTime() - Date.now()).toBeGreaterThan(71 * 3600 * 1000);

    const mail = await t.owner('email_outbox').where({ to_email: email }).first();
    expect(mail.subject).toContain(f.org.name);
    expect(mail.body_text).toContain('https://app.defaultrate.test/invitations/accept?token=inv_');
    const token = await tokenFromOutbox(email);
    expect(JSON.stringify(res.body)).not.toContain(token);

    const row = await t.owner('invitations').where({ id: res.body.id }).first();
    expect(row.token_hash).not.toContain(token);
    const audit = await t.owner('audit_events').where({ action: 'invitation.created', target_id: res.body.id }).first();
    expect(JSON.stringify(audit.details)).not.toContain(token);
  });

  it('lets a tenant admin invite to any organization of its tenant', async () => {
    const res = await invite(`by-tenant-admin-${f.tag}@fixture.test`, 'org_member', 'tenantAdmin', f.otherOrg.id);
    expect(res.status).toBe(201);
  });

  it('refuses an org member with 403', async () => {
    const res = await invite(`nope-${f.tag}@fixture.test`, 'org_member', 'orgMember');
    expect(res.status).toBe(403);
    expect(res.body.type).toBe('/problems/forbidden');
  });

  it('answers 404 to an org admin inviting to another organization of its tenant or another tenant\'s', async () => {
    for (const orgId of [f.otherOrg.id, foreign.org.id]) {
      const res = await invite(`elsewhere-${f.tag}@fixture.test`, 'org_member', 'orgAdmin', orgId);
      expect(res.status).toBe(404);
    }
  });

  it('enforces the email allow-list with email-not-allowed', async () => {
    await t.owner('organizations').where({ id: f.otherOrg.id }).update({ email_allow_list: ['@bank.test', 'friend@example.test'] });
    const refused = await invite(`outsider-${f.tag}@fixture.test`, 'org_member', 'tenantAdmin', f.otherOrg.id);
    expect(refused.status).toBe(403);
    expect(refused.body.type).toBe('/problems/email-not-allowed');
    expect((await invite('Friend@Example.test', 'org_member', 'tenantAdmin', f.otherOrg.id)).status).toBe(201);
    expect((await invite(`someone-${f.tag}@bank.test`, 'org_member', 'tenantAdmin', f.otherOrg.id)).status).toBe(201);
    expect((await invite(`someone-${f.tag}@sub.bank.test`, 'org_member', 'tenantAdmin', f.otherOrg.id)).status).toBe(403);
    await t.owner('organizations').where({ id: f.otherOrg.id }).update({ email_allow_list: [] });
  });

  it('answers bad input with 400 problem+json and pointers', async () => {
    const auth = await bearer(f, 'orgAdmin');
    const cases: [unknown, string][] = [
      [{ email: 'not-an-email', role: 'org_member' }, '/body/email'],
      [{ email: `x-${f.tag}@fixture.test`, role: 'tenant_admin' }, '/body/role'],
      [{ email: `x-${f.tag}@fixture.test` }, '/body/role'],
      [{ email: `x-${f.tag}@fixture.test`, role: 'org_member', token: 'mine' }, '/body/token'],
    ];
    for (const [body, pointer] of cases) {
      const res = await t.http.post(`/v1/organizations/${f.org.id}/invitations`).set('Authorization', auth).send(body as object);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.errors.map((e: { pointer: string }) => e.pointer)).toContain(pointer);
    }
  });
});

describe('POST /v1/invitations/accept', () => {
  it('runs the whole flow: invite, read the emailed token, accept, and /v1/me shows the organization', async () => {
    const invitee = await registerIndividual('flow');
    const created = await invite(invitee.email.toUpperCase(), 'org_member');
    expect(created.status).toBe(201);
    const token = await tokenFromOutbox(invitee.email);

    const res = await t.http.post('/v1/invitations/accept').set('Authorization', invitee.auth).send({ token });
    expect(res.status).toBe(200);
    expect(res.body.user).toMatchObject({ id: invitee.id, role: 'org_member', tenantId: f.tenant.id, organizationId: f.org.id });
    expect(res.body.organization).toEqual({ id: f.org.id, name: f.org.name });
    expect(res.body.tokens.refreshToken).toMatch(/^rt_/);

    const me = await t.http.get('/v1/me').set('Authorization', `Bearer ${res.body.tokens.accessToken}`);
    expect(me.status).toBe(200);
    expect(me.body.role).toBe('org_member');
    expect(me.body.organization.id).toBe(f.org.id);
    expect(me.body.tenant.id).toBe(f.tenant.id);
    // The old access token works too and acts with the new role: roles are read from the database.
    const meOld = await t.http.get('/v1/me').set('Authorization', invitee.auth);
    expect(meOld.body.organization.id).toBe(f.org.id);

    const row = await t.owner('invitations').where({ id: created.body.id }).first();
    expect(row.accepted_by).toBe(invitee.id);
    const list = await t.http.get(`/v1/organizations/${f.org.id}/invitations`).query({ status: 'accepted' }).set('Authorization', await bearer(f, 'orgAdmin'));
    expect(list.body.items.map((i: { id: string }) => i.id)).toContain(created.body.id);
    const audit = await t.owner('audit_events').where({ action: 'invitation.accepted', target_id: created.body.id }).first();
    expect(audit).toMatchObject({ actor_user_id: invitee.id, tenant_id: f.tenant.id, organization_id: f.org.id });
  });

  it('accepts a token only once', async () => {
    const invitee = await registerIndividual('once');
    await invite(invitee.email);
    const token = await tokenFromOutbox(invitee.email);
    expect((await t.http.post('/v1/invitations/accept').set('Authorization', invitee.auth).send({ token })).status).toBe(200);

    const other = await registerIndividual('second');
    const again = await t.http.post('/v1/invitations/accept').set('Authorization', other.auth).send({ token });
    expect(again.status).toBe(410);
    expect(again.body.type).toBe('/problems/invitation-invalid');
  });

  it('answers 410 invitation-invalid for an expired invitation and leaves the user individual', async () => {
    const invitee = await registerIndividual('expired');
    const created = await invite(invitee.email);
    const token = await tokenFromOutbox(invitee.email);
    await t.owner('invitations').where({ id: created.body.id }).update({ expires_at: t.owner.raw("now() - interval '1 minute'") });
    const res = await t.http.post('/v1/invitations/accept').set('Authorization', invitee.auth).send({ token });
    expect(res.status).toBe(410);
    expect(res.body.type).toBe('/problems/invitation-invalid');
    expect(res.body.detail).toMatch(/expired/);
    expect((await t.owner('users').where({ id: invitee.id }).first()).role).toBe('user');
    const list = await t.http.get(`/v1/organizations/${f.org.id}/invitations`).query({ status: 'expired' }).set('Authorization', await bearer(f, 'orgAdmin'));
    expect(list.body.items.map((i: { id: string }) => i.id)).toContain(created.body.id);
  });

  it('refuses a logged-in user whose email is not the invited one (403), and keeps the invitation usable', async () => {
    const invitee = await registerIndividual('right');
    const stranger = await registerIndividual('wrong');
    await invite(invitee.email);
    const token = await tokenFromOutbox(invitee.email);
    const res = await t.http.post('/v1/invitations/accept').set('Authorization', stranger.auth).send({ token });
    expect(res.status).toBe(403);
    expect(res.body.detail).not.toContain(invitee.email);
    expect((await t.http.post('/v1/invitations/accept').set('Authorization', invitee.auth).send({ token })).status).toBe(200);
  });

  it('refuses a revoked invitation and an unknown token with 410', async () => {
    const invitee = await registerIndividual('revoked');
    const created = await invite(invitee.email);
    const token = await tokenFromOutbox(invitee.email);
    const revoke = await t.http.delete(`/v1/organizations/${f.org.id}/invitations/${created.body.id}`).set('Authorization', await bearer(f, 'orgAdmin'));
    expect(revoke.status).toBe(204);
    expect((await t.http.post('/v1/invitations/accept').set('Authorization', invitee.auth).send({ token })).status).toBe(410);
    expect((await t.http.post('/v1/invitations/accept').set('Authorization', invitee.auth).send({ token: 'inv_unknown' })).status).toBe(410);
  });

  it('makes a re-invitation replace the earlier link', async () => {
    const invitee = await registerIndividual('reinvite');
    await invite(invitee.email);
    const first = await tokenFromOutbox(invitee.email);
    await new Promise((r) => setTimeout(r, 5));
    await invite(invitee.email);
    const second = await tokenFromOutbox(invitee.email);
    expect(second).not.toBe(first);
    expect((await t.http.post('/v1/invitations/accept').set('Authorization', invitee.auth).send({ token: first })).status).toBe(410);
    expect((await t.http.post('/v1/invitations/accept').set('Authorization', invitee.auth).send({ token: second })).status).toBe(200);
  });

  it('refuses someone who already belongs to an organization with 409', async () => {
    await invite(f.users.otherOrgMember.email, 'org_member', 'tenantAdmin');
    const token = await tokenFromOutbox(f.users.otherOrgMember.email);
    const res = await t.http.post('/v1/invitations/accept').set('Authorization', await bearer(f, 'otherOrgMember')).send({ token });
    expect(res.status).toBe(409);
    expect((await t.owner('users').where({ id: f.users.otherOrgMember.id }).first()).organization_id).toBe(f.otherOrg.id);
  });

  it('enforces the member cap and the allow-list at acceptance time', async () => {
    const capped = await t.http.post('/v1/organizations').set('Authorization', await bearer(f, 'tenantAdmin')).send({ name: `Capped ${f.tag}`, memberCap: 1 });
    const orgId = capped.body.id as string;
    const a = await registerIndividual('cap-a');
    const b = await registerIndividual('cap-b');
    await invite(a.email, 'org_admin', 'tenantAdmin', orgId);
    const tokenA = await tokenFromOutbox(a.email);
    await invite(b.email, 'org_member', 'tenantAdmin', orgId);
    const tokenB = await tokenFromOutbox(b.email);
    expect((await t.http.post('/v1/invitations/accept').set('Authorization', a.auth).send({ token: tokenA })).status).toBe(200);
    const full = await t.http.post('/v1/invitations/accept').set('Authorization', b.auth).send({ token: tokenB });
    expect(full.status).toBe(409);
    expect(full.body.type).toBe('/problems/member-cap-reached');

    await t.owner('organizations').where({ id: orgId }).update({ member_cap: null, email_allow_list: ['@elsewhere.test'] });
    const notAllowed = await t.http.post('/v1/invitations/accept').set('Authorization', b.auth).send({ token: tokenB });
    expect(notAllowed.status).toBe(403);
    expect(notAllowed.body.type).toBe('/problems/email-not-allowed');
    expect((await t.owner('users').where({ id: b.id }).first()).role).toBe('user');
  });

  it('requires a bearer token and a token in the body', async () => {
    expect((await t.http.post('/v1/invitations/accept').send({ token: 'inv_x' })).status).toBe(401);
    const invitee = await registerIndividual('badbody');
    const res = await t.http.post('/v1/invitations/accept').set('Authorization', invitee.auth).send({});
    expect(res.status).toBe(400);
    expect(res.body.errors[0].pointer).toBe('/body/token');
  });
});

describe('POST /v1/invitations/register', () => {
  it('creates the account for the invited email and joins in one step', async () => {
    const email = `brand-new-${f.tag}@fixture.test`;
    await invite(email, 'org_member');
    const token = await tokenFromOutbox(email);
    const res = await t.http.post('/v1/invitations/register').send({ token, password: 'a-long-new-password', displayName: 'Brand New' });
    expect(res.status).toBe(201);
    expect(res.body.user).toMatchObject({ email, displayName: 'Brand New', role: 'org_member', organizationId: f.org.id });
    const me = await t.http.get('/v1/me').set('Authorization', `Bearer ${res.body.tokens.accessToken}`);
    expect(me.body.organization.id).toBe(f.org.id);
    const login = await t.http.post('/v1/auth/login').send({ email, password: 'a-long-new-password' });
    expect(login.status).toBe(200);
    expect((await t.http.post('/v1/invitations/register').send({ token, password: 'a-long-new-password', displayName: 'Again' })).status).toBe(410);
  });

  it('creates no account when joining is refused', async () => {
    const email = `refused-${f.tag}@fixture.test`;
    await invite(email);
    const token = await tokenFromOutbox(email);
    await t.owner('organizations').where({ id: f.org.id }).update({ member_cap: 1 });
    const res = await t.http.post('/v1/invitations/register').send({ token, password: 'a-long-new-password', displayName: 'Refused' });
    await t.owner('organizations').where({ id: f.org.id }).update({ member_cap: null });
    expect(res.status).toBe(409);
    expect(res.body.type).toBe('/problems/member-cap-reached');
    expect(await t.owner('users').where({ email }).first()).toBeUndefined();
  });

  it('sends an existing account to the logged-in accept (409) and validates the body', async () => {
    const existing = await registerIndividual('exists');
    await invite(existing.email);
    const token = await tokenFromOutbox(existing.email);
    const res = await t.http.post('/v1/invitations/register').send({ token, password: 'a-long-new-password', displayName: 'Dup' });
    expect(res.status).toBe(409);
    const weak = await t.http.post('/v1/invitations/register').send({ token, password: 'short', displayName: 'Weak' });
    expect(weak.status).toBe(400);
    expect(weak.body.errors[0].pointer).toBe('/body/password');
    const role = await t.http.post('/v1/invitations/register').send({ token, password: 'a-long-new-password', displayName: 'X', role: 'super_admin' });
    expect(role.status).toBe(400);
  });
});

describe('GET /v1/organizations/{organizationId}/invitations', () => {
  it('pages newest first with statuses, for admins only', async () => {
    const auth = await bearer(f, 'orgAdmin');
    const first = await t.http.get(`/v1/organizations/${f.org.id}/invitations`).query({ limit: 2 }).set('Authorization', auth);
    expect(first.status).toBe(200);
    expect(first.body.items).toHaveLength(2);
    expect(first.body.items[0].createdAt >= first.body.items[1].createdAt).toBe(true);
    const second = await t.http.get(`/v1/organizations/${f.org.id}/invitations`).query({ limit: 2, cursor: first.body.nextCursor }).set('Authorization', auth);
    expect(second.status).toBe(200);
    const ids = new Set([...first.body.items, ...second.body.items].map((i: { id: string }) => i.id));
    expect(ids.size).toBe(first.body.items.length + second.body.items.length);
    for (const item of first.body.items) expect(['pending', 'accepted', 'revoked', 'expired']).toContain(item.status);

    expect((await t.http.get(`/v1/organizations/${f.org.id}/invitations`).set('Authorization', await bearer(f, 'orgMember'))).status).toBe(403);
    expect((await t.http.get(`/v1/organizations/${f.org.id}/invitations`).set('Authorization', await bearer(f, 'otherOrgAdmin'))).status).toBe(404);
    expect((await t.http.get(`/v1/organizations/${f.org.id}/invitations`).query({ status: 'lost' }).set('Authorization', auth)).status).toBe(400);
  });
});

describe('DELETE /v1/organizations/{organizationId}/invitations/{invitationId}', () => {
  it('refuses to revoke an accepted invitation (409) and hides other organizations\' invitations (404)', async () => {
    const invitee = await registerIndividual('accepted');
    const created = await invite(invitee.email);
    const token = await tokenFromOutbox(invitee.email);
    await t.http.post('/v1/invitations/accept').set('Authorization', invitee.auth).send({ token });
    expect((await t.http.delete(`/v1/organizations/${f.org.id}/invitations/${created.body.id}`).set('Authorization', await bearer(f, 'orgAdmin'))).status).toBe(409);
    expect((await t.http.delete(`/v1/organizations/${f.org.id}/invitations/${created.body.id}`).set('Authorization', await bearer(f, 'otherOrgAdmin'))).status).toBe(404);
    expect((await t.http.delete(`/v1/organizations/${f.org.id}/invitations/${created.body.id}`).set('Authorization', await bearer(foreign, 'tenantAdmin'))).status).toBe(404);
  });
});
