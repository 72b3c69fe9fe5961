import type { Knex } from 'knex';
import { containsPattern } from '../../lib/pagination.ts';
import { OrganizationModel } from '../organizations/organization.model.ts';
import { TenantModel, type TenantStatus } from './tenant.model.ts';

export interface TenantListFilter {
  q?: string;
  status?: TenantStatus;
  /** Sort key (name, id) of the last row of the previous page. */
  after: [name: string, id: string] | null;
  limit: number;
}

/** Tenants visible to the transaction's actor, ordered by name then id (a stable keyset). */
export async function listTenants(trx: Knex.Transaction, filter: TenantListFilter): Promise<TenantModel[]> {
  const query = TenantModel.query(trx).orderBy([{ column: 'name' }, { column: 'id' }]).limit(filter.limit);
  if (filter.q) {
    const pattern = containsPattern(filter.q);
    query.where((w) => w.where('name', 'ilike', pattern).orWhere('slug', 'ilike', pattern));
  }
  if (filter.status) query.where('status', filter.status);
  if (filter.after) query.whereRaw('(name, id) > (?, ?::uuid)', filter.after);
  return query;
}

export async function findTenantById(trx: Knex.Transaction, tenantId: string): Promise<TenantModel | undefined> {
  return TenantModel.query(trx).findById(tenantId);
}

export async function findTenantBySlug(trx: Knex.Transaction, slug: string): Promise<TenantModel | undefined> {
  return TenantModel.query(trx).findOne({ slug });
}

export async function insertTenant(trx: Knex.Transaction, input: { name: string; slug: string; embedOrigins: string[] }): Promise<TenantModel> {
  return TenantModel.query(trx).insert(input).returning('*');
}

export interface TenantPatch {
  name?: string;
  status?: TenantStatus;
  embedOrigins?: string[];
}

export async function updateTenant(trx: Knex.Transaction, tenantId: string, patch: TenantPatch): Promise<TenantModel | undefined> {
  const rows = await TenantModel.query(trx).where('id', tenantId).patch({ ...patch, updatedAt: new Date() }).returning('*');
  return (rows as unknown as TenantModel[])[0];
}

/**
 * Deletes a tenant and everything it owns. Its users are deleted first: the organization cascade
 * would otherwise set their organization to null, which the role/scope check refuses for org
 * members who still belong to the tenant. Returns false when the tenant is not visible.
 */
export async function deleteTenant(trx: Knex.Transaction, tenantId: string): Promise<boolean> {
  await trx('users').where({ tenantId }).delete();
  const deleted = await TenantModel.query(trx).deleteById(tenantId);
  return deleted > 0;
}

export async function insertOrganization(trx: Knex.Transaction, input: { tenantId: string; name: string }): Promise<OrganizationModel> {
  return OrganizationModel.query(trx).insert(input).returning('*');
}

/**
 * Revokes the refresh-token families of every user of a tenant, one user at a time through
 * revoke_user_sessions() (which re-checks the caller's scope). Returns how many were revoked.
 */
export async function revokeTenantSessions(trx: Knex.Transaction, tenantId: string, reason: string): Promise<number> {
  const { rows } = await trx.raw('SELECT coalesce(sum(revoke_user_sessions(u.id, ?)), 0)::int AS revoked FROM users u WHERE u.tenant_id = ?', [reason, tenantId]);
  return Number(rows[0]?.revoked ?? 0);
}

/** Queues an email in the outbox (delivery is not this service's job). */
export async function queueEmail(trx: Knex.Transaction, input: { tenantId: string | null; toEmail: string; kind: string; subject: string; bodyText: string }): Promise<void> {
  await trx('email_outbox').insert(input);
}
