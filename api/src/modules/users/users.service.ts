import type { Knex } from 'knex';
import { withTenant } from '../../db/with-tenant.ts';
import { decodeCursor, pageLimit, toPage, type Page } from '../../lib/pagination.ts';
import { NotFound, fieldProblem, type Problem } from '../../lib/problem.ts';
import { assertCan, can, scopeOf } from '../access/permissions.ts';
import type { Role, UserActor } from '../access/roles.ts';
import { appendAuditEvent } from '../audit/audit.repository.ts';
import { toUserView, type UserView } from './user.view.ts';
import * as repo from './users.repository.ts';

function userNotFound(userId: string): Problem {
  return new NotFound(`No user ${userId}.`, { userId });
}

export interface UserListQuery {
  tenantId?: string;
  organizationId?: string;
  role?: Role;
  isActive?: boolean;
  q?: string;
  limit?: number;
  cursor?: string;
}

/**
 * Users in the caller's scope: every account for a super admin (optionally one tenant's), the
 * tenant's for a tenant admin, the organization's for an org admin. The scope is applied here and
 * again by RLS, so a filter naming a foreign tenant or organization simply matches nothing.
 */
export async function listUsers(db: Knex, actor: UserActor, query: UserListQuery): Promise<Page<UserView>> {
  assertCan(actor, 'users.list');
  const scope = scopeOf(actor, 'users.list');
  const after = decodeCursor(query.cursor, 2) as [string, string] | null;
  const limit = pageLimit(query.limit);
  const rows = await withTenant(db, actor, (trx) =>
    repo.listUsers(trx, {
      scope: {
        tenantId: scope === 'platform' ? undefined : (actor.tenantId ?? undefined),
        organizationId: scope === 'organization' ? (actor.orgId ?? undefined) : undefined,
      },
      tenantId: query.tenantId,
      organizationId: query.organizationId,
      role: query.role,
      isActive: query.isActive,
      q: query.q,
      after,
      limit: limit + 1,
    }),
  );
  return toPage(rows, limit, (u) => [u.email, u.id], toUserView);
}

/** One user within the caller's `users.read` scope; a user outside it is 404, as if it did not exist. */
export async function getUser(db: Knex, actor: UserActor, userId: string): Promise<UserView> {
  assertCan(actor, 'users.read');
  const user = await withTenant(db, actor, (trx) => repo.findUserById(trx, userId));
  if (!user || !can(actor, 'users.read', { tenantId: user.tenantId, orgId: user.organizationId, userId: user.id })) throw userNotFound(userId);
  return toUserView(user);
}

export interface UpdateUserInput {
  displayName?: string;
  isActive?: boolean;
}

/**
 * Renames, disables or re-enables a user (super admin anywhere, tenant admin in its tenant).
 * Disabling also revokes every refresh-token family of the user in the same transaction; their
 * access tokens stop working at once because authentication re-reads `isActive` on each request.
 */
export async function updateUser(db: Knex, actor: UserActor, userId: string, input: UpdateUserInput): Promise<UserView> {
  assertCan(actor, 'users.manage');
  if (input.isActive === false && userId === actor.userId) throw fieldProblem('/body/isActive', 'you cannot disable your own account');
  return withTenant(db, actor, async (trx) => {
    const before = await repo.findUserById(trx, userId);
    if (!before || !can(actor, 'users.manage', { tenantId: before.tenantId })) throw userNotFound(userId);
    const patch: UpdateUserInput = {};
    if (input.displayName !== undefined) patch.displayName = input.displayName;
    if (input.isActive !== undefined) patch.isActive = input.isActive;
    const user = await repo.updateUser(trx, userId, patch);
    if (!user) throw userNotFound(userId);

    const isDisabling = before.isActive && patch.isActive === false;
    const isEnabling = !before.isActive && patch.isActive === true;
    // Revoke on every disable request, not only on the transition: it is idempotent and closes any
    // family that slipped in while the flag was being flipped.
    const revokedSessions = patch.isActive === false ? await repo.revokeUserSessions(trx, userId, 'user_disabled') : 0;
    await appendAuditEvent(trx, actor, {
      action: isDisabling ? 'user.disabled' : isEnabling ? 'user.enabled' : 'user.updated',
      targetType: 'user',
      targetId: userId,
      tenantId: user.tenantId,
      organizationId: user.organizationId,
      details: { changes: patch, ...(patch.isActive === false ? { revokedSessions } : {}) },
    });
    return toUserView(user);
  });
}
