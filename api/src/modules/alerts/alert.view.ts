import type { components } from '../../../../openapi/generated/schema.d.ts';
import type { AlertRow } from './alerts.repository.ts';

export type AlertView = components['schemas']['Alert'];

/** The public shape of an alert (schema Alert). */
export function toAlertView(a: AlertRow): AlertView {
  return {
    id: a.id,
    companyId: a.companyId,
    companyName: a.companyName,
    predictionId: a.predictionId,
    previousPredictionId: a.previousPredictionId,
    kind: a.kind,
    pd: a.pd,
    previousPd: a.previousPd,
    band: a.band as AlertView['band'],
    previousBand: a.previousBand as AlertView['previousBand'],
    relativeChange: a.relativeChange,
    threshold: a.threshold,
    createdAt: new Date(a.createdAt).toISOString(),
    acknowledgedAt: a.acknowledgedAt === null ? null : new Date(a.acknowledgedAt).toISOString(),
    acknowledgedBy: a.acknowledgedBy,
  };
}
