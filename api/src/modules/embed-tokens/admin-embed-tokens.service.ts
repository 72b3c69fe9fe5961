import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { withTenant } from '../../db/with-tenant.ts';
import { Conflict, Forbidden, TokenInvalid, fieldProblem } from '../../lib/problem.ts';
import type { UserActor } from '../access/roles.ts';
import { appendAuditEvent } from '../audit/audit.repository.ts';
import { principalForAccessToken } from '../auth/access-principal.service.ts';
import { findPrincipal } from '../auth/auth.repository.ts';
import type { KeyRing } from '../auth/signing-keys.ts';
import { normalizeEmbedOrigins } from '../tenants/embed-origins.ts';
import { adminOperationsFor, isAdminPanel, mayEmbedPanel, type AdminPanel } from './admin-panels.ts';
import { signAdminEmbedToken, verifyAdminEmbedToken } from './admin-embed-token-jwt.ts';
import * as repo from './admin-embed-tokens.repository.ts';
import { normalizedOrigin, type EmbedPrincipal } from './embed-principal.service.ts';
import { EmbedTokenRevoked } from './embed-tokens.problems.ts';
import { tenantEmbedOrigins } from './embed-tokens.repository.ts';
import { EMBED_TOKEN_DEFAULT_TTL, EMBED_TOKEN_MAX_TTL } from './embed-token-lifetime.ts';

export interface AdminEmbedTokenDeps {
  db: Knex;
  keys: KeyRing;
  issuer: string;
  /** Origins a super admin may embed admin panels from (they belong to no tenant's allow-list). */
  platformOrigins: readonly string[];
}

export interface AdminEmbedTokenInput {
  widgets: string[];
  origins?: string[];
  ttlSeconds?: number;
}

/** The origins an admin's panels may be used from now: their tenant's allow-list, or the platform's. */
function allowedOriginsOf(state: { tenantId: string | null; tenantOrigins: string[] | null }, platformOrigins: readonly string[]): readonly string[] {
  return state.tenantId ? (state.tenantOrigins ?? []) : platformOrigins;
}

/**
 * Mints an admin embed token for the calling admin's own use on a host page (the demo host's
 * backend does this with the admin's session). Only a logged-in user may ask, never an API key: the
 * token acts as that user. Each panel must be one the user's role may embed.
 */
export async function issueAdminEmbedToken(deps: AdminEmbedTokenDeps, actor: UserActor, input: AdminEmbedTokenInput): Promise<{ token: string; jti: string; expiresAt: string }> {
  const panels = [...new Set(input.widgets)];
  panels.forEach((widget, i) => {
    if (!isAdminPanel(widget)) throw fieldProblem(`/body/widgets/${i}`, 'is not an admin panel');
    if (!mayEmbedPanel(actor.role, widget)) throw new Forbidden(`Your role may not embed <${widget}>.`);
  });
  const ttlSeconds = Math.min(input.ttlSeconds ?? EMBED_TOKEN_DEFAULT_TTL, EMBED_TOKEN_MAX_TTL);
  const issuedAt = new Date(Math.floor(Date.now() / 1000) * 1000);
  const expiresAt = new Date(issuedAt.getTime() + ttlSeconds * 1000);
  const jti = randomUUID();
  const { origins, passwordVersion } = await withTenant(deps.db, actor, async (trx) => {
    // The token carries the password version, as access tokens do, so a password change ends it.
    const principal = await findPrincipal(trx, actor.userId);
    if (!principal) throw new TokenInvalid('The account behind this token is gone.');
    const allowed = actor.tenantId ? ((await tenantEmbedOrigins(trx, actor.tenantId)) ?? []) : deps.platformOrigins;
    if (allowed.length === 0) {
      throw new Conflict(actor.tenantId ? "Your institution has no embed origins yet; add the host page's origin first." : 'No platform embed origins are configured (PLATFORM_EMBED_ORIGINS).');
    }
    const chosen = input.origins ? normalizeEmbedOrigins(input.origins, '/body/origins') : [...allowed];
    chosen.forEach((origin, i) => {
      if (!allowed.includes(origin)) throw fieldProblem(`/body/origins/${i}`, actor.tenantId ? "is not one of your institution's embed origins" : 'is not one of the platform embed origins');
    });
    await repo.insertAdminEmbedToken(trx, { jti, userId: actor.userId, tenantId: actor.tenantId, widgets: panels, origins: chosen, expiresAt });
    await appendAuditEvent(trx, actor, {
      action: 'admin_embed_token.issued',
      targetType: 'embed_token',
      targetId: jti,
      tenantId: actor.tenantId,
      organizationId: actor.orgId,
      details: { widgets: panels, origins: chosen, ttlSeconds },
    });
    return { origins: chosen, passwordVersion: principal.passwordChangedAt.getTime() };
  });
  const token = await signAdminEmbedToken(deps.keys, { jti, sub: actor.userId, pwv: passwordVersion, widgets: panels, origins }, { issuer: deps.issuer, issuedAt, expiresAt });
  return { token, jti, expiresAt: expiresAt.toISOString() };
}

/**
 * Who the bearer of an admin embed token is, checked on every request: the token (signature,
 * expiry, not revoked), the admin behind it as for an access token (active, same password version,
 * tenant not suspended, current role read from the database), the origin (the token's and the
 * current allow-list's), and the operations its panels allow for the admin's current role, so a
 * demoted admin's token stops working at once.
 */
export async function principalForAdminEmbedToken(deps: AdminEmbedTokenDeps, raw: string, origin: string | undefined): Promise<EmbedPrincipal> {
  const claims = await verifyAdminEmbedToken(deps.keys, raw, deps.issuer);
  const state = await repo.adminEmbedTokenState(deps.db, claims.jti);
  if (!state || state.userId !== claims.sub) throw new TokenInvalid('The embed token is not recognised.');
  if (state.revokedAt) throw new EmbedTokenRevoked('The embed token has been revoked; ask the host page for a new one.');
  const actor = await principalForAccessToken(deps.db, { sub: claims.sub, pwv: claims.pwv });
  if (actor.tenantId !== state.tenantId) throw new TokenInvalid('The embed token was issued in another institution.');
  if (!origin) throw new Forbidden('An embed token is accepted only with an Origin header, from a page on one of its allowed origins.');
  const from = normalizedOrigin(origin);
  if (!from || !claims.origins.includes(from) || !allowedOriginsOf(state, deps.platformOrigins).includes(from)) {
    throw new Forbidden('This embed token is not accepted from this origin.');
  }
  const panels = claims.widgets.filter(isAdminPanel) as AdminPanel[];
  return { actor, grant: { kind: 'admin', jti: claims.jti, readOnly: false, widgets: claims.widgets, origins: claims.origins, operations: adminOperationsFor(actor.role, panels) } };
}

/** Revokes an admin token the caller can see (their own, their tenant's as tenant admin, any as super admin). */
export async function revokeVisibleAdminEmbedToken(trx: Knex.Transaction, actor: UserActor, jti: string): Promise<boolean> {
  const token = await repo.findAdminEmbedToken(trx, jti);
  if (!token) return false;
  if (token.revokedAt) return true;
  await repo.markAdminEmbedTokenRevoked(trx, jti);
  await appendAuditEvent(trx, actor, { action: 'embed_token.revoked', targetType: 'embed_token', targetId: jti, tenantId: token.tenantId, organizationId: null, details: { kind: 'admin' } });
  return true;
}
