import type { Knex } from 'knex';

/**
 * Lighter writes for the high-volume portfolio tables (bulk scoring writes 100,000s of rows a job).
 *
 * 1. Foreign keys that only repeated a deletion path the row already has are dropped. Each costs an
 *    index probe per inserted row, and some made deletes quadratic:
 *    - statements, predictions, alerts: tenant_id, organization_id and owner_user_id are copies of
 *      their company's scope columns (services and bulk jobs take the company's scope, and the RLS
 *      write policy admits only a scope the writer may write), and companies cascade from tenants,
 *      organizations and users; so these rows still go when their tenant, organization or owner
 *      does, through company_id. score_job_errors go with their job through score_job_id.
 *    - alerts.company_id: an alert goes with its prediction (prediction_id cascades), which goes with
 *      its company. The key had no index, so deleting a tenant scanned all alerts once per company:
 *      after a 100,000-row job, minutes.
 *    - statements.created_by and predictions.scored_by: who entered or scored a row is history, not
 *      ownership. ON DELETE SET NULL rewrote every row a user ever scored when the user was deleted
 *      (100,000 updated rows per bulk job, each with all its index entries); the id now stays as
 *      a record of who it was. Nothing joins it to users.
 *    The scope CHECK constraints, the RLS policies and the company_id, statement_id and
 *    score_job_id keys are unchanged.
 * 2. The predictions trigger queues webhook events with one INSERT … SELECT joining the raised
 *    alerts to the organization's active, subscribed webhooks, instead of one call of
 *    enqueue_webhook_event per alert: the same rows in the same order (every alert.created, then
 *    every prediction.band_changed), and no payload is built when nobody subscribes.
 */

const REDUNDANT_KEYS: [table: string, column: string, references: string, onDelete: 'CASCADE' | 'SET NULL'][] = [
  ['statements', 'tenant_id', 'tenants.id', 'CASCADE'],
  ['statements', 'organization_id', 'organizations.id', 'CASCADE'],
  ['statements', 'owner_user_id', 'users.id', 'CASCADE'],
  ['statements', 'created_by', 'users.id', 'SET NULL'],
  ['predictions', 'tenant_id', 'tenants.id', 'CASCADE'],
  ['predictions', 'organization_id', 'organizations.id', 'CASCADE'],
  ['predictions', 'owner_user_id', 'users.id', 'CASCADE'],
  ['predictions', 'scored_by', 'users.id', 'SET NULL'],
  ['alerts', 'company_id', 'companies.id', 'CASCADE'],
  ['alerts', 'tenant_id', 'tenants.id', 'CASCADE'],
  ['alerts', 'organization_id', 'organizations.id', 'CASCADE'],
  ['alerts', 'owner_user_id', 'users.id', 'CASCADE'],
  ['score_job_errors', 'tenant_id', 'tenants.id', 'CASCADE'],
  ['score_job_errors', 'organization_id', 'organizations.id', 'CASCADE'],
  ['score_job_errors', 'owner_user_id', 'users.id', 'CASCADE'],
];

/**
 * The alerts step of the trigger: one alert per row of a `moves` CTE (id, company, scope columns,
 * pd/band and previous_id/previous_pd/previous_band, relative_change, threshold) that changed band
 * or moved more than its threshold; RETURNING the alerts for the webhook step.
 */
export const RAISE_ALERTS_FROM_MOVES = `
        INSERT INTO alerts (company_id, prediction_id, previous_prediction_id, scope, tenant_id, organization_id, owner_user_id,
                            kind, pd, previous_pd, band, previous_band, relative_change, threshold)
        SELECT m.company_id, m.id, m.previous_id, m.scope, m.tenant_id, m.organization_id, m.owner_user_id,
               CASE WHEN m.band <> m.previous_band THEN 'band_change' ELSE 'pd_change' END,
               m.pd, m.previous_pd, m.band, m.previous_band, m.relative_change, m.threshold
          FROM moves m
         WHERE m.band <> m.previous_band OR m.relative_change > m.threshold OR (m.previous_pd = 0 AND m.pd > 0)
        RETURNING *
      `;

