import type { Knex } from 'knex';
import type { DefaultModel } from '@defaultrate/model';
import { withTenant } from '../../db/with-tenant.ts';
import { pageLimit, toPage, type Page } from '../../lib/pagination.ts';
import { assertCan } from '../access/permissions.ts';
import type { UserActor } from '../access/roles.ts';
import { loadCompany, loadWritableCompany } from '../companies/companies.service.ts';
import { decodeTimeCursor } from '../portfolio/keyset.ts';
import { modelInputOfRow } from '../statements/statement-input.ts';
import { listContextStatements } from '../statements/statements.repository.ts';
import { loadStatement, statementInvalid } from '../statements/statements.service.ts';
import { toPredictionView, toTrendPointView, type PredictionView, type TrendPointView } from './prediction.view.ts';
import * as repo from './predictions.repository.ts';

/** Drivers stored with a single score: enough to explain it, small enough to list. */
export const STORED_DRIVERS = 8;

/**
 * Scores a stored statement and stores the prediction. The company's other statements are the
 * model's context (previous year, preceding quarters for trailing twelve months). The insert fires
 * the predictions trigger, which keeps the company's latest_* columns and raises alerts: alerts are
 * the database's job so that every way a prediction arrives raises them the same way.
 */
export async function scoreStatement(db: Knex, model: DefaultModel, actor: UserActor, companyId: string, statementId: string): Promise<PredictionView> {
  assertCan(actor, 'scoring.run');
  assertCan(actor, 'portfolio.write');
  return withTenant(db, actor, async (trx) => {
    const company = await loadCompany(trx, companyId);
    const statement = await loadStatement(trx, company.id, statementId);
    // Only after the statement is known to exist: a reader learns nothing from the order of checks.
    await loadWritableCompany(trx, actor, company.id);
    const context = await listContextStatements(trx, company.id, statement);
    const [result] = model.score([modelInputOfRow(statement, company)], {
      explain: { top: STORED_DRIVERS },
      previous: context.map((s) => modelInputOfRow(s, company)),
    });
    if (!result?.ok) throw statementInvalid(result?.errors ?? [], '/statement');
    const id = await repo.insertPrediction(trx, {
      scope: company.scope,
      tenantId: company.tenantId,
      organizationId: company.organizationId,
      ownerUserId: company.ownerUserId,
      companyId: company.id,
      statementId: statement.id,
      fiscalYear: statement.fiscalYear,
      fiscalQuarter: statement.fiscalQuarter,
      periodEnd: statement.periodEndText,
      pd: result.pd,
      pdLow: result.pdLow,
      pdHigh: result.pdHigh,
      band: result.band,
      rating: result.rating,
      drivers: result.drivers ?? null,
      modelVersion: result.modelVersion,
      scoredBy: actor.userId,
    });
    const stored = await repo.findPrediction(trx, id);
    if (!stored) throw new Error(`prediction ${id} vanished inside its own transaction`);
    return toPredictionView(stored);
  });
}

/** A company's predictions, newest first. */
export async function listPredictions(db: Knex, actor: UserActor, companyId: string, query: { limit?: number; cursor?: string }): Promise<Page<PredictionView>> {
  assertCan(actor, 'portfolio.read');
  const limit = pageLimit(query.limit);
  const after = decodeTimeCursor(query.cursor);
  const rows = await withTenant(db, actor, async (trx) => {
    await loadCompany(trx, companyId);
    return repo.listPredictions(trx, companyId, after, limit + 1);
  });
  return toPage(rows, limit, (p) => [p.createdAtKey, p.id], toPredictionView);
}

/** One point per fiscal period (its newest prediction), oldest period first. */
export async function getTrend(db: Knex, actor: UserActor, companyId: string): Promise<{ companyId: string; points: TrendPointView[] }> {
  assertCan(actor, 'portfolio.read');
  return withTenant(db, actor, async (trx) => {
    const company = await loadCompany(trx, companyId);
    const rows = await repo.listTrend(trx, company.id);
    return { companyId: company.id, points: rows.map(toTrendPointView) };
  });
}
