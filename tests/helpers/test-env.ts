import os from 'node:os';
import path from 'node:path';

/** Settings every API test shares: a separate database and Redis prefix, keys in a temp folder. */
export const TEST_ENV = {
  NODE_ENV: 'test',
  DATABASE_URL: process.env.TEST_DATABASE_URL ?? 'postgres://127.0.0.1:5432/defaultrate_test',
  REDIS_URL: process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379',
  REDIS_PREFIX: 'drtest',
  KEYS_DIR: path.join(os.tmpdir(), 'defaultrate-test-keys'),
  LOG_LEVEL: 'silent',
  RUN_WORKER: 'false',
  // Test files run in parallel against one database: a worker started by one file must not deliver
  // another file's webhook events. The webhook tests run the delivery service themselves.
  WEBHOOK_DELIVERY: 'false',
  // No demo host in tests, so its origins are not platform embed origins either (tests that need
  // some set PLATFORM_EMBED_ORIGINS themselves).
  DEMO_HOST_ENABLED: 'false',
} as const;
