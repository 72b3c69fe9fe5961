import { Model } from 'objection';

export class OrganizationModel extends Model {
  static override tableName = 'organizations';
  declare id: string;
  declare tenantId: string;
  declare name: string;
  declare memberCap: number | null;
  declare allowGlobalData: boolean;
  declare alertPdChangeThreshold: number;
  declare joinTokenHash: string | null;
  declare joinTokenExpiresAt: Date | null;
  declare joinTokenEnabled: boolean;
  declare joinTokenCreatedAt: Date | null;
  declare emailAllowList: string[];
  declare createdAt: Date;
  declare updatedAt: Date;
}
