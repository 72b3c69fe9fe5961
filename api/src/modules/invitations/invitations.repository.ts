import type { Knex } from 'knex';
import type { OrgRole } from '../access/roles.ts';
import { EmailOutboxModel, InvitationModel } from './invitation.model.ts';

export const INVITATION_STATUSES = ['pending', 'accepted', 'revoked', 'expired'] as const;
export type InvitationStatus = (typeof INVITATION_STATUSES)[number];

export interface NewInvitation {
  tenantId: string;
  organizationId: string;
  email: string;
  role: OrgRole;
  tokenHash: string;
  expiresAt: Date;
  invitedBy: string;
}

export async function insertInvitation(trx: Knex.Transaction, input: NewInvitation): Promise<InvitationModel> {
  return InvitationModel.query(trx).insert(input).returning('*');
}

/** Revokes the pending invitations of one email to one organization (a new invitation replaces them). */
export async function revokePendingInvitationsFor(trx: Knex.Transaction, organizationId: string, email: string): Promise<number> {
  return InvitationModel.query(trx)
    .where({ organizationId, email })
    .whereNull('acceptedAt')
    .whereNull('revokedAt')
    .where('expiresAt', '>', trx.fn.now())
    .patch({ revokedAt: new Date() });
}

export interface InvitationListFilter {
  organizationId: string;
  status?: InvitationStatus;
  /** Id of the last invitation of the previous page. */
  afterId: string | null;
  limit: number;
}

/** An organization's invitations visible to the actor, newest first (created_at, id as a stable keyset). */
export async function listInvitations(trx: Knex.Transaction, filter: InvitationListFilter): Promise<InvitationModel[]> {
  const query = InvitationModel.query(trx)
    .where('organizationId', filter.organizationId)
    .orderBy([{ column: 'createdAt', order: 'desc' }, { column: 'id', order: 'desc' }])
    .limit(filter.limit);
  switch (filter.status) {
    case 'accepted':
      query.whereNotNull('acceptedAt');
      break;
    case 'revoked':
      query.whereNull('acceptedAt').whereNotNull('revokedAt');
      break;
    case 'expired':
      query.whereNull('acceptedAt').whereNull('revokedAt').where('expiresAt', '<=', trx.fn.now());
      break;
    case 'pending':
      query.whereNull('acceptedAt').whereNull('revokedAt').where('expiresAt', '>', trx.fn.now());
      break;
  }
  // The cursor is an id; comparing against that row's own key keeps timestamp precision exact.
  if (filter.afterId) {
    query.whereRaw('(created_at, id) < (SELECT c.created_at, c.id FROM invitations c WHERE c.id = ?::uuid)', [filter.afterId]);
  }
  return query;
}

export async function findInvitation(trx: Knex.Transaction, organizationId: string, invitationId: string): Promise<InvitationModel | undefined> {
  return InvitationModel.query(trx).findOne({ id: invitationId, organizationId });
}

export async function revokeInvitation(trx: Knex.Transaction, invitationId: string): Promise<boolean> {
  const updated = await InvitationModel.query(trx).where('id', invitationId).whereNull('acceptedAt').whereNull('revokedAt').patch({ revokedAt: new Date() });
  return updated > 0;
}

export interface InvitationLookup {
  id: string;
  tenantId: string;
  organizationId: string;
  email: string;
  role: OrgRole;
  expiresAt: Date;
  acceptedAt: Date | null;
  revokedAt: Date | null;
}

/** Pre-authorisation lookup by token hash (SECURITY DEFINER: the invitee cannot see invitations). */
export async function findInvitationByTokenHash(db: Knex | Knex.Transaction, tokenHash: string): Promise<InvitationLookup | null> {
  const { rows } = await db.raw('SELECT * FROM auth_invitation(?)', [tokenHash]);
  const r = rows[0];
  return r
    ? { id: r.id, tenantId: r.tenant_id, organizationId: r.organization_id, email: r.email, role: r.role, expiresAt: r.expires_at, acceptedAt: r.accepted_at, revokedAt: r.revoked_at }
    : null;
}

/**
 * Marks the invitation accepted by the transaction's own user through the narrow SECURITY DEFINER
 * function; false when it is no longer pending or not addressed to that user's email.
 */
export async function markInvitationAccepted(trx: Knex.Transaction, invitationId: string, userId: string): Promise<boolean> {
  const { rows } = await trx.raw('SELECT mark_invitation_accepted(?::uuid, ?::uuid) AS ok', [invitationId, userId]);
  return rows[0]?.ok === true;
}

/** Queues an email in the outbox; delivery is another process's job. No RETURNING: only super admins read the outbox. */
export async function queueEmail(trx: Knex.Transaction, input: { tenantId: string; toEmail: string; kind: string; subject: string; bodyText: string }): Promise<void> {
  await trx(EmailOutboxModel.tableName).insert(input);
}
