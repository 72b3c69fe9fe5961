import type { Knex } from 'knex';
import { loadDefaultModel, type DefaultModel, type StatementInput } from '@defaultrate/model';
import { companyKeyOf, periodEndOf } from '../../modules/portfolio/statement-rules.ts';

/**
 * Demo portfolios, so that a fresh `npm start` shows widgets with real model output: companies with
 * three consecutive annual statements each, scored with the default model (year-over-year features
 * included), in Northwind's Credit Risk and Harbor's Loan Department, a few personal companies of the
 * individual user and some global (platform) companies. Deterministic, and seeded once: a portfolio
 * that already has companies is left alone.
 */

const SECTORS = ['Manufacturing', 'Retail', 'Construction', 'Services', 'Transport', 'Energy', 'Technology', 'Healthcare'];
const COUNTRIES = ['US', 'GB', 'DE', 'FR', 'NL', 'CA'];
const NAME_PARTS = [
  ['Acme', 'Blue', 'Cedar', 'Delta', 'Evergreen', 'Falcon', 'Granite', 'Harbor', 'Iron', 'Juniper', 'Keystone', 'Lumen', 'Meridian', 'Northstar', 'Oak', 'Pioneer', 'Quarry', 'Redwood', 'Summit', 'Tidewater', 'Union', 'Vantage', 'Westbrook', 'Yellowstone'],
  ['Industries', 'Logistics', 'Foods', 'Builders', 'Energy', 'Systems', 'Retail', 'Health', 'Partners', 'Materials', 'Motors', 'Textiles'],
];
const YEARS = [2022, 2023, 2024] as const;

/** Deterministic PRNG (mulberry32): the demo looks the same on every machine. */
function randomFrom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface DemoCompany {
  name: string;
  externalRef: string;
  sector: string;
  country: string;
  exposure: number;
  lgd: number;
  statements: StatementInput[];
}

/**
 * One company: a size, a margin and a leverage that drift from year to year, so PDs range from
 * solid to distressed and some companies cross a band (which raises alerts through the trigger).
 */
function demoCompany(random: () => number, index: number, prefix: string): DemoCompany {
  const between = (lo: number, hi: number) => lo + (hi - lo) * random();
  const round = (x: number) => Math.round(x * 100) / 100;
  const first = NAME_PARTS[0]![index % NAME_PARTS[0]!.length]!;
  const second = NAME_PARTS[1]![Math.floor(index / NAME_PARTS[0]!.length) % NAME_PARTS[1]!.length]!;
  let totalAssets = Math.exp(between(3, 9));
  let margin = between(-0.22, 0.12);
  let leverage = between(0.3, 1.25);
  const statements: StatementInput[] = YEARS.map((fiscalYear) => {
    totalAssets *= between(0.85, 1.2);
    margin = Math.max(-0.3, Math.min(0.25, margin + between(-0.05, 0.05)));
    leverage = Math.max(0.1, Math.min(1.3, leverage + between(-0.08, 0.1)));
    const netSales = totalAssets * between(0.4, 1.6);
    const ebit = netSales * margin;
    const totalLiabilities = totalAssets * leverage;
    return {
      fiscalYear,
      unit: 'millions',
      totalAssets: round(totalAssets),
      currentAssets: round(totalAssets * between(0.2, 0.55)),
      inventory: round(totalAssets * between(0.02, 0.15)),
      totalReceivables: round(totalAssets * between(0.05, 0.2)),
      totalLiabilities: round(totalLiabilities),
      currentLiabilities: round(totalLiabilities * between(0.3, 0.6)),
      longTermDebt: round(totalLiabilities * between(0.2, 0.5)),
      retainedEarnings: round(totalAssets * (margin * 2 + between(-0.1, 0.2))),
      netSales: round(netSales),
      totalRevenue: round(netSales * between(1, 1.05)),
      costOfGoodsSold: round(netSales * between(0.55, 0.85)),
      grossProfit: round(netSales * between(0.15, 0.45)),
      totalOperatingExpenses: round(netSales * (1 - margin)),
      ebit: round(ebit),
      ebitda: round(ebit + totalAssets * 0.04),
      depreciationAndAmortization: round(totalAssets * 0.04),
      netIncome: round(ebit * 0.75),
      marketValue: round(Math.max(1, totalAssets * (1 - leverage + margin * 3) * between(0.6, 1.8))),
    };
  });
  return {
    name: `${first} ${second}${prefix ? ` ${prefix}` : ''}`,
    externalRef: `${prefix || 'DEMO'}-${String(index + 1).padStart(4, '0')}`,
    sector: SECTORS[Math.floor(random() * SECTORS.length)]!,
    country: COUNTRIES[Math.floor(random() * COUNTRIES.length)]!,
    exposure: Math.round(between(0.5, 50) * 1e6),
    lgd: round(between(0.25, 0.6)),
    statements,
  };
}

