import { Forbidden, fieldProblem } from '../../lib/problem.ts';
import { assertCan } from '../access/permissions.ts';
import type { UserActor } from '../access/roles.ts';

/** Who may see a portfolio row: its owner, its organization, or everyone allowed global data. */
export const DATA_SCOPES = ['personal', 'organization', 'global'] as const;
export type DataScope = (typeof DATA_SCOPES)[number];

/** The four scope columns every portfolio table carries (see the portfolio migration's policies). */
export interface ScopeColumns {
  scope: DataScope;
  tenantId: string | null;
  organizationId: string | null;
  ownerUserId: string | null;
}

/** The same columns in the database's snake_case, for raw and bulk inserts. */
export function scopeRow(columns: ScopeColumns): { scope: DataScope; tenant_id: string | null; organization_id: string | null; owner_user_id: string | null } {
  return { scope: columns.scope, tenant_id: columns.tenantId, organization_id: columns.organizationId, owner_user_id: columns.ownerUserId };
}

/** The scope new data goes to when the caller does not say: their organization, else global for super admins, else personal. */
export function defaultScopeOf(actor: UserActor): DataScope {
  if (actor.orgId) return 'organization';
  if (actor.role === 'super_admin') return 'global';
  return 'personal';
}

/**
 * The scope columns for data `actor` writes into `requested` (or their default scope), or a 403
 * naming why. The row-level policies draw the same lines; this gives the caller a clear answer
 * instead of a policy violation.
 */
export function writeScopeFor(actor: UserActor, requested: DataScope | undefined, pointer = '/body/scope'): ScopeColumns {
  assertCan(actor, 'portfolio.write');
  const scope = requested ?? defaultScopeOf(actor);
  switch (scope) {
    case 'personal':
      return { scope, tenantId: actor.tenantId, organizationId: null, ownerUserId: actor.userId };
    case 'organization':
      if (!actor.orgId || (actor.role !== 'org_admin' && actor.role !== 'org_member')) {
        throw new Forbidden('Only members of an organization may write organization data; you have no organization.', {
          action: 'portfolio.write',
          errors: [{ pointer, detail: 'organization scope needs an organization' }],
        });
      }
      return { scope, tenantId: actor.tenantId, organizationId: actor.orgId, ownerUserId: null };
    case 'global':
      assertCan(actor, 'portfolio.write_global');
      return { scope, tenantId: null, organizationId: null, ownerUserId: null };
    default:
      throw fieldProblem(pointer, `must be one of ${DATA_SCOPES.join(', ')}`);
  }
}
