import type { Writable } from 'node:stream';
import type { Knex } from 'knex';
import { withTenant } from '../../db/with-tenant.ts';
import { assertCan } from '../access/permissions.ts';
import type { UserActor } from '../access/roles.ts';
import type { PortfolioFilter } from '../analytics/portfolio-filter.ts';
import * as repo from './exports.repository.ts';
import { tabularWriter, type Column, type ExportFormat, type TabularWriter } from './tabular-writer.ts';

const iso = (d: Date | string | null): string | null => (d === null ? null : new Date(d).toISOString());

const COMPANY_COLUMNS: Column<repo.CompanyExportRow>[] = [
  { header: 'companyId', value: (r) => r.id },
  { header: 'name', value: (r) => r.name },
  { header: 'externalRef', value: (r) => r.external_ref },
  { header: 'scope', value: (r) => r.scope },
  { header: 'sector', value: (r) => r.sector },
  { header: 'country', value: (r) => r.country },
  { header: 'exposure', value: (r) => r.exposure },
  { header: 'lgd', value: (r) => r.lgd, numFmt: '0.00%' },
  { header: 'pd', value: (r) => r.latest_pd, numFmt: '0.000%' },
  { header: 'band', value: (r) => r.latest_band },
  { header: 'rating', value: (r) => r.latest_rating },
  { header: 'fiscalYear', value: (r) => r.latest_fiscal_year },
  { header: 'fiscalQuarter', value: (r) => r.latest_fiscal_quarter },
  { header: 'scoredAt', value: (r) => iso(r.latest_scored_at) },
  { header: 'expectedLoss', value: (r) => (r.exposure !== null && r.lgd !== null && r.latest_pd !== null ? r.exposure * r.lgd * r.latest_pd : null) },
];

const PREDICTION_COLUMNS: Column<repo.PredictionExportRow>[] = [
  { header: 'companyId', value: (r) => r.company_id },
  { header: 'companyName', value: (r) => r.company_name },
  { header: 'externalRef', value: (r) => r.external_ref },
  { header: 'sector', value: (r) => r.sector },
  { header: 'fiscalYear', value: (r) => r.fiscal_year },
  { header: 'fiscalQuarter', value: (r) => r.fiscal_quarter },
  { header: 'periodEnd', value: (r) => r.period_end },
  { header: 'pd', value: (r) => r.pd, numFmt: '0.000%' },
  { header: 'pdLow', value: (r) => r.pd_low, numFmt: '0.000%' },
  { header: 'pdHigh', value: (r) => r.pd_high, numFmt: '0.000%' },
  { header: 'band', value: (r) => r.band },
  { header: 'rating', value: (r) => r.rating },
  { header: 'modelVersion', value: (r) => r.model_version },
  { header: 'scoreJobId', value: (r) => r.score_job_id },
  { header: 'scoredAt', value: (r) => iso(r.created_at) },
];

async function streamRows<T>(batches: AsyncGenerator<T[]>, writer: TabularWriter<T>): Promise<void> {
  for await (const rows of batches) await writer.writeRows(rows);
  await writer.end();
}

/**
 * Streams the companies the caller can see, with their latest prediction, to `out` as CSV or XLSX.
 * The permission check runs before the first byte, so a refusal is still a problem document.
 */
export async function exportCompanies(db: Knex, actor: UserActor, filter: PortfolioFilter, format: ExportFormat, out: Writable): Promise<void> {
  assertCan(actor, 'portfolio.read');
  await withTenant(db, actor, (trx) => streamRows(repo.companyRows(trx, filter), tabularWriter(format, out, COMPANY_COLUMNS, 'Companies')));
}

/** Streams the prediction history of the companies the caller can see. */
export async function exportPredictions(db: Knex, actor: UserActor, filter: PortfolioFilter, format: ExportFormat, out: Writable): Promise<void> {
  assertCan(actor, 'portfolio.read');
  await withTenant(db, actor, (trx) => streamRows(repo.predictionRows(trx, filter), tabularWriter(format, out, PREDICTION_COLUMNS, 'Predictions')));
}
