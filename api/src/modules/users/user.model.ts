import { Model } from 'objection';
import type { Role } from '../access/roles.ts';

export class UserModel extends Model {
  static override tableName = 'users';
  declare id: string;
  declare email: string;
  declare displayName: string;
  declare passwordHash: string;
  declare role: Role;
  declare tenantId: string | null;
  declare organizationId: string | null;
  declare isActive: boolean;
  declare passwordChangedAt: Date;
  declare lastLoginAt: Date | null;
  declare createdAt: Date;
  declare updatedAt: Date;
}
