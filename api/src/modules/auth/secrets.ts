import { createHash, randomBytes } from 'node:crypto';
import argon2 from 'argon2';

/**
 * argon2id with OWASP's 2023 baseline (19 MiB, t=2, p=1): enough to make offline guessing costly
 * while a login stays around 20-40 ms on our 2-core machines.
 */
const ARGON2_OPTIONS = { type: argon2.argon2id, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, ARGON2_OPTIONS);
}

export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  try {
    return await argon2.verify(hash, password);
  } catch {
    return false;
  }
}

/** A hash to verify against when the account does not exist, so timing does not reveal which emails are registered. */
let dummyHash: Promise<string> | null = null;
export function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hashPassword(randomBytes(16).toString('hex'));
  return dummyHash;
}

/** A random opaque token with a readable prefix (e.g. `rt_`, `inv_`, `join_`). */
export function randomToken(prefix: string, bytes = 32): string {
  return `${prefix}_${randomBytes(bytes).toString('base64url')}`;
}

/**
 * SHA-256 of a high-entropy token. Tokens we mint carry 256 random bits, so a fast hash is enough:
 * the database never holds a usable token, and lookups stay indexable.
 */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
