import { SignJWT, decodeJwt, errors, jwtVerify } from 'jose';
import { TokenInvalid } from '../../lib/problem.ts';
import type { KeyRing } from '../auth/signing-keys.ts';
import { EmbedTokenExpired } from './embed-tokens.problems.ts';

/** Audience of embed tokens: distinct from access tokens', so neither is ever accepted as the other. */
export const EMBED_TOKEN_AUDIENCE = 'defaultrate-embed';
const EMBED_TYP = 'embed';
/** Admin embed tokens (admin-embed-tokens.service.ts) share the audience but not the type. */
export const ADMIN_EMBED_TYP = 'embed-admin';

/** What an embed token may read: some companies of its organization, or its whole portfolio. */
export type EmbedResources = { companyIds: string[] } | { portfolio: true };

/** The claims of an embed token (besides iss, aud, iat, exp). */
export interface EmbedTokenClaims {
  jti: string;
  /** The host's reference of its end user. */
  sub: string;
  tid: string;
  oid: string;
  widgets: string[];
  resources: EmbedResources;
  ro: boolean;
  origins: string[];
}

export interface VerifiedEmbedToken extends EmbedTokenClaims {
  exp: number;
}

/** Signs an embed token with the active key of the ring (RS256, `kid` in the header). */
export async function signEmbedToken(keys: KeyRing, claims: EmbedTokenClaims, options: { issuer: string; issuedAt?: Date; expiresAt: Date }): Promise<string> {
  return new SignJWT({ typ: EMBED_TYP, tid: claims.tid, oid: claims.oid, widgets: claims.widgets, resources: claims.resources, ro: claims.ro, origins: claims.origins })
    .setProtectedHeader({ alg: 'RS256', kid: keys.active.kid, typ: 'JWT' })
    .setSubject(claims.sub)
    .setIssuer(options.issuer)
    .setAudience(EMBED_TOKEN_AUDIENCE)
    .setIssuedAt(Math.floor((options.issuedAt ?? new Date()).getTime() / 1000))
    .setExpirationTime(Math.floor(options.expiresAt.getTime() / 1000))
    .setJti(claims.jti)
    .sign(keys.active.privateKey);
}

/**
 * Whether a bearer token claims to be an embed token. Read without verification, only to choose
 * the verifier; the embed verifier then checks signature, audience and type, so a token that lies
 * here fails there (and an embed token sent to the access-token verifier fails on its audience).
 */
export function looksLikeEmbedToken(raw: string): boolean {
  return embedTokenTypeOf(raw) !== null;
}

/** Which kind of embed token a bearer token claims to be (unverified, to choose the verifier), or null. */
export function embedTokenTypeOf(raw: string): 'data' | 'admin' | null {
  try {
    const typ = decodeJwt(raw).typ;
    return typ === EMBED_TYP ? 'data' : typ === ADMIN_EMBED_TYP ? 'admin' : null;
  } catch {
    return null;
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (v: unknown): v is string => typeof v === 'string' && UUID.test(v);
export const isStringList = (v: unknown): v is string[] => Array.isArray(v) && v.every((s) => typeof s === 'string');

function resourcesOf(value: unknown): EmbedResources | null {
  if (!value || typeof value !== 'object') return null;
  const r = value as { companyIds?: unknown; portfolio?: unknown };
  if (r.portfolio === true && r.companyIds === undefined) return { portfolio: true };
  if (r.portfolio === undefined && Array.isArray(r.companyIds) && r.companyIds.every(isUuid)) return { companyIds: r.companyIds };
  return null;
}

/** Verifies a data embed token: signature, issuer, audience and expiry, then its type and claims. */
export async function verifyEmbedToken(keys: KeyRing, raw: string, issuer: string): Promise<VerifiedEmbedToken> {
  const payload = await verifiedEmbedPayload(keys, raw, issuer);
  const resources = resourcesOf(payload.resources);
  const isWellFormed =
    payload.typ === EMBED_TYP &&
    isUuid(payload.jti) &&
    typeof payload.sub === 'string' &&
    isUuid(payload.tid) &&
    isUuid(payload.oid) &&
    isStringList(payload.widgets) &&
    isStringList(payload.origins) &&
    typeof payload.ro === 'boolean' &&
    typeof payload.exp === 'number' &&
    resources !== null;
  if (!isWellFormed) throw new TokenInvalid('The embed token is malformed, tampered with, or not an embed token.');
  return {
    jti: payload.jti as string,
    sub: payload.sub as string,
    tid: payload.tid as string,
    oid: payload.oid as string,
    widgets: payload.widgets as string[],
    resources,
    ro: payload.ro as boolean,
    origins: payload.origins as string[],
    exp: payload.exp as number,
  };
}

/**
 * The payload of a token signed by one of our keys (RS256, by `kid`) for our issuer and the embed
 * audience; expiry is its own problem type so the widget can ask for a new token. The caller checks
 * the type and the claims.
 */
export async function verifiedEmbedPayload(keys: KeyRing, raw: string, issuer: string): Promise<Record<string, unknown>> {
  let payload: Record<string, unknown>;
  try {
    ({ payload } = await jwtVerify(
      raw,
      (header) => {
        const key = header.kid ? keys.verificationKey(header.kid) : undefined;
        if (!key) throw new TokenInvalid('The embed token was not signed by a key we know.');
        return key;
      },
      { algorithms: ['RS256'], issuer, audience: EMBED_TOKEN_AUDIENCE, requiredClaims: ['jti', 'sub', 'exp', 'iat'] },
    ));
  } catch (error) {
    if (error instanceof errors.JWTExpired) throw new EmbedTokenExpired('The embed token has expired; ask the host page for a new one.');
    if (error instanceof TokenInvalid) throw error;
    throw new TokenInvalid('The embed token is malformed, tampered with, or not an embed token.');
  }
  return payload;
}
