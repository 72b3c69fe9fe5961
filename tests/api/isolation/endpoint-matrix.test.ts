/// <reference types="vite/client" />
import { randomUUID } from 'node:crypto';
import type { Response } from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashToken } from '../../../api/src/modules/auth/secrets.ts';
import { createTestApp, type TestApp } from '../../helpers/test-app.ts';
import { createTenantFixture, loginAs, type TenantFixture } from '../../factories/tenant-fixture.ts';
import { fillPath, listOperations, pathParams, type SpecOperation } from '../../helpers/openapi-operations.ts';
import { ROLES, TREATMENT, collection, denied, type Env, type MatrixRole, type ProbeSet, type ProbeTemplate, type ScopeName, type Treatment } from './probe-kit.ts';

/** Probe sets of the other areas of the API (each ./probes/<area>.ts exports `probeSet`), picked up without registration. */
const PROBE_SETS: ProbeSet[] = Object.values(import.meta.glob<ProbeSet>('./probes/*.ts', { eager: true, import: 'probeSet' }));

/**
 * THE isolation matrix: every operation of the bundled spec × every role × every probe that aims it
 * at data the caller must not reach (another tenant; for org-scoped paths, another organization of
 * the same tenant). A probe must be refused (401 for anonymous callers, 403/404 otherwise) and the
 * response must not contain any id, name or email of the foreign data. Collection endpoints, which
 * legitimately answer 200, are probed with filters naming the foreign data and must not return it.
 *
 * Operations come from the spec; the probes per operation from PROBES below. An operation without
 * an entry fails ("no isolation probe for operationId X"), so a new endpoint cannot skip the matrix.
 *
 * Super admins see every tenant by design: their probes are sanity checks (a GET on the foreign ids
 * answers 2xx, which proves the ids are real and the others' 404s mean isolation, not absence);
 * their mutations are skipped. Tenant admins likewise for the other organization of their tenant.
 */

