import fs from 'node:fs';
import path from 'node:path';
import { createPublicKey, randomUUID, type KeyObject } from 'node:crypto';
import { exportJWK, exportPKCS8, exportSPKI, generateKeyPair, importPKCS8, type JWK } from 'jose';

/** One RS256 key pair, identified by `kid`. */
export interface SigningKey {
  kid: string;
  createdAt: string;
  privateKey: Awaited<ReturnType<typeof importPKCS8>>;
  publicPem: string;
  /** The public key parsed once: verifying with a PEM string would re-parse it on every request. */
  publicKey: KeyObject;
  publicJwk: JWK;
}

interface KeyFileEntry {
  kid: string;
  createdAt: string;
  privatePem: string;
  publicPem: string;
}

interface KeyFile {
  activeKid: string;
  keys: KeyFileEntry[];
}

const KEY_FILE = 'signing-keys.json';
/** Retired keys stay published this long after rotation, longer than any access token lives. */
const RETIRED_KEY_GRACE_MS = 24 * 3600 * 1000;

async function generateEntry(): Promise<KeyFileEntry> {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true, modulusLength: 2048 });
  return { kid: randomUUID(), createdAt: new Date().toISOString(), privatePem: await exportPKCS8(privateKey), publicPem: await exportSPKI(publicKey) };
}

function writeKeyFile(dir: string, file: KeyFile): void {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const target = path.join(dir, KEY_FILE);
  const temp = `${target}.${process.pid}.tmp`;
  // Written then renamed so a crash never leaves a half-written key file, and readable by the owner only.
  fs.writeFileSync(temp, JSON.stringify(file, null, 2), { mode: 0o600 });
  fs.renameSync(temp, target);
}

function readKeyFile(dir: string): KeyFile | null {
  const target = path.join(dir, KEY_FILE);
  if (!fs.existsSync(target)) return null;
  return JSON.parse(fs.readFileSync(target, 'utf8')) as KeyFile;
}

/** Creates the key file with one key on first start; later starts reuse it. */
export async function ensureSigningKeys(dir: string): Promise<void> {
  if (readKeyFile(dir)) return;
  const entry = await generateEntry();
  writeKeyFile(dir, { activeKid: entry.kid, keys: [entry] });
}

/**
 * Adds a new active key. The previous keys stay available for verification until the grace
 * period ends, so tokens signed before the rotation keep working until they expire.
 */
export async function rotateSigningKey(dir: string, now = new Date()): Promise<string> {
  const file = readKeyFile(dir) ?? { activeKid: '', keys: [] };
  const entry = await generateEntry();
  const cutoff = now.getTime() - RETIRED_KEY_GRACE_MS;
  const kept = file.keys.filter((k) => k.kid === file.activeKid || Date.parse(k.createdAt) >= cutoff);
  writeKeyFile(dir, { activeKid: entry.kid, keys: [...kept, entry] });
  return entry.kid;
}

/** The key ring loaded in memory: the active key signs, every key verifies. */
export class KeyRing {
  readonly active: SigningKey;
  readonly keys: ReadonlyMap<string, SigningKey>;

  private constructor(active: SigningKey, keys: Map<string, SigningKey>) {
    this.active = active;
    this.keys = keys;
  }

  static async load(dir: string): Promise<KeyRing> {
    const file = readKeyFile(dir);
    if (!file) throw new Error(`No signing keys in ${dir}; they are created at start-up`);
    const keys = new Map<string, SigningKey>();
    for (const entry of file.keys) {
      const privateKey = await importPKCS8(entry.privatePem, 'RS256', { extractable: true });
      const publicJwk = await exportJWK(await crypto.subtle.importKey('spki', pemToDer(entry.publicPem), { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, true, ['verify']));
      keys.set(entry.kid, { kid: entry.kid, createdAt: entry.createdAt, privateKey, publicPem: entry.publicPem, publicKey: createPublicKey(entry.publicPem), publicJwk: { ...publicJwk, kid: entry.kid, alg: 'RS256', use: 'sig' } });
    }
    const active = keys.get(file.activeKid);
    if (!active) throw new Error(`Active key ${file.activeKid} missing from ${dir}`);
    return new KeyRing(active, keys);
  }

  /** Public keys for /.well-known/jwks.json. */
  jwks(): { keys: JWK[] } {
    return { keys: [...this.keys.values()].map((k) => k.publicJwk) };
  }

  publicPem(kid: string): string | undefined {
    return this.keys.get(kid)?.publicPem;
  }

  /** The parsed public key of `kid`, for verifying access tokens. */
  verificationKey(kid: string): KeyObject | undefined {
    return this.keys.get(kid)?.publicKey;
  }
}

function pemToDer(pem: string): ArrayBuffer {
  const base64 = pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, '');
  const bytes = Buffer.from(base64, 'base64');
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
}
