import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../api/src/config.ts';
import { createOwnerKnex } from '../../../api/src/db/knex.ts';
import { dropDatabase, ForeignSchemaError, prepareDatabase } from '../../../api/src/db/setup.ts';
import { TEST_ENV } from '../../helpers/test-env.ts';

/**
 * A database migrated by another version (say, a branch with a newer migration) is refused with a
 * clear message instead of knex's "migration directory is corrupt"; the disposable test database is
 * rebuilt instead. Uses its own scratch database so no other test file is affected.
 */
const base = new URL(TEST_ENV.DATABASE_URL);
base.pathname = `/defaultrate_foreign_${randomUUID().slice(0, 8)}`;
const config = loadConfig({ ...TEST_ENV, DATABASE_URL: base.toString() });

afterAll(async () => {
  await dropDatabase(config);
});

describe('a database migrated by another version', () => {
  it('is refused with the unknown migrations named, or rebuilt when asked to', async () => {
    await prepareDatabase(config);
    const owner = createOwnerKnex(config);
    try {
      await owner('knex_migrations').insert({ name: '29991231000000_from_the_future.ts', batch: 99, migration_time: new Date() });
      await owner.raw('CREATE TABLE marker_from_old_schema (id int)');
    } finally {
      await owner.destroy();
    }
    await expect(prepareDatabase(config)).rejects.toThrow(ForeignSchemaError);
    await expect(prepareDatabase(config)).rejects.toThrow(/unknown migrations: 29991231000000_from_the_future\.ts/);

    await prepareDatabase(config, { resetForeignSchema: true });
    const fresh = createOwnerKnex(config);
    try {
      expect(await fresh.schema.hasTable('marker_from_old_schema')).toBe(false);
      expect(await fresh('knex_migrations').where({ name: '29991231000000_from_the_future.ts' })).toEqual([]);
      expect(await fresh.schema.hasTable('companies')).toBe(true);
    } finally {
      await fresh.destroy();
    }
  });
});
