import type { components } from '../../../../openapi/generated/schema.d.ts';
import type { CompanyRow } from './companies.repository.ts';

export type CompanyView = components['schemas']['Company'];

const iso = (d: Date | string | null): string | null => (d === null ? null : new Date(d).toISOString());

/** The public shape of a company (schema Company), with its newest prediction from the latest_* columns. */
export function toCompanyView(c: CompanyRow): CompanyView {
  return {
    id: c.id,
    scope: c.scope,
    tenantId: c.tenantId,
    organizationId: c.organizationId,
    ownerUserId: c.ownerUserId,
    name: c.name,
    externalRef: c.externalRef,
    sector: c.sector,
    country: c.country,
    exposure: c.exposure,
    lgd: c.lgd,
    latestPredictionId: c.latestPredictionId,
    latestPd: c.latestPd,
    latestBand: c.latestBand as CompanyView['latestBand'],
    latestRating: c.latestRating as CompanyView['latestRating'],
    latestFiscalYear: c.latestFiscalYear,
    latestFiscalQuarter: c.latestFiscalQuarter,
    latestScoredAt: iso(c.latestScoredAt),
    createdAt: new Date(c.createdAt).toISOString(),
    updatedAt: new Date(c.updatedAt).toISOString(),
  };
}
