import { loadConfig } from '../../api/src/config.ts';
import { prepareDatabase } from '../../api/src/db/setup.ts';
import { ensureSigningKeys } from '../../api/src/modules/auth/signing-keys.ts';
import { TEST_ENV } from './test-env.ts';

/**
 * Once per run: the test database exists, is migrated, and the app role has its grants. The test
 * database is scratch: if another checkout migrated it further (a branch with a newer migration),
 * it is rebuilt rather than failing the run.
 */
export default async function setup(): Promise<void> {
  const config = loadConfig(TEST_ENV);
  await prepareDatabase(config, { resetForeignSchema: true });
  await ensureSigningKeys(config.KEYS_DIR);
}
