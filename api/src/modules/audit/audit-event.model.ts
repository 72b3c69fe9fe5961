import { Model } from 'objection';

export class AuditEventModel extends Model {
  static override tableName = 'audit_events';
  declare id: number;
  declare tenantId: string | null;
  declare organizationId: string | null;
  declare actorUserId: string | null;
  declare actorRole: string;
  declare action: string;
  declare targetType: string;
  declare targetId: string | null;
  declare ip: string | null;
  declare details: Record<string, unknown>;
  declare createdAt: Date;
}
