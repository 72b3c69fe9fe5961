import type { Knex } from 'knex';
import { containsPattern } from '../../lib/pagination.ts';
import type { Role } from '../access/roles.ts';
import { UserModel } from './user.model.ts';

export interface UserListFilter {
  /** The caller's scope, ANDed with every other filter (RLS applies on top). */
  scope: { tenantId?: string; organizationId?: string };
  tenantId?: string;
  organizationId?: string;
  role?: Role;
  isActive?: boolean;
  q?: string;
  /** Sort key (email, id) of the last row of the previous page. */
  after: [email: string, id: string] | null;
  limit: number;
}

/** Users visible to the transaction's actor, ordered by email then id (a stable keyset). */
export async function listUsers(trx: Knex.Transaction, filter: UserListFilter): Promise<UserModel[]> {
  const query = UserModel.query(trx).orderBy([{ column: 'email' }, { column: 'id' }]).limit(filter.limit);
  if (filter.scope.tenantId) query.where('tenantId', filter.scope.tenantId);
  if (filter.scope.organizationId) query.where('organizationId', filter.scope.organizationId);
  if (filter.tenantId) query.where('tenantId', filter.tenantId);
  if (filter.organizationId) query.where('organizationId', filter.organizationId);
  if (filter.role) query.where('role', filter.role);
  if (filter.isActive !== undefined) query.where('isActive', filter.isActive);
  if (filter.q) {
    const pattern = containsPattern(filter.q);
    query.where((w) => w.where('email', 'ilike', pattern).orWhere('displayName', 'ilike', pattern));
  }
  if (filter.after) query.whereRaw('(email, id) > (?::citext, ?::uuid)', filter.after);
  return query;
}

export async function findUserById(trx: Knex.Transaction, userId: string): Promise<UserModel | undefined> {
  return UserModel.query(trx).findById(userId);
}

/** Finds a user by email among those the actor may see (a super admin sees every account). */
export async function findUserByEmail(trx: Knex.Transaction, email: string): Promise<UserModel | undefined> {
  return UserModel.query(trx).findOne({ email });
}

export interface NewUser {
  email: string;
  displayName: string;
  passwordHash: string;
  role: Role;
  tenantId: string | null;
  organizationId: string | null;
}

export async function insertUser(trx: Knex.Transaction, input: NewUser): Promise<UserModel> {
  return UserModel.query(trx).insert(input).returning('*');
}

export async function updateUser(trx: Knex.Transaction, userId: string, patch: { displayName?: string; isActive?: boolean }): Promise<UserModel | undefined> {
  const rows = await UserModel.query(trx).where('id', userId).patch({ ...patch, updatedAt: new Date() }).returning('*');
  return (rows as unknown as UserModel[])[0];
}

/**
 * Revokes every live refresh-token family of a user through the narrow SECURITY DEFINER function
 * (the families' policy only admits their owner); the function re-checks the caller's scope.
 * Returns how many families were revoked.
 */
export async function revokeUserSessions(trx: Knex.Transaction, userId: string, reason: string): Promise<number> {
  const { rows } = await trx.raw('SELECT revoke_user_sessions(?::uuid, ?) AS revoked', [userId, reason]);
  return Number(rows[0]?.revoked ?? 0);
}
