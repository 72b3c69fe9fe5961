import fs from 'node:fs';
import path from 'node:path';
import type { Knex } from 'knex';
import { API_KEY_SCOPES, apiKeyHashOf, generateApiKey } from '../../modules/api-keys/api-key-secret.ts';

/** File in KEYS_DIR holding the demo host's API key (outside the repository, mode 0600). */
export const DEMO_HOST_KEY_FILE = 'demo-host-api-key';
/** Name of the demo host's key in the tenant's key list. */
export const DEMO_HOST_KEY_NAME = 'Demo host (Northwind intranet)';

/** The origins the demo host is served from; browsers may send either, so the tenant lists both. */
export { demoHostOrigins } from '../../config.ts';

/** The demo host's API key from its file, or undefined when there is none yet. */
export function readDemoHostApiKey(keyFile: string): string | undefined {
  try {
    return fs.readFileSync(keyFile, 'utf8').trim() || undefined;
  } catch {
    return undefined;
  }
}

/**
 * What the demo host needs from a tenant, set idempotently with the owner connection: its origins on
 * the tenant's embed allow-list, and a tenant-wide API key whose secret lives only in `keyFile`. The
 * key is made again (and the old one revoked) when the file is gone or no longer names a live key,
 * since a stored key cannot be shown twice.
 */
export async function seedDemoHostAccess(knex: Knex, target: { tenantId: string; origins: string[]; keyFile: string }): Promise<{ keyCreated: boolean }> {
  await knex.raw(
    `UPDATE tenants SET embed_origins = embed_origins || ARRAY(SELECT o FROM unnest(?::text[]) o WHERE o <> ALL (embed_origins))
      WHERE id = ? AND NOT (embed_origins @> ?::text[])`,
    [target.origins, target.tenantId, target.origins],
  );

  const existing = readDemoHostApiKey(target.keyFile);
  const existingHash = existing ? apiKeyHashOf(existing) : null;
  if (existingHash && (await knex('api_keys').where({ tenant_id: target.tenantId, key_hash: existingHash }).whereNull('revoked_at').first('id'))) {
    return { keyCreated: false };
  }
  await knex('api_keys').where({ tenant_id: target.tenantId, name: DEMO_HOST_KEY_NAME }).whereNull('revoked_at').update({ revoked_at: knex.fn.now() });
  const secret = generateApiKey();
  await knex('api_keys').insert({
    tenant_id: target.tenantId,
    organization_id: null,
    name: DEMO_HOST_KEY_NAME,
    prefix: secret.prefix,
    key_hash: secret.keyHash,
    scopes: [...API_KEY_SCOPES],
  });
  fs.mkdirSync(path.dirname(target.keyFile), { recursive: true, mode: 0o700 });
  // Written to a fresh file and renamed, so the secret never sits in a file with looser permissions.
  const temporary = `${target.keyFile}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, `${secret.key}\n`, { mode: 0o600 });
  fs.renameSync(temporary, target.keyFile);
  return { keyCreated: true };
}
