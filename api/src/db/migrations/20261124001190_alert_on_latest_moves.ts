import type { Knex } from 'knex';
import { RAISE_ALERTS_FROM_MOVES, raiseAlertsFunction, SET_BASED_QUEUE } from './20261124001070_streamline_bulk_writes.ts';

/**
 * Alerts flag a move of what the portfolio shows: a company's latest PD.
 *
 * 1. Until now every new prediction was compared with the company's prediction just before it by
 *    period, so an upload of five past years for 1,250 companies raised about 3,700 alerts (and as
 *    many webhook events) about moves between years long gone. Now only a prediction that becomes
 *    the company's latest is compared, and with the latest it replaces (what the portfolio showed
 *    until then): a band change, or a relative PD move above the organization's threshold, raises
 *    one alert. A prediction for an older period, or a company's first prediction, raises none.
 *    The comparison comes from the UPDATE of companies.latest_* the trigger already ran (its
 *    self-join reads the row as it was before the update), so the per-prediction lookup of the
 *    previous prediction is gone too. previous_prediction_id is that latest prediction, or null if
 *    it has been deleted since (with its score job); the PD and band compared are the company's.
 * 2. statements.score_job_id ("which job last wrote this statement") loses its foreign key, as
 *    created_by did in 20261124001070: it is provenance, not ownership. The key cost a lookup and a
 *    row lock per statement a bulk job writes (~18 ms per 5,000-row chunk), and deleting a job
 *    rewrote its statements (SET NULL through a column without an index). The id stays as a record
 *    of the job, which may be gone. predictions.score_job_id keeps its key: every stored prediction
 *    knows its job by a foreign key (issue 4), and its predictions go with a deleted job.
 */

const LATEST_MOVES = `
    CREATE OR REPLACE FUNCTION predictions_raise_alerts() RETURNS trigger
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
    BEGIN
      WITH moved AS (
        UPDATE companies c
           SET latest_prediction_id = n.id, latest_pd = n.pd, latest_band = n.band, latest_rating = n.rating,
               latest_fiscal_year = n.fiscal_year, latest_fiscal_quarter = n.fiscal_quarter, latest_scored_at = n.created_at
          FROM (SELECT DISTINCT ON (company_id) * FROM new_predictions
                 ORDER BY company_id, fiscal_year DESC, coalesce(fiscal_quarter, 0) DESC, created_at DESC, id DESC) n
          JOIN companies before ON before.id = n.company_id
         WHERE c.id = n.company_id
           AND (c.latest_fiscal_year IS NULL
                OR (n.fiscal_year, coalesce(n.fiscal_quarter, 0), n.created_at) >= (c.latest_fiscal_year, coalesce(c.latest_fiscal_quarter, 0), c.latest_scored_at))
        RETURNING n.id, n.company_id, n.scope, n.tenant_id, n.organization_id, n.owner_user_id, n.pd, n.band,
                  before.latest_prediction_id AS previous_latest_id, before.latest_pd AS previous_pd, before.latest_band AS previous_band
      ), moves AS (
        SELECT m.*, p.id AS previous_id,
               CASE WHEN m.previous_pd > 0 THEN abs(m.pd - m.previous_pd) / m.previous_pd END AS relative_change,
               coalesce(o.alert_pd_change_threshold, 0.05) AS threshold
          FROM moved m
          LEFT JOIN predictions p ON p.id = m.previous_latest_id
          LEFT JOIN organizations o ON o.id = m.organization_id
         WHERE m.previous_latest_id IS NOT NULL
      ), raised AS (${RAISE_ALERTS_FROM_MOVES})
      ${SET_BASED_QUEUE};
      RETURN NULL;
    END $$;`;

export async function up(knex: Knex): Promise<void> {
  await knex.raw(LATEST_MOVES);
  await knex.raw('ALTER TABLE statements DROP CONSTRAINT statements_score_job_id_foreign');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(raiseAlertsFunction(SET_BASED_QUEUE));
  await knex.raw('UPDATE statements s SET score_job_id = NULL WHERE score_job_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM score_jobs j WHERE j.id = s.score_job_id)');
  await knex.raw('ALTER TABLE statements ADD CONSTRAINT statements_score_job_id_foreign FOREIGN KEY (score_job_id) REFERENCES score_jobs (id) ON DELETE SET NULL');
}
