import type { Knex } from 'knex';
import { companyCondition, type PortfolioFilter } from '../analytics/portfolio-filter.ts';

/**
 * Export rows are read through a server-side cursor, a batch at a time, so a portfolio of any size
 * passes through the process without being held in memory. The cursor lives in the caller's
 * tenant transaction, so row-level security applies to every batch.
 */
async function* fetchInBatches<T>(trx: Knex.Transaction, name: string, sql: string, bindings: (string | number)[], batchSize: number): AsyncGenerator<T[]> {
  await trx.raw(`DECLARE ${name} NO SCROLL CURSOR FOR ${sql}`, bindings);
  for (;;) {
    const { rows } = await trx.raw(`FETCH ${batchSize} FROM ${name}`);
    if (rows.length === 0) break;
    yield rows as T[];
    if (rows.length < batchSize) break;
  }
  await trx.raw(`CLOSE ${name}`);
}

export interface CompanyExportRow {
  id: string;
  name: string;
  external_ref: string | null;
  scope: string;
  sector: string | null;
  country: string | null;
  exposure: number | null;
  lgd: number | null;
  latest_pd: number | null;
  latest_band: string | null;
  latest_rating: string | null;
  latest_fiscal_year: number | null;
  latest_fiscal_quarter: number | null;
  latest_scored_at: Date | null;
}

/** Companies with their latest prediction, by name. */
export function companyRows(trx: Knex.Transaction, filter: PortfolioFilter, batchSize = 1000): AsyncGenerator<CompanyExportRow[]> {
  const where = companyCondition(filter, 'c');
  return fetchInBatches(
    trx,
    'company_export',
    `SELECT c.id, c.name, c.external_ref, c.scope, c.sector, c.country, c.exposure, c.lgd, c.latest_pd, c.latest_band,
            c.latest_rating, c.latest_fiscal_year, c.latest_fiscal_quarter, c.latest_scored_at
       FROM companies c WHERE ${where.sql} ORDER BY c.name, c.id`,
    where.bindings,
    batchSize,
  );
}

export interface PredictionExportRow {
  company_id: string;
  company_name: string;
  external_ref: string | null;
  sector: string | null;
  fiscal_year: number;
  fiscal_quarter: number | null;
  period_end: Date | string;
  pd: number;
  pd_low: number;
  pd_high: number;
  band: string;
  rating: string;
  model_version: string;
  score_job_id: string | null;
  created_at: Date;
}

/**
 * Every prediction of the filtered companies, by company then period then scoring time. The
 * fiscal-year filter here selects predictions of that year rather than companies by their latest.
 */
export function predictionRows(trx: Knex.Transaction, filter: PortfolioFilter, batchSize = 1000): AsyncGenerator<PredictionExportRow[]> {
  const where = companyCondition({ ...filter, fiscalYear: undefined }, 'c');
  const bindings = [...where.bindings];
  let yearSql = '';
  if (filter.fiscalYear !== undefined) {
    yearSql = ' AND p.fiscal_year = ?';
    bindings.push(filter.fiscalYear);
  }
  return fetchInBatches(
    trx,
    'prediction_export',
    `SELECT p.company_id, c.name AS company_name, c.external_ref, c.sector, p.fiscal_year, p.fiscal_quarter,
            to_char(p.period_end, 'YYYY-MM-DD') AS period_end, p.pd, p.pd_low, p.pd_high, p.band, p.rating,
            p.model_version, p.score_job_id, p.created_at
       FROM predictions p JOIN companies c ON c.id = p.company_id
      WHERE ${where.sql}${yearSql}
      ORDER BY c.name, c.id, p.fiscal_year, coalesce(p.fiscal_quarter, 0), p.created_at, p.id`,
    bindings,
    batchSize,
  );
}
