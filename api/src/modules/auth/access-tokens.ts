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
  /**
   * Password version: the user's password_changed_at in epoch ms when the token was issued. The
   * authenticator refuses a token whose version is not the current one, so a password change ends
   * every earlier access token at once (an `iat` check cannot: it has one-second resolution, and a
   * token issued in the same second as the change would survive it).
   */
  pwv: number;
}

/** Signs a short-lived RS256 access token with the active key; its `kid` picks the key on verification. */
export async function signAccessToken(keys: KeyRing, claims: AccessTokenClaims, options: { issuer: string; ttlSeconds: number }): Promise<string> {
  return new SignJWT({ role: claims.role, tid: claims.tid, oid: claims.oid, pwv: claims.pwv, typ: 'access' })
    .setProtectedHeader({ alg: 'RS256', kid: keys.active.kid, typ: 'JWT' })
    .setSubject(claims.sub)
    .setIssuer(options.issuer)
    .setAudience(ACCESS_TOKEN_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(`${options.ttlSeconds}s`)
    .setJti(randomUUID())
    .sign(keys.active.privateKey);
}
