import type { components } from '../../../../openapi/generated/schema.d.ts';
import type { PredictionRow } from './predictions.repository.ts';

export type PredictionView = components['schemas']['Prediction'];
export type TrendPointView = components['schemas']['CompanyTrend']['points'][number];

/** The public shape of a stored prediction (schema Prediction). */
export function toPredictionView(p: PredictionRow): PredictionView {
  return {
    id: p.id,
    companyId: p.companyId,
    statementId: p.statementId,
    scoreJobId: p.scoreJobId,
    fiscalYear: p.fiscalYear,
    fiscalQuarter: p.fiscalQuarter,
    periodEnd: p.periodEndText,
    pd: p.pd,
    pdLow: p.pdLow,
    pdHigh: p.pdHigh,
    band: p.band as PredictionView['band'],
    rating: p.rating as PredictionView['rating'],
    drivers: p.drivers,
    modelVersion: p.modelVersion,
    scoredBy: p.scoredBy,
    createdAt: new Date(p.createdAt).toISOString(),
  };
}

/** One point of a company's trend (schema CompanyTrend). */
export function toTrendPointView(p: PredictionRow): TrendPointView {
  return {
    fiscalYear: p.fiscalYear,
    fiscalQuarter: p.fiscalQuarter,
    periodEnd: p.periodEndText,
    pd: p.pd,
    pdLow: p.pdLow,
    pdHigh: p.pdHigh,
    band: p.band as TrendPointView['band'],
    rating: p.rating as TrendPointView['rating'],
    predictionId: p.id,
    scoredAt: new Date(p.createdAt).toISOString(),
  };
}