const CORE_PROBES: Record<string, ProbeTemplate[]> = {
  // System: public, tenant-free. No caller may get tenant data out of them.
  getHealth: [{ label: 'public', scope: 'none', expect: [200] }],
  getReadiness: [{ label: 'public', scope: 'none', expect: [200] }],
  getJwks: [{ label: 'public', scope: 'none', expect: [200] }],

  // Auth.
  registerUser: [
    { label: 'register into tenant B', scope: 'foreignTenant', expect: [400], body: (ids, e) => ({ email: `probe-${randomUUID().slice(0, 8)}-${e.tag}@fixture.test`, password: 'probe-password-123', tenantId: ids.tenantId, organizationId: ids.organizationId, role: 'org_admin' }) },
  ],
  login: [{ label: "B user's email, wrong password", scope: 'foreignTenant', expect: [401], body: (_ids, e) => ({ email: e.b.users.orgMember.email, password: 'not-the-password' }) }],
  refreshTokens: [{ label: "B family's hash as token", scope: 'foreignTenant', expect: [401], body: (_ids, e) => ({ refreshToken: `rt-hash-${e.b.tag}` }) }],
  logout: [{ label: 'unknown token', scope: 'foreignTenant', expect: [204], body: (_ids, e) => ({ refreshToken: `rt_probe_${e.tag}` }) }],
  changePassword: [{ label: 'wrong current password', scope: 'none', expect: [401], body: () => ({ currentPassword: 'not-the-password', newPassword: 'probe-new-password-123' }) }],
  getMe: [{ label: 'self', scope: 'none', expect: 'noLeak' }],

  // Tenants and statistics.
  listTenants: [collection('?q=B name', (_ids, e) => ({ q: e.b.tenant.name })), collection('no filter', () => ({}))],
  createTenant: [
    { label: 'create', scope: 'none', expect: 'denied', exempt: ['super_admin'], body: (_ids, e) => ({ name: `Probe ${e.tag}`, slug: `probe-${e.tag}-${randomUUID().slice(0, 6)}` }) },
  ],
  getTenant: [denied('foreignTenant')],
  updateTenant: [denied('foreignTenant', { body: (_ids, e) => ({ name: `Renamed ${e.tag}` }) })],
  deleteTenant: [denied('foreignTenant')],
  getTenantStats: [denied('foreignTenant')],
  getPlatformStats: [{ label: 'platform', scope: 'none', expect: 'denied', exempt: ['super_admin'] }],

  // Users.
  listUsers: [
    collection('?tenantId=B', (ids) => ({ tenantId: ids.tenantId })),
    collection('?organizationId=B org', (ids) => ({ organizationId: ids.organizationId })),
    collection('?q=B email', (_ids, e) => ({ q: e.b.users.orgMember.email })),
    { label: '?organizationId=other org', scope: 'foreignOrg', query: (ids) => ({ organizationId: ids.organizationId }), expect: 'noLeak' },
  ],
  getUser: [denied('foreignTenant'), denied('foreignOrg')],
  updateUser: [denied('foreignTenant', { body: () => ({ displayName: 'Probe' }) }), denied('foreignOrg', { body: () => ({ displayName: 'Probe' }) })],

  // Audit log.
  listAuditEvents: [
    collection('?tenantId=B', (ids) => ({ tenantId: ids.tenantId })),
    collection('?organizationId=B org', (ids) => ({ organizationId: ids.organizationId })),
    collection('?actorUserId=B user', (_ids, e) => ({ actorUserId: e.b.users.orgAdmin.id })),
    collection('?targetId=B user', (ids) => ({ targetId: ids.userId })),
    collection('no filter', () => ({})),
    { label: '?organizationId=other org', scope: 'foreignOrg', query: (ids) => ({ organizationId: ids.organizationId }), expect: 'noLeak' },
  ],

  // Organizations.
  listOrganizations: [collection('?tenantId=B', (ids) => ({ tenantId: ids.tenantId })), collection('no filter', () => ({}))],
  createOrganization: [
    { label: 'in tenant B', scope: 'foreignTenant', expect: 'denied', body: (ids, e) => ({ tenantId: ids.tenantId, name: `Probe org ${e.tag}` }) },
  ],
  getOrganization: [denied('foreignTenant'), denied('foreignOrg')],
  updateOrganization: [denied('foreignTenant', { body: (_ids, e) => ({ name: `Renamed ${e.tag}` }) }), denied('foreignOrg', { body: (_ids, e) => ({ name: `Renamed ${e.tag}` }) })],
  deleteOrganization: [denied('foreignTenant'), denied('foreignOrg')],
  joinOrganization: [
    { label: "B org's disabled join token", scope: 'foreignTenant', expect: 'token', body: (_ids, e) => ({ token: e.tokens.bDisabledJoinToken }) },
  ],

  // Members.
  listOrganizationMembers: [denied('foreignTenant'), denied('foreignOrg')],
  assignOrganizationMember: [
    denied('foreignTenant', { body: () => ({ role: 'org_member' }) }),
    denied('foreignOrg', { body: () => ({ role: 'org_member' }) }),
    denied('ownOrgForeignUser', { body: () => ({ role: 'org_member' }) }),
  ],
  changeOrganizationMemberRole: [
    denied('foreignTenant', { body: () => ({ role: 'org_admin' }) }),
    denied('foreignOrg', { body: () => ({ role: 'org_admin' }) }),
    denied('ownOrgForeignUser', { body: () => ({ role: 'org_admin' }) }),
    denied('ownOrgOtherOrgUser', { body: () => ({ role: 'org_admin' }) }),
  ],
  removeOrganizationMember: [denied('foreignTenant'), denied('foreignOrg'), denied('ownOrgForeignUser'), denied('ownOrgOtherOrgUser')],

  // Invitations.
  listInvitations: [denied('foreignTenant'), denied('foreignOrg')],
  createInvitation: [
    denied('foreignTenant', { body: (_ids, e) => ({ email: `probe-${e.tag}@fixture.test`, role: 'org_member' }) }),
    denied('foreignOrg', { body: (_ids, e) => ({ email: `probe-${e.tag}@fixture.test`, role: 'org_member' }) }),
  ],
  revokeInvitation: [denied('foreignTenant'), denied('foreignOrg'), denied('ownOrgForeignUser'), denied('ownOrgOtherOrgUser')],
  acceptInvitation: [
    { label: "B's invitation for another email", scope: 'foreignTenant', expect: 'token', body: (_ids, e) => ({ token: e.tokens.bPendingInvitation }) },
    { label: "B's revoked invitation", scope: 'foreignTenant', expect: 'token', body: (_ids, e) => ({ token: e.tokens.bRevokedInvitation }) },
  ],
  registerWithInvitation: [
    { label: "B's revoked invitation", scope: 'foreignTenant', expect: 'token', body: (_ids, e) => ({ token: e.tokens.bRevokedInvitation, password: 'probe-password-123', displayName: 'Probe' }) },
  ],

  // Join token.
  getJoinTokenStatus: [denied('foreignTenant'), denied('foreignOrg')],
  createJoinToken: [denied('foreignTenant', { body: () => ({ expiresInHours: 48 }) }), denied('foreignOrg', { body: () => ({ expiresInHours: 48 }) })],
  disableJoinToken: [denied('foreignTenant'), denied('foreignOrg')],
};

