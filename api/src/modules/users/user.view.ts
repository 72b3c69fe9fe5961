import type { UserModel } from './user.model.ts';

/** The public shape of a user (schema User): never the password hash. */
export function toUserView(user: UserModel) {
  return {
    id: user.id,
    email: user.email,
    displayName: user.displayName,
    role: user.role,
    tenantId: user.tenantId,
    organizationId: user.organizationId,
    isActive: user.isActive,
    lastLoginAt: user.lastLoginAt ? new Date(user.lastLoginAt).toISOString() : null,
    createdAt: new Date(user.createdAt).toISOString(),
  };
}
export type UserView = ReturnType<typeof toUserView>;
