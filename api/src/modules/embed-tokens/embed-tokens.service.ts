import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { withTenant } from '../../db/with-tenant.ts';
import { Conflict, NotFound, fieldProblem } from '../../lib/problem.ts';
import { assertCan } from '../access/permissions.ts';
import type { Actor, UserActor } from '../access/roles.ts';
import { apiKeyActor, assertKeyScope, type ApiKeyPrincipal } from '../api-keys/api-keys.service.ts';
import { appendAuditEvent } from '../audit/audit.repository.ts';
import type { KeyRing } from '../auth/signing-keys.ts';
import { loadOrganization, targetOf } from '../organizations/organizations.service.ts';
import { normalizeEmbedOrigins } from '../tenants/embed-origins.ts';
import { revokeVisibleAdminEmbedToken } from './admin-embed-tokens.service.ts';
import { embedActor } from './embed-actor.ts';
import { EMBED_TOKEN_DEFAULT_TTL, EMBED_TOKEN_MAX_TTL } from './embed-token-lifetime.ts';
import { signEmbedToken, type EmbedResources } from './embed-token-jwt.ts';
import * as adminRepo from './admin-embed-tokens.repository.ts';
import * as repo from './embed-tokens.repository.ts';

export interface EmbedTokenDeps {
  db: Knex;
  keys: KeyRing;
  issuer: string;
}

/** Who asks: a host backend with an API key, or a logged-in user (the demo host, an admin's tools). */
export type EmbedCaller = { kind: 'user'; actor: UserActor } | { kind: 'api_key'; key: ApiKeyPrincipal; ip: string | null; requestId: string | null };

export { EMBED_TOKEN_DEFAULT_TTL, EMBED_TOKEN_MAX_TTL } from './embed-token-lifetime.ts';

function rlsActorOf(caller: EmbedCaller): Actor {
  return caller.kind === 'user' ? caller.actor : apiKeyActor(caller.key, caller.ip, caller.requestId);
}

/** Audit details naming the API key when one acted (its RLS actor has no user). */
function viaOf(caller: EmbedCaller): Record<string, unknown> {
  return caller.kind === 'api_key' ? { via: 'api_key', apiKeyId: caller.key.apiKeyId } : {};
}

export interface EmbedTokenInput {
  userRef: string;
  organizationId: string;
  widgets: string[];
  resources: EmbedResources;
  readOnly?: boolean;
  origins?: string[];
  ttlSeconds?: number;
}

/** The token's origins: those asked for, each one of the tenant's, or by default all of the tenant's. */
function originsFor(requested: string[] | undefined, tenantOrigins: string[]): string[] {
  if (tenantOrigins.length === 0) {
    throw new Conflict('The tenant has no embed origins yet; a super admin must add the host page\'s origin to the tenant first.');
  }
  if (!requested) return tenantOrigins;
  const origins = normalizeEmbedOrigins(requested, '/body/origins');
  origins.forEach((origin, i) => {
    if (!tenantOrigins.includes(origin)) throw fieldProblem(`/body/origins/${i}`, "is not one of the tenant's embed origins");
  });
  return origins;
}

/**
 * Mints an embed token for one end user of a host page. The organization must be within the
 * caller's reach (else 404); listed companies must be organization data of that organization, which
 * is checked by reading them under the token's own row scope (so the check and the later reads
 * cannot disagree).
 */
export async function issueEmbedToken(deps: EmbedTokenDeps, caller: EmbedCaller, input: EmbedTokenInput): Promise<{ token: string; jti: string; expiresAt: string }> {
  if (caller.kind === 'api_key') {
    assertKeyScope(caller.key, 'embed_tokens:create');
    if (caller.key.orgId && caller.key.orgId !== input.organizationId) throw new NotFound('No such organization.');
  } else {
    assertCan(caller.actor, 'embed_tokens.issue');
  }
  const ttlSeconds = Math.min(input.ttlSeconds ?? EMBED_TOKEN_DEFAULT_TTL, EMBED_TOKEN_MAX_TTL);
  // Whole seconds, as in the JWT, so `expiresAt` and the token's `exp` agree exactly.
  const issuedAt = new Date(Math.floor(Date.now() / 1000) * 1000);
  const expiresAt = new Date(issuedAt.getTime() + ttlSeconds * 1000);
  const jti = randomUUID();
  const readOnly = input.readOnly ?? true;
  const widgets = [...new Set(input.widgets)];

  const actor = rlsActorOf(caller);
  const target = await withTenant(deps.db, actor, async (trx) => {
    const org = await loadOrganization(trx, input.organizationId);
    if (caller.kind === 'user') assertCan(caller.actor, 'embed_tokens.issue', targetOf(org));
    const origins = originsFor(input.origins, (await repo.tenantEmbedOrigins(trx, org.tenantId)) ?? []);
    return { tenantId: org.tenantId, orgId: org.id, origins };
  });

  if ('companyIds' in input.resources) {
    const wanted = input.resources.companyIds;
    const scoped = embedActor({ tenantId: target.tenantId, orgId: target.orgId, resources: input.resources }, null, null);
    const visible = new Set(await withTenant(deps.db, scoped, (trx) => repo.visibleCompanyIds(trx, wanted)));
    const missing = wanted.findIndex((id) => !visible.has(id));
    if (missing >= 0) throw fieldProblem(`/body/resources/companyIds/${missing}`, 'is not a company of this organization');
  }

  await withTenant(deps.db, actor, (trx) =>
    repo.insertEmbedToken(trx, {
      jti,
      tenantId: target.tenantId,
      organizationId: target.orgId,
      userRef: input.userRef,
      widgets,
      companyIds: 'companyIds' in input.resources ? input.resources.companyIds : null,
      readOnly,
      origins: target.origins,
      apiKeyId: caller.kind === 'api_key' ? caller.key.apiKeyId : null,
      createdBy: caller.kind === 'user' ? caller.actor.userId : null,
      expiresAt,
    }),
  );

  const token = await signEmbedToken(
    deps.keys,
    { jti, sub: input.userRef, tid: target.tenantId, oid: target.orgId, widgets, resources: input.resources, ro: readOnly, origins: target.origins },
    { issuer: deps.issuer, issuedAt, expiresAt },
  );
  return { token, jti, expiresAt: expiresAt.toISOString() };
}

