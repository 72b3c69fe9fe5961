import { SignJWT } from 'jose';
import { TokenInvalid } from '../../lib/problem.ts';
import type { KeyRing } from '../auth/signing-keys.ts';
import { ADMIN_EMBED_TYP, EMBED_TOKEN_AUDIENCE, isStringList, isUuid, verifiedEmbedPayload } from './embed-token-jwt.ts';

/**
 * The claims of an admin embed token (besides iss, aud, iat, exp). `sub` is the admin's own user
 * id, and `pwv` their password version as in access tokens, so a password change ends the token too.
 */
export interface AdminEmbedTokenClaims {
  jti: string;
  sub: string;
  pwv: number;
  widgets: string[];
  origins: string[];
}

export async function signAdminEmbedToken(keys: KeyRing, claims: AdminEmbedTokenClaims, options: { issuer: string; issuedAt: Date; expiresAt: Date }): Promise<string> {
  return new SignJWT({ typ: ADMIN_EMBED_TYP, pwv: claims.pwv, widgets: claims.widgets, origins: claims.origins })
    .setProtectedHeader({ alg: 'RS256', kid: keys.active.kid, typ: 'JWT' })
    .setSubject(claims.sub)
    .setIssuer(options.issuer)
    .setAudience(EMBED_TOKEN_AUDIENCE)
    .setIssuedAt(Math.floor(options.issuedAt.getTime() / 1000))
    .setExpirationTime(Math.floor(options.expiresAt.getTime() / 1000))
    .setJti(claims.jti)
    .sign(keys.active.privateKey);
}

/** Verifies an admin embed token: signature, issuer, audience, expiry, then its type and claims. */
export async function verifyAdminEmbedToken(keys: KeyRing, raw: string, issuer: string): Promise<AdminEmbedTokenClaims> {
  const payload = await verifiedEmbedPayload(keys, raw, issuer);
  const isWellFormed =
    payload.typ === ADMIN_EMBED_TYP &&
    isUuid(payload.jti) &&
    isUuid(payload.sub) &&
    typeof payload.pwv === 'number' &&
    isStringList(payload.widgets) &&
    isStringList(payload.origins);
  if (!isWellFormed) throw new TokenInvalid('The embed token is malformed, tampered with, or not an embed token.');
  return { jti: payload.jti as string, sub: payload.sub as string, pwv: payload.pwv as number, widgets: payload.widgets as string[], origins: payload.origins as string[] };
}
