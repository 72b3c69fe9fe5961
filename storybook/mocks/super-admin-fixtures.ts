import type { components } from '../../openapi/generated/schema.d.ts';
import { problem, type MockRoutes } from './mock-api.ts';
import { BANK, ORGANIZATIONS, USERS, pageOf, statsOf } from './tenant-admin-fixtures.ts';

/**
 * Fixtures of <dr-super-admin-panel>'s stories, typed with the spec's schemas: the platform's
 * figures and a dozen tenants (one suspended, one with a very long name). `superAdminRoutes()`
 * answers every call the panel makes and keeps the tenants it creates, suspends and reactivates.
 */

type Tenant = components['schemas']['Tenant'];
type PlatformStats = components['schemas']['PlatformStats'];
type ProvisionedTenant = components['schemas']['ProvisionedTenant'];
type User = components['schemas']['User'];

const NOW = '2025-03-14T09:30:00.000Z';

export const LONG_TENANT_NAME = 'Raiffeisen-Volksbank Genossenschaftliche Kreditinstitute Oberschwaben-Allgäu-Bodensee eG';

function tenant(n: number, name: string, slug: string, status: Tenant['status'] = 'active'): Tenant {
  return { id: `7e4a0000-0000-4000-8000-${String(n).padStart(12, '0')}`, name, slug, status, embedOrigins: [], createdAt: `2025-0${1 + (n % 3)}-1${n % 10}T08:00:00.000Z`, updatedAt: NOW };
}

export const TENANTS: Tenant[] = [
  BANK,
  tenant(1, 'Aurora Credit Union', 'aurora'),
  tenant(2, 'Brightwater Building Society', 'brightwater'),
  tenant(3, 'Cobalt Cooperative Bank', 'cobalt', 'suspended'),
  tenant(4, 'Delta Farmers Bank', 'delta'),
  tenant(5, 'Elmstead Savings', 'elmstead'),
];

/** A tenant per name, for the pager. */
export function manyTenants(count: number): Tenant[] {
  return Array.from({ length: count }, (_, i) => tenant(100 + i, `Regional Bank ${String(i + 1).padStart(3, '0')}`, `regional-${i + 1}`));
}

export const LONG_NAMED_TENANTS: Tenant[] = [...TENANTS, tenant(9, LONG_TENANT_NAME, 'raiffeisen-volksbank-oberschwaben-allgaeu-bodensee')];

/** Platform figures consistent with a list of tenants. */
export function platformStatsOf(tenants: Tenant[]): PlatformStats {
  const suspended = tenants.filter((t) => t.status === 'suspended').length;
  return {
    generatedAt: NOW,
    tenants: { total: tenants.length, active: tenants.length - suspended, suspended },
    organizations: tenants.length * 3,
    usersByRole: { super_admin: 2, tenant_admin: tenants.length, org_admin: tenants.length * 4, org_member: tenants.length * 37, user: 212 },
    loginsLast24h: 1843,
    activeUsersLast24h: 611,
    createdLast30Days: { tenants: Math.min(2, tenants.length), organizations: 5, users: 148 },
  };
}

/** Every route <dr-super-admin-panel> calls, over a copy of `tenants`. */
export function superAdminRoutes(tenants: Tenant[] = TENANTS): MockRoutes {
  let list = tenants.map((t) => ({ ...t }));
  const byId = (tenantId: string) => list.find((t) => t.id === tenantId);
  return {
    'GET /v1/platform/stats': () => platformStatsOf(list),
    'GET /v1/tenants': ({ url }) => {
      const q = (url.searchParams.get('q') ?? '').toLowerCase();
      const status = url.searchParams.get('status');
      const rows = list.filter((t) => (!status || t.status === status) && (!q || t.name.toLowerCase().includes(q) || t.slug.includes(q))).sort((a, b) => a.name.localeCompare(b.name));
      return pageOf(rows, url);
    },
    'GET /v1/tenants/{tenantId}/stats': ({ params }) => {
      const found = byId(params.tenantId);
      if (!found) return problem(404, 'Not found', `No tenant ${params.tenantId}.`);
      // Every tenant of the stories looks like the bank of the tenant admin's stories.
      return statsOf(found, found.id === BANK.id ? ORGANIZATIONS : ORGANIZATIONS.slice(0, 2), found.id === BANK.id ? USERS : USERS.slice(0, 4));
    },
    'PATCH /v1/tenants/{tenantId}': async ({ params, request }) => {
      const found = byId(params.tenantId);
      if (!found) return problem(404, 'Not found', `No tenant ${params.tenantId}.`);
      Object.assign(found, (await request.clone().json()) as Partial<Tenant>, { updatedAt: NOW });
      return found;
    },
    'POST /v1/tenants': async ({ request }) => {
      const body = (await request.clone().json()) as { name: string; slug: string; embedOrigins?: string[]; admin?: { email: string; displayName: string; password: string }; organization?: { name: string } };
      if (list.some((t) => t.slug === body.slug)) return problem(409, 'Conflict', 'The slug is already taken.', { errors: [{ pointer: '/body/slug', detail: 'is already taken' }] });
      if (body.admin && body.admin.password.length < 10) {
        return problem(400, 'Validation failed', '/body/admin/password must NOT have fewer than 10 characters', { errors: [{ pointer: '/body/admin/password', detail: 'must NOT have fewer than 10 characters' }] });
      }
      const created = { ...tenant(500 + list.length, body.name, body.slug), embedOrigins: body.embedOrigins ?? [] };
      list = [...list, created];
      const admin: User | null = body.admin
        ? { id: '05e40000-0000-4000-8000-000000000500', email: body.admin.email, displayName: body.admin.displayName, role: 'tenant_admin', tenantId: created.id, organizationId: null, isActive: true, lastLoginAt: null, createdAt: NOW }
        : null;
      const answer: ProvisionedTenant = { tenant: created, admin, organization: body.organization ? { id: '0a9a0000-0000-4000-8000-000000000500', tenantId: created.id, name: body.organization.name } : null };
      return answer;
    },
  };
}
