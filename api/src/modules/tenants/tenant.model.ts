import { Model } from 'objection';

export class TenantModel extends Model {
  static override tableName = 'tenants';
  declare id: string;
  declare name: string;
  declare slug: string;
  declare status: 'active' | 'suspended';
  declare embedOrigins: string[];
  declare createdAt: Date;
  declare updatedAt: Date;
}
