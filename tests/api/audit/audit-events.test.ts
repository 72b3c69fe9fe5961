import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenantFixture, loginAs, type FixtureUser, type TenantFixture } from '../../factories/tenant-fixture.ts';
import { createTestApp, type TestApp } from '../../helpers/test-app.ts';

let t: TestApp;
let a: TenantFixture;
let b: TenantFixture;
const tokens = new Map<string, string>();

/** One login per fixture user and file (each login is itself an `auth.login` audit event). */
async function bearer(user: Pick<FixtureUser, 'email'>): Promise<string> {
  if (!tokens.has(user.email)) tokens.set(user.email, (await loginAs(t, user)).accessToken);
  return `Bearer ${tokens.get(user.email)}`;
}

interface EventView {
  id: string;
  action: string;
  actorUserId: string | null;
  actorRole: string;
  targetType: string;
  targetId: string | null;
  tenantId: string | null;
  organizationId: string | null;
  ip: string | null;
  details: Record<string, unknown>;
  createdAt: string;
}

async function events(caller: FixtureUser, query: Record<string, string | number> = {}): Promise<EventView[]> {
  const res = await t.http.get('/v1/audit-events').query({ limit: 200, ...query }).set('Authorization', await bearer(caller));
  expect(res.status).toBe(200);
  return res.body.items;
}

beforeAll(async () => {
  t = await createTestApp({ LOGIN_MAX_PER_IP: '1000' });
  a = await createTenantFixture(t);
  b = await createTenantFixture(t);
  // Administrative actions in both tenants: a rename in each organization of A, and one in B.
  for (const [admin, target] of [
    [a.users.tenantAdmin, a.users.orgMember],
    [a.users.tenantAdmin, a.users.otherOrgMember],
    [b.users.tenantAdmin, b.users.orgMember],
  ] as const) {
    const res = await t.http.patch(`/v1/users/${target.id}`).set('Authorization', await bearer(admin)).send({ displayName: `Renamed ${target.id.slice(0, 4)}` });
    if (res.status !== 200) throw new Error(`fixture rename failed: ${res.status}`);
  }
  for (const user of [a.users.orgAdmin, a.users.orgMember, a.users.superAdmin]) await bearer(user);
});
afterAll(async () => {
  await a?.cleanup();
  await b?.cleanup();
  await t?.close();
});

