import type { Knex } from 'knex';
import { RISK_BANDS } from '@defaultrate/model';
import type { components } from '../../../../openapi/generated/schema.d.ts';
import { withTenant } from '../../db/with-tenant.ts';
import { assertCan } from '../access/permissions.ts';
import type { UserActor } from '../access/roles.ts';
import * as repo from './analytics.repository.ts';
import type { PortfolioFilter } from './portfolio-filter.ts';

export type PortfolioAnalytics = components['schemas']['PortfolioAnalytics'];

/** Periods shown in the trends: ten years, or twelve quarters. */
const TREND_YEARS = 10;
const TREND_QUARTERS = 12;
const MAX_SECTORS = 50;

export interface AnalyticsQuery extends PortfolioFilter {
  /** Length of the top-movers and highest-risk lists. */
  top?: number;
}

const orNull = (v: number | null | undefined): number | null => (v === null || v === undefined ? null : Number(v));

function toRiskView(r: repo.CompanyRiskRow) {
  return { companyId: r.company_id, name: r.name, sector: r.sector, pd: r.pd, band: r.band as PortfolioAnalytics['byBand'][number]['band'], rating: r.rating, fiscalYear: r.fiscal_year, fiscalQuarter: r.fiscal_quarter };
}

/**
 * Aggregates over the companies the caller can see (row-level security), narrowed by the filter.
 * Everything is computed by PostgreSQL in one read-only transaction; Node only shapes the answer.
 */
export async function portfolioAnalytics(db: Knex, actor: UserActor, query: AnalyticsQuery): Promise<PortfolioAnalytics> {
  assertCan(actor, 'portfolio.read');
  const top = query.top ?? 10;
  const filter: PortfolioFilter = { scope: query.scope, organizationId: query.organizationId, sector: query.sector, fiscalYear: query.fiscalYear };
  return withTenant(db, actor, async (trx) => {
    const summary = await repo.summary(trx, filter);
    const bands = await repo.byBand(trx, filter);
    const sectors = await repo.bySector(trx, filter, MAX_SECTORS);
    const bins = await repo.histogram(trx, filter);
    const years = await repo.trend(trx, filter, 'year', TREND_YEARS);
    const quarters = await repo.trend(trx, filter, 'quarter', TREND_QUARTERS);
    const movers = await repo.topMovers(trx, filter, top);
    const risks = await repo.highestRisks(trx, filter, top);

    const binCounts = new Map(bins.map((b) => [Number(b.bin), b.companies]));
    const edges = [0, ...repo.PD_BIN_EDGES, 1];
    return {
      companies: summary.companies,
      scoredCompanies: summary.scored,
      averagePd: orNull(summary.avg_pd),
      medianPd: orNull(summary.median_pd),
      byBand: RISK_BANDS.map((band) => {
        const row = bands.find((b) => b.band === band);
        return { band, companies: row?.companies ?? 0, averagePd: orNull(row?.avg_pd) };
      }),
      bySector: sectors.map((s) => ({ sector: s.sector, companies: s.companies, scoredCompanies: s.scored, averagePd: orNull(s.avg_pd) })),
      pdHistogram: edges.slice(0, -1).map((lower, i) => ({ lower, upper: edges[i + 1] as number, companies: binCounts.get(i) ?? 0 })),
      trend: {
        byYear: years.map((y) => ({ fiscalYear: y.fiscal_year, companies: y.companies, averagePd: y.avg_pd, medianPd: y.median_pd })),
        byQuarter: quarters.map((q) => ({ fiscalYear: q.fiscal_year, fiscalQuarter: q.fiscal_quarter as number, companies: q.companies, averagePd: q.avg_pd, medianPd: q.median_pd })),
      },
      topMovers: movers.map((m) => ({
        ...toRiskView(m),
        previousPd: m.previous_pd,
        previousBand: m.previous_band as PortfolioAnalytics['byBand'][number]['band'],
        previousFiscalYear: m.previous_fiscal_year,
        previousFiscalQuarter: m.previous_fiscal_quarter,
        change: m.change,
      })),
      highestRisks: risks.map(toRiskView),
      expectedLoss: {
        amount: orNull(summary.expected_loss) ?? 0,
        exposure: orNull(summary.el_exposure) ?? 0,
        companies: summary.el_companies,
        companiesWithoutInputs: summary.scored - summary.el_companies,
      },
    };
  });
}
