import type { components } from '../../openapi/generated/schema.d.ts';
import { eventStream, file, problem, type MockRoutes } from './mock-api.ts';

/**
 * Fixture data for the stories, typed with the spec's schemas: a small portfolio (one company per
 * band, an unscored one, one with a very long name), each company's PD history, the portfolio
 * analytics and a bulk score job. `defaultRoutes()` answers the widgets' calls from it.
 */

export type Company = components['schemas']['Company'];
type Prediction = components['schemas']['Prediction'];
type TrendPoint = components['schemas']['CompanyTrend']['points'][number];
type RiskBand = components['schemas']['RiskBand'];
type Rating = components['schemas']['Rating'];
type Drivers = components['schemas']['Drivers'];
type Analytics = components['schemas']['PortfolioAnalytics'];
type ScoreJob = components['schemas']['ScoreJob'];
type ScoreJobError = components['schemas']['ScoreJobError'];
type ScoreResult = components['schemas']['ScoreResult'];
type StatementInput = components['schemas']['StatementInput'];

const TENANT_ID = '6f1d3c2a-1b2c-4d5e-8f90-0a1b2c3d4e5f';
const ORG_ID = '7a2e4d3b-2c3d-4e5f-9a01-1b2c3d4e5f60';
const SCORED_AT = '2025-03-14T09:30:00.000Z';

/** Band of a PD on the master scale the fixtures use (the model's thresholds, rounded). */
export function bandOf(pd: number): RiskBand {
  if (pd < 0.01) return 'low';
  if (pd < 0.05) return 'medium';
  if (pd < 0.2) return 'high';
  return 'critical';
}

function ratingOf(pd: number): Rating {
  const scale: [number, Rating][] = [[0.0005, 'AAA'], [0.001, 'AA'], [0.003, 'A'], [0.01, 'BBB'], [0.03, 'BB'], [0.1, 'B'], [0.2, 'CCC'], [0.35, 'CC']];
  return scale.find(([upper]) => pd < upper)?.[1] ?? 'C';
}

function uuid(n: number): string {
  return `0b6f1c1e-0000-4000-8000-${String(n).padStart(12, '0')}`;
}

interface CompanySeed {
  n: number;
  name: string;
  sector: string | null;
  country: string | null;
  externalRef: string | null;
  /** PD per fiscal year from 2021 on; empty for a company never scored. */
  pds: number[];
}

const SEEDS: CompanySeed[] = [
  { n: 1, name: 'Aurora Dairy Cooperative', sector: 'Food', country: 'DK', externalRef: 'LEI-5493001KJTIIGC8Y1R12', pds: [0.006, 0.005, 0.0042, 0.0031] },
  { n: 2, name: 'Brightwater Utilities plc', sector: 'Utilities', country: 'GB', externalRef: 'BWU-0042', pds: [0.012, 0.015, 0.019, 0.024] },
  { n: 3, name: 'Northwind Logistics', sector: 'Transport', country: 'DE', externalRef: 'NWL-7781', pds: [0.018, 0.031, 0.052, 0.087] },
  { n: 4, name: 'Cobalt Ridge Mining', sector: 'Mining', country: 'AU', externalRef: 'CRM-3310', pds: [0.09, 0.14, 0.21, 0.34] },
  { n: 5, name: 'Helios Solar Components', sector: 'Energy', country: 'ES', externalRef: null, pds: [] },
  {
    n: 6,
    name: 'Vereinigte Norddeutsche Präzisionsmaschinenbau- und Werkzeugfabrikations-Aktiengesellschaft & Co. KGaA',
    sector: 'Industrial machinery and precision tooling',
    country: 'DE',
    externalRef: 'VNPW-2019-000000000042',
    pds: [0.021, 0.026, 0.033, 0.041],
  },
  { n: 7, name: 'Meridian Health Partners', sector: 'Healthcare', country: 'NL', externalRef: 'MHP-12', pds: [0.004, 0.0045, 0.0048, 0.0052] },
  { n: 8, name: 'Quarry Lane Construction', sector: 'Construction', country: 'IE', externalRef: 'QLC-88', pds: [0.05, 0.061, 0.072, 0.068] },
];

const FIRST_YEAR = 2021;

function predictionId(seed: CompanySeed, i: number): string {
  return uuid(1000 + seed.n * 10 + i);
}

