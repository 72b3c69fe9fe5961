import type { Knex } from 'knex';
import { containsPattern } from '../../lib/pagination.ts';
import type { DataScope, ScopeColumns } from '../portfolio/data-scope.ts';

/** A companies row (camelCase through the app knex's mappers). */
export interface CompanyRow extends ScopeColumns {
  id: string;
  name: string;
  externalRef: string | null;
  companyKey: string;
  sector: string | null;
  country: string | null;
  exposure: number | null;
  lgd: number | null;
  latestPredictionId: string | null;
  latestPd: number | null;
  latestBand: string | null;
  latestRating: string | null;
  latestFiscalYear: number | null;
  latestFiscalQuarter: number | null;
  latestScoredAt: Date | null;
  createdBy: string | null;
  createdAt: Date;
  updatedAt: Date;
  /** updated_at as text at full (microsecond) precision: a JS Date would cut it to milliseconds and break the keyset. */
  updatedAtKey: string;
}

export const COMPANY_SORTS = ['name', 'pd', 'updatedAt'] as const;
export type CompanySort = (typeof COMPANY_SORTS)[number];
export type SortOrder = 'asc' | 'desc';

/** Where the previous page ended: its last row's sort value (null for a company without a PD) and id. */
export interface CompanyKeyset {
  value: string | number | null;
  id: string;
}

export interface CompanyListFilter {
  scope?: DataScope;
  sector?: string;
  band?: string;
  pdMin?: number;
  pdMax?: number;
  fiscalYear?: number;
  q?: string;
  sort: CompanySort;
  order: SortOrder;
  after: CompanyKeyset | null;
  limit: number;
}

function selectCompanies(trx: Knex.Transaction) {
  return trx('companies').select('companies.*', trx.raw('companies.updated_at::text AS updated_at_key'));
}

/**
 * Applies the keyset of `filter` after the row `after`: rows strictly after it in the order
 * (sort key, id), both in `order`. Companies without a PD come last in either order, so for the pd
 * sort a page that ended among them continues by id only.
 */
function applyKeyset(query: Knex.QueryBuilder, filter: CompanyListFilter): void {
  const op = filter.order === 'asc' ? '>' : '<';
  const after = filter.after;
  if (!after) return;
  switch (filter.sort) {
    case 'name':
      query.whereRaw(`(companies.name, companies.id) ${op} (?, ?::uuid)`, [after.value as string, after.id]);
      return;
    case 'updatedAt':
      query.whereRaw(`(companies.updated_at, companies.id) ${op} (?::timestamptz, ?::uuid)`, [after.value as string, after.id]);
      return;
    case 'pd':
      if (after.value === null) query.whereRaw(`companies.latest_pd IS NULL AND companies.id ${op} ?::uuid`, [after.id]);
      else query.whereRaw(`(companies.latest_pd IS NULL OR (companies.latest_pd, companies.id) ${op} (?, ?::uuid))`, [after.value, after.id]);
      return;
  }
}

const SORT_COLUMN: Record<CompanySort, string> = { name: 'companies.name', pd: 'companies.latest_pd', updatedAt: 'companies.updated_at' };

/** Companies visible to the transaction's actor (RLS decides which), filtered and in keyset order. */
export async function listCompanies(trx: Knex.Transaction, filter: CompanyListFilter): Promise<CompanyRow[]> {
  const query = selectCompanies(trx).limit(filter.limit);
  if (filter.scope) query.where('companies.scope', filter.scope);
  if (filter.sector) query.where('companies.sector', filter.sector);
  if (filter.band) query.where('companies.latestBand', filter.band);
  if (filter.pdMin !== undefined) query.where('companies.latestPd', '>=', filter.pdMin);
  if (filter.pdMax !== undefined) query.where('companies.latestPd', '<=', filter.pdMax);
  if (filter.fiscalYear !== undefined) query.where('companies.latestFiscalYear', filter.fiscalYear);
  if (filter.q) {
    const pattern = containsPattern(filter.q);
    query.where((w) => w.whereILike('companies.name', pattern).orWhereILike('companies.externalRef', pattern));
  }
  applyKeyset(query, filter);
  const direction = filter.order === 'asc' ? 'ASC' : 'DESC';
  // NULL PDs last in both directions (only the pd sort has a nullable key).
  const nullsLast = filter.sort === 'pd' ? 'companies.latest_pd IS NULL, ' : '';
  query.orderByRaw(`${nullsLast}${SORT_COLUMN[filter.sort]} ${direction}, companies.id ${direction}`);
  return (await query) as CompanyRow[];
}

/** The company if the transaction's actor may see it. */
export async function findCompany(trx: Knex.Transaction, companyId: string): Promise<CompanyRow | undefined> {
  return (await selectCompanies(trx).where('companies.id', companyId).first()) as CompanyRow | undefined;
}

/** A company of the same scope with the same identity key, if the actor can see one. */
export async function findCompanyByKey(trx: Knex.Transaction, scope: ScopeColumns, companyKey: string, exceptId?: string): Promise<CompanyRow | undefined> {
  const query = selectCompanies(trx).where({ scope: scope.scope, companyKey }).first();
  query.whereRaw(`scope_key = coalesce(?::uuid, ?::uuid, '00000000-0000-0000-0000-000000000000'::uuid)`, [scope.organizationId, scope.ownerUserId]);
  if (exceptId) query.whereNot('companies.id', exceptId);
  return (await query) as CompanyRow | undefined;
}

export interface NewCompany extends ScopeColumns {
  name: string;
  externalRef: string | null;
  companyKey: string;
  sector: string | null;
  country: string | null;
  exposure: number | null;
  lgd: number | null;
  createdBy: string;
}

export async function insertCompany(trx: Knex.Transaction, input: NewCompany): Promise<string> {
  const [row] = await trx('companies').insert(input).returning('id');
  return (row as { id: string }).id;
}

export interface CompanyPatch {
  name?: string;
  externalRef?: string | null;
  companyKey?: string;
  sector?: string | null;
  country?: string | null;
  exposure?: number | null;
  lgd?: number | null;
}

/** Applies a patch; false when the row is not writable for the actor (RLS). */
export async function updateCompany(trx: Knex.Transaction, companyId: string, patch: CompanyPatch): Promise<boolean> {
  return (await trx('companies').where('id', companyId).update({ ...patch, updatedAt: trx.fn.now() })) > 0;
}

export async function deleteCompany(trx: Knex.Transaction, companyId: string): Promise<boolean> {
  return (await trx('companies').where('id', companyId).delete()) > 0;
}

/** True for PostgreSQL's unique_violation, raised by a concurrent insert that passed the same pre-check. */
export function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: string })?.code === '23505';
}
