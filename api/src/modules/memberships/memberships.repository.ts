import type { Knex } from 'knex';
import type { Role } from '../access/roles.ts';
import { UserModel } from '../users/user.model.ts';

/** Members of an organization visible to the actor, ordered by email then id (a stable keyset). */
export async function listMembers(trx: Knex.Transaction, organizationId: string, after: [email: string, id: string] | null, limit: number): Promise<UserModel[]> {
  const query = UserModel.query(trx).where('organizationId', organizationId).orderBy([{ column: 'email' }, { column: 'id' }]).limit(limit);
  if (after) query.whereRaw('(email, id) > (?::citext, ?::uuid)', after);
  return query;
}

export async function findMember(trx: Knex.Transaction, organizationId: string, userId: string): Promise<UserModel | undefined> {
  return UserModel.query(trx).findOne({ id: userId, organizationId });
}

export async function findUser(trx: Knex.Transaction, userId: string): Promise<UserModel | undefined> {
  return UserModel.query(trx).findById(userId);
}

export async function countOrgAdmins(trx: Knex.Transaction, organizationId: string): Promise<number> {
  const row = (await UserModel.query(trx).where({ organizationId, role: 'org_admin' }).count('* as n').first()) as unknown as { n: number } | undefined;
  return Number(row?.n ?? 0);
}

export interface Membership {
  role: Role;
  tenantId: string | null;
  organizationId: string | null;
}

/**
 * Moves a user to `to`, only if they still hold `from` (so a concurrent change makes this a no-op
 * the service reports). The new row must stay visible to the actor (PostgreSQL checks it against the
 * SELECT policies), which holds for moves, role changes and joins, but not removals: see releaseMember.
 */
export async function changeMembership(trx: Knex.Transaction, userId: string, from: Membership, to: Membership): Promise<boolean> {
  const updated = await UserModel.query(trx)
    .where({ id: userId, role: from.role })
    .where((w) => (from.organizationId ? w.where('organizationId', from.organizationId) : w.whereNull('organizationId')))
    .patch({ ...to, updatedAt: new Date() });
  return updated > 0;
}

/**
 * Turns a member of `organizationId` back into an individual user through the narrow SECURITY
 * DEFINER function (a plain UPDATE cannot: the resulting row is invisible to the admin making it).
 * False when the user is not, or no longer, a member of that organization.
 */
export async function releaseMember(trx: Knex.Transaction, userId: string, organizationId: string): Promise<boolean> {
  const { rows } = await trx.raw('SELECT release_org_member(?::uuid, ?::uuid) AS ok', [userId, organizationId]);
  return rows[0]?.ok === true;
}