/** The trigger function of 20261124001000_create_portfolio, with `queue` as its webhook step. */
export function raiseAlertsFunction(queue: string, declare = ''): string {
  return `
    CREATE OR REPLACE FUNCTION predictions_raise_alerts() RETURNS trigger
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
    ${declare}
    BEGIN
      UPDATE companies c
         SET latest_prediction_id = n.id, latest_pd = n.pd, latest_band = n.band, latest_rating = n.rating,
             latest_fiscal_year = n.fiscal_year, latest_fiscal_quarter = n.fiscal_quarter, latest_scored_at = n.created_at
        FROM (SELECT DISTINCT ON (company_id) * FROM new_predictions
               ORDER BY company_id, fiscal_year DESC, coalesce(fiscal_quarter, 0) DESC, created_at DESC, id DESC) n
       WHERE c.id = n.company_id
         AND (c.latest_fiscal_year IS NULL
              OR (n.fiscal_year, coalesce(n.fiscal_quarter, 0), n.created_at) >= (c.latest_fiscal_year, coalesce(c.latest_fiscal_quarter, 0), c.latest_scored_at));

      WITH moves AS (
        SELECT n.id, n.company_id, n.scope, n.tenant_id, n.organization_id, n.owner_user_id,
               n.pd, n.band, prev.id AS previous_id, prev.pd AS previous_pd, prev.band AS previous_band,
               CASE WHEN prev.pd > 0 THEN abs(n.pd - prev.pd) / prev.pd END AS relative_change,
               coalesce(o.alert_pd_change_threshold, 0.05) AS threshold,
               n.fiscal_year, n.fiscal_quarter, n.score_job_id
          FROM new_predictions n
          CROSS JOIN LATERAL (
            SELECT p.id, p.pd, p.band FROM predictions p
             WHERE p.company_id = n.company_id AND p.id <> n.id
               AND (p.fiscal_year, coalesce(p.fiscal_quarter, 0), p.created_at, p.id)
                 < (n.fiscal_year, coalesce(n.fiscal_quarter, 0), n.created_at, n.id)
             ORDER BY p.fiscal_year DESC, coalesce(p.fiscal_quarter, 0) DESC, p.created_at DESC, p.id DESC
             LIMIT 1) prev
          LEFT JOIN organizations o ON o.id = n.organization_id
      ), raised AS (${RAISE_ALERTS_FROM_MOVES})
      ${queue};
      RETURN NULL;
    END $$;`;
}

/** Webhook events of the raised alerts, queued in one statement (see 2. above). */
export const SET_BASED_QUEUE = `
      INSERT INTO webhook_deliveries (webhook_id, tenant_id, organization_id, event, payload)
      SELECT w.id, w.tenant_id, w.organization_id, e.event,
             CASE e.event
               WHEN 'alert.created' THEN jsonb_build_object(
                 'alertId', r.id, 'companyId', r.company_id, 'predictionId', r.prediction_id, 'kind', r.kind,
                 'pd', r.pd, 'previousPd', r.previous_pd, 'band', r.band, 'previousBand', r.previous_band,
                 'relativeChange', r.relative_change, 'threshold', r.threshold, 'createdAt', r.created_at)
               ELSE jsonb_build_object(
                 'predictionId', r.prediction_id, 'companyId', r.company_id, 'previousPredictionId', r.previous_prediction_id,
                 'band', r.band, 'previousBand', r.previous_band, 'pd', r.pd, 'previousPd', r.previous_pd)
             END
        FROM (SELECT r.*, row_number() OVER () AS ordinal FROM raised r WHERE r.organization_id IS NOT NULL) r
        CROSS JOIN LATERAL (VALUES (1, 'alert.created'), (2, 'prediction.band_changed')) AS e(rank, event)
        JOIN webhooks w ON w.organization_id = r.organization_id AND w.is_active AND e.event = ANY (w.events)
       WHERE e.rank = 1 OR r.kind = 'band_change'
       ORDER BY e.rank, r.ordinal, w.id`;

/** The original step: one enqueue_webhook_event call per event. */
const PER_ALERT_QUEUE = `
      SELECT count(*) INTO STRICT n_raised FROM (
        SELECT enqueue_webhook_event(r.organization_id, 'alert.created', jsonb_build_object(
                 'alertId', r.id, 'companyId', r.company_id, 'predictionId', r.prediction_id, 'kind', r.kind,
                 'pd', r.pd, 'previousPd', r.previous_pd, 'band', r.band, 'previousBand', r.previous_band,
                 'relativeChange', r.relative_change, 'threshold', r.threshold, 'createdAt', r.created_at))
          FROM raised r WHERE r.organization_id IS NOT NULL
        UNION ALL
        SELECT enqueue_webhook_event(r.organization_id, 'prediction.band_changed', jsonb_build_object(
                 'predictionId', r.prediction_id, 'companyId', r.company_id, 'previousPredictionId', r.previous_prediction_id,
                 'band', r.band, 'previousBand', r.previous_band, 'pd', r.pd, 'previousPd', r.previous_pd))
          FROM raised r WHERE r.organization_id IS NOT NULL AND r.kind = 'band_change'
      ) q`;

export async function up(knex: Knex): Promise<void> {
  await knex.raw(REDUNDANT_KEYS.map(([table, column]) => `ALTER TABLE ${table} DROP CONSTRAINT ${table}_${column}_foreign;`).join('\n'));
  await knex.raw(raiseAlertsFunction(SET_BASED_QUEUE));
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(raiseAlertsFunction(PER_ALERT_QUEUE, 'DECLARE n_raised bigint;'));
  // Ids of users deleted meanwhile stayed as history; the restored SET NULL keys cannot hold them.
  await knex.raw(`
    UPDATE statements SET created_by = NULL WHERE created_by IS NOT NULL AND NOT EXISTS (SELECT 1 FROM users u WHERE u.id = created_by);
    UPDATE predictions SET scored_by = NULL WHERE scored_by IS NOT NULL AND NOT EXISTS (SELECT 1 FROM users u WHERE u.id = scored_by);
  `);
  await knex.raw(
    REDUNDANT_KEYS.map(
      ([table, column, references, onDelete]) => {
        const [parent, key] = references.split('.');
        return `ALTER TABLE ${table} ADD CONSTRAINT ${table}_${column}_foreign FOREIGN KEY (${column}) REFERENCES ${parent} (${key}) ON DELETE ${onDelete};`;
      },
    ).join('\n'),
  );
}
