import type { Knex } from 'knex';
import { withTenant } from '../../db/with-tenant.ts';
import { decodeCursor, pageLimit, toPage, type Page } from '../../lib/pagination.ts';
import { Conflict, NotFound, StatementInvalid, fieldProblem, type FieldError } from '../../lib/problem.ts';
import { assertCan } from '../access/permissions.ts';
import type { UserActor } from '../access/roles.ts';
import { loadCompany, loadWritableCompany } from '../companies/companies.service.ts';
import { isUniqueViolation } from '../companies/companies.repository.ts';
import { checkStatement, periodEndOf, type StatementFieldError } from '../portfolio/statement-rules.ts';
import { amountsOf, modelInputOfBody, type StatementBody } from './statement-input.ts';
import { toStatementView, type StatementView } from './statement.view.ts';
import * as repo from './statements.repository.ts';

/** Loads a statement of a company the actor can see, or 404. */
export async function loadStatement(trx: Knex.Transaction, companyId: string, statementId: string): Promise<repo.StatementRow> {
  const statement = await repo.findStatement(trx, companyId, statementId);
  if (!statement) throw new NotFound('No such statement.');
  return statement;
}

/** Field errors of a statement as problem errors pointing under `prefix` (e.g. `/body`). */
export function pointedErrors(errors: StatementFieldError[], prefix: string): FieldError[] {
  return errors.map((e) => ({ pointer: e.field ? `${prefix}/${e.field}` : prefix, detail: e.reason }));
}

/** The 422 of an implausible statement, listing every field at fault. */
export function statementProblem(errors: FieldError[]): InstanceType<typeof StatementInvalid> {
  return new StatementInvalid(errors.map((e) => `${e.pointer} ${e.detail}`).join('; '), { errors });
}

/** The 422 of one implausible statement whose fields sit under `prefix`. */
export function statementInvalid(errors: StatementFieldError[], prefix: string): InstanceType<typeof StatementInvalid> {
  return statementProblem(pointedErrors(errors, prefix));
}

export async function listStatements(db: Knex, actor: UserActor, companyId: string, query: { limit?: number; cursor?: string }): Promise<Page<StatementView>> {
  assertCan(actor, 'portfolio.read');
  const limit = pageLimit(query.limit);
  const after = decodeCursor(query.cursor, 2);
  if (after && !after.every((part) => Number.isInteger(part))) throw fieldProblem('/query/cursor', 'is not a cursor returned by this list');
  const rows = await withTenant(db, actor, async (trx) => {
    await loadCompany(trx, companyId);
    return repo.listStatements(trx, companyId, after as repo.PeriodKeyset | null, limit + 1);
  });
  return toPage(rows, limit, (s) => [s.fiscalYear, s.fiscalQuarter ?? 0], toStatementView);
}

export async function getStatement(db: Knex, actor: UserActor, companyId: string, statementId: string): Promise<StatementView> {
  assertCan(actor, 'portfolio.read');
  return withTenant(db, actor, async (trx) => toStatementView(await loadStatement(trx, companyId, statementId)));
}

function periodTaken(fiscalYear: number, fiscalQuarter: number | null): InstanceType<typeof Conflict> {
  const field = fiscalQuarter ? 'fiscalQuarter' : 'fiscalYear';
  const period = fiscalQuarter ? `${fiscalYear} Q${fiscalQuarter}` : `fiscal year ${fiscalYear}`;
  return new Conflict(`The company already has a statement for ${period}; delete it first to replace it.`, { errors: [{ pointer: `/body/${field}`, detail: `${period} already has a statement` }] });
}

/**
 * Stores a statement of a company the actor may write, after the same plausibility rules as bulk
 * jobs. It takes the company's scope, so it is visible exactly where the company is.
 */
export async function createStatement(db: Knex, actor: UserActor, companyId: string, body: StatementBody, today: Date = new Date()): Promise<StatementView> {
  assertCan(actor, 'portfolio.write');
  const errors = checkStatement(modelInputOfBody(body), today);
  if (errors.length > 0) throw statementInvalid(errors, '/body');
  const fiscalQuarter = body.fiscalQuarter ?? null;
  return withTenant(db, actor, async (trx) => {
    const company = await loadWritableCompany(trx, actor, companyId);
    if (await repo.findStatementByPeriod(trx, company.id, body.fiscalYear, fiscalQuarter)) throw periodTaken(body.fiscalYear, fiscalQuarter);
    let id: string;
    try {
      id = await repo.insertStatement(trx, {
        scope: company.scope,
        tenantId: company.tenantId,
        organizationId: company.organizationId,
        ownerUserId: company.ownerUserId,
        companyId: company.id,
        fiscalYear: body.fiscalYear,
        fiscalQuarter,
        periodEnd: periodEndOf(body.fiscalYear, fiscalQuarter),
        unit: body.unit ?? 'millions',
        currency: body.currency ?? null,
        amounts: amountsOf(body),
        createdBy: actor.userId,
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw periodTaken(body.fiscalYear, fiscalQuarter);
      throw error;
    }
    return toStatementView(await loadStatement(trx, company.id, id));
  });
}

/** Deletes a statement; its predictions stay in the company's history with statementId null. */
export async function deleteStatement(db: Knex, actor: UserActor, companyId: string, statementId: string): Promise<void> {
  assertCan(actor, 'portfolio.write');
  await withTenant(db, actor, async (trx) => {
    await loadWritableCompany(trx, actor, companyId);
    const statement = await loadStatement(trx, companyId, statementId);
    if (!(await repo.deleteStatement(trx, companyId, statement.id))) throw new NotFound('No such statement.');
  });
}
