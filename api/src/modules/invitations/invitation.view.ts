import type { InvitationModel } from './invitation.model.ts';
import type { InvitationStatus } from './invitations.repository.ts';

export function invitationStatus(inv: Pick<InvitationModel, 'acceptedAt' | 'revokedAt' | 'expiresAt'>, now = new Date()): InvitationStatus {
  if (inv.acceptedAt) return 'accepted';
  if (inv.revokedAt) return 'revoked';
  return new Date(inv.expiresAt).getTime() <= now.getTime() ? 'expired' : 'pending';
}

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

/** The public shape of an invitation (schema Invitation): never the token or its hash. */
export function toInvitationView(inv: InvitationModel) {
  return {
    id: inv.id,
    organizationId: inv.organizationId,
    email: inv.email,
    role: inv.role,
    status: invitationStatus(inv),
    expiresAt: new Date(inv.expiresAt).toISOString(),
    invitedBy: inv.invitedBy,
    acceptedAt: iso(inv.acceptedAt),
    acceptedBy: inv.acceptedBy,
    revokedAt: iso(inv.revokedAt),
    createdAt: new Date(inv.createdAt).toISOString(),
  };
}
export type InvitationView = ReturnType<typeof toInvitationView>;
