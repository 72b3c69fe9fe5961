import type { Knex } from 'knex';
import type { Redis } from 'ioredis';
import { migrationFileCount } from '../../db/setup.ts';
import { ServiceUnavailable } from '../../lib/problem.ts';

export interface ReadinessChecks {
  database: string;
  redis: string;
  migrations: string;
}

/** The number of migrations this build ships, counted once per process. */
const expectedMigrations = migrationFileCount();

/**
 * Whether this process can serve: the database answers with every migration applied, and Redis
 * answers. Throws a 503 problem listing what is not ready.
 */
export async function checkReadiness(db: Knex, redis: Redis): Promise<ReadinessChecks> {
  const checks: ReadinessChecks = { database: 'ok', redis: 'ok', migrations: 'ok' };
  try {
    const { rows } = await db.raw('SELECT count(*)::int AS n FROM knex_migrations');
    if (rows[0].n < expectedMigrations) checks.migrations = `${rows[0].n} of ${expectedMigrations} applied`;
  } catch {
    checks.database = 'unreachable';
    checks.migrations = 'unknown';
  }
  try {
    await redis.ping();
  } catch {
    checks.redis = 'unreachable';
  }
  const failing = Object.entries(checks).filter(([, v]) => v !== 'ok');
  if (failing.length) throw new ServiceUnavailable(`Not ready: ${failing.map(([k, v]) => `${k} ${v}`).join(', ')}.`, { checks });
  return checks;
}
