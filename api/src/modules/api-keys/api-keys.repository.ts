import type { Knex } from 'knex';
import type { ApiKeyScope } from './api-key-secret.ts';

/** An api_keys row without its hash (camelCase through the app knex's mappers). */
export interface ApiKeyRow {
  id: string;
  tenantId: string;
  organizationId: string | null;
  name: string;
  prefix: string;
  scopes: ApiKeyScope[];
  createdBy: string | null;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

const CREATED_MS = "date_trunc('milliseconds', created_at)";
const COLUMNS = ['id', 'tenantId', 'organizationId', 'name', 'prefix', 'scopes', 'createdBy', 'createdAt', 'lastUsedAt', 'revokedAt'];

export interface NewApiKeyRow {
  tenantId: string;
  organizationId: string | null;
  name: string;
  prefix: string;
  keyHash: string;
  scopes: ApiKeyScope[];
  createdBy: string | null;
}

export async function insertApiKey(trx: Knex.Transaction, row: NewApiKeyRow): Promise<ApiKeyRow> {
  const [created] = await trx('api_keys').insert(row).returning(COLUMNS);
  return created as ApiKeyRow;
}

export interface ApiKeyListFilter {
  tenantId?: string;
  organizationId?: string;
  /** Sort key (createdAt ISO, id) of the last row of the previous page; newest first. */
  before: [createdAt: string, id: string] | null;
  limit: number;
}

/** API keys visible to the transaction's actor (RLS scopes them), newest first. */
export async function listApiKeys(trx: Knex.Transaction, filter: ApiKeyListFilter): Promise<ApiKeyRow[]> {
  // Keyed on milliseconds: the cursor carries a JS timestamp, and microseconds would make rows of the
  // same millisecond fall between pages.
  const query = trx('api_keys')
    .select(COLUMNS)
    .orderByRaw(`${CREATED_MS} DESC, id DESC`)
    .limit(filter.limit);
  if (filter.tenantId) query.where('tenantId', filter.tenantId);
  if (filter.organizationId) query.where('organizationId', filter.organizationId);
  if (filter.before) query.whereRaw(`(${CREATED_MS}, id) < (?::timestamptz, ?::uuid)`, filter.before);
  return (await query) as ApiKeyRow[];
}

export async function findApiKey(trx: Knex.Transaction, id: string): Promise<ApiKeyRow | undefined> {
  return (await trx('api_keys').select(COLUMNS).where({ id }).first()) as ApiKeyRow | undefined;
}

export async function markApiKeyRevoked(trx: Knex.Transaction, id: string): Promise<void> {
  await trx('api_keys').where({ id }).whereNull('revokedAt').update({ revokedAt: trx.fn.now() });
}

export interface ApiKeyLookup {
  id: string;
  tenantId: string;
  organizationId: string | null;
  scopes: string[];
  tenantStatus: 'active' | 'suspended';
}

/**
 * An unrevoked key by its hash, marking it used, through the SECURITY DEFINER function (the caller
 * has no RLS identity yet).
 */
export async function useApiKey(db: Knex, keyHash: string): Promise<ApiKeyLookup | null> {
  const { rows } = await db.raw('SELECT * FROM auth_use_api_key(?)', [keyHash]);
  const r = rows[0];
  return r ? { id: r.id, tenantId: r.tenant_id, organizationId: r.organization_id, scopes: r.scopes, tenantStatus: r.tenant_status } : null;
}

/** Whether the tenant exists and the transaction's actor can see it. */
export async function isTenantVisible(trx: Knex.Transaction, tenantId: string): Promise<boolean> {
  return Boolean(await trx('tenants').where({ id: tenantId }).first('id'));
}