const PROBES: Record<string, ProbeTemplate[]> = Object.assign({}, CORE_PROBES, ...PROBE_SETS.map((set) => set.probes));

const operations: SpecOperation[] = listOperations();

let t: TestApp;
let env: Env;
const bearer: Partial<Record<MatrixRole, string>> = {};
const tally = { checks: 0, passed: 0, skipped: 0, sanityWithForeignData: 0, probesPerOperation: new Map<string, number>() };

function markersOf(f: TenantFixture, orgKey: 'org' | 'otherOrg' | 'both'): string[] {
  const orgs = orgKey === 'both' ? [f.org, f.otherOrg] : [f[orgKey]];
  const users = Object.values(f.users).filter((u) => orgKey === 'both' ? u.tenantId === f.tenant.id : u.organizationId === f[orgKey].id);
  return [...orgs.flatMap((o) => [o.id, o.name]), ...users.flatMap((u) => [u.id, u.email])];
}

beforeAll(async () => {
  t = await createTestApp({ LOGIN_MAX_PER_IP: '10000' });
  const a = await createTenantFixture(t);
  const b = await createTenantFixture(t);
  const o = t.owner;
  const tag = a.tag;
  const tokens = { bPendingInvitation: `inv_probe_pending_${b.tag}`, bRevokedInvitation: `inv_probe_revoked_${b.tag}`, bDisabledJoinToken: `join_probe_disabled_${b.tag}` };
  const inHour = new Date(Date.now() + 3600_000);

  const [bInvitation] = await o('invitations')
    .insert({ tenant_id: b.tenant.id, organization_id: b.org.id, email: `invitee-${b.tag}@fixture.test`, role: 'org_member', token_hash: hashToken(tokens.bPendingInvitation), expires_at: inHour, invited_by: b.users.orgAdmin.id })
    .returning('id');
  await o('invitations').insert({ tenant_id: b.tenant.id, organization_id: b.org.id, email: `revoked-${b.tag}@fixture.test`, role: 'org_member', token_hash: hashToken(tokens.bRevokedInvitation), expires_at: inHour, revoked_at: new Date() });
  const [aOtherInvitation] = await o('invitations')
    .insert({ tenant_id: a.tenant.id, organization_id: a.otherOrg.id, email: `invitee-other-${a.tag}@fixture.test`, role: 'org_member', token_hash: hashToken(`inv_other_${a.tag}`), expires_at: inHour })
    .returning('id');
  await o('organizations').where({ id: b.org.id }).update({ join_token_hash: hashToken(tokens.bDisabledJoinToken), join_token_enabled: false, join_token_expires_at: inHour });
  await o('audit_events').insert([
    { tenant_id: b.tenant.id, organization_id: b.org.id, actor_user_id: b.users.orgAdmin.id, actor_role: 'org_admin', action: 'fixture.event', target_type: 'user', target_id: b.users.orgMember.id },
    { tenant_id: a.tenant.id, organization_id: a.otherOrg.id, actor_user_id: a.users.otherOrgAdmin.id, actor_role: 'org_admin', action: 'fixture.event', target_type: 'user', target_id: a.users.otherOrgMember.id },
  ]);

  const bMarkers = [b.tenant.id, b.tenant.name, b.tenant.slug, ...markersOf(b, 'both'), `invitee-${b.tag}@fixture.test`, `revoked-${b.tag}@fixture.test`, bInvitation.id];
  const otherOrgMarkers = [...markersOf(a, 'otherOrg'), `invitee-other-${a.tag}@fixture.test`, aOtherInvitation.id];
  env = {
    a,
    b,
    tag,
    tokens,
    scopes: {
      foreignTenant: { ids: { tenantId: b.tenant.id, organizationId: b.org.id, userId: b.users.orgMember.id, invitationId: bInvitation.id }, markers: bMarkers },
      foreignOrg: { ids: { tenantId: a.tenant.id, organizationId: a.otherOrg.id, userId: a.users.otherOrgMember.id, invitationId: aOtherInvitation.id }, markers: otherOrgMarkers },
      ownOrgForeignUser: { ids: { tenantId: a.tenant.id, organizationId: a.org.id, userId: b.users.orgMember.id, invitationId: bInvitation.id }, markers: bMarkers },
      ownOrgOtherOrgUser: { ids: { tenantId: a.tenant.id, organizationId: a.org.id, userId: a.users.otherOrgMember.id, invitationId: aOtherInvitation.id }, markers: otherOrgMarkers },
    },
  };
  for (const set of PROBE_SETS) {
    const extra = (await set.seed?.({ t, a, b })) ?? {};
    for (const [name, data] of Object.entries(extra) as [keyof Env['scopes'], { ids: Record<string, string>; markers: string[] }][]) {
      Object.assign(env.scopes[name].ids, data.ids);
      env.scopes[name].markers.push(...data.markers);
    }
  }

  const logins: [MatrixRole, keyof TenantFixture['users']][] = [
    ['super_admin', 'superAdmin'],
    ['tenant_admin', 'tenantAdmin'],
    ['org_admin', 'orgAdmin'],
    ['org_member', 'orgMember'],
    ['user', 'individual'],
  ];
  for (const [role, key] of logins) bearer[role] = (await loginAs(t, a.users[key])).accessToken;
});

