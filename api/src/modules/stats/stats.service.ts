import type { Knex } from 'knex';
import { withTenant } from '../../db/with-tenant.ts';
import { NotFound } from '../../lib/problem.ts';
import { assertCan, can } from '../access/permissions.ts';
import type { UserActor } from '../access/roles.ts';
import { findTenantById } from '../tenants/tenants.repository.ts';
import { platformCounts, tenantCounts } from './stats.repository.ts';

/** Platform statistics (super admin). */
export async function getPlatformStats(db: Knex, actor: UserActor) {
  assertCan(actor, 'platform.stats');
  const counts = await withTenant(db, actor, (trx) => platformCounts(trx));
  return { generatedAt: new Date().toISOString(), ...counts };
}

/** One tenant's statistics: any tenant for a super admin, its own for a tenant admin; otherwise 404. */
export async function getTenantStats(db: Knex, actor: UserActor, tenantId: string) {
  assertCan(actor, 'tenant.stats');
  const notFound = new NotFound(`No tenant ${tenantId}.`, { tenantId });
  if (!can(actor, 'tenant.stats', { tenantId })) throw notFound;
  return withTenant(db, actor, async (trx) => {
    const tenant = await findTenantById(trx, tenantId);
    if (!tenant) throw notFound;
    const counts = await tenantCounts(trx, tenantId);
    return {
      tenant: { id: tenant.id, name: tenant.name, slug: tenant.slug, status: tenant.status },
      generatedAt: new Date().toISOString(),
      ...counts,
    };
  });
}
