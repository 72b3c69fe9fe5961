import type { Knex } from 'knex';

export interface NewAdminEmbedTokenRow {
  jti: string;
  userId: string;
  tenantId: string | null;
  widgets: string[];
  origins: string[];
  expiresAt: Date;
}

export async function insertAdminEmbedToken(trx: Knex.Transaction, row: NewAdminEmbedTokenRow): Promise<void> {
  await trx('admin_embed_tokens').insert(row);
}

export interface AdminEmbedTokenRow {
  jti: string;
  userId: string;
  tenantId: string | null;
  revokedAt: Date | null;
}

/** An admin token visible to the transaction's actor (its own admin, its tenant's admins, super admins). */
export async function findAdminEmbedToken(trx: Knex.Transaction, jti: string): Promise<AdminEmbedTokenRow | undefined> {
  return (await trx('admin_embed_tokens').where({ jti }).first('jti', 'userId', 'tenantId', 'revokedAt')) as AdminEmbedTokenRow | undefined;
}

export async function markAdminEmbedTokenRevoked(trx: Knex.Transaction, jti: string): Promise<void> {
  await trx('admin_embed_tokens').where({ jti }).whereNull('revokedAt').update({ revokedAt: trx.fn.now() });
}

/** Revokes a tenant's unexpired admin tokens issued until `at` (the tenant-wide "revoke all"). */
export async function revokeTenantAdminTokens(trx: Knex.Transaction, tenantId: string, at: Date): Promise<number> {
  return trx('admin_embed_tokens').where({ tenantId }).whereNull('revokedAt').where('expiresAt', '>', at).where('createdAt', '<=', at).update({ revokedAt: at });
}

export interface AdminEmbedTokenState {
  userId: string;
  tenantId: string | null;
  revokedAt: Date | null;
  tenantStatus: 'active' | 'suspended' | null;
  tenantOrigins: string[] | null;
}

/** What a request with an admin token re-checks every time (SECURITY DEFINER: no RLS identity yet). */
export async function adminEmbedTokenState(db: Knex, jti: string): Promise<AdminEmbedTokenState | null> {
  const { rows } = await db.raw('SELECT * FROM auth_admin_embed_token(?)', [jti]);
  const r = rows[0];
  return r ? { userId: r.user_id, tenantId: r.tenant_id, revokedAt: r.revoked_at, tenantStatus: r.tenant_status, tenantOrigins: r.tenant_origins } : null;
}
