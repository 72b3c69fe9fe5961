import type { Knex } from 'knex';
import { withTenant } from '../../db/with-tenant.ts';
import { decodeCursor, pageLimit, toPage, type Page } from '../../lib/pagination.ts';
import { fieldProblem } from '../../lib/problem.ts';
import { assertCan } from '../access/permissions.ts';
import type { UserActor } from '../access/roles.ts';
import type { AuditEventModel } from './audit-event.model.ts';
import { listAuditEvents as listEvents } from './audit.repository.ts';

export interface AuditEventQuery {
  action?: string;
  actorUserId?: string;
  targetType?: string;
  targetId?: string;
  organizationId?: string;
  tenantId?: string;
  from?: string;
  to?: string;
  limit?: number;
  cursor?: string;
}

/** The public shape of an audit event (schema AuditEvent). */
export function toAuditEventView(event: AuditEventModel) {
  return {
    id: String(event.id),
    createdAt: new Date(event.createdAt).toISOString(),
    action: event.action,
    actorUserId: event.actorUserId,
    actorRole: event.actorRole,
    targetType: event.targetType,
    targetId: event.targetId,
    tenantId: event.tenantId,
    organizationId: event.organizationId,
    ip: event.ip,
    details: event.details ?? {},
  };
}
export type AuditEventView = ReturnType<typeof toAuditEventView>;

/**
 * The audit log as far as the caller may see it, newest first. Scoping is row-level security's
 * job (super admin: everything; tenant admin: its tenant; org admin: its organization; anyone:
 * their own actions); the filters only narrow that down, so a foreign `tenantId` matches nothing.
 */
export async function listAuditEvents(db: Knex, actor: UserActor, query: AuditEventQuery): Promise<Page<AuditEventView>> {
  assertCan(actor, 'audit.read');
  const [beforeId] = decodeCursor(query.cursor, 1) ?? [undefined];
  if (beforeId !== undefined && !(Number.isSafeInteger(beforeId) && Number(beforeId) > 0)) throw fieldProblem('/query/cursor', 'is not a cursor returned by this list');
  if (query.from && query.to && Date.parse(query.from) >= Date.parse(query.to)) throw fieldProblem('/query/to', 'must be later than from');
  const limit = pageLimit(query.limit);
  const rows = await withTenant(db, actor, (trx) =>
    listEvents(trx, {
      action: query.action,
      actorUserId: query.actorUserId,
      targetType: query.targetType,
      targetId: query.targetId,
      organizationId: query.organizationId,
      tenantId: query.tenantId,
      from: query.from,
      to: query.to,
      beforeId: beforeId as number | undefined,
      limit: limit + 1,
    }),
  );
  return toPage(rows, limit, (e) => [Number(e.id)], toAuditEventView);
}
