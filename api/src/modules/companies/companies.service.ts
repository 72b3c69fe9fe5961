import type { Knex } from 'knex';
import { withTenant } from '../../db/with-tenant.ts';
import { decodeCursor, encodeCursor, pageLimit, type Page } from '../../lib/pagination.ts';
import { Conflict, NotFound, fieldProblem } from '../../lib/problem.ts';
import { assertCan } from '../access/permissions.ts';
import type { UserActor } from '../access/roles.ts';
import { appendAuditEvent } from '../audit/audit.repository.ts';
import { writeScopeFor, type DataScope, type ScopeColumns } from '../portfolio/data-scope.ts';
import { companyKeyOf } from '../portfolio/statement-rules.ts';
import { isPgTimestamp, isUuid } from '../portfolio/keyset.ts';
import { assertWritable } from '../portfolio/write-access.ts';
import * as repo from './companies.repository.ts';
import { toCompanyView, type CompanyView } from './company.view.ts';

/** Loads a company the actor can see, or 404 (foreign ids never reveal whether they exist). */
export async function loadCompany(trx: Knex.Transaction, companyId: string): Promise<repo.CompanyRow> {
  const company = await repo.findCompany(trx, companyId);
  if (!company) throw new NotFound('No such company.');
  return company;
}

/** Loads a company the actor may change: 404 when invisible, 403 when only readable. */
export async function loadWritableCompany(trx: Knex.Transaction, actor: UserActor, companyId: string): Promise<repo.CompanyRow> {
  const company = await loadCompany(trx, companyId);
  assertWritable(actor, company, 'company');
  return company;
}

export interface CompanyListQuery {
  scope?: DataScope;
  sector?: string;
  band?: string;
  pdMin?: number;
  pdMax?: number;
  fiscalYear?: number;
  q?: string;
  sort?: repo.CompanySort;
  order?: repo.SortOrder;
  limit?: number;
  cursor?: string;
}

/**
 * The cursor names the sort and order it was made for, so one reused under another order is a 400
 * rather than a page that silently skips rows. Layout: [sort, order, hasNoPd (0|1), value, id].
 */
function decodeCompanyCursor(cursor: string | undefined, sort: repo.CompanySort, order: repo.SortOrder): repo.CompanyKeyset | null {
  const key = decodeCursor(cursor, 5);
  if (!key) return null;
  const [cursorSort, cursorOrder, hasNoPd, value, id] = key;
  if (cursorSort !== sort || cursorOrder !== order) throw fieldProblem('/query/cursor', `was made for sort=${cursorSort}&order=${cursorOrder}; pass the same sort and order`);
  const isValueOk = sort === 'pd' ? typeof value === 'number' : sort === 'updatedAt' ? isPgTimestamp(value) : typeof value === 'string';
  if (!isUuid(id) || !isValueOk || (hasNoPd !== 0 && hasNoPd !== 1)) throw fieldProblem('/query/cursor', 'is not a cursor returned by this list');
  return { value: hasNoPd === 1 ? null : value, id };
}

function cursorOf(row: repo.CompanyRow, sort: repo.CompanySort, order: repo.SortOrder): string {
  switch (sort) {
    case 'name':
      return encodeCursor([sort, order, 0, row.name, row.id]);
    case 'updatedAt':
      return encodeCursor([sort, order, 0, row.updatedAtKey, row.id]);
    case 'pd':
      return encodeCursor([sort, order, row.latestPd === null ? 1 : 0, row.latestPd ?? 0, row.id]);
  }
}

/** Companies the actor may see (RLS draws the lines: personal, organization, global), one keyset page. */
export async function listCompanies(db: Knex, actor: UserActor, query: CompanyListQuery): Promise<Page<CompanyView>> {
  assertCan(actor, 'portfolio.read');
  const limit = pageLimit(query.limit);
  const sort = query.sort ?? 'name';
  const order = query.order ?? 'asc';
  const after = decodeCompanyCursor(query.cursor, sort, order);
  if (query.pdMin !== undefined && query.pdMax !== undefined && query.pdMin > query.pdMax) throw fieldProblem('/query/pdMin', 'must not be above pdMax');
  const { cursor: _cursor, limit: _limit, ...filters } = query;
  const rows = await withTenant(db, actor, (trx) => repo.listCompanies(trx, { ...filters, sort, order, after, limit: limit + 1 }));
  const hasMore = rows.length > limit;
  const items = hasMore ? rows.slice(0, limit) : rows;
  const last = items[items.length - 1];
  return { items: items.map(toCompanyView), nextCursor: hasMore && last ? cursorOf(last, sort, order) : null };
}

export async function getCompany(db: Knex, actor: UserActor, companyId: string): Promise<CompanyView> {
  assertCan(actor, 'portfolio.read');
  return withTenant(db, actor, async (trx) => toCompanyView(await loadCompany(trx, companyId)));
}

export interface CompanyInput {
  name: string;
  externalRef?: string | null;
  sector?: string | null;
  country?: string | null;
  exposure?: number | null;
  lgd?: number | null;
  scope?: DataScope;
}

