import { loadConfig } from '../../api/src/config.ts';
import { prepareDatabase } from '../../api/src/db/setup.ts';
import { ensureSigningKeys } from '../../api/src/modules/auth/signing-keys.ts';
import { TEST_ENV } from './test-env.ts';

/** Once per run: the test database exists, is migrated, and the app role has its grants. */
export default async function setup(): Promise<void> {
  const config = loadConfig(TEST_ENV);
  await prepareDatabase(config);
  await ensureSigningKeys(config.KEYS_DIR);
}
