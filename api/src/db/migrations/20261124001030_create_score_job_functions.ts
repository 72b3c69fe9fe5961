import type { Knex } from 'knex';

/**
 * Two narrow SECURITY DEFINER functions for the bulk-scoring worker. Its Bull payload carries only
 * the job id, and a worker acts as the job's creator under row-level security, so it first needs to
 * know who that is: `score_job_creator` answers exactly that and nothing else. When the creator can
 * no longer act (disabled, moved to another organization, deleted), nobody may write the job under
 * RLS, so `fail_score_job_orphaned` records the failure, and only on a job that is still open.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE FUNCTION score_job_creator(p_job_id uuid) RETURNS uuid
      LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
      SELECT created_by FROM score_jobs WHERE id = p_job_id $$;

    CREATE FUNCTION fail_score_job_orphaned(p_job_id uuid, p_reason text) RETURNS boolean
      LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public AS $$
      WITH failed AS (
        UPDATE score_jobs SET status = 'failed', error = p_reason, finished_at = now(), updated_at = now()
         WHERE id = p_job_id AND status IN ('queued', 'running')
        RETURNING 1)
      SELECT EXISTS (SELECT 1 FROM failed) $$;
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP FUNCTION IF EXISTS score_job_creator(uuid), fail_score_job_orphaned(uuid, text)');
}
