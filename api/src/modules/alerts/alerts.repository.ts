import type { Knex } from 'knex';
import type { ScopeColumns } from '../portfolio/data-scope.ts';

/** An alerts row with its company's name. */
export interface AlertRow extends ScopeColumns {
  id: string;
  companyId: string;
  companyName: string;
  predictionId: string;
  previousPredictionId: string | null;
  kind: 'band_change' | 'pd_change';
  pd: number;
  previousPd: number;
  band: string;
  previousBand: string;
  relativeChange: number | null;
  threshold: number;
  createdAt: Date;
  /** created_at at full (microsecond) precision, for the keyset. */
  createdAtKey: string;
  acknowledgedAt: Date | null;
  acknowledgedBy: string | null;
}

function selectAlerts(trx: Knex.Transaction) {
  // The company is joined under the same policies: an alert is visible exactly where its company is.
  return trx('alerts')
    .join('companies', 'companies.id', 'alerts.companyId')
    .select('alerts.*', 'companies.name as companyName', trx.raw('alerts.created_at::text AS created_at_key'));
}

export interface AlertFilter {
  kind?: string;
  companyId?: string;
  isAcknowledged?: boolean;
  since?: string;
  after: [createdAt: string, id: string] | null;
  limit: number;
}

/** Alerts visible to the transaction's actor, newest first, one keyset page. */
export async function listAlerts(trx: Knex.Transaction, filter: AlertFilter): Promise<AlertRow[]> {
  const query = selectAlerts(trx).orderByRaw('alerts.created_at DESC, alerts.id DESC').limit(filter.limit);
  if (filter.kind) query.where('alerts.kind', filter.kind);
  if (filter.companyId) query.where('alerts.companyId', filter.companyId);
  if (filter.isAcknowledged === true) query.whereNotNull('alerts.acknowledgedAt');
  if (filter.isAcknowledged === false) query.whereNull('alerts.acknowledgedAt');
  if (filter.since) query.where('alerts.createdAt', '>=', filter.since);
  if (filter.after) query.whereRaw('(alerts.created_at, alerts.id) < (?::timestamptz, ?::uuid)', filter.after);
  return (await query) as AlertRow[];
}

export async function findAlert(trx: Knex.Transaction, alertId: string): Promise<AlertRow | undefined> {
  return (await selectAlerts(trx).where('alerts.id', alertId).first()) as AlertRow | undefined;
}

/** Marks an alert acknowledged unless it already is (the first acknowledgement stands). */
export async function acknowledgeAlert(trx: Knex.Transaction, alertId: string, userId: string): Promise<void> {
  await trx('alerts').where('id', alertId).whereNull('acknowledgedAt').update({ acknowledgedAt: trx.fn.now(), acknowledgedBy: userId });
}
