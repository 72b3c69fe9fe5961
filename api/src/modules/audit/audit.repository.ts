import type { Knex } from 'knex';
import type { Actor } from '../access/roles.ts';
import { AuditEventModel } from './audit-event.model.ts';

export interface AuditEntry {
  action: string;
  targetType: string;
  targetId?: string | null;
  tenantId?: string | null;
  organizationId?: string | null;
  details?: Record<string, unknown>;
}

/**
 * Appends one audit event inside the caller's transaction, so the record and the change it
 * describes commit or roll back together. Never put secrets or tokens in `details`.
 */
export async function appendAuditEvent(trx: Knex.Transaction, actor: Actor, entry: AuditEntry): Promise<void> {
  // Plain insert without RETURNING: an anonymous actor (failed login) may append but not read back.
  await trx(AuditEventModel.tableName).insert({
    tenantId: entry.tenantId === undefined ? actor.tenantId : entry.tenantId,
    organizationId: entry.organizationId === undefined ? actor.orgId : entry.organizationId,
    actorUserId: actor.userId,
    actorRole: actor.role,
    action: entry.action,
    targetType: entry.targetType,
    targetId: entry.targetId ?? null,
    ip: actor.ip,
    details: entry.details ?? {},
  });
}

export interface AuditFilter {
  action?: string;
  actorUserId?: string;
  targetType?: string;
  targetId?: string;
  tenantId?: string;
  organizationId?: string;
  from?: string;
  to?: string;
  beforeId?: number;
  limit: number;
}

/** Audit events visible to the transaction's actor (RLS does the scoping), newest first, keyset-paginated. */
export async function listAuditEvents(trx: Knex.Transaction, filter: AuditFilter): Promise<AuditEventModel[]> {
  const query = AuditEventModel.query(trx).orderBy('id', 'desc').limit(filter.limit);
  if (filter.action) query.where('action', filter.action);
  if (filter.actorUserId) query.where('actorUserId', filter.actorUserId);
  if (filter.targetType) query.where('targetType', filter.targetType);
  if (filter.targetId) query.where('targetId', filter.targetId);
  if (filter.tenantId) query.where('tenantId', filter.tenantId);
  if (filter.organizationId) query.where('organizationId', filter.organizationId);
  if (filter.from) query.where('createdAt', '>=', filter.from);
  if (filter.to) query.where('createdAt', '<', filter.to);
  if (filter.beforeId) query.where('id', '<', filter.beforeId);
  return query;
}