afterAll(async () => {
  const ops = operations.length;
  const probes = [...tally.probesPerOperation.values()].reduce((s, n) => s + n, 0);
  console.log(
    `[isolation matrix] ${ops} operations × ${ROLES.length} roles; ${probes} probe templates ` +
      `(${(probes / Math.max(ops, 1)).toFixed(2)} per operation on average) → ${tally.checks} checks: ` +
      `${tally.passed} passed, ${tally.checks - tally.passed} failed, ${tally.skipped} skipped (super/tenant admin mutations on data they legitimately manage)`,
  );
  if (env) {
    await t.owner('audit_events').whereIn('tenant_id', [env.a.tenant.id, env.b.tenant.id]).delete();
    await t.owner('tenants').where('slug', 'like', `probe-${env.tag}-%`).delete();
    await env.a.cleanup();
    await env.b.cleanup();
  }
  await t?.close();
});

async function send(op: SpecOperation, role: MatrixRole, url: string, query: Record<string, string> | undefined, body: unknown): Promise<Response> {
  let request = t.http[op.method](url);
  if (query && Object.keys(query).length) request = request.query(query);
  if (role !== 'anonymous') request = request.set('Authorization', `Bearer ${bearer[role]}`);
  if (body !== undefined) request = request.send(body as object);
  else if (op.bodyRequired) request = request.send(op.bodyExample as object);
  return request;
}

function allowedStatuses(expectation: ProbeTemplate['expect'], role: MatrixRole, op: SpecOperation): number[] | null {
  if (Array.isArray(expectation)) return expectation;
  if (role === 'anonymous' && !op.isPublic) return [401];
  switch (expectation) {
    case 'denied':
      return [403, 404];
    case 'token':
      return [400, 401, 403, 404, 409, 410];
    case 'noLeak':
      return null;
  }
}

/** Runs every probe of one operation for every role; returns the failures as readable lines. */
async function runOperation(op: SpecOperation): Promise<string[]> {
  const templates = PROBES[op.operationId];
  if (!templates) return [`no isolation probe for operationId ${op.operationId} (${op.method.toUpperCase()} ${op.path}): add one to PROBES`];
  tally.probesPerOperation.set(op.operationId, templates.length);
  const failures: string[] = [];
  for (const template of templates) {
    const scope = template.scope === 'none' ? { ids: {}, markers: env.scopes.foreignTenant.markers } : env.scopes[template.scope];
    let url: string;
    try {
      url = fillPath(op.path, scope.ids);
    } catch (error) {
      failures.push(`${op.operationId} [${template.label}]: ${(error as Error).message}`);
      continue;
    }
    if (template.scope === 'none' && pathParams(op.path).length) failures.push(`${op.operationId}: a path with ids needs a scoped probe`);
    for (const role of ROLES) {
      tally.checks++;
      const treatment: Treatment = template.exempt?.includes(role)
        ? 'sanity'
        : template.scope === 'none'
          ? 'probe'
          : (TREATMENT[template.scope][role] ?? 'probe');
      if (treatment === 'skip' || (treatment === 'sanity' && op.method !== 'get')) {
        tally.skipped++;
        tally.passed++;
        continue;
      }
      const where = `${op.operationId} ${op.method.toUpperCase()} ${url} [${template.label}] as ${role}`;
      const query = template.query?.(scope.ids, env);
      const body = template.body?.(scope.ids, env);
      const res = await send(op, role, url, query, body);
      // Binary downloads (the PDF report) carry no text; the JSON endpoints over the same data are leak-checked instead.
      const text: string = res.text ?? '';
      // Echoing what the caller itself sent (an id in the path, in `instance` or `detail`) reveals nothing.
      const sent = `${decodeURIComponent(url)} ${JSON.stringify(query ?? {})} ${JSON.stringify(body ?? {})}`;
      const problems: string[] = [];
      if (res.status >= 500) problems.push(`answered ${res.status}`);
      if (treatment === 'sanity') {
        if (res.status < 200 || res.status >= 300) problems.push(`sanity: expected 2xx for a caller entitled to the data, got ${res.status} ${text.slice(0, 200)}`);
        if (scope.markers.some((m) => !sent.includes(m) && text.includes(m))) tally.sanityWithForeignData++;
      } else {
        const allowed = allowedStatuses(template.expect, role, op);
        if (allowed && !allowed.includes(res.status)) problems.push(`expected ${allowed.join('/')}, got ${res.status} ${text.slice(0, 200)}`);
        if (res.status >= 400 && !/application\/problem\+json/.test(res.headers['content-type'] ?? '')) problems.push(`error without problem+json (${res.headers['content-type']})`);
        const markers = [...scope.markers, ...(['org_admin', 'org_member', 'user', 'anonymous'].includes(role) && template.scope === 'foreignTenant' ? env.scopes.foreignOrg.markers : [])];
        const leaked = markers.filter((m) => !sent.includes(m) && text.includes(m));
        if (leaked.length) problems.push(`response leaks foreign data (${leaked.slice(0, 3).join(', ')}): ${text.slice(0, 200)}`);
      }
      if (problems.length) failures.push(`${where}: ${problems.join('; ')}`);
      else tally.passed++;
    }
  }
  return failures;
}

