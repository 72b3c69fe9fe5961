import { Model } from 'objection';

/** A suspended tenant's users can no longer sign in or use their tokens. */
export const TENANT_STATUSES = ['active', 'suspended'] as const;
export type TenantStatus = (typeof TENANT_STATUSES)[number];

export class TenantModel extends Model {
  static override tableName = 'tenants';
  declare id: string;
  declare name: string;
  declare slug: string;
  declare status: TenantStatus;
  declare embedOrigins: string[];
  declare createdAt: Date;
  declare updatedAt: Date;
}
