import type { Knex } from 'knex';
import { companyCondition, type PortfolioFilter } from './portfolio-filter.ts';

/**
 * Portfolio aggregates, computed in PostgreSQL over the companies the transaction's actor may see
 * (row-level security), from the per-company latest_* columns the predictions trigger maintains.
 * Every query returns a handful of rows whatever the portfolio's size.
 */

/**
 * Upper edges of the PD histogram's bins, log-spaced (1-3-10 steps) because PDs span four orders of
 * magnitude: a linear histogram would put nearly every company in its first bin.
 */
export const PD_BIN_EDGES = [0.0001, 0.0003, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3] as const;

async function rows<T>(trx: Knex.Transaction, sql: string, bindings: readonly unknown[]): Promise<T[]> {
  const result = await trx.raw(sql, bindings as Knex.RawBinding[]);
  return result.rows as T[];
}

function filtered(filter: PortfolioFilter): { cte: string; bindings: (string | number)[] } {
  const where = companyCondition(filter, 'companies');
  return { cte: `WITH c AS (SELECT * FROM companies WHERE ${where.sql})`, bindings: where.bindings };
}

export interface SummaryRow {
  companies: number;
  scored: number;
  avg_pd: number | null;
  median_pd: number | null;
  el_companies: number;
  el_exposure: number | null;
  expected_loss: number | null;
}

export async function summary(trx: Knex.Transaction, filter: PortfolioFilter): Promise<SummaryRow> {
  const { cte, bindings } = filtered(filter);
  const [row] = await rows<SummaryRow>(
    trx,
    `${cte}
     SELECT count(*)::int AS companies,
            count(latest_pd)::int AS scored,
            avg(latest_pd) AS avg_pd,
            percentile_cont(0.5) WITHIN GROUP (ORDER BY latest_pd) AS median_pd,
            count(*) FILTER (WHERE exposure IS NOT NULL AND lgd IS NOT NULL AND latest_pd IS NOT NULL)::int AS el_companies,
            sum(exposure) FILTER (WHERE lgd IS NOT NULL AND latest_pd IS NOT NULL) AS el_exposure,
            sum(exposure * lgd * latest_pd) AS expected_loss
       FROM c`,
    bindings,
  );
  return row as SummaryRow;
}

export async function byBand(trx: Knex.Transaction, filter: PortfolioFilter): Promise<{ band: string; companies: number; avg_pd: number }[]> {
  const { cte, bindings } = filtered(filter);
  return rows(trx, `${cte} SELECT latest_band AS band, count(*)::int AS companies, avg(latest_pd) AS avg_pd FROM c WHERE latest_band IS NOT NULL GROUP BY latest_band`, bindings);
}

/** Sectors by company count; sector names compared case-insensitively, the most common spelling shown. */
export async function bySector(trx: Knex.Transaction, filter: PortfolioFilter, limit: number): Promise<{ sector: string | null; companies: number; scored: number; avg_pd: number | null }[]> {
  const { cte, bindings } = filtered(filter);
  return rows(
    trx,
    `${cte}
     SELECT mode() WITHIN GROUP (ORDER BY sector) AS sector, count(*)::int AS companies, count(latest_pd)::int AS scored, avg(latest_pd) AS avg_pd
       FROM c GROUP BY lower(sector) ORDER BY count(*) DESC, lower(sector) NULLS LAST LIMIT ?`,
    [...bindings, limit],
  );
}

/** Company counts per PD bin; bin i covers [edge i-1, edge i), the first from 0, the last up to 1. */
export async function histogram(trx: Knex.Transaction, filter: PortfolioFilter): Promise<{ bin: number; companies: number }[]> {
  const { cte, bindings } = filtered(filter);
  return rows(
    trx,
    `${cte} SELECT width_bucket(latest_pd, ?::double precision[]) AS bin, count(*)::int AS companies FROM c WHERE latest_pd IS NOT NULL GROUP BY 1`,
    [...bindings, `{${PD_BIN_EDGES.join(',')}}`],
  );
}

export interface TrendRow {
  fiscal_year: number;
  fiscal_quarter: number | null;
  companies: number;
  avg_pd: number;
  median_pd: number;
}

/**
 * Average and median PD per fiscal year (or quarter), over each company's newest prediction for
 * the period (newest quarter, then newest scoring, as the trigger orders them), so a company scored
 * twice counts once. The `periods` most recent periods, oldest first.
 */
