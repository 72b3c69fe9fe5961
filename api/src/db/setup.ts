import pg from 'pg';
import type { Config } from '../config.ts';
import { createOwnerKnex, ownerDatabaseUrl } from './knex.ts';
import { MIGRATIONS } from './migrations/index.ts';

/** A URL with its password masked, safe to print. */
export function redactUrl(raw: string): string {
  const url = new URL(raw);
  if (url.password) url.password = '***';
  return url.toString();
}

/** Thrown when a backing service does not answer; the message is one line an operator can act on. */
export class ServiceDownError extends Error {}

const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ETIMEDOUT', 'ECONNRESET', '57P03']);

export function isConnectionError(error: unknown): boolean {
  const e = error as { code?: string; errors?: { code?: string }[] };
  return CONNECTION_CODES.has(e?.code ?? '') || (Array.isArray(e?.errors) && e.errors.some((x) => CONNECTION_CODES.has(x.code ?? '')));
}

export function postgresDownError(databaseUrl: string): ServiceDownError {
  return new ServiceDownError(
    `PostgreSQL is not answering at ${redactUrl(databaseUrl)}. Start it (e.g. "pg_ctlcluster --skip-systemctl-redirect 15 main start") or set DATABASE_URL.`,
  );
}

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** Creates the database named in DATABASE_URL when it does not exist yet. */
export async function ensureDatabase(config: Pick<Config, 'DATABASE_URL'>): Promise<boolean> {
  const target = new URL(config.DATABASE_URL);
  const dbName = decodeURIComponent(target.pathname.replace(/^\//, '')) || 'defaultrate';
  const maintenance = new URL(ownerDatabaseUrl(config));
  maintenance.pathname = '/postgres';
  const client = new pg.Client({ connectionString: maintenance.toString() });
  try {
    await client.connect();
  } catch (error) {
    if (isConnectionError(error)) throw postgresDownError(config.DATABASE_URL);
    throw error;
  }
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [dbName]);
    if (found.rowCount) return false;
    try {
      await client.query(`CREATE DATABASE ${quoteIdent(dbName)}`);
    } catch (error) {
      // Two processes (API and worker) may race to create it; the loser is fine.
      if ((error as { code?: string }).code !== '42P04') throw error;
    }
    return true;
  } finally {
    await client.end();
  }
}

/**
 * Creates the run-time role (NOSUPERUSER NOBYPASSRLS) and grants it table access, but no ownership:
 * an owner could disable RLS, a plain grantee cannot.
 */
export async function ensureAppRole(config: Pick<Config, 'DATABASE_URL' | 'DATABASE_APP_ROLE' | 'DATABASE_APP_PASSWORD'>): Promise<void> {
  const knex = createOwnerKnex(config);
  const role = quoteIdent(config.DATABASE_APP_ROLE);
  try {
    await knex.raw(`
      DO $$ BEGIN
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${config.DATABASE_APP_ROLE}') THEN
          CREATE ROLE ${role} LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE;
        END IF;
      EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
      END $$;`);
    await knex.raw(`ALTER ROLE ${role} LOGIN NOSUPERUSER NOBYPASSRLS`);
    if (config.DATABASE_APP_PASSWORD) await knex.raw(`ALTER ROLE ${role} PASSWORD ?`, [config.DATABASE_APP_PASSWORD]);
    await knex.raw(`GRANT USAGE ON SCHEMA public TO ${role}`);
    await knex.raw(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${role}`);
    await knex.raw(`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${role}`);
    await knex.raw(`REVOKE INSERT, UPDATE, DELETE ON knex_migrations, knex_migrations_lock FROM ${role}`);
  } finally {
    await knex.destroy();
  }
}

/** Applies pending migrations with the owner connection; returns the names applied. */
export async function migrateLatest(config: Pick<Config, 'DATABASE_URL'>): Promise<string[]> {
  const knex = createOwnerKnex(config);
  try {
    const [, applied] = (await knex.migrate.latest()) as [number, string[]];
    return applied;
  } finally {
    await knex.destroy();
  }
}

/** Number of migrations shipped with this build, for the readiness check. */
export function migrationFileCount(): number {
  return MIGRATIONS.length;
}

/** Migrations recorded as applied in the database that this build does not ship (a newer or another branch migrated it). */
export async function foreignAppliedMigrations(config: Pick<Config, 'DATABASE_URL'>): Promise<string[]> {
  const knex = createOwnerKnex(config);
  try {
    if (!(await knex.schema.hasTable('knex_migrations'))) return [];
    const known = new Set(MIGRATIONS.map(([name]) => name));
    return ((await knex('knex_migrations').orderBy('id').pluck('name')) as string[]).filter((name) => !known.has(name));
  } finally {
    await knex.destroy();
  }
}

/** Drops the database named in DATABASE_URL, closing its connections (for scratch databases only). */
export async function dropDatabase(config: Pick<Config, 'DATABASE_URL'>): Promise<void> {
  const dbName = decodeURIComponent(new URL(config.DATABASE_URL).pathname.replace(/^\//, ''));
  const maintenance = new URL(ownerDatabaseUrl(config));
  maintenance.pathname = '/postgres';
  const client = new pg.Client({ connectionString: maintenance.toString() });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS ${quoteIdent(dbName)} WITH (FORCE)`);
  } finally {
    await client.end();
  }
}

/** Thrown when the database was migrated by a build that has migrations this one lacks. */
export class ForeignSchemaError extends Error {}

/**
 * Everything the database needs before the API can serve: database, schema, app role. A database
 * that carries migrations this build does not know is refused with a clear message (knex would call
 * it "corrupt"); with `resetForeignSchema` (the disposable test database) it is dropped and rebuilt.
 */
export async function prepareDatabase(
  config: Pick<Config, 'DATABASE_URL' | 'DATABASE_APP_ROLE' | 'DATABASE_APP_PASSWORD'>,
  options: { resetForeignSchema?: boolean } = {},
): Promise<{ created: boolean; applied: string[] }> {
  let created = await ensureDatabase(config);
  const foreign = await foreignAppliedMigrations(config);
  if (foreign.length > 0) {
    const where = redactUrl(config.DATABASE_URL);
    if (!options.resetForeignSchema) {
      throw new ForeignSchemaError(
        `The database ${where} was migrated by another version of DefaultRate (unknown migrations: ${foreign.join(', ')}). ` +
          'Run that version, or point DATABASE_URL at a new database (or drop this one).',
      );
    }
    console.log(`Rebuilding the scratch database ${where}: it carries migrations this build does not ship (${foreign.join(', ')}).`);
    await dropDatabase(config);
    created = await ensureDatabase(config);
  }
  const applied = await migrateLatest(config);
  await ensureAppRole(config);
  return { created, applied };
}
