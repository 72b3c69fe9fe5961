import type { Knex } from 'knex';

export interface NewEmbedTokenRow {
  jti: string;
  tenantId: string;
  organizationId: string;
  userRef: string;
  widgets: string[];
  companyIds: string[] | null;
  readOnly: boolean;
  origins: string[];
  apiKeyId: string | null;
  createdBy: string | null;
  expiresAt: Date;
}

/** Records an issued token (plain insert: an org member may mint but the row is all we need). */
export async function insertEmbedToken(trx: Knex.Transaction, row: NewEmbedTokenRow): Promise<void> {
  await trx('embed_tokens').insert(row);
}

export interface EmbedTokenRow {
  jti: string;
  tenantId: string;
  organizationId: string;
  revokedAt: Date | null;
  expiresAt: Date;
}

/** An issued token visible to the transaction's actor (RLS scopes it to the tenant or organization). */
export async function findEmbedToken(trx: Knex.Transaction, jti: string): Promise<EmbedTokenRow | undefined> {
  return (await trx('embed_tokens').where({ jti }).first('jti', 'tenantId', 'organizationId', 'revokedAt', 'expiresAt')) as EmbedTokenRow | undefined;
}

export async function markEmbedTokenRevoked(trx: Knex.Transaction, jti: string): Promise<void> {
  await trx('embed_tokens').where({ jti }).whereNull('revokedAt').update({ revokedAt: trx.fn.now() });
}

/** Revokes every unexpired token of the tenant (or one organization) issued until now; returns how many and when. */
export async function revokeIssuedTokens(trx: Knex.Transaction, filter: { tenantId: string; organizationId?: string }): Promise<{ count: number; at: Date }> {
  const { rows } = await trx.raw('SELECT now() AS at');
  const at = rows[0].at as Date;
  const query = trx('embed_tokens').where({ tenantId: filter.tenantId }).whereNull('revokedAt').where('expiresAt', '>', at).where('createdAt', '<=', at);
  if (filter.organizationId) query.where({ organizationId: filter.organizationId });
  const count = await query.update({ revokedAt: at });
  return { count, at };
}

/** Ids among `companyIds` that are visible to the transaction's actor (run it under the token's own row scope). */
export async function visibleCompanyIds(trx: Knex.Transaction, companyIds: string[]): Promise<string[]> {
  const rows = (await trx('companies').whereIn('id', companyIds).select('id')) as { id: string }[];
  return rows.map((r) => r.id);
}

/** The embed origins of a tenant visible to the transaction's actor, or null. */
export async function tenantEmbedOrigins(trx: Knex.Transaction, tenantId: string): Promise<string[] | null> {
  const row = (await trx('tenants').where({ id: tenantId }).first('embedOrigins')) as { embedOrigins: string[] } | undefined;
  return row ? row.embedOrigins : null;
}

export interface EmbedTokenState {
  tenantId: string;
  organizationId: string;
  revokedAt: Date | null;
  tenantStatus: 'active' | 'suspended';
  tenantOrigins: string[];
}

/** What a request with an embed token re-checks every time (SECURITY DEFINER: no RLS identity yet). */
export async function embedTokenState(db: Knex, jti: string): Promise<EmbedTokenState | null> {
  const { rows } = await db.raw('SELECT * FROM auth_embed_token(?)', [jti]);
  const r = rows[0];
  return r ? { tenantId: r.tenant_id, organizationId: r.organization_id, revokedAt: r.revoked_at, tenantStatus: r.tenant_status, tenantOrigins: r.tenant_origins } : null;
}

/** Whether some active tenant embeds from `origin` (for CORS preflights, which carry no token). */
export async function isEmbedOriginAllowed(db: Knex, origin: string): Promise<boolean> {
  const { rows } = await db.raw('SELECT embed_origin_allowed(?) AS allowed', [origin]);
  return rows[0]?.allowed === true;
}