interface Scope {
  scope: 'personal' | 'organization' | 'global';
  tenant_id: string | null;
  organization_id: string | null;
  owner_user_id: string | null;
}

/** Inserts `count` scored companies into `scope` unless the scope already has companies. */
async function seedScope(knex: Knex, model: DefaultModel, scope: Scope, count: number, seed: number, prefix: string): Promise<number> {
  const existing = knex('companies').where({ scope: scope.scope });
  if (scope.organization_id) existing.where({ organization_id: scope.organization_id });
  else if (scope.owner_user_id) existing.where({ owner_user_id: scope.owner_user_id });
  if ((await existing.first('id')) !== undefined) return 0;
  const random = randomFrom(seed);
  await knex.transaction(async (trx) => {
    for (let i = 0; i < count; i++) {
      const company = demoCompany(random, i, prefix);
      const [row] = await trx('companies')
        .insert({ ...scope, name: company.name, external_ref: company.externalRef, company_key: companyKeyOf(company.name, company.externalRef), sector: company.sector, country: company.country, exposure: company.exposure, lgd: company.lgd })
        .returning('id');
      const statements = await trx('statements')
        .insert(company.statements.map((s) => ({ ...scope, company_id: row.id, fiscal_year: s.fiscalYear, period_end: periodEndOf(s.fiscalYear), unit: 'millions', amounts: JSON.stringify(s) })))
        .returning(['id', 'fiscal_year']);
      // Each year is scored with the years before it, as the API does for stored statements.
      const predictions = company.statements.flatMap((statement, year) => {
        // Drivers (TreeSHAP, tens of ms a row) for the latest year only: that is what risk cards show.
        const isLatest = year === company.statements.length - 1;
        const [result] = model.score([statement], { previous: company.statements.slice(0, year), explain: isLatest ? { top: 8 } : false });
        if (!result?.ok) return [];
        const statementId = statements.find((s: { fiscal_year: number }) => s.fiscal_year === statement.fiscalYear)?.id;
        return [{ ...scope, company_id: row.id, statement_id: statementId, fiscal_year: statement.fiscalYear, period_end: periodEndOf(statement.fiscalYear), pd: result.pd, pd_low: result.pdLow, pd_high: result.pdHigh, band: result.band, rating: result.rating, drivers: JSON.stringify(result.drivers ?? null), model_version: result.modelVersion }];
      });
      // One INSERT per year, so the trigger compares each year with the one before and raises alerts.
      for (const prediction of predictions) await trx('predictions').insert(prediction);
    }
  });
  return count;
}

export interface DemoPortfolioTargets {
  northwindCreditRisk: { tenantId: string; organizationId: string };
  harborLoans: { tenantId: string; organizationId: string };
  individualUserId: string;
}

/** Seeds the demo portfolios (owner connection; set-up, not a request). Returns how many companies it added. */
export async function seedDemoPortfolio(knex: Knex, targets: DemoPortfolioTargets, modelPath?: string): Promise<number> {
  const model = loadDefaultModel(modelPath);
  const org = (t: { tenantId: string; organizationId: string }): Scope => ({ scope: 'organization', tenant_id: t.tenantId, organization_id: t.organizationId, owner_user_id: null });
  let added = 0;
  added += await seedScope(knex, model, org(targets.northwindCreditRisk), 60, 1, '');
  added += await seedScope(knex, model, org(targets.harborLoans), 20, 2, 'HC');
  added += await seedScope(knex, model, { scope: 'personal', tenant_id: null, organization_id: null, owner_user_id: targets.individualUserId }, 6, 3, 'Personal');
  added += await seedScope(knex, model, { scope: 'global', tenant_id: null, organization_id: null, owner_user_id: null }, 12, 4, 'Global');
  return added;
}
