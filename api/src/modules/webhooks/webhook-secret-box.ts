import fs from 'node:fs';
import path from 'node:path';
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * Webhook signing secrets are needed in clear text to sign deliveries, so they cannot be hashed like
 * tokens; they are encrypted at rest with AES-256-GCM under a key kept beside the JWT signing keys
 * (KEYS_DIR, outside the repository and the database). A database dump alone reveals no secret.
 */
const KEY_FILE = 'webhook-secrets.key';
const FORMAT = 'v1';

const keysByDir = new Map<string, Buffer>();

/** Reads the key file, creating it (32 random bytes, mode 0600) on first use. */
function loadKey(dir: string): Buffer {
  const cached = keysByDir.get(dir);
  if (cached) return cached;
  const target = path.join(dir, KEY_FILE);
  if (!fs.existsSync(target)) {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    const temp = `${target}.${process.pid}.tmp`;
    fs.writeFileSync(temp, randomBytes(32).toString('base64'), { mode: 0o600 });
    try {
      // linkSync fails if another process created the file meanwhile; then its key is the one to use.
      fs.linkSync(temp, target);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    } finally {
      fs.rmSync(temp, { force: true });
    }
  }
  const key = Buffer.from(fs.readFileSync(target, 'utf8').trim(), 'base64');
  if (key.length !== 32) throw new Error(`${target} does not hold a 256-bit key`);
  keysByDir.set(dir, key);
  return key;
}

/** Encrypts a secret as `v1:<iv>:<tag>:<ciphertext>` (base64url parts). */
export function encryptSecret(keysDir: string, secret: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', loadKey(keysDir), iv);
  const ciphertext = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
  return [FORMAT, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), ciphertext.toString('base64url')].join(':');
}

/** Decrypts what `encryptSecret` made; a tampered value or another key throws. */
export function decryptSecret(keysDir: string, sealed: string): string {
  const [format, iv, tag, ciphertext] = sealed.split(':');
  if (format !== FORMAT || !iv || !tag || ciphertext === undefined) throw new Error('Unknown webhook secret format');
  const decipher = createDecipheriv('aes-256-gcm', loadKey(keysDir), Buffer.from(iv, 'base64url'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
}
