import type { Knex } from 'knex';
import { UserModel } from '../users/user.model.ts';
import type { Role } from '../access/roles.ts';

export interface LoginRecord {
  id: string;
  passwordHash: string;
  role: Role;
  tenantId: string | null;
  organizationId: string | null;
  isActive: boolean;
}

export interface Principal {
  id: string;
  role: Role;
  tenantId: string | null;
  organizationId: string | null;
  isActive: boolean;
  passwordChangedAt: Date;
  tenantStatus: 'active' | 'suspended' | null;
}

/** Login lookup through the narrow SECURITY DEFINER function (the caller has no identity yet). */
export async function findLoginRecord(db: Knex | Knex.Transaction, email: string): Promise<LoginRecord | null> {
  const { rows } = await db.raw('SELECT * FROM auth_user_by_email(?)', [email]);
  const r = rows[0];
  return r ? { id: r.id, passwordHash: r.password_hash, role: r.role, tenantId: r.tenant_id, organizationId: r.organization_id, isActive: r.is_active } : null;
}

/** Current role and membership of a user; the truth a request acts on, whatever its token claims. */
export async function findPrincipal(db: Knex | Knex.Transaction, userId: string): Promise<Principal | null> {
  const { rows } = await db.raw('SELECT * FROM auth_principal(?)', [userId]);
  const r = rows[0];
  return r
    ? { id: r.id, role: r.role, tenantId: r.tenant_id, organizationId: r.organization_id, isActive: r.is_active, passwordChangedAt: r.password_changed_at, tenantStatus: r.tenant_status }
    : null;
}

export interface RefreshLookup {
  familyId: string;
  userId: string;
  isCurrent: boolean;
}

export async function findRefreshFamily(db: Knex | Knex.Transaction, tokenHash: string): Promise<RefreshLookup | null> {
  const { rows } = await db.raw('SELECT * FROM auth_refresh_family(?)', [tokenHash]);
  const r = rows[0];
  return r ? { familyId: r.family_id, userId: r.user_id, isCurrent: r.is_current } : null;
}

export async function createRefreshFamily(trx: Knex.Transaction, input: { userId: string; tenantId: string | null; tokenHash: string; expiresAt: Date }): Promise<string> {
  const [row] = await trx('refresh_token_families')
    .insert({ userId: input.userId, tenantId: input.tenantId, currentTokenHash: input.tokenHash, expiresAt: input.expiresAt })
    .returning('id');
  return row.id;
}

export interface RefreshFamilyRow {
  id: string;
  userId: string;
  currentTokenHash: string;
  expiresAt: Date;
  revokedAt: Date | null;
}

export async function lockRefreshFamily(trx: Knex.Transaction, familyId: string): Promise<RefreshFamilyRow | null> {
  // The app knex maps snake_case columns to camelCase on the way out.
  const row = await trx('refresh_token_families').where({ id: familyId }).forUpdate().first('id', 'userId', 'currentTokenHash', 'expiresAt', 'revokedAt');
  return (row as RefreshFamilyRow | undefined) ?? null;
}

/** Moves the family to a new token and remembers the old one, so its reuse can be recognised. */
export async function rotateRefreshFamily(trx: Knex.Transaction, family: RefreshFamilyRow, newHash: string, expiresAt: Date): Promise<void> {
  await trx('refresh_tokens_used').insert({ tokenHash: family.currentTokenHash, familyId: family.id, userId: family.userId });
  await trx('refresh_token_families')
    .where({ id: family.id })
    .update({ currentTokenHash: newHash, expiresAt, lastUsedAt: trx.fn.now(), generation: trx.raw('generation + 1') });
}

export async function revokeRefreshFamily(trx: Knex.Transaction, familyId: string, reason: string): Promise<void> {
  await trx('refresh_token_families').where({ id: familyId }).whereNull('revokedAt').update({ revokedAt: trx.fn.now(), revokedReason: reason });
}

export async function revokeAllRefreshFamilies(trx: Knex.Transaction, userId: string, reason: string): Promise<void> {
  await trx('refresh_token_families').where({ userId }).whereNull('revokedAt').update({ revokedAt: trx.fn.now(), revokedReason: reason });
}

export async function insertIndividualUser(trx: Knex.Transaction, input: { id: string; email: string; displayName: string; passwordHash: string }): Promise<UserModel> {
  return UserModel.query(trx).insert({ ...input, role: 'user' }).returning('*');
}

export async function findUserById(trx: Knex.Transaction, userId: string): Promise<UserModel | undefined> {
  return UserModel.query(trx).findById(userId);
}

export async function updatePasswordHash(trx: Knex.Transaction, userId: string, passwordHash: string): Promise<void> {
  await UserModel.query(trx).findById(userId).patch({ passwordHash, passwordChangedAt: new Date(), updatedAt: new Date() });
}

export async function touchLastLogin(trx: Knex.Transaction, userId: string): Promise<void> {
  await UserModel.query(trx).findById(userId).patch({ lastLoginAt: new Date() });
}