function companyOf(seed: CompanySeed): Company {
  const last = seed.pds.length - 1;
  const pd = seed.pds[last];
  const isScored = last >= 0;
  return {
    id: uuid(seed.n),
    scope: 'organization',
    tenantId: TENANT_ID,
    organizationId: ORG_ID,
    ownerUserId: null,
    name: seed.name,
    externalRef: seed.externalRef,
    sector: seed.sector,
    country: seed.country,
    exposure: isScored ? 2_500_000 * seed.n : null,
    lgd: isScored ? 0.45 : null,
    latestPredictionId: isScored ? predictionId(seed, last) : null,
    latestPd: isScored ? pd : null,
    latestBand: isScored ? bandOf(pd) : null,
    latestRating: isScored ? ratingOf(pd) : null,
    latestFiscalYear: isScored ? FIRST_YEAR + last : null,
    latestFiscalQuarter: null,
    latestScoredAt: isScored ? SCORED_AT : null,
    createdAt: '2024-11-02T08:00:00.000Z',
    updatedAt: SCORED_AT,
  };
}

/** Drivers of a prediction: worse leverage and profitability raise a PD, liquidity lowers it. */
function driversOf(pd: number): Drivers {
  const pressure = Math.log(pd / 0.02);
  return {
    baseValue: -3.9,
    logit: -3.9 + pressure,
    items: [
      { item: 'tlTa', label: 'Total liabilities / total assets', value: 0.55 + pressure * 0.08, contribution: 0.35 + pressure * 0.2 },
      { item: 'roa', label: 'Return on assets', value: 0.04 - pressure * 0.02, contribution: 0.2 + pressure * 0.15 },
      { item: 'currentRatio', label: 'Current ratio', value: 1.6 - pressure * 0.2, contribution: -0.3 + pressure * 0.05 },
      { item: 'size', label: 'Size (log total assets)', value: 16.2, contribution: -0.12 },
    ],
    rest: 0.04,
  };
}

function periodEnd(year: number): string {
  return `${year}-12-31`;
}

function trendOf(seed: CompanySeed): TrendPoint[] {
  return seed.pds.map((pd, i) => ({
    fiscalYear: FIRST_YEAR + i,
    fiscalQuarter: null,
    periodEnd: periodEnd(FIRST_YEAR + i),
    pd,
    pdLow: pd * 0.8,
    pdHigh: Math.min(1, pd * 1.25),
    band: bandOf(pd),
    rating: ratingOf(pd),
    predictionId: predictionId(seed, i),
    scoredAt: SCORED_AT,
  }));
}

function latestPredictionOf(seed: CompanySeed): Prediction | undefined {
  const last = seed.pds.length - 1;
  if (last < 0) return undefined;
  const pd = seed.pds[last];
  return {
    id: predictionId(seed, last),
    companyId: uuid(seed.n),
    statementId: uuid(2000 + seed.n),
    scoreJobId: null,
    fiscalYear: FIRST_YEAR + last,
    fiscalQuarter: null,
    periodEnd: periodEnd(FIRST_YEAR + last),
    pd,
    pdLow: pd * 0.8,
    pdHigh: Math.min(1, pd * 1.25),
    band: bandOf(pd),
    rating: ratingOf(pd),
    drivers: driversOf(pd),
    modelVersion: 'dr-default@1.0.0',
    scoredBy: null,
    createdAt: SCORED_AT,
  };
}

export const COMPANIES: Company[] = SEEDS.map(companyOf);

/** Ids of the companies the stories pick by what they show. */
export const COMPANY_IDS = {
  low: uuid(1),
  medium: uuid(2),
  high: uuid(3),
  critical: uuid(4),
  notScored: uuid(5),
  longName: uuid(6),
  missing: uuid(999),
} as const;

/** Companies named "Portfolio company NNN", to show paging (more than one page). */
export function manyCompanies(count: number): Company[] {
  return Array.from({ length: count }, (_, i) => {
    // Rising through the bands, and again every 60 companies, so that long lists keep PDs below 1.
    const pd = 0.002 * 1.09 ** (i % 60);
    return companyOf({ n: 100 + i, name: `Portfolio company ${String(i + 1).padStart(3, '0')}`, sector: ['Retail', 'Food', 'Transport', 'Energy'][i % 4], country: 'FR', externalRef: `PC-${i + 1}`, pds: [pd] });
  });
}

const PD_EDGES = [0, 0.0001, 0.0003, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1];

