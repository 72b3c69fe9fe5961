import type { components } from '../../openapi/generated/schema.d.ts';
import { MockRaw, problem, type MockRoutes } from './mock-api.ts';

/**
 * Fixtures of <dr-tenant-admin-panel>'s stories, typed with the spec's schemas: a bank with four
 * organizations (one full, one without a cap, one with a very long name), its users in every role
 * (one disabled) and its embed origins. `tenantAdminRoutes()` answers every call the panel makes,
 * keeping the changes a story's user makes (create, rename, move, disable, …) in memory, and
 * refusing what the API refuses (deleting an organization with members: 409).
 */

type Me = components['schemas']['Me'];
type Role = components['schemas']['Role'];
type User = components['schemas']['User'];
type Tenant = components['schemas']['Tenant'];
type TenantStats = components['schemas']['TenantStats'];
type Organization = components['schemas']['Organization'];

const CREATED = '2025-01-06T08:00:00.000Z';
const NOW = '2025-03-14T09:30:00.000Z';

function id(prefix: string, n: number): string {
  return `${prefix}-0000-4000-8000-${String(n).padStart(12, '0')}`;
}

export const BANK: Tenant = {
  id: '6f1d3c2a-1b2c-4d5e-8f90-0a1b2c3d4e5f',
  name: 'Northwind Savings Bank',
  slug: 'northwind',
  status: 'active',
  embedOrigins: ['https://portal.northwind.example', 'https://intranet.northwind.example:8443'],
  createdAt: CREATED,
  updatedAt: NOW,
};

export const LONG_ORGANIZATION_NAME = 'Gemeinschaftliche Kreditrisikoüberwachung für kleine und mittlere Unternehmen der Region Nordwest';
export const LONG_USER_NAME = 'Maximiliane Alexandra von Hohenzollern-Sigmaringen-Wittelsbach';

function organization(n: number, name: string, memberCap: number | null, allowGlobalData = true): Organization {
  return { id: id('0a9a0000', n), tenantId: BANK.id, name, memberCap, memberCount: 0, allowGlobalData, alertPdChangeThreshold: 0.05, emailAllowList: ['@northwind.example'], createdAt: CREATED, updatedAt: NOW };
}

export const ORGANIZATIONS: Organization[] = [
  organization(1, 'Corporate Lending', 25),
  organization(2, 'Retail Credit', null),
  organization(3, 'Risk Office', 3, false),
  organization(4, 'Treasury', 10),
];

function user(n: number, displayName: string, role: Role, organizationId: string | null, overrides: Partial<User> = {}): User {
  const email = `${displayName.toLowerCase().replace(/[^a-z]+/g, '.')}@northwind.example`;
  return { id: id('05e40000', n), email, displayName, role, tenantId: BANK.id, organizationId, isActive: true, lastLoginAt: NOW, createdAt: CREATED, ...overrides };
}

const [lending, retail, risk] = ORGANIZATIONS.map((o) => o.id);
export const USERS: User[] = [
  user(1, 'Tessa Admin', 'tenant_admin', null),
  user(2, 'Carlos Mendes', 'org_admin', lending),
  user(3, 'Dana Whitfield', 'org_member', lending),
  user(4, 'Eli Okafor', 'org_member', lending, { isActive: false }),
  user(5, 'Farah Haddad', 'org_admin', retail),
  user(6, 'Gustav Lind', 'org_member', retail, { lastLoginAt: null }),
  user(7, 'Hana Sato', 'org_admin', risk),
  user(8, 'Ivan Petrov', 'org_member', risk),
  user(9, 'Jade Moreau', 'org_member', risk),
];

/** The signed-in tenant admin, as GET /v1/me answers. */
export function meOf(admin: User, tenant: Pick<Tenant, 'id' | 'name' | 'slug'> | null): Me {
  return {
    user: admin,
    role: admin.role,
    tenant: tenant && { id: tenant.id, name: tenant.name, slug: tenant.slug },
    organization: null,
    permissions: ['organizations.manage', 'organizations.assign_users', 'users.manage', 'tenant.stats', 'tenant.embed_origins.manage'].map((action) => ({ action, scope: 'tenant' as const })),
  };
}

