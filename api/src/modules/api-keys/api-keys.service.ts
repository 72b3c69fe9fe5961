import type { Knex } from 'knex';
import { withTenant } from '../../db/with-tenant.ts';
import { decodeCursor, pageLimit, toPage, type Page } from '../../lib/pagination.ts';
import { Forbidden, NotFound, TokenInvalid, fieldProblem } from '../../lib/problem.ts';
import { assertCan } from '../access/permissions.ts';
import type { Actor, UserActor } from '../access/roles.ts';
import { appendAuditEvent } from '../audit/audit.repository.ts';
import { loadOrganization } from '../organizations/organizations.service.ts';
import { API_KEY_SCOPES, apiKeyHashOf, generateApiKey, type ApiKeyScope } from './api-key-secret.ts';
import { toApiKeyView } from './api-key.view.ts';
import * as repo from './api-keys.repository.ts';

export type ApiKeyView = ReturnType<typeof toApiKeyView>;

/** The caller behind a valid API key: a host application's backend acting for a tenant or one organization. */
export interface ApiKeyPrincipal {
  apiKeyId: string;
  tenantId: string;
  orgId: string | null;
  scopes: ApiKeyScope[];
}

/**
 * The row-level-security identity under which an API key's request runs: the tenant's admin for a
 * tenant-wide key, the organization's admin for an organization key, with no user. The services
 * that accept API keys decide what they do with it; the policies bound where they can do it.
 */
export function apiKeyActor(key: ApiKeyPrincipal, ip: string | null, requestId: string | null): Actor {
  return { userId: null, role: key.orgId ? 'org_admin' : 'tenant_admin', tenantId: key.tenantId, orgId: key.orgId, ip, requestId };
}

/** Refuses a key that lacks `scope`. */
export function assertKeyScope(key: ApiKeyPrincipal, scope: ApiKeyScope): void {
  if (!key.scopes.includes(scope)) throw new Forbidden(`This API key lacks the "${scope}" scope.`, { scope });
}

/** Resolves a presented API key (marking it used); unknown and revoked keys are the same 401. */
export async function authenticateApiKey(db: Knex, presented: string): Promise<ApiKeyPrincipal> {
  const hash = apiKeyHashOf(presented);
  const found = hash ? await repo.useApiKey(db, hash) : null;
  if (!found) throw new TokenInvalid('The API key is not recognised or has been revoked.');
  if (found.tenantStatus === 'suspended') throw new Forbidden('Your institution is suspended.');
  const known = new Set<string>(API_KEY_SCOPES);
  return { apiKeyId: found.id, tenantId: found.tenantId, orgId: found.organizationId, scopes: found.scopes.filter((s): s is ApiKeyScope => known.has(s)) };
}

export interface ApiKeyInput {
  name: string;
  organizationId?: string;
  tenantId?: string;
  scopes?: ApiKeyScope[];
}

/** Where a new key belongs: the organization named, else the tenant named or the caller's own. */
async function keyTargetOf(trx: Knex.Transaction, actor: UserActor, input: ApiKeyInput): Promise<{ tenantId: string; orgId: string | null }> {
  if (input.organizationId) {
    const org = await loadOrganization(trx, input.organizationId);
    if (input.tenantId && input.tenantId !== org.tenantId) throw fieldProblem('/body/tenantId', 'is not the tenant of the organization');
    return { tenantId: org.tenantId, orgId: org.id };
  }
  if (actor.role === 'org_admin' && actor.orgId && actor.tenantId && (!input.tenantId || input.tenantId === actor.tenantId)) {
    // An organization admin's key is for their organization unless they say otherwise (and they may not).
    return { tenantId: actor.tenantId, orgId: actor.orgId };
  }
  const tenantId = input.tenantId ?? actor.tenantId;
  if (!tenantId) throw fieldProblem('/body/tenantId', 'is required: name the tenant or the organization the key is for');
  if (!(await repo.isTenantVisible(trx, tenantId))) throw new NotFound('No such tenant.');
  return { tenantId, orgId: null };
}

/** Creates an API key; the response is the only time its secret is shown. */
export async function createApiKey(db: Knex, actor: UserActor, input: ApiKeyInput): Promise<{ apiKey: ApiKeyView; key: string }> {
  assertCan(actor, 'api_keys.manage');
  const scopes = [...new Set(input.scopes ?? API_KEY_SCOPES)];
  const secret = generateApiKey();
  return withTenant(db, actor, async (trx) => {
    const target = await keyTargetOf(trx, actor, input);
    assertCan(actor, 'api_keys.manage', target);
    const created = await repo.insertApiKey(trx, {
      tenantId: target.tenantId,
      organizationId: target.orgId,
      name: input.name,
      prefix: secret.prefix,
      keyHash: secret.keyHash,
      scopes,
      createdBy: actor.userId,
    });
    await appendAuditEvent(trx, actor, {
      action: 'api_key.created',
      targetType: 'api_key',
      targetId: created.id,
      tenantId: target.tenantId,
      organizationId: target.orgId,
      details: { name: created.name, prefix: created.prefix, scopes },
    });
    return { apiKey: toApiKeyView(created), key: secret.key };
  });
}

export interface ApiKeyListQuery {
  tenantId?: string;
  organizationId?: string;
  limit?: number;
  cursor?: string;
}

/** API keys the caller manages (RLS scopes them to the tenant or organization), newest first. */
export async function listApiKeys(db: Knex, actor: UserActor, query: ApiKeyListQuery): Promise<Page<ApiKeyView>> {
  assertCan(actor, 'api_keys.manage');
  const limit = pageLimit(query.limit);
  const before = decodeCursor(query.cursor, 2) as [string, string] | null;
  const rows = await withTenant(db, actor, (trx) => repo.listApiKeys(trx, { tenantId: query.tenantId, organizationId: query.organizationId, before, limit: limit + 1 }));
  return toPage(rows, limit, (k) => [new Date(k.createdAt).toISOString(), k.id], toApiKeyView);
}

/** Revokes a key at once (idempotent); a key outside the caller's scope is a 404. */
export async function revokeApiKey(db: Knex, actor: UserActor, apiKeyId: string): Promise<void> {
  assertCan(actor, 'api_keys.manage');
  await withTenant(db, actor, async (trx) => {
    const key = await repo.findApiKey(trx, apiKeyId);
    if (!key) throw new NotFound('No such API key.');
    assertCan(actor, 'api_keys.manage', { tenantId: key.tenantId, orgId: key.organizationId ?? undefined });
    if (key.revokedAt) return;
    await repo.markApiKeyRevoked(trx, key.id);
    await appendAuditEvent(trx, actor, {
      action: 'api_key.revoked',
      targetType: 'api_key',
      targetId: key.id,
      tenantId: key.tenantId,
      organizationId: key.organizationId,
      details: { name: key.name, prefix: key.prefix },
    });
  });
}
