import type { Knex } from 'knex';
import { withTenant } from '../../db/with-tenant.ts';
import { assertCan, can } from '../access/permissions.ts';
import type { UserActor } from '../access/roles.ts';
import { appendAuditEvent } from '../audit/audit.repository.ts';
import { normalizeEmbedOrigins } from './embed-origins.ts';
import * as repo from './tenants.repository.ts';
import { tenantNotFound } from './tenants.problems.ts';

/** A tenant's embed origins: any tenant's for a super admin, their own tenant's for its admins; else 404. */
export async function getTenantEmbedOrigins(db: Knex, actor: UserActor, tenantId: string): Promise<{ origins: string[] }> {
  assertCan(actor, 'tenant.embed_origins.read');
  if (!can(actor, 'tenant.embed_origins.read', { tenantId })) throw tenantNotFound(tenantId);
  const tenant = await withTenant(db, actor, (trx) => repo.findTenantById(trx, tenantId));
  if (!tenant) throw tenantNotFound(tenantId);
  return { origins: tenant.embedOrigins ?? [] };
}

/**
 * Replaces a tenant's embed origins (super admin, or the tenant's own admin). Tokens already issued
 * are checked against the tenant's current list on every request, so a removed origin stops
 * working at once.
 */
export async function replaceTenantEmbedOrigins(db: Knex, actor: UserActor, tenantId: string, input: { origins: string[] }): Promise<{ origins: string[] }> {
  assertCan(actor, 'tenant.embed_origins.manage');
  if (!can(actor, 'tenant.embed_origins.manage', { tenantId })) throw tenantNotFound(tenantId);
  const origins = normalizeEmbedOrigins(input.origins, '/body/origins');
  return withTenant(db, actor, async (trx) => {
    const before = await repo.findTenantById(trx, tenantId);
    if (!before) throw tenantNotFound(tenantId);
    const tenant = await repo.updateTenant(trx, tenantId, { embedOrigins: origins });
    if (!tenant) throw tenantNotFound(tenantId);
    await appendAuditEvent(trx, actor, {
      action: 'tenant.embed_origins_replaced',
      targetType: 'tenant',
      targetId: tenantId,
      tenantId,
      organizationId: null,
      details: { before: before.embedOrigins ?? [], after: origins },
    });
    return { origins: tenant.embedOrigins ?? [] };
  });
}
