import type { Knex } from 'knex';
import { withTenant } from '../../db/with-tenant.ts';
import { pageLimit, toPage, type Page } from '../../lib/pagination.ts';
import { NotFound } from '../../lib/problem.ts';
import { assertCan } from '../access/permissions.ts';
import type { UserActor } from '../access/roles.ts';
import { decodeTimeCursor } from '../portfolio/keyset.ts';
import { assertWritable } from '../portfolio/write-access.ts';
import { toAlertView, type AlertView } from './alert.view.ts';
import * as repo from './alerts.repository.ts';

export interface AlertListQuery {
  kind?: string;
  companyId?: string;
  acknowledged?: boolean;
  since?: string;
  limit?: number;
  cursor?: string;
}

/** Alerts on the companies the actor may see (RLS), newest first. Alerts are raised by the predictions trigger, not here. */
export async function listAlerts(db: Knex, actor: UserActor, query: AlertListQuery): Promise<Page<AlertView>> {
  assertCan(actor, 'portfolio.read');
  const limit = pageLimit(query.limit);
  const after = decodeTimeCursor(query.cursor);
  const rows = await withTenant(db, actor, (trx) =>
    repo.listAlerts(trx, { kind: query.kind, companyId: query.companyId, isAcknowledged: query.acknowledged, since: query.since, after, limit: limit + 1 }),
  );
  return toPage(rows, limit, (a) => [a.createdAtKey, a.id], toAlertView);
}

/** Acknowledges an alert the actor may write (404 when invisible, 403 when only readable); idempotent. */
export async function acknowledgeAlert(db: Knex, actor: UserActor, alertId: string): Promise<AlertView> {
  assertCan(actor, 'portfolio.write');
  return withTenant(db, actor, async (trx) => {
    const alert = await repo.findAlert(trx, alertId);
    if (!alert) throw new NotFound('No such alert.');
    assertWritable(actor, alert, 'alert');
    await repo.acknowledgeAlert(trx, alert.id, actor.userId);
    const updated = await repo.findAlert(trx, alert.id);
    if (!updated) throw new NotFound('No such alert.');
    return toAlertView(updated);
  });
}
