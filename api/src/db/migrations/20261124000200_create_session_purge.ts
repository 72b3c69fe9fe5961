import type { Knex } from 'knex';

/**
 * Housekeeping for the worker: expired refresh-token families and the rotated hashes they leave
 * behind belong to many users, and the RLS policies only let a user touch their own. This
 * function deletes only rows that can no longer authenticate anyone, so it needs no caller identity.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE OR REPLACE FUNCTION purge_expired_sessions(p_grace interval DEFAULT interval '1 day')
      RETURNS integer LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public AS
      $$ WITH gone AS (
           DELETE FROM refresh_token_families
            WHERE expires_at < now() - p_grace OR revoked_at < now() - p_grace
            RETURNING 1)
         SELECT count(*)::int FROM gone $$;
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP FUNCTION IF EXISTS purge_expired_sessions(interval)');
}