function assertMayRevoke(caller: EmbedCaller, target?: { tenantId: string; orgId?: string }): void {
  if (caller.kind === 'api_key') assertKeyScope(caller.key, 'embed_tokens:revoke');
  else assertCan(caller.actor, 'embed_tokens.revoke', target);
}

/**
 * Revokes one token at once (idempotent); a token outside the caller's scope is a 404. An admin
 * token (admin panels) may also be revoked by the admin it acts as, e.g. when they log out of the host.
 */
export async function revokeEmbedToken(deps: Pick<EmbedTokenDeps, 'db'>, caller: EmbedCaller, jti: string): Promise<void> {
  const actor = rlsActorOf(caller);
  await withTenant(deps.db, actor, async (trx) => {
    if (caller.kind === 'user' && (await revokeVisibleAdminEmbedToken(trx, caller.actor, jti))) return;
    assertMayRevoke(caller);
    const token = await repo.findEmbedToken(trx, jti);
    if (!token) throw new NotFound('No such embed token.');
    assertMayRevoke(caller, { tenantId: token.tenantId, orgId: token.organizationId });
    if (token.revokedAt) return;
    await repo.markEmbedTokenRevoked(trx, jti);
    await appendAuditEvent(trx, actor, {
      action: 'embed_token.revoked',
      targetType: 'embed_token',
      targetId: jti,
      tenantId: token.tenantId,
      organizationId: token.organizationId,
      details: viaOf(caller),
    });
  });
}

/** The tenant (and maybe organization) whose tokens a revoke-all without an organization targets. */
function revokeAllScopeOf(caller: EmbedCaller, tenantId: string | undefined): { tenantId: string; organizationId?: string } {
  const actor = rlsActorOf(caller);
  if (actor.orgId && actor.role !== 'tenant_admin') {
    // Organization admins and organization keys: their organization's tokens only.
    if (tenantId && tenantId !== actor.tenantId) throw new NotFound('No such tenant.');
    return { tenantId: actor.tenantId as string, organizationId: actor.orgId };
  }
  const target = tenantId ?? actor.tenantId;
  if (!target) throw fieldProblem('/body/tenantId', 'is required: name the tenant or the organization');
  if (actor.role !== 'super_admin' && target !== actor.tenantId) throw new NotFound('No such tenant.');
  return { tenantId: target };
}

/** Revokes every unexpired token issued until now in an organization or a whole tenant. */
export async function revokeAllEmbedTokens(
  deps: Pick<EmbedTokenDeps, 'db'>,
  caller: EmbedCaller,
  input: { organizationId?: string; tenantId?: string },
): Promise<{ revokedCount: number; revokedBefore: string }> {
  assertMayRevoke(caller);
  const actor = rlsActorOf(caller);
  return withTenant(deps.db, actor, async (trx) => {
    let scope: { tenantId: string; organizationId?: string };
    if (input.organizationId) {
      const org = await loadOrganization(trx, input.organizationId);
      if (input.tenantId && input.tenantId !== org.tenantId) throw fieldProblem('/body/tenantId', 'is not the tenant of the organization');
      assertMayRevoke(caller, targetOf(org));
      scope = { tenantId: org.tenantId, organizationId: org.id };
    } else {
      scope = revokeAllScopeOf(caller, input.tenantId);
      if ((await repo.tenantEmbedOrigins(trx, scope.tenantId)) === null) throw new NotFound('No such tenant.');
      assertMayRevoke(caller, scope.organizationId ? { tenantId: scope.tenantId, orgId: scope.organizationId } : { tenantId: scope.tenantId });
    }
    const revoked = await repo.revokeIssuedTokens(trx, scope);
    const { at } = revoked;
    // Tenant-wide also ends the admin panels' tokens of the tenant's admins.
    const count = revoked.count + (scope.organizationId ? 0 : await adminRepo.revokeTenantAdminTokens(trx, scope.tenantId, at));
    await appendAuditEvent(trx, actor, {
      action: 'embed_tokens.revoked_all',
      targetType: scope.organizationId ? 'organization' : 'tenant',
      targetId: scope.organizationId ?? scope.tenantId,
      tenantId: scope.tenantId,
      organizationId: scope.organizationId ?? null,
      details: { ...viaOf(caller), revokedCount: count },
    });
    return { revokedCount: count, revokedBefore: new Date(at).toISOString() };
  });
}