/** Analytics over a set of companies, computed the way the API does for the figures the chart draws. */
export function analyticsOf(companies: Company[]): Analytics {
  const scored = companies.filter((c) => c.latestPd !== null);
  const pds = scored.map((c) => c.latestPd as number).sort((a, b) => a - b);
  const mean = (xs: number[]) => (xs.length ? xs.reduce((s, x) => s + x, 0) / xs.length : null);
  const median = (xs: number[]) => (xs.length ? (xs[Math.floor((xs.length - 1) / 2)] + xs[Math.ceil((xs.length - 1) / 2)]) / 2 : null);
  const bands: RiskBand[] = ['low', 'medium', 'high', 'critical'];
  const seedsOf = SEEDS.filter((s) => companies.some((c) => c.id === uuid(s.n)) && s.pds.length > 0);
  const byYear = [0, 1, 2, 3]
    .map((i) => seedsOf.filter((s) => s.pds[i] !== undefined).map((s) => s.pds[i]).sort((a, b) => a - b))
    .filter((xs) => xs.length > 0)
    .map((xs, i) => ({ fiscalYear: FIRST_YEAR + i, companies: xs.length, averagePd: mean(xs) as number, medianPd: median(xs) as number }));
  return {
    companies: companies.length,
    scoredCompanies: scored.length,
    averagePd: mean(pds),
    medianPd: median(pds),
    byBand: bands.map((band) => {
      const inBand = scored.filter((c) => c.latestBand === band).map((c) => c.latestPd as number);
      return { band, companies: inBand.length, averagePd: mean(inBand) };
    }),
    bySector: [],
    pdHistogram: PD_EDGES.slice(0, -1).map((lower, i) => {
      const upper = PD_EDGES[i + 1];
      return { lower, upper, companies: pds.filter((pd) => pd >= lower && (pd < upper || (upper === 1 && pd <= 1))).length };
    }),
    trend: { byYear: scored.length ? byYear : [], byQuarter: [] },
    topMovers: [],
    highestRisks: [],
    expectedLoss: { amount: 0, exposure: 0, companies: 0, companiesWithoutInputs: scored.length },
  };
}

/** A toy score for the statement form: leverage and profitability move the PD, as in the real model. */
export function scoreOf(statement: StatementInput): ScoreResult {
  const assets = statement.totalAssets || 1;
  const leverage = (statement.totalLiabilities ?? assets * 0.5) / assets;
  const roa = (statement.netIncome ?? 0) / assets;
  const logit = -6 + 4.5 * leverage - 15 * roa;
  const pd = 1 / (1 + Math.exp(-logit));
  return { pd, pdLow: pd * 0.8, pdHigh: Math.min(1, pd * 1.25), band: bandOf(pd), rating: ratingOf(pd), hasPreviousYear: false, drivers: driversOf(pd), modelVersion: 'dr-default@1.0.0', whatIf: null };
}

/** Statements that score into each band with scoreOf(). */
export const STATEMENTS = {
  low: { fiscalYear: 2024, unit: 'millions', totalAssets: 1200, totalLiabilities: 420, netIncome: 96, currentAssets: 380, currentLiabilities: 190, retainedEarnings: 310, netSales: 1500, ebit: 140 },
  medium: { fiscalYear: 2024, unit: 'millions', totalAssets: 800, totalLiabilities: 480, netIncome: 8, currentAssets: 210, currentLiabilities: 170, netSales: 900, ebit: 35 },
  high: { fiscalYear: 2024, unit: 'millions', totalAssets: 500, totalLiabilities: 420, netIncome: -5, currentAssets: 90, currentLiabilities: 120, netSales: 430, ebit: 4 },
  critical: { fiscalYear: 2024, unit: 'millions', totalAssets: 300, totalLiabilities: 330, netIncome: -42, currentAssets: 40, currentLiabilities: 95, netSales: 160, ebit: -30 },
} satisfies Record<RiskBand, StatementInput>;

const JOB_ID = '5c0ffee0-0000-4000-8000-000000000001';

/** A bulk score job at some point of its life. */
export function scoreJob(overrides: Partial<ScoreJob> = {}): ScoreJob {
  return {
    id: JOB_ID,
    status: 'queued',
    scope: 'organization',
    organizationId: ORG_ID,
    fileName: 'q4-statements.csv',
    fileFormat: 'csv',
    fileSize: 48_213,
    totalRows: 1200,
    processedRows: 0,
    succeededRows: 0,
    failedRows: 0,
    rowsPerSecond: null,
    etaSeconds: null,
    error: null,
    createdBy: uuid(3000),
    createdAt: '2025-03-14T09:30:00.000Z',
    startedAt: null,
    finishedAt: null,
    cancelRequestedAt: null,
    ...overrides,
  };
}

