import type { Knex } from 'knex';
import { withTenant } from '../../db/with-tenant.ts';
import { NotFound } from '../../lib/problem.ts';
import { assertCan } from '../access/permissions.ts';
import type { UserActor } from '../access/roles.ts';
import { appendAuditEvent } from '../audit/audit.repository.ts';
import { hashToken, randomToken } from '../auth/secrets.ts';
import { loadOrganization, targetOf } from './organizations.service.ts';
import * as repo from './organizations.repository.ts';

export interface JoinTokenStatus {
  enabled: boolean;
  expired: boolean;
  expiresAt: string | null;
  createdAt: string | null;
}

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

/**
 * Makes a new join token for the organization, replacing (and so invalidating) any previous one.
 * The token is returned here once; only its hash is stored.
 */
export async function createJoinToken(
  db: Knex,
  actor: UserActor,
  organizationId: string,
  input: { expiresInHours?: number },
  defaultTtlHours: number,
): Promise<{ token: string; expiresAt: string; createdAt: string }> {
  return withTenant(db, actor, async (trx) => {
    const org = await loadOrganization(trx, organizationId);
    assertCan(actor, 'join_token.manage', targetOf(org));
    const token = randomToken('join');
    const expiresAt = new Date(Date.now() + (input.expiresInHours ?? defaultTtlHours) * 3600 * 1000);
    const updated = await repo.setJoinToken(trx, org.id, hashToken(token), expiresAt);
    if (!updated) throw new NotFound('No such organization.');
    await appendAuditEvent(trx, actor, {
      action: 'organization.join_token_created',
      targetType: 'organization',
      targetId: org.id,
      tenantId: org.tenantId,
      organizationId: org.id,
      details: { expiresAt: expiresAt.toISOString(), replacedPrevious: org.joinTokenHash !== null },
    });
    return { token, expiresAt: expiresAt.toISOString(), createdAt: new Date(updated.joinTokenCreatedAt ?? Date.now()).toISOString() };
  });
}

/** Whether the organization has a usable join token, and since/until when; never the token. */
export async function getJoinTokenStatus(db: Knex, actor: UserActor, organizationId: string): Promise<JoinTokenStatus> {
  return withTenant(db, actor, async (trx) => {
    const org = await loadOrganization(trx, organizationId);
    assertCan(actor, 'join_token.manage', targetOf(org));
    const enabled = org.joinTokenEnabled && org.joinTokenHash !== null;
    return {
      enabled,
      expired: enabled && org.joinTokenExpiresAt !== null && new Date(org.joinTokenExpiresAt).getTime() <= Date.now(),
      expiresAt: enabled ? iso(org.joinTokenExpiresAt) : null,
      createdAt: enabled ? iso(org.joinTokenCreatedAt) : null,
    };
  });
}

/** Disables the join token for good (a new one must be generated to allow joining again). Idempotent. */
export async function disableJoinToken(db: Knex, actor: UserActor, organizationId: string): Promise<void> {
  await withTenant(db, actor, async (trx) => {
    const org = await loadOrganization(trx, organizationId);
    assertCan(actor, 'join_token.manage', targetOf(org));
    if (!org.joinTokenEnabled && org.joinTokenHash === null) return;
    await repo.disableJoinToken(trx, org.id);
    await appendAuditEvent(trx, actor, {
      action: 'organization.join_token_disabled',
      targetType: 'organization',
      targetId: org.id,
      tenantId: org.tenantId,
      organizationId: org.id,
    });
  });
}