describe('GET /v1/audit-events', () => {
  it('records administrative actions with actor, role, target, scope, IP and time', async () => {
    const [event] = await events(a.users.tenantAdmin, { action: 'user.updated', targetId: a.users.orgMember.id });
    expect(event).toMatchObject({
      actorUserId: a.users.tenantAdmin.id,
      actorRole: 'tenant_admin',
      targetType: 'user',
      targetId: a.users.orgMember.id,
      tenantId: a.tenant.id,
      organizationId: a.org.id,
    });
    expect(event.ip).toMatch(/127\.0\.0\.1|::1/);
    expect(Date.now() - Date.parse(event.createdAt)).toBeLessThan(60_000);
    expect(event.details).toEqual({ changes: { displayName: expect.any(String) } });
  });

  it('shows a tenant admin its own tenant and nothing of another tenant', async () => {
    const seen = await events(a.users.tenantAdmin);
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.every((e) => e.tenantId === a.tenant.id || e.actorUserId === a.users.tenantAdmin.id)).toBe(true);
    expect(seen.some((e) => e.targetId === b.users.orgMember.id)).toBe(false);
    expect(await events(a.users.tenantAdmin, { tenantId: b.tenant.id })).toEqual([]);
  });

  it('shows an org admin its own organization, not the sibling organization', async () => {
    const seen = await events(a.users.orgAdmin);
    expect(seen.some((e) => e.targetId === a.users.orgMember.id && e.action === 'user.updated')).toBe(true);
    expect(seen.some((e) => e.targetId === a.users.otherOrgMember.id)).toBe(false);
    expect(seen.every((e) => e.organizationId === a.org.id || e.actorUserId === a.users.orgAdmin.id)).toBe(true);
  });

  it('shows an org member only their own actions', async () => {
    const seen = await events(a.users.orgMember);
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.every((e) => e.actorUserId === a.users.orgMember.id)).toBe(true);
    // The rename of this member was done by someone else, so it is not theirs to see.
    expect(seen.some((e) => e.action === 'user.updated')).toBe(false);
  });

  it('shows a super admin every tenant, narrowed by the tenantId filter', async () => {
    const inB = await events(a.users.superAdmin, { tenantId: b.tenant.id });
    expect(inB.some((e) => e.action === 'user.updated' && e.targetId === b.users.orgMember.id)).toBe(true);
    expect(inB.every((e) => e.tenantId === b.tenant.id)).toBe(true);
  });

  it('filters by action, actor, target type and time window', async () => {
    const logins = await events(a.users.superAdmin, { action: 'auth.login', actorUserId: a.users.orgAdmin.id });
    expect(logins.length).toBeGreaterThan(0);
    expect(logins.every((e) => e.action === 'auth.login' && e.actorUserId === a.users.orgAdmin.id)).toBe(true);
    const userTargets = await events(a.users.tenantAdmin, { targetType: 'user', actorUserId: a.users.tenantAdmin.id });
    expect(userTargets.every((e) => e.targetType === 'user')).toBe(true);
    const future = await events(a.users.superAdmin, { tenantId: a.tenant.id, from: new Date(Date.now() + 3_600_000).toISOString() });
    expect(future).toEqual([]);
    const past = await events(a.users.superAdmin, { tenantId: a.tenant.id, to: new Date(Date.now() - 3_600_000).toISOString() });
    expect(past).toEqual([]);
  });

  it('pages newest first with a keyset cursor, without gaps or repeats', async () => {
    const all = await events(a.users.superAdmin, { tenantId: a.tenant.id });
    expect(all.length).toBeGreaterThanOrEqual(4);
    const auth = await bearer(a.users.superAdmin);
    const paged: string[] = [];
    let cursor: string | null = null;
    do {
      const res: { status: number; body: { items: EventView[]; nextCursor: string | null } } = await t.http
        .get('/v1/audit-events')
        .query({ tenantId: a.tenant.id, limit: 1, ...(cursor ? { cursor } : {}) })
        .set('Authorization', auth);
      expect(res.status).toBe(200);
      paged.push(...res.body.items.map((e: EventView) => e.id));
      cursor = res.body.nextCursor;
    } while (cursor && paged.length <= all.length);
    // Events written after the first listing can only appear before it, never in between.
    expect(paged.slice(-all.length)).toEqual(all.map((e) => e.id));
    const numeric = paged.map(Number);
    expect([...numeric].sort((x, y) => y - x)).toEqual(numeric);
  });

  it('rejects bad uuids, bad times, reversed windows, forged cursors and unknown parameters with 400', async () => {
    const auth = await bearer(a.users.superAdmin);
    const cases: [Record<string, string>, string][] = [
      [{ actorUserId: 'nobody' }, '/query/actorUserId'],
      [{ tenantId: '42' }, '/query/tenantId'],
      [{ organizationId: 'x' }, '/query/organizationId'],
      [{ from: 'yesterday' }, '/query/from'],
      [{ from: '2026-01-02T00:00:00Z', to: '2026-01-01T00:00:00Z' }, '/query/to'],
      [{ cursor: Buffer.from('["x"]').toString('base64url') }, '/query/cursor'],
      [{ cursor: Buffer.from('[-5]').toString('base64url') }, '/query/cursor'],
      [{ limit: '201' }, '/query/limit'],
      [{ actor: 'me' }, '/query/actor'],
    ];
    for (const [query, pointer] of cases) {
      const res = await t.http.get('/v1/audit-events').query(query).set('Authorization', auth);
      expect(res.status, JSON.stringify(query)).toBe(400);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(res.body.errors.map((e: { pointer: string }) => e.pointer)).toContain(pointer);
    }
  });

  it('requires authentication', async () => {
    const res = await t.http.get('/v1/audit-events');
    expect(res.status).toBe(401);
  });
});
