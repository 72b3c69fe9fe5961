import { Model } from 'objection';
import type { OrgRole } from '../access/roles.ts';

export class InvitationModel extends Model {
  static override tableName = 'invitations';
  declare id: string;
  declare tenantId: string;
  declare organizationId: string;
  declare email: string;
  declare role: OrgRole;
  declare tokenHash: string;
  declare expiresAt: Date;
  declare invitedBy: string | null;
  declare acceptedAt: Date | null;
  declare acceptedBy: string | null;
  declare revokedAt: Date | null;
  declare createdAt: Date;
}

export class EmailOutboxModel extends Model {
  static override tableName = 'email_outbox';
  declare id: string;
  declare tenantId: string | null;
  declare toEmail: string;
  declare kind: string;
  declare subject: string;
  declare bodyText: string;
  declare createdAt: Date;
  declare sentAt: Date | null;
}
