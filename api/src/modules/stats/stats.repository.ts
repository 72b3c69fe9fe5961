import type { Knex } from 'knex';
import { ROLES, type Role } from '../access/roles.ts';

export type UsersByRole = Record<Role, number>;

function usersByRole(rows: { role: string; count: number | string }[]): UsersByRole {
  const counts = Object.fromEntries(ROLES.map((role) => [role, 0])) as UsersByRole;
  for (const row of rows) if ((ROLES as readonly string[]).includes(row.role)) counts[row.role as Role] = Number(row.count);
  return counts;
}

async function countOf(query: Knex.QueryBuilder): Promise<number> {
  const row = (await query.count({ count: '*' }).first()) as { count: number | string } | undefined;
  return Number(row?.count ?? 0);
}

export interface PlatformCounts {
  tenants: { total: number; active: number; suspended: number };
  organizations: number;
  usersByRole: UsersByRole;
  loginsLast24h: number;
  activeUsersLast24h: number;
  createdLast30Days: { tenants: number; organizations: number; users: number };
}

/** Platform-wide counts; run as a super admin, whose policies see every row. */
export async function platformCounts(trx: Knex.Transaction): Promise<PlatformCounts> {
  const tenantRows = (await trx('tenants').select('status').count({ count: '*' }).groupBy('status')) as { status: string; count: number }[];
  const byStatus = (status: string) => Number(tenantRows.find((r) => r.status === status)?.count ?? 0);
  const roleRows = (await trx('users').select('role').count({ count: '*' }).groupBy('role')) as { role: string; count: number }[];
  const logins = (await trx('audit_events')
    .where('action', 'auth.login')
    .where('createdAt', '>', trx.raw("now() - interval '24 hours'"))
    .first(trx.raw('count(*)::int AS logins'), trx.raw('count(DISTINCT actor_user_id)::int AS users'))) as { logins: number; users: number };
  const monthAgo = trx.raw("now() - interval '30 days'");
  return {
    tenants: { total: byStatus('active') + byStatus('suspended'), active: byStatus('active'), suspended: byStatus('suspended') },
    organizations: await countOf(trx('organizations')),
    usersByRole: usersByRole(roleRows),
    loginsLast24h: Number(logins?.logins ?? 0),
    activeUsersLast24h: Number(logins?.users ?? 0),
    createdLast30Days: {
      tenants: await countOf(trx('tenants').where('createdAt', '>', monthAgo)),
      organizations: await countOf(trx('organizations').where('createdAt', '>', monthAgo)),
      users: await countOf(trx('users').where('createdAt', '>', monthAgo)),
    },
  };
}

export interface OrganizationMembers {
  id: string;
  name: string;
  memberCount: number;
  memberCap: number | null;
}

export interface TenantCounts {
  organizations: OrganizationMembers[];
  usersByRole: UsersByRole;
  pendingInvitations: number;
  auditEventsLast30Days: number;
}

/** Counts for one tenant; the caller's policies must let it see the whole tenant (super or tenant admin). */
export async function tenantCounts(trx: Knex.Transaction, tenantId: string): Promise<TenantCounts> {
  const organizations = (await trx('organizations as o')
    .leftJoin('users as u', 'u.organizationId', 'o.id')
    .where('o.tenantId', tenantId)
    .groupBy('o.id')
    .orderBy([{ column: 'o.name' }, { column: 'o.id' }])
    .select('o.id', 'o.name', 'o.memberCap', trx.raw('count(u.id)::int AS member_count'))) as OrganizationMembers[];
  const roleRows = (await trx('users').where({ tenantId }).select('role').count({ count: '*' }).groupBy('role')) as { role: string; count: number }[];
  return {
    organizations: organizations.map((o) => ({ id: o.id, name: o.name, memberCount: Number(o.memberCount), memberCap: o.memberCap })),
    usersByRole: usersByRole(roleRows),
    pendingInvitations: await countOf(
      trx('invitations').where({ tenantId }).whereNull('acceptedAt').whereNull('revokedAt').where('expiresAt', '>', trx.raw('now()')),
    ),
    auditEventsLast30Days: await countOf(trx('audit_events').where({ tenantId }).where('createdAt', '>', trx.raw("now() - interval '30 days'"))),
  };
}