/** The tenant's figures as the API counts them from these organizations and users. */
export function statsOf(tenant: Tenant, organizations: Organization[], users: User[]): TenantStats {
  const count = (role: Role) => users.filter((u) => u.role === role).length;
  return {
    tenant: { id: tenant.id, name: tenant.name, slug: tenant.slug, status: tenant.status },
    generatedAt: NOW,
    organizations: [...organizations]
      .sort((a, b) => a.name.localeCompare(b.name))
      .map((o) => ({ id: o.id, name: o.name, memberCap: o.memberCap, memberCount: users.filter((u) => u.organizationId === o.id).length })),
    usersByRole: { super_admin: 0, tenant_admin: count('tenant_admin'), org_admin: count('org_admin'), org_member: count('org_member'), user: 0 },
    pendingInvitations: 4,
    auditEventsLast30Days: 128,
  };
}

/** One keyset page the way the stories' lists need it: the cursor is the offset. */
export function pageOf<T>(items: T[], url: URL): { items: T[]; nextCursor: string | null } {
  const limit = Math.min(200, Math.max(1, Number(url.searchParams.get('limit') ?? 50)));
  const offset = Number(url.searchParams.get('cursor') ?? 0);
  return { items: items.slice(offset, offset + limit), nextCursor: offset + limit < items.length ? String(offset + limit) : null };
}

const noContent = () => new MockRaw(() => new Response(null, { status: 204 }));

interface TenantData {
  tenant?: Tenant;
  organizations?: Organization[];
  users?: User[];
}

/**
 * Every route <dr-tenant-admin-panel> calls, answered from the data (copied, so each story starts
 * from the same state) and changed by the panel's requests the way the API changes it.
 */
