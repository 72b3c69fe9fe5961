import knexFactory, { type Knex } from 'knex';
import { knexSnakeCaseMappers } from 'objection';
import pg from 'pg';
import os from 'node:os';
import { migrationSource } from './migrations/index.ts';
import type { Config } from '../config.ts';

// Return bigint counts and numerics as JS numbers: our counts fit easily and the API speaks JSON numbers.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (v) => Number(v));


/**
 * The owner URL with libpq's default user (the OS user) filled in: node-postgres only falls back
 * to $USER, which is unset under some process managers and CI runners.
 */
export function ownerDatabaseUrl(config: Pick<Config, 'DATABASE_URL'>): string {
  const url = new URL(config.DATABASE_URL);
  if (!url.username) url.username = os.userInfo().username;
  return url.toString();
}

/** The URL the API uses at run time: same server and database, but the non-bypassing app role. */
export function appDatabaseUrl(config: Pick<Config, 'DATABASE_URL' | 'DATABASE_APP_ROLE' | 'DATABASE_APP_PASSWORD'>): string {
  const url = new URL(config.DATABASE_URL);
  url.username = config.DATABASE_APP_ROLE;
  url.password = config.DATABASE_APP_PASSWORD ?? '';
  return url.toString();
}

/** Knex on the owner connection: migrations and database set-up only. */
export function createOwnerKnex(config: Pick<Config, 'DATABASE_URL'>): Knex {
  return knexFactory({
    client: 'pg',
    connection: ownerDatabaseUrl(config),
    pool: { min: 0, max: 2 },
    migrations: { migrationSource, tableName: 'knex_migrations' },
  });
}

/** Knex the application uses: connects as the app role, so row-level security always applies. */
export function createAppKnex(config: Pick<Config, 'DATABASE_URL' | 'DATABASE_APP_ROLE' | 'DATABASE_APP_PASSWORD' | 'DATABASE_POOL_MAX'>): Knex {
  return knexFactory({
    client: 'pg',
    connection: appDatabaseUrl(config),
    pool: { min: 0, max: config.DATABASE_POOL_MAX },
    ...knexSnakeCaseMappers(),
  });
}
