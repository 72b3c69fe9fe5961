import type { Writable } from 'node:stream';
import type { Knex } from 'knex';
import type { DefaultModel } from '@defaultrate/model';
import { withTenant } from '../../db/with-tenant.ts';
import { assertCan } from '../access/permissions.ts';
import type { UserActor } from '../access/roles.ts';
import * as analytics from '../analytics/analytics.repository.ts';
import type { PortfolioFilter } from '../analytics/portfolio-filter.ts';
import { RISK_BANDS } from '@defaultrate/model';
import { renderPortfolioReport, type ReportData } from './portfolio-report.pdf.ts';

const TOP_RISKS = 15;

/** Validation sets of the artifact's metadata worth printing, in order. */
const METRIC_SETS: [key: string, label: string][] = [
  ['ensembleCrossFit', 'Ensemble (cross-fitted)'],
  ['ensembleWithoutHistory', 'Ensemble, no prior year'],
  ['altmanZ', "Altman's Z (benchmark)"],
];

const asRecord = (v: unknown): Record<string, unknown> => (v !== null && typeof v === 'object' ? (v as Record<string, unknown>) : {});
const asNumber = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const asYears = (v: unknown): string | null => (Array.isArray(v) && v.length === 2 ? `${v[0]}–${v[1]}` : null);

/** The methodology figures as the model artifact records them (not restated here, so they follow retraining). */
export function modelFacts(model: Pick<DefaultModel, 'version' | 'metadata'>): ReportData['model'] {
  const metadata = asRecord(model.metadata);
  const validation = asRecord(metadata.validation);
  return {
    version: model.version,
    description: typeof metadata.description === 'string' ? metadata.description : null,
    trainYears: asYears(metadata.trainYears),
    validationYears: asYears(metadata.validationYears),
    metrics: METRIC_SETS.filter(([key]) => key in validation).map(([key, label]) => {
      const m = asRecord(validation[key]);
      return { label, auc: asNumber(m.auc), accuracyRatio: asNumber(m.accuracyRatio), ks: asNumber(m.ks), brier: asNumber(m.brier) };
    }),
  };
}

function describeFilter(filter: PortfolioFilter): string {
  const parts = Object.entries(filter).filter(([, v]) => v !== undefined).map(([k, v]) => `${k}=${v}`);
  return parts.length ? `Filters: ${parts.join(', ')}` : 'All companies you can see';
}

/** Gathers the report's figures (database aggregates, the caller's RLS view) and streams the PDF to `out`. */
export async function portfolioReport(
  deps: { db: Knex; model: Pick<DefaultModel, 'version' | 'metadata'> },
  actor: UserActor,
  filter: PortfolioFilter,
  out: Writable,
  options: { compress?: boolean } = {},
): Promise<void> {
  assertCan(actor, 'portfolio.read');
  const data = await withTenant(deps.db, actor, async (trx): Promise<ReportData> => {
    const summary = await analytics.summary(trx, filter);
    const bands = await analytics.byBand(trx, filter);
    const risks = await analytics.highestRisks(trx, filter, TOP_RISKS);
    return {
      generatedAt: new Date(),
      filters: describeFilter(filter),
      companies: summary.companies,
      scoredCompanies: summary.scored,
      averagePd: summary.avg_pd,
      medianPd: summary.median_pd,
      expectedLoss: {
        amount: summary.expected_loss ?? 0,
        exposure: summary.el_exposure ?? 0,
        companies: summary.el_companies,
        companiesWithoutInputs: summary.scored - summary.el_companies,
      },
      bands: RISK_BANDS.map((band) => ({ band, companies: bands.find((b) => b.band === band)?.companies ?? 0 })),
      topRisks: risks.map((r) => ({ name: r.name, sector: r.sector, pd: r.pd, band: r.band, rating: r.rating, period: r.fiscal_quarter ? `${r.fiscal_year} Q${r.fiscal_quarter}` : String(r.fiscal_year) })),
      model: modelFacts(deps.model),
    };
  });
  await renderPortfolioReport(data, out, options);
}