export function tenantAdminRoutes({ tenant = BANK, organizations = ORGANIZATIONS, users = USERS }: TenantData = {}): MockRoutes {
  let orgs = organizations.map((o) => ({ ...o }));
  let people = users.map((u) => ({ ...u }));
  let origins = [...tenant.embedOrigins];
  const withCounts = (o: Organization): Organization => ({ ...o, memberCount: people.filter((u) => u.organizationId === o.id).length });
  const orgById = (organizationId: string) => orgs.find((o) => o.id === organizationId);
  const userById = (userId: string) => people.find((u) => u.id === userId);
  const notFound = () => problem(404, 'Not found', 'No such resource.');
  const admin = people.find((u) => u.role === 'tenant_admin') ?? USERS[0];
  return {
    'GET /v1/me': meOf(admin, tenant),
    'GET /v1/tenants/{tenantId}': ({ params }) => (params.tenantId === tenant.id ? { ...tenant, embedOrigins: origins } : notFound()),
    'GET /v1/tenants/{tenantId}/stats': ({ params }) => (params.tenantId === tenant.id ? statsOf(tenant, orgs, people) : notFound()),
    'GET /v1/tenants/{tenantId}/embed-origins': ({ params }) => (params.tenantId === tenant.id ? { origins } : notFound()),
    'PUT /v1/tenants/{tenantId}/embed-origins': async ({ request }) => {
      const body = (await request.clone().json()) as { origins: string[] };
      const bad = body.origins.findIndex((o) => !/^https:\/\/[^/?#\s*@]+\/?$|^http:\/\/(localhost|127\.0\.0\.1)(:\d+)?\/?$/.test(o));
      if (bad >= 0) return problem(400, 'Validation failed', `/body/origins/${bad} must be an origin`, { errors: [{ pointer: `/body/origins/${bad}`, detail: 'must be an origin such as https://bank.example' }] });
      origins = [...new Set(body.origins.map((o) => new URL(o).origin))];
      return { origins };
    },
    'GET /v1/organizations': ({ url }) => pageOf([...orgs].sort((a, b) => a.name.localeCompare(b.name)).map(withCounts), url),
    'POST /v1/organizations': async ({ request }) => {
      const body = (await request.clone().json()) as { name: string; memberCap?: number | null; allowGlobalData?: boolean };
      if (!body.name) return problem(400, 'Validation failed', '/body/name must NOT have fewer than 1 characters', { errors: [{ pointer: '/body/name', detail: 'must NOT have fewer than 1 characters' }] });
      if (orgs.some((o) => o.name === body.name)) return problem(409, 'Conflict', `The tenant already has an organization named "${body.name}".`, { errors: [{ pointer: '/body/name', detail: 'is already taken in this tenant' }] });
      const created = { ...organization(100 + orgs.length, body.name, body.memberCap ?? null, body.allowGlobalData ?? true) };
      orgs = [...orgs, created];
      return created;
    },
    'PATCH /v1/organizations/{organizationId}': async ({ params, request }) => {
      const org = orgById(params.organizationId);
      if (!org) return notFound();
      Object.assign(org, (await request.clone().json()) as Partial<Organization>, { updatedAt: NOW });
      return withCounts(org);
    },
    'DELETE /v1/organizations/{organizationId}': ({ params }) => {
      const org = orgById(params.organizationId);
      if (!org) return notFound();
      const memberCount = withCounts(org).memberCount;
      if (memberCount > 0) return problem(409, 'Conflict', `The organization still has ${memberCount} member(s); move or remove them first.`, { memberCount });
      orgs = orgs.filter((o) => o !== org);
      return noContent();
    },
    'GET /v1/users': ({ url }) => {
      const q = url.searchParams;
      const text = (q.get('q') ?? '').toLowerCase();
      const rows = people
        .filter((u) => (!q.get('role') || u.role === q.get('role')) && (!q.get('organizationId') || u.organizationId === q.get('organizationId')))
        .filter((u) => !q.get('isActive') || String(u.isActive) === q.get('isActive'))
        .filter((u) => !text || u.email.includes(text) || u.displayName.toLowerCase().includes(text))
        .sort((a, b) => a.email.localeCompare(b.email));
      return pageOf(rows, url);
    },
    'PATCH /v1/users/{userId}': async ({ params, request }) => {
      const target = userById(params.userId);
      if (!target) return notFound();
      Object.assign(target, (await request.clone().json()) as Partial<User>);
      return target;
    },
    'PUT /v1/organizations/{organizationId}/members/{userId}': async ({ params, request }) => {
      const target = userById(params.userId);
      const org = orgById(params.organizationId);
      if (!target || !org) return notFound();
      const { role } = (await request.clone().json()) as { role: 'org_admin' | 'org_member' };
      if (org.memberCap !== null && withCounts(org).memberCount >= org.memberCap && target.organizationId !== org.id) {
        return problem(409, 'Member cap reached', `${org.name} has reached its cap of ${org.memberCap} members.`, { type: '/problems/member-cap-reached' });
      }
      Object.assign(target, { organizationId: org.id, role });
      return target;
    },
    'PATCH /v1/organizations/{organizationId}/members/{userId}': async ({ params, request }) => {
      const target = userById(params.userId);
      if (!target || target.organizationId !== params.organizationId) return notFound();
      Object.assign(target, (await request.clone().json()) as { role: 'org_admin' | 'org_member' });
      return target;
    },
    'DELETE /v1/organizations/{organizationId}/members/{userId}': ({ params }) => {
      const target = userById(params.userId);
      if (!target || target.organizationId !== params.organizationId) return notFound();
      people = people.filter((u) => u !== target);
      return noContent();
    },
  };
}

/** `count` more org members of Corporate Lending, to show the users list's pager. */
export function manyUsers(count: number): User[] {
  return [...USERS, ...Array.from({ length: count }, (_, i) => user(100 + i, `Analyst ${String(i + 1).padStart(3, '0')}`, 'org_member', lending))];
}

/** The long-named organization and user, for narrow hosts. */
export const LONG_NAMES = {
  organizations: [...ORGANIZATIONS, organization(9, LONG_ORGANIZATION_NAME, 12)],
  users: [...USERS, user(99, LONG_USER_NAME, 'org_admin', id('0a9a0000', 9))],
};