function duplicateProblem(externalRef: string | null): InstanceType<typeof Conflict> {
  const [field, what] = externalRef ? ['externalRef', 'external reference'] : ['name', 'name'];
  return new Conflict(`This scope already has a company with the same ${what}.`, { errors: [{ pointer: `/body/${field}`, detail: `is already used by another company in this scope` }] });
}

async function assertIdentityFree(trx: Knex.Transaction, scope: ScopeColumns, companyKey: string, externalRef: string | null, exceptId?: string): Promise<void> {
  if (await repo.findCompanyByKey(trx, scope, companyKey, exceptId)) throw duplicateProblem(externalRef);
}

/** Rethrows a unique violation of the company identity (a concurrent twin that passed the pre-check) as the same 409. */
async function guardIdentity<T>(externalRef: string | null, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (repo.isUniqueViolation(error)) throw duplicateProblem(externalRef);
    throw error;
  }
}

const blankToNull = (v: string | null | undefined): string | null | undefined => (typeof v === 'string' && v.trim() === '' ? null : v?.trim() ?? v);

/** Adds a company to the requested scope (default: the actor's organization, else global for super admins, else personal). */
export async function createCompany(db: Knex, actor: UserActor, input: CompanyInput): Promise<CompanyView> {
  const scope = writeScopeFor(actor, input.scope);
  const name = input.name.trim();
  if (name === '') throw fieldProblem('/body/name', 'must not be blank');
  const externalRef = blankToNull(input.externalRef) ?? null;
  const companyKey = companyKeyOf(name, externalRef);
  return withTenant(db, actor, async (trx) => {
    await assertIdentityFree(trx, scope, companyKey, externalRef);
    const id = await guardIdentity(externalRef, () =>
      repo.insertCompany(trx, {
        ...scope,
        name,
        externalRef,
        companyKey,
        sector: blankToNull(input.sector) ?? null,
        country: input.country ?? null,
        exposure: input.exposure ?? null,
        lgd: input.lgd ?? null,
        createdBy: actor.userId,
      }),
    );
    await appendAuditEvent(trx, actor, auditEntryOf('company.created', { id, name, ...scope }));
    return toCompanyView(await loadCompany(trx, id));
  });
}

/**
 * The audit record of a company's creation or deletion, filed under the company's own tenant and
 * organization. Personal companies are private even from admins reading the log: only the id.
 */
function auditEntryOf(action: string, company: ScopeColumns & { id: string; name: string }) {
  return {
    action,
    targetType: 'company',
    targetId: company.id,
    tenantId: company.tenantId,
    organizationId: company.organizationId,
    details: company.scope === 'personal' ? { scope: company.scope } : { scope: company.scope, name: company.name },
  };
}

export type CompanyPatchInput = Partial<Omit<CompanyInput, 'scope'>>;

/** Changes a company the actor may write; the identity key follows the name and external reference. */
export async function updateCompany(db: Knex, actor: UserActor, companyId: string, input: CompanyPatchInput): Promise<CompanyView> {
  assertCan(actor, 'portfolio.write');
  return withTenant(db, actor, async (trx) => {
    const company = await loadWritableCompany(trx, actor, companyId);
    const patch: repo.CompanyPatch = {};
    if (input.name !== undefined) {
      patch.name = input.name.trim();
      if (patch.name === '') throw fieldProblem('/body/name', 'must not be blank');
    }
    if (input.externalRef !== undefined) patch.externalRef = blankToNull(input.externalRef) ?? null;
    if (input.sector !== undefined) patch.sector = blankToNull(input.sector) ?? null;
    if (input.country !== undefined) patch.country = input.country;
    if (input.exposure !== undefined) patch.exposure = input.exposure;
    if (input.lgd !== undefined) patch.lgd = input.lgd;
    const name = patch.name ?? company.name;
    const externalRef = patch.externalRef === undefined ? company.externalRef : patch.externalRef;
    const companyKey = companyKeyOf(name, externalRef);
    if (companyKey !== company.companyKey) {
      await assertIdentityFree(trx, company, companyKey, externalRef, company.id);
      patch.companyKey = companyKey;
    }
    const isUpdated = await guardIdentity(externalRef, () => repo.updateCompany(trx, company.id, patch));
    if (!isUpdated) throw new NotFound('No such company.');
    return toCompanyView(await loadCompany(trx, company.id));
  });
}

/** Deletes a company the actor may write, with its statements, predictions and alerts (foreign-key cascades). */
export async function deleteCompany(db: Knex, actor: UserActor, companyId: string): Promise<void> {
  assertCan(actor, 'portfolio.write');
  await withTenant(db, actor, async (trx) => {
    const company = await loadWritableCompany(trx, actor, companyId);
    await appendAuditEvent(trx, actor, auditEntryOf('company.deleted', company));
    if (!(await repo.deleteCompany(trx, company.id))) throw new NotFound('No such company.');
  });
}
