import { loadConfig } from '../config.ts';
import { rotateSigningKey } from '../modules/auth/signing-keys.ts';

/**
 * `npm run keys:rotate`: adds a new active signing key. Earlier keys stay published in the JWKS and
 * keep verifying for a day, so tokens issued before the rotation stay valid until they expire.
 * Restart API processes afterwards so they sign with the new key.
 */
const config = loadConfig();
const kid = await rotateSigningKey(config.KEYS_DIR);
console.log(`New active signing key ${kid} in ${config.KEYS_DIR}. Restart the API processes to start signing with it.`);