/** The progress events of a job that scores `rows` rows, `failed` of them refused. */
export function jobProgress(rows: number, failed: number, status: ScoreJob['status'] = failed ? 'completed_with_errors' : 'completed') {
  const running = [0.25, 0.6, 0.85].map((share) => {
    const processed = Math.round(rows * share);
    return { event: 'progress', data: scoreJob({ status: 'running', processedRows: processed, succeededRows: processed - Math.round(failed * share), failedRows: Math.round(failed * share), rowsPerSecond: 2400, etaSeconds: Math.ceil((rows - processed) / 2400), startedAt: SCORED_AT }) };
  });
  const finished = { event: 'finished', data: scoreJob({ status, processedRows: rows, succeededRows: rows - failed, failedRows: failed, rowsPerSecond: 2400, startedAt: SCORED_AT, finishedAt: '2025-03-14T09:30:01.000Z' }) };
  return { running, finished };
}

export const ROW_ERRORS: ScoreJobError[] = [
  { rowNumber: 17, column: 'totalAssets', reason: 'Total assets must be greater than 0 (got -1250).' },
  { rowNumber: 42, column: 'fiscalYear', reason: 'Fiscal year must be between 1990 and 2030 (got 20244).' },
  { rowNumber: 311, column: null, reason: 'The row has 14 cells but the header has 19 columns.' },
];

function page<T>(items: T[], limitText: string | null, cursorText: string | null): { items: T[]; nextCursor: string | null } {
  const limit = Math.min(200, Math.max(1, Number(limitText ?? 20)));
  const offset = Number(cursorText ?? 0);
  const next = offset + limit;
  return { items: items.slice(offset, next), nextCursor: next < items.length ? String(next) : null };
}

/** The routes every story starts from: the fixture portfolio, a toy scorer and one bulk job. */
export function defaultRoutes(companies: Company[] = COMPANIES): MockRoutes {
  const byId = (id: string) => companies.find((c) => c.id === id);
  const notFound = () => problem(404, 'Not found', 'No company with this id is visible to you.');
  const seedOf = (id: string) => SEEDS.find((s) => uuid(s.n) === id);
  const { running, finished } = jobProgress(1200, ROW_ERRORS.length);
  return {
    'GET /v1/companies': ({ url }) => {
      const q = url.searchParams;
      const text = (q.get('q') ?? '').toLowerCase();
      const band = q.get('band');
      const direction = q.get('order') === 'desc' ? -1 : 1;
      const rows = companies
        .filter((c) => (!band || c.latestBand === band) && (!text || c.name.toLowerCase().includes(text) || (c.externalRef ?? '').toLowerCase().includes(text)))
        .sort((a, b) => (q.get('sort') === 'pd' ? ((a.latestPd ?? -1) - (b.latestPd ?? -1)) * direction : a.name.localeCompare(b.name) * direction));
      return page(rows, q.get('limit'), q.get('cursor'));
    },
    'GET /v1/companies/{companyId}': ({ params }) => byId(params.companyId) ?? notFound(),
    'GET /v1/companies/{companyId}/trend': ({ params }) => {
      const seed = seedOf(params.companyId);
      if (!byId(params.companyId)) return notFound();
      return { companyId: params.companyId, points: seed ? trendOf(seed) : [] };
    },
    'GET /v1/companies/{companyId}/predictions': ({ params }) => {
      const seed = seedOf(params.companyId);
      if (!byId(params.companyId)) return notFound();
      const latest = seed && latestPredictionOf(seed);
      return { items: latest ? [latest] : [], nextCursor: null };
    },
    'GET /v1/analytics/portfolio': analyticsOf(companies),
    'POST /v1/score': async ({ request }) => {
      const body = (await request.clone().json()) as { statement: StatementInput; whatIf?: { item: string; targetPd: number } };
      const result = scoreOf(body.statement);
      if (!body.whatIf) return result;
      const from = Number((body.statement as Record<string, unknown>)[body.whatIf.item] ?? 0);
      const to = Math.round(from * 0.7 * 100) / 100;
      return { ...result, drivers: null, whatIf: { isReachable: true, item: body.whatIf.item, targetPd: body.whatIf.targetPd, from, to, change: to - from, pdBefore: result.pd, pdAfter: body.whatIf.targetPd * 0.95 } };
    },
    'POST /v1/score-jobs': scoreJob(),
    'GET /v1/score-jobs/{scoreJobId}/events': eventStream([...running, finished]),
    'GET /v1/score-jobs/{scoreJobId}/errors': ({ url }) => page(ROW_ERRORS, url.searchParams.get('limit'), url.searchParams.get('cursor')),
    'GET /v1/score-jobs/{scoreJobId}/results': file('row,company,pd\n2,Aurora Dairy Cooperative,0.0031\n', 'q4-statements-results.csv', 'text/csv'),
    'POST /v1/score-jobs/{scoreJobId}/cancel': scoreJob({ status: 'running', cancelRequestedAt: SCORED_AT }),
  };
}
