import type { Knex } from 'knex';
import { Forbidden, TokenInvalid } from '../../lib/problem.ts';
import type { UserActor } from '../access/roles.ts';
import { findPrincipal } from './auth.repository.ts';

/** The claims of a verified access token that decide who its bearer is now. */
export interface AccessClaims {
  sub: string;
  pwv?: unknown;
}

/**
 * Who the bearer of a verified access token is right now. The user's current role and membership
 * are read from the database, so a demoted or disabled user loses access at once, not when the
 * token expires; a password change invalidates every token issued before it.
 */
export async function principalForAccessToken(db: Knex, claims: AccessClaims): Promise<Omit<UserActor, 'ip' | 'requestId'>> {
  const principal = await findPrincipal(db, claims.sub);
  if (!principal || !principal.isActive) throw new TokenInvalid('The account behind this token is disabled or gone.');
  // Exact match on the password version (ms), not `iat` (s): see AccessTokenClaims.pwv.
  if (claims.pwv !== principal.passwordChangedAt.getTime()) {
    throw new TokenInvalid('The password changed after this token was issued. Log in again.');
  }
  if (principal.tenantStatus === 'suspended') throw new Forbidden('Your institution is suspended.');
  return { userId: principal.id, role: principal.role, tenantId: principal.tenantId, orgId: principal.organizationId };
}
