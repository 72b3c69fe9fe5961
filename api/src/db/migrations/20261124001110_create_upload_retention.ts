import type { Knex } from 'knex';

/**
 * Uploaded bulk-scoring files are kept after their job ends (the results export re-reads them), but
 * not for ever: the maintenance queue deletes them UPLOAD_RETENTION_DAYS after the job finished and
 * records when, so the results export can say the file is gone instead of failing. The worker has no
 * caller identity and jobs belong to many scopes, so the two narrow functions below do the
 * cross-scope part: list due files (id and path only), and mark them purged.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('score_jobs', (t) => {
    t.timestamp('file_purged_at', { useTz: true }).nullable();
  });
  await knex.raw(`
    CREATE FUNCTION score_job_uploads_due(p_finished_before timestamptz, p_limit integer)
      RETURNS TABLE (id uuid, storage_path text)
      LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS
      $$ SELECT j.id, j.storage_path FROM score_jobs j
          WHERE j.finished_at < p_finished_before AND j.file_purged_at IS NULL
          ORDER BY j.finished_at LIMIT p_limit $$;

    CREATE FUNCTION mark_score_job_uploads_purged(p_ids uuid[]) RETURNS integer
      LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public AS
      $$ WITH marked AS (
           UPDATE score_jobs SET file_purged_at = now()
            WHERE id = ANY (p_ids) AND file_purged_at IS NULL AND finished_at IS NOT NULL
           RETURNING 1)
         SELECT count(*)::int FROM marked $$;
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP FUNCTION IF EXISTS mark_score_job_uploads_purged(uuid[]), score_job_uploads_due(timestamptz, integer)');
  await knex.schema.alterTable('score_jobs', (t) => {
    t.dropColumn('file_purged_at');
  });
}