export async function trend(trx: Knex.Transaction, filter: PortfolioFilter, grain: 'year' | 'quarter', periods: number): Promise<TrendRow[]> {
  const { cte, bindings } = filtered(filter);
  const byQuarter = grain === 'quarter';
  return rows(
    trx,
    `${cte}, per_period AS (
       SELECT DISTINCT ON (p.company_id, p.fiscal_year${byQuarter ? ', p.fiscal_quarter' : ''}) p.fiscal_year, p.fiscal_quarter, p.pd
         FROM predictions p JOIN c ON c.id = p.company_id
        ${byQuarter ? 'WHERE p.fiscal_quarter IS NOT NULL' : ''}
        ORDER BY p.company_id, p.fiscal_year${byQuarter ? ', p.fiscal_quarter' : ''}, coalesce(p.fiscal_quarter, 0) DESC, p.created_at DESC, p.id DESC)
     SELECT * FROM (
       SELECT fiscal_year, ${byQuarter ? 'fiscal_quarter' : 'NULL::smallint AS fiscal_quarter'}, count(*)::int AS companies,
              avg(pd) AS avg_pd, percentile_cont(0.5) WITHIN GROUP (ORDER BY pd) AS median_pd
         FROM per_period GROUP BY fiscal_year${byQuarter ? ', fiscal_quarter' : ''}
        ORDER BY fiscal_year DESC${byQuarter ? ', fiscal_quarter DESC' : ''} LIMIT ?) recent
      ORDER BY fiscal_year, fiscal_quarter`,
    [...bindings, periods],
  );
}

export interface CompanyRiskRow {
  company_id: string;
  name: string;
  sector: string | null;
  pd: number;
  band: string;
  rating: string | null;
  fiscal_year: number;
  fiscal_quarter: number | null;
}

export interface MoverRow extends CompanyRiskRow {
  previous_pd: number;
  previous_band: string;
  previous_fiscal_year: number;
  previous_fiscal_quarter: number | null;
  change: number;
}

/** Companies whose PD moved most (absolute change) between their last two scored periods. */
export async function topMovers(trx: Knex.Transaction, filter: PortfolioFilter, limit: number): Promise<MoverRow[]> {
  const { cte, bindings } = filtered(filter);
  return rows(
    trx,
    `${cte}, per_period AS (
       SELECT DISTINCT ON (p.company_id, p.fiscal_year, coalesce(p.fiscal_quarter, 0))
              p.company_id, p.fiscal_year, p.fiscal_quarter, p.pd, p.band, p.rating
         FROM predictions p JOIN c ON c.id = p.company_id
        ORDER BY p.company_id, p.fiscal_year, coalesce(p.fiscal_quarter, 0), p.created_at DESC, p.id DESC),
     ranked AS (
       SELECT *, row_number() OVER (PARTITION BY company_id ORDER BY fiscal_year DESC, coalesce(fiscal_quarter, 0) DESC) AS rn FROM per_period)
     SELECT cur.company_id, c.name, c.sector, cur.pd, cur.band, cur.rating, cur.fiscal_year, cur.fiscal_quarter,
            prev.pd AS previous_pd, prev.band AS previous_band, prev.fiscal_year AS previous_fiscal_year,
            prev.fiscal_quarter AS previous_fiscal_quarter, cur.pd - prev.pd AS change
       FROM ranked cur
       JOIN ranked prev ON prev.company_id = cur.company_id AND prev.rn = 2
       JOIN c ON c.id = cur.company_id
      WHERE cur.rn = 1
      ORDER BY abs(cur.pd - prev.pd) DESC, c.name, c.id
      LIMIT ?`,
    [...bindings, limit],
  );
}

/** The companies with the highest latest PD. */
export async function highestRisks(trx: Knex.Transaction, filter: PortfolioFilter, limit: number): Promise<CompanyRiskRow[]> {
  const { cte, bindings } = filtered(filter);
  return rows(
    trx,
    `${cte}
     SELECT id AS company_id, name, sector, latest_pd AS pd, latest_band AS band, latest_rating AS rating,
            latest_fiscal_year AS fiscal_year, latest_fiscal_quarter AS fiscal_quarter
       FROM c WHERE latest_pd IS NOT NULL
      ORDER BY latest_pd DESC, name, id LIMIT ?`,
    [...bindings, limit],
  );
}
