import { Forbidden } from '../../lib/problem.ts';
import type { Actor, Role } from './roles.ts';

/**
 * The permission matrix: for each action, the roles that may perform it and the scope in which
 * they may. One table, used by every route through `assertCan`, and shown to the UI by /v1/me.
 *
 * - platform: anywhere
 * - tenant: targets in the actor's tenant
 * - organization: targets in the actor's organization
 * - self: the actor's own user
 */
export type Scope = 'platform' | 'tenant' | 'organization' | 'self';

export const PERMISSION_MATRIX = {
  'tenants.manage': { super_admin: 'platform' },
  'tenants.read': { super_admin: 'platform', tenant_admin: 'tenant' },
  'platform.stats': { super_admin: 'platform' },
  'users.list': { super_admin: 'platform', tenant_admin: 'tenant', org_admin: 'organization' },
  'users.read': { super_admin: 'platform', tenant_admin: 'tenant', org_admin: 'organization', org_member: 'self', user: 'self' },
  'users.manage': { super_admin: 'platform', tenant_admin: 'tenant' },
  'organizations.list': { super_admin: 'platform', tenant_admin: 'tenant', org_admin: 'organization', org_member: 'organization' },
  'organizations.read': { super_admin: 'platform', tenant_admin: 'tenant', org_admin: 'organization', org_member: 'organization' },
  'organizations.manage': { super_admin: 'platform', tenant_admin: 'tenant' },
  'organizations.settings': { super_admin: 'platform', tenant_admin: 'tenant', org_admin: 'organization' },
  'organizations.assign_users': { super_admin: 'platform', tenant_admin: 'tenant' },
  'organizations.appoint_admins': { super_admin: 'platform', tenant_admin: 'tenant' },
  'tenant.stats': { super_admin: 'platform', tenant_admin: 'tenant' },
  // Organization admins read their tenant's embed origins (their panel shows them); tenant admins
  // replace them (a database trigger lets them change no other column of the tenant).
  'tenant.embed_origins.read': { super_admin: 'platform', tenant_admin: 'tenant', org_admin: 'tenant' },
  'tenant.embed_origins.manage': { super_admin: 'platform', tenant_admin: 'tenant' },
  'members.read': { super_admin: 'platform', tenant_admin: 'tenant', org_admin: 'organization', org_member: 'organization' },
  'members.invite': { super_admin: 'platform', tenant_admin: 'tenant', org_admin: 'organization' },
  'members.remove': { super_admin: 'platform', tenant_admin: 'tenant', org_admin: 'organization' },
  'members.change_role': { super_admin: 'platform', tenant_admin: 'tenant', org_admin: 'organization' },
  'join_token.manage': { super_admin: 'platform', tenant_admin: 'tenant', org_admin: 'organization' },
  'organizations.join': { user: 'self' },
  'audit.read': { super_admin: 'platform', tenant_admin: 'tenant', org_admin: 'organization', org_member: 'self', user: 'self' },
  // Portfolio data (companies, statements, predictions, score jobs, alerts, analytics, exports).
  // Reading follows the data's scope (see data-scope.ts and the policies of the portfolio migration);
  // tenant admins read their tenant's organizations but write only their personal data.
  'portfolio.read': { super_admin: 'platform', tenant_admin: 'tenant', org_admin: 'organization', org_member: 'organization', user: 'self' },
  'portfolio.write': { super_admin: 'platform', tenant_admin: 'self', org_admin: 'organization', org_member: 'organization', user: 'self' },
  'portfolio.write_global': { super_admin: 'platform' },
  'scoring.run': { super_admin: 'self', tenant_admin: 'self', org_admin: 'self', org_member: 'self', user: 'self' },
  'webhooks.manage': { super_admin: 'platform', tenant_admin: 'tenant', org_admin: 'organization' },
  // Embedding (issue 5): server-to-server API keys and the short-lived embed tokens they mint.
  // Org members may mint a token for their own organization (it never reads more than they do).
  'api_keys.manage': { super_admin: 'platform', tenant_admin: 'tenant', org_admin: 'organization' },
  'embed_tokens.issue': { super_admin: 'platform', tenant_admin: 'tenant', org_admin: 'organization', org_member: 'organization' },
  'embed_tokens.revoke': { super_admin: 'platform', tenant_admin: 'tenant', org_admin: 'organization' },
  'account.manage': { super_admin: 'self', tenant_admin: 'self', org_admin: 'self', org_member: 'self', user: 'self' },
} as const satisfies Record<string, Partial<Record<Role, Scope>>>;

export type Action = keyof typeof PERMISSION_MATRIX;
export const ACTIONS = Object.keys(PERMISSION_MATRIX) as Action[];

/** What an action is aimed at; omitted fields are not checked. */
export interface Target {
  tenantId?: string | null;
  orgId?: string | null;
  userId?: string | null;
}

/** The scope in which `actor` may perform `action`, or null. */
export function scopeOf(actor: Pick<Actor, 'role'>, action: Action): Scope | null {
  if (actor.role === 'anonymous') return null;
  const row: Partial<Record<Role, Scope>> = PERMISSION_MATRIX[action];
  return row[actor.role] ?? null;
}

/** True when `actor` may perform `action` on `target`. */
export function can(actor: Actor, action: Action, target: Target = {}): boolean {
  const scope = scopeOf(actor, action);
  switch (scope) {
    case null:
      return false;
    case 'platform':
      return true;
    case 'tenant':
      return actor.tenantId !== null && (target.tenantId === undefined || target.tenantId === actor.tenantId);
    case 'organization':
      return (
        actor.orgId !== null &&
        (target.orgId === undefined || target.orgId === actor.orgId) &&
        (target.tenantId === undefined || target.tenantId === actor.tenantId)
      );
    case 'self':
      return target.userId === undefined || target.userId === actor.userId;
  }
}

/** Throws a 403 problem naming the action when `can` says no. */
export function assertCan(actor: Actor, action: Action, target: Target = {}): void {
  if (!can(actor, action, target)) {
    throw new Forbidden(`Your role (${actor.role}) may not perform "${action}" here.`, { action });
  }
}

/** The actions and their scopes for `actor`, for the UI (GET /v1/me). */
export function permissionsOf(actor: Pick<Actor, 'role'>): { action: Action; scope: Scope }[] {
  return ACTIONS.flatMap((action) => {
    const scope = scopeOf(actor, action);
    return scope ? [{ action, scope }] : [];
  });
}
