import type { Knex } from 'knex';
import { Forbidden, TokenInvalid } from '../../lib/problem.ts';
import type { UserActor } from '../access/roles.ts';
import type { KeyRing } from '../auth/signing-keys.ts';
import { embedActor } from './embed-actor.ts';
import { verifyEmbedToken } from './embed-token-jwt.ts';
import { EmbedTokenRevoked } from './embed-tokens.problems.ts';
import * as repo from './embed-tokens.repository.ts';

/**
 * What a verified embed token grants beyond its actor. A data token (`kind: 'data'`) acts as an
 * anonymous org member with the token's row scope; an admin token acts as the admin who minted it,
 * limited to `operations` (admin-panels.ts).
 */
export type EmbedGrant = DataEmbedGrant | AdminEmbedGrant;

interface DataEmbedGrant {
  kind: 'data';
  jti: string;
  readOnly: boolean;
  widgets: string[];
  origins: string[];
}

interface AdminEmbedGrant extends Omit<DataEmbedGrant, 'kind'> {
  kind: 'admin';
  operations: ReadonlySet<string>;
}

export interface EmbedPrincipal {
  /** The request's actor; the caller fills in ip and requestId. */
  actor: Omit<UserActor, 'ip' | 'requestId'>;
  grant: EmbedGrant;
}

/** The origin as browsers serialise it (lower-case scheme and host), or null if it is not one. */
export function normalizedOrigin(origin: string): string | null {
  try {
    const url = new URL(origin);
    return url.origin === 'null' ? null : url.origin;
  } catch {
    return null;
  }
}

/**
 * Who the bearer of an embed token is, checked on every request: signature, audience and expiry;
 * then, from the database, that it was not revoked, that its organization is still its tenant's and
 * the tenant is active; and that the request comes from an origin both the token and the tenant's
 * current allow-list name (a browser sets Origin itself; a page elsewhere cannot use the token).
 */
export async function principalForEmbedToken(deps: { db: Knex; keys: KeyRing; issuer: string }, raw: string, origin: string | undefined): Promise<EmbedPrincipal> {
  const claims = await verifyEmbedToken(deps.keys, raw, deps.issuer);
  const state = await repo.embedTokenState(deps.db, claims.jti);
  if (!state || state.tenantId !== claims.tid || state.organizationId !== claims.oid) {
    throw new TokenInvalid('The embed token is not recognised, or its organization no longer exists.');
  }
  if (state.revokedAt) throw new EmbedTokenRevoked('The embed token has been revoked; ask the host page for a new one.');
  if (state.tenantStatus === 'suspended') throw new Forbidden('Your institution is suspended.');
  if (!origin) throw new Forbidden('An embed token is accepted only with an Origin header, from a page on one of its allowed origins.');
  const from = normalizedOrigin(origin);
  if (!from || !claims.origins.includes(from) || !state.tenantOrigins.includes(from)) {
    throw new Forbidden('This embed token is not accepted from this origin.');
  }
  const actor = embedActor({ tenantId: claims.tid, orgId: claims.oid, resources: claims.resources }, null, null);
  return { actor, grant: { kind: 'data', jti: claims.jti, readOnly: claims.ro, widgets: claims.widgets, origins: claims.origins } };
}

/** Whether any active tenant embeds from `origin` (CORS preflights carry no token to say which). */
export async function isEmbedOriginAllowed(db: Knex, origin: string): Promise<boolean> {
  const normalized = normalizedOrigin(origin);
  return normalized !== null && normalized === origin && (await repo.isEmbedOriginAllowed(db, origin));
}
