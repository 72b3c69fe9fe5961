import type { Knex } from 'knex';

/**
 * Bulk-scoring jobs started from an embedded `<dr-bulk-upload>` (issue 5). An embed token has no
 * user, so such a job has no creator: it records the token's `jti` instead, and its worker acts as
 * the token did (an org member of the job's organization, organization data only, no user). The
 * worker cannot read the job before it knows whom to act as, so `score_job_embed_origin` answers
 * that one question for jobs with no creator: the token, organization and the tenant's status.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('score_jobs', (t) => {
    // No foreign key: expired tokens are purged a day after expiry, the job's record stays.
    t.uuid('embed_jti').nullable();
  });
  await knex.raw(`
    CREATE FUNCTION score_job_embed_origin(p_job_id uuid)
      RETURNS TABLE (embed_jti uuid, tenant_id uuid, organization_id uuid, tenant_status text)
      LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
      SELECT j.embed_jti, j.tenant_id, j.organization_id, t.status
        FROM score_jobs j
        JOIN tenants t ON t.id = j.tenant_id
        JOIN organizations o ON o.id = j.organization_id AND o.tenant_id = j.tenant_id
       WHERE j.id = p_job_id AND j.created_by IS NULL AND j.embed_jti IS NOT NULL AND j.scope = 'organization' $$;
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP FUNCTION IF EXISTS score_job_embed_origin(uuid)');
  await knex.schema.alterTable('score_jobs', (t) => {
    t.dropColumn('embed_jti');
  });
}
