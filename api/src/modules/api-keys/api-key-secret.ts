import { randomBytes } from 'node:crypto';
import { hashToken } from '../auth/secrets.ts';

/** What an API key may do (schema ApiKeyScope). */
export const API_KEY_SCOPES = ['embed_tokens:create', 'embed_tokens:revoke'] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];

/** `drk_<8 hex>_<43 base64url>`: the prefix names the key in lists and logs, the rest carries 256 random bits. */
const API_KEY_PATTERN = /^drk_([0-9a-f]{8})_([A-Za-z0-9_-]{43})$/;

export interface NewApiKey {
  key: string;
  prefix: string;
  keyHash: string;
}

/** A fresh key, its public prefix and the hash we store (the key itself is never stored). */
export function generateApiKey(): NewApiKey {
  const prefix = randomBytes(4).toString('hex');
  const key = `drk_${prefix}_${randomBytes(32).toString('base64url')}`;
  return { key, prefix, keyHash: hashToken(key) };
}

/** The stored hash of a presented key, or null when it is not shaped like one of ours (no lookup needed). */
export function apiKeyHashOf(presented: string): string | null {
  return API_KEY_PATTERN.test(presented) ? hashToken(presented) : null;
}
