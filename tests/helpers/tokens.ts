import { SignJWT, type JWTPayload } from 'jose';
import type { KeyRing } from '../../api/src/modules/auth/signing-keys.ts';

/** The decoded header and payload of a compact JWT, without verifying anything. */
export function decodeJwt(token: string): { header: Record<string, unknown>; payload: JWTPayload & Record<string, unknown> } {
  const [header, payload] = token.split('.');
  const parse = (part: string | undefined) => JSON.parse(Buffer.from(part ?? '', 'base64url').toString('utf8'));
  return { header: parse(header), payload: parse(payload) };
}

function b64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

/**
 * Re-signs the claims of a real access token (so every claim the API expects is present) with the
 * test key ring, after applying `change`. Used to forge expired tokens, foreign issuers and the like:
 * the signature is genuine, so only the changed claim can be the reason for a refusal.
 */
export async function resignAccessToken(
  keys: KeyRing,
  token: string,
  change: (payload: Record<string, unknown>) => Record<string, unknown> = (p) => p,
  options: { kid?: string } = {},
): Promise<string> {
  const { payload } = decodeJwt(token);
  const claims = change({ ...payload });
  return new SignJWT(claims as JWTPayload)
    .setProtectedHeader({ alg: 'RS256', kid: options.kid ?? keys.active.kid, typ: 'JWT' })
    .sign(keys.active.privateKey);
}

/** An unsigned (`alg: none`) token carrying the same claims as `token`. */
export function unsignedToken(token: string): string {
  const { header, payload } = decodeJwt(token);
  return `${b64url({ ...header, alg: 'none' })}.${b64url(payload)}.`;
}

/** Replaces the payload of `token` with `change(payload)` and keeps the original signature. */
export function tamperedToken(token: string, change: (payload: Record<string, unknown>) => Record<string, unknown>): string {
  const [header, , signature] = token.split('.');
  return `${header}.${b64url(change(decodeJwt(token).payload))}.${signature}`;
}
