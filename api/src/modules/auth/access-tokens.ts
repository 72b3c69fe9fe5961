import { SignJWT } from 'jose';
import { randomUUID } from 'node:crypto';
import type { KeyRing } from './signing-keys.ts';
import type { Role } from '../access/roles.ts';

/** Audience of user access tokens; embed tokens (issue 5) get their own. */
export const ACCESS_TOKEN_AUDIENCE = 'defaultrate-api';

export interface AccessTokenClaims {
  sub: string;
  role: Role;
  tid: string | null;
  oid: string | null;
}

/** Signs a short-lived RS256 access token with the active key; its `kid` picks the key on verification. */
export async function signAccessToken(keys: KeyRing, claims: AccessTokenClaims, options: { issuer: string; ttlSeconds: number }): Promise<string> {
  return new SignJWT({ role: claims.role, tid: claims.tid, oid: claims.oid, typ: 'access' })
    .setProtectedHeader({ alg: 'RS256', kid: keys.active.kid, typ: 'JWT' })
    .setSubject(claims.sub)
    .setIssuer(options.issuer)
    .setAudience(ACCESS_TOKEN_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(`${options.ttlSeconds}s`)
    .setJti(randomUUID())
    .sign(keys.active.privateKey);
}
