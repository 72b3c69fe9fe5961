import type { Knex } from 'knex';
import type { Logger } from 'pino';
import type { Redis } from 'ioredis';
import { platformEmbedOrigins, type Config } from './config.ts';
import { createAppKnex } from './db/knex.ts';
import { createLogger } from './lib/logger.ts';
import { connectRedis } from './lib/redis.ts';
import { LoginRateLimiter } from './modules/auth/login-rate-limiter.ts';
import { KeyRing, ensureSigningKeys } from './modules/auth/signing-keys.ts';
import type { AuthDeps } from './modules/auth/auth.service.ts';
import { loadDefaultModel, type DefaultModel } from '@defaultrate/model';

/** The long-lived collaborators of one process, built once at boot and passed down explicitly. */
export interface Container {
  config: Config;
  logger: Logger;
  db: Knex;
  redis: Redis;
  keys: KeyRing;
  auth: AuthDeps;
  /** The default model, loaded once per process. */
  model: DefaultModel;
  /** Origins where super admins may embed admin panels (platformEmbedOrigins in config.ts). */
  platformEmbedOrigins: readonly string[];
  close(): Promise<void>;
}

export async function createContainer(config: Config, options: { logger?: Logger } = {}): Promise<Container> {
  const logger = options.logger ?? createLogger(config.LOG_LEVEL);
  const redis = await connectRedis(config.REDIS_URL);
  const db = createAppKnex(config);
  await ensureSigningKeys(config.KEYS_DIR);
  const keys = await KeyRing.load(config.KEYS_DIR);
  const limiter = new LoginRateLimiter(
    redis,
    { maxPerIp: config.LOGIN_MAX_PER_IP, maxFailuresPerAccount: config.LOGIN_MAX_PER_ACCOUNT, windowSeconds: config.LOGIN_WINDOW_SECONDS },
    config.REDIS_PREFIX,
  );
  const auth: AuthDeps = { db, keys, limiter, issuer: config.JWT_ISSUER, accessTtlSeconds: config.ACCESS_TOKEN_TTL_SECONDS, refreshTtlSeconds: config.REFRESH_TOKEN_TTL_SECONDS };
  const model = loadDefaultModel(config.MODEL_PATH);
  return {
    config,
    logger,
    db,
    redis,
    keys,
    auth,
    model,
    platformEmbedOrigins: platformEmbedOrigins(config),
    async close() {
      await db.destroy();
      redis.disconnect();
    },
  };
}
