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
  /** Set only for a request made with an embed token: the rows it may see (enforced by RLS, see with-tenant.ts). */
  embed?: EmbedRowScope;
}

/**
 * What an embed token may read, on top of its organization: the organization's whole portfolio, or
 * only some of its companies. Carried on the actor so every transaction of the request applies it.
 */
export type EmbedRowScope = { mode: 'portfolio' } | { mode: 'companies'; companyIds: readonly string[] };

/**
 * The user id of every embed-token actor. No user has it, so personal-scope rows, audit history and
 * anything keyed on the caller's own id stay out of reach of an embed token.
 */
export const EMBED_ACTOR_USER_ID = '00000000-0000-0000-0000-000000000000';

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
