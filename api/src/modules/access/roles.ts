/** The five roles, from the platform down to the individual user with no organization. */
export const ROLES = ['super_admin', 'tenant_admin', 'org_admin', 'org_member', 'user'] as const;
export type Role = (typeof ROLES)[number];

/** Roles an organization admin may give through an invitation or a role change. */
export const ORG_ROLES = ['org_admin', 'org_member'] as const;
export type OrgRole = (typeof ORG_ROLES)[number];

/**
 * Who is calling, passed explicitly to every service (services never read `req`).
 * `anonymous` is used before authentication (register, login, refresh).
 */
export interface Actor {
  userId: string | null;
  role: Role | 'anonymous';
  tenantId: string | null;
  orgId: string | null;
  ip: string | null;
  requestId: string | null;
}

/** An authenticated actor. */
export interface UserActor extends Actor {
  userId: string;
  role: Role;
}

export function anonymousActor(ip: string | null = null, requestId: string | null = null): Actor {
  return { userId: null, role: 'anonymous', tenantId: null, orgId: null, ip, requestId };
}

export function isUserActor(actor: Actor): actor is UserActor {
  return actor.userId !== null && actor.role !== 'anonymous';
}
