import { randomUUID } from 'node:crypto';
import type { Express } from 'express';
import type { Knex } from 'knex';
import type { Logger } from 'pino';
import supertest from 'supertest';
import { createApp } from '../../api/src/app.ts';
import { loadConfig, type Config } from '../../api/src/config.ts';
import { createContainer, type Container } from '../../api/src/container.ts';
import { createOwnerKnex } from '../../api/src/db/knex.ts';
import { TEST_ENV } from './test-env.ts';

export interface TestApp {
  app: Express;
  container: Container;
  config: Config;
  /** Owner connection (bypasses RLS): for factories and for reading what the API wrote. Never use it to assert isolation. */
  owner: Knex;
  http: ReturnType<typeof supertest>;
  close(): Promise<void>;
}

/**
 * A real app on the test database and real Redis, with its own Redis prefix so rate limits of one
 * test file never touch another's.
 */
export async function createTestApp(overrides: Record<string, string> = {}, options: { logger?: Logger } = {}): Promise<TestApp> {
  const config = loadConfig({ ...TEST_ENV, REDIS_PREFIX: `drtest:${randomUUID().slice(0, 8)}`, ...overrides });
  const container = await createContainer(config, options);
  const app = createApp(container);
  const owner = createOwnerKnex(config);
  return {
    app,
    container,
    config,
    owner,
    http: supertest(app),
    async close() {
      await container.close();
      await owner.destroy();
    },
  };
}