describe('isolation matrix (every operation × every role × foreign ids)', () => {
  it('has operations to probe', () => {
    expect(operations.length).toBeGreaterThan(10);
  });

  it('has a probe for every operation of the spec, and no probe for a vanished one', () => {
    const ids = new Set(operations.map((op) => op.operationId));
    const missing = operations.filter((op) => !PROBES[op.operationId]).map((op) => `no isolation probe for operationId ${op.operationId}`);
    const stale = Object.keys(PROBES).filter((id) => !ids.has(id)).map((id) => `probe for ${id}, which is not in the spec`);
    expect([...missing, ...stale]).toEqual([]);
  });

  it.each(operations.map((op) => [op.operationId, op] as const))('%s refuses foreign data to every role and never leaks it', async (_id, op) => {
    const failures = await runOperation(op);
    expect(failures, `\n${failures.join('\n')}\n`).toEqual([]);
  });

  it('would notice a leak: entitled callers do get the foreign data the others are refused', () => {
    // Super admins (and tenant admins for the other org) fetched the same ids and saw names and
    // emails the leak check looks for; so the others' clean answers are meaningful.
    expect(tally.sanityWithForeignData).toBeGreaterThanOrEqual(8);
  });

  it("left tenant B's data as it was", async () => {
    const { a, b } = env;
    expect(await t.owner('tenants').where({ id: b.tenant.id }).first()).toMatchObject({ name: b.tenant.name, status: 'active' });
    const orgs = await t.owner('organizations').where({ tenant_id: b.tenant.id }).orderBy('name');
    expect(orgs.map((o: { id: string }) => o.id).sort()).toEqual([b.org.id, b.otherOrg.id].sort());
    expect(orgs.find((o: { id: string }) => o.id === b.org.id)).toMatchObject({ name: b.org.name, join_token_enabled: false });
    for (const user of Object.values(b.users)) {
      const row = await t.owner('users').where({ id: user.id }).first();
      expect(row, user.email).toMatchObject({ role: user.role, tenant_id: user.tenantId, organization_id: user.organizationId, is_active: true, display_name: expect.not.stringMatching(/^Probe$/) });
    }
    const invitation = await t.owner('invitations').where({ id: env.scopes.foreignTenant.ids.invitationId }).first();
    expect(invitation).toMatchObject({ revoked_at: null, accepted_at: null });
    expect(await t.owner('invitations').where({ tenant_id: b.tenant.id }).count<{ count: number }[]>('* as count')).toEqual([{ count: 2 }]);
    // Tenant A's other organization too (probed by its org's admins and members).
    const other = await t.owner('organizations').where({ id: a.otherOrg.id }).first();
    expect(other).toMatchObject({ name: a.otherOrg.name });
    expect(await t.owner('users').where({ id: a.users.otherOrgMember.id }).first()).toMatchObject({ role: 'org_member', organization_id: a.otherOrg.id });
  });
});
