import type { Knex } from 'knex';
import { OrganizationModel } from './organization.model.ts';

/** An organization row with its current member count (every member, whatever the caller may see). */
export interface OrganizationRow extends OrganizationModel {
  memberCount: number;
}

function withMemberCount(trx: Knex.Transaction) {
  // org_member_count is SECURITY DEFINER: an org member's policies show them their own organization's
  // users, but a cap is about everyone, and the count reveals no row.
  return OrganizationModel.query(trx).select('organizations.*', trx.raw('org_member_count(organizations.id) AS member_count'));
}

export interface OrganizationListFilter {
  tenantId?: string;
  /** Set for org-scoped callers: only their own organization (RLS enforces the same). */
  organizationId?: string;
  /** Sort key (name, id) of the last row of the previous page. */
  after: [name: string, id: string] | null;
  limit: number;
}

/** Organizations visible to the transaction's actor, ordered by name then id (a stable keyset). */
export async function listOrganizations(trx: Knex.Transaction, filter: OrganizationListFilter): Promise<OrganizationRow[]> {
  const query = withMemberCount(trx).orderBy([{ column: 'name' }, { column: 'id' }]).limit(filter.limit);
  if (filter.tenantId) query.where('tenantId', filter.tenantId);
  if (filter.organizationId) query.where('id', filter.organizationId);
  if (filter.after) query.whereRaw('(name, id) > (?, ?::uuid)', filter.after);
  return (await query) as OrganizationRow[];
}

/** The organization if the transaction's actor may see it. */
export async function findOrganization(trx: Knex.Transaction, organizationId: string): Promise<OrganizationRow | undefined> {
  return (await withMemberCount(trx).findById(organizationId)) as OrganizationRow | undefined;
}

export interface NewOrganization {
  tenantId: string;
  name: string;
  memberCap: number | null;
  allowGlobalData: boolean;
  emailAllowList: string[];
}

export async function insertOrganization(trx: Knex.Transaction, input: NewOrganization): Promise<OrganizationModel> {
  return OrganizationModel.query(trx).insert(input).returning('*');
}

export async function findOrganizationByName(trx: Knex.Transaction, tenantId: string, name: string): Promise<OrganizationModel | undefined> {
  return OrganizationModel.query(trx).findOne({ tenantId, name });
}

export interface OrganizationPatch {
  name?: string;
  memberCap?: number | null;
  allowGlobalData?: boolean;
  alertPdChangeThreshold?: number;
  emailAllowList?: string[];
}

/** Applies a patch; returns false when the row is not visible or not writable for the actor. */
export async function updateOrganization(trx: Knex.Transaction, organizationId: string, patch: OrganizationPatch): Promise<boolean> {
  const updated = await OrganizationModel.query(trx).where('id', organizationId).patch({ ...patch, updatedAt: new Date() });
  return updated > 0;
}

export async function deleteOrganization(trx: Knex.Transaction, organizationId: string): Promise<boolean> {
  return (await OrganizationModel.query(trx).deleteById(organizationId)) > 0;
}

/**
 * Serialises every change of one organization's membership (joins, moves, removals, deletion) until
 * the transaction ends, so the member-cap check and the write that follows it cannot interleave with
 * another. An advisory lock rather than SELECT ... FOR UPDATE because a joining user's policies let
 * them read the organization but not lock it.
 */
export async function lockMembership(trx: Knex.Transaction, organizationId: string): Promise<void> {
  await trx.raw(`SELECT pg_advisory_xact_lock(hashtextextended('org-membership:' || ?::text, 0))`, [organizationId]);
}

/** Current number of members (org admins and org members), seen past the caller's policies. */
export async function countMembers(trx: Knex.Transaction, organizationId: string): Promise<number> {
  const { rows } = await trx.raw('SELECT org_member_count(?::uuid) AS n', [organizationId]);
  return Number(rows[0]?.n ?? 0);
}

export async function setJoinToken(trx: Knex.Transaction, organizationId: string, tokenHash: string, expiresAt: Date): Promise<OrganizationModel | undefined> {
  const rows = await OrganizationModel.query(trx)
    .where('id', organizationId)
    .patch({ joinTokenHash: tokenHash, joinTokenExpiresAt: expiresAt, joinTokenEnabled: true, joinTokenCreatedAt: new Date(), updatedAt: new Date() })
    .returning('*');
  return (rows as unknown as OrganizationModel[])[0];
}

/** Disables the join token and forgets its hash, so the old token can never work again. */
export async function disableJoinToken(trx: Knex.Transaction, organizationId: string): Promise<boolean> {
  const updated = await OrganizationModel.query(trx)
    .where('id', organizationId)
    .patch({ joinTokenHash: null, joinTokenEnabled: false, updatedAt: new Date() });
  return updated > 0;
}

export interface JoinTokenLookup {
  organizationId: string;
  tenantId: string;
  expiresAt: Date | null;
  isEnabled: boolean;
}

/** Pre-authorisation lookup of a join token by its hash (SECURITY DEFINER: the joiner cannot see the org yet). */
export async function findJoinToken(db: Knex | Knex.Transaction, tokenHash: string): Promise<JoinTokenLookup | null> {
  const { rows } = await db.raw('SELECT * FROM auth_join_token(?)', [tokenHash]);
  const r = rows[0];
  return r ? { organizationId: r.organization_id, tenantId: r.tenant_id, expiresAt: r.expires_at, isEnabled: r.enabled } : null;
}
