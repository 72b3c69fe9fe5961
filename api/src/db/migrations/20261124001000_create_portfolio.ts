import type { Knex } from 'knex';

/**
 * Portfolio data: companies, financial statements, predictions, bulk score jobs and their row
 * errors, alerts, and per-organization webhooks with a delivery outbox.
 *
 * Every business row carries the same four scope columns, and every table gets the same policies
 * (built by `scopedPolicies` below), so there is one rule to read:
 *  - `personal`: the owner only (not even a super admin: personal data is private);
 *  - `organization`: the organization's members; the tenant's admins read it; super admins read it;
 *  - `global`: platform data written by super admins, read by everyone whose organization allows
 *    global data (users without an organization always may).
 * A CHECK keeps the scope columns consistent, so a row cannot be, say, "global" and carry a tenant.
 */

const SCOPED_TABLES = ['companies', 'statements', 'predictions', 'score_jobs', 'score_job_errors', 'alerts'] as const;

/** Adds scope, tenant_id, organization_id and owner_user_id with the consistency check. */
function scopeColumns(t: Knex.CreateTableBuilder, table: string): void {
  t.text('scope').notNullable();
  t.uuid('tenant_id').nullable().references('tenants.id').onDelete('CASCADE');
  t.uuid('organization_id').nullable().references('organizations.id').onDelete('CASCADE');
  t.uuid('owner_user_id').nullable().references('users.id').onDelete('CASCADE');
  t.check(
    `(scope = 'personal' AND owner_user_id IS NOT NULL AND organization_id IS NULL)
     OR (scope = 'organization' AND tenant_id IS NOT NULL AND organization_id IS NOT NULL AND owner_user_id IS NULL)
     OR (scope = 'global' AND tenant_id IS NULL AND organization_id IS NULL AND owner_user_id IS NULL)`,
    [],
    `${table}_scope_check`,
  );
}

/** Rows of `table` the current actor may read. */
export const SCOPE_READ_SQL = `(
  (scope = 'personal' AND owner_user_id = app_user_id())
  OR (scope = 'organization' AND (app_is_super() OR (tenant_id = app_tenant_id() AND (app_role() = 'tenant_admin' OR organization_id = app_org_id()))))
  OR (scope = 'global' AND (SELECT app_global_data_allowed())))`;

/** Rows of `table` the current actor may write: their own, their organization's, and (super admins) global. */
export const SCOPE_WRITE_SQL = `(
  (scope = 'personal' AND owner_user_id = app_user_id())
  OR (scope = 'organization' AND tenant_id = app_tenant_id() AND organization_id = app_org_id() AND app_role() IN ('org_admin','org_member'))
  OR (scope = 'global' AND app_is_super()))`;

function scopedPolicies(table: string): string {
  return `
    ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY; ALTER TABLE ${table} FORCE ROW LEVEL SECURITY;
    CREATE POLICY ${table}_read ON ${table} FOR SELECT USING ${SCOPE_READ_SQL};
    CREATE POLICY ${table}_insert ON ${table} FOR INSERT WITH CHECK ${SCOPE_WRITE_SQL};
    CREATE POLICY ${table}_update ON ${table} FOR UPDATE USING ${SCOPE_WRITE_SQL} WITH CHECK ${SCOPE_WRITE_SQL};
    CREATE POLICY ${table}_delete ON ${table} FOR DELETE USING ${SCOPE_WRITE_SQL};`;
}

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('organizations', (t) => {
    // Relative PD move that raises an alert: |pd - previous pd| / previous pd > threshold.
    t.double('alert_pd_change_threshold').notNullable().defaultTo(0.05);
    t.check('alert_pd_change_threshold > 0 AND alert_pd_change_threshold <= 10', [], 'organizations_alert_threshold_check');
  });

  // Whether the actor's organization lets its members see global data. SECURITY DEFINER because an
  // org member's own policies are not the question here; used as an InitPlan `(SELECT ...)` in the
  // policies so it runs once per query, not once per row.
  await knex.raw(`
    CREATE FUNCTION app_global_data_allowed() RETURNS boolean
      LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
      SELECT CASE
        WHEN app_role() = 'anonymous' THEN false
        WHEN app_org_id() IS NULL THEN true
        ELSE coalesce((SELECT o.allow_global_data FROM organizations o WHERE o.id = app_org_id()), false)
      END $$;
  `);

  await knex.schema.createTable('companies', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    scopeColumns(t, 'companies');
    t.text('name').notNullable();
    // The caller's identifier (LEI, ticker, loan-book id); optional.
    t.text('external_ref').nullable();
    // Identity within a scope: the external reference if given, else the name; lower-cased and trimmed.
    t.text('company_key').notNullable();
    t.text('sector').nullable();
    t.text('country').nullable();
    // Expected-loss inputs supplied by the user.
    t.double('exposure').nullable();
    t.double('lgd').nullable();
    // The newest prediction (latest period, then latest scoring), kept by the predictions trigger so
    // lists, filters, sorting and analytics read one row per company instead of a lateral join.
    t.uuid('latest_prediction_id').nullable();
    t.double('latest_pd').nullable();
    t.text('latest_band').nullable();
    t.text('latest_rating').nullable();
    t.integer('latest_fiscal_year').nullable();
    t.smallint('latest_fiscal_quarter').nullable();
    t.timestamp('latest_scored_at', { useTz: true }).nullable();
    t.uuid('created_by').nullable().references('users.id').onDelete('SET NULL');
    t.timestamps(true, true);
    t.check('exposure IS NULL OR exposure >= 0', [], 'companies_exposure_check');
    t.check('lgd IS NULL OR (lgd >= 0 AND lgd <= 1)', [], 'companies_lgd_check');
  });
  await knex.raw(`
    ALTER TABLE companies ADD COLUMN scope_key uuid GENERATED ALWAYS AS
      (coalesce(organization_id, owner_user_id, '00000000-0000-0000-0000-000000000000'::uuid)) STORED;
    CREATE UNIQUE INDEX companies_identity ON companies (scope, scope_key, company_key);
    CREATE INDEX companies_org_name ON companies (organization_id, name, id);
    CREATE INDEX companies_owner_name ON companies (owner_user_id, name, id);
    CREATE INDEX companies_tenant ON companies (tenant_id);
    CREATE INDEX companies_org_pd ON companies (organization_id, latest_pd, id);
  `);

  await knex.schema.createTable('score_jobs', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    scopeColumns(t, 'score_jobs');
    t.text('status').notNullable().defaultTo('queued');
    t.text('file_name').notNullable();
    t.text('file_format').notNullable();
    t.bigInteger('file_size').notNullable();
    t.text('storage_path').notNullable();
    t.integer('total_rows').nullable();
    t.integer('processed_rows').notNullable().defaultTo(0);
    t.integer('succeeded_rows').notNullable().defaultTo(0);
    t.integer('failed_rows').notNullable().defaultTo(0);
    t.jsonb('options').notNullable().defaultTo('{}');
    t.text('error').nullable();
    t.uuid('created_by').nullable().references('users.id').onDelete('SET NULL');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('started_at', { useTz: true }).nullable();
    t.timestamp('finished_at', { useTz: true }).nullable();
    t.timestamp('cancel_requested_at', { useTz: true }).nullable();
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.check(`status IN ('queued','running','completed','completed_with_errors','failed','cancelled')`, [], 'score_jobs_status_check');
    t.check(`file_format IN ('csv','xlsx')`, [], 'score_jobs_format_check');
    t.index(['organization_id', 'created_at']);
    t.index(['owner_user_id', 'created_at']);
  });

  await knex.schema.createTable('score_job_errors', (t) => {
    t.bigIncrements('id').primary();
    t.uuid('score_job_id').notNullable().references('score_jobs.id').onDelete('CASCADE');
    scopeColumns(t, 'score_job_errors');
    // 1-based data row number as a spreadsheet shows it (the header is row 1, so data starts at 2).
    t.integer('row_number').notNullable();
    t.text('column').nullable();
    t.text('reason').notNullable();
  });
  await knex.raw(`CREATE UNIQUE INDEX score_job_errors_row ON score_job_errors (score_job_id, row_number, (coalesce("column", '')))`);

  await knex.schema.createTable('statements', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('company_id').notNullable().references('companies.id').onDelete('CASCADE');
    scopeColumns(t, 'statements');
    t.integer('fiscal_year').notNullable();
    // NULL for an annual statement; 1..4 for a quarter (scored on trailing twelve months).
    t.smallint('fiscal_quarter').nullable();
    t.date('period_end').notNullable();
    t.text('unit').notNullable().defaultTo('millions');
    t.text('currency').nullable();
    // The amounts as submitted (in `unit`), model items and extras alike; absent amounts are absent.
    t.jsonb('amounts').notNullable();
    t.uuid('score_job_id').nullable().references('score_jobs.id').onDelete('SET NULL');
    t.uuid('created_by').nullable().references('users.id').onDelete('SET NULL');
    t.timestamps(true, true);
    t.check('fiscal_quarter IS NULL OR fiscal_quarter BETWEEN 1 AND 4', [], 'statements_quarter_check');
    t.check(`unit IN ('millions','thousands','units')`, [], 'statements_unit_check');
  });
  await knex.raw(`CREATE UNIQUE INDEX statements_period ON statements (company_id, fiscal_year, (coalesce(fiscal_quarter, 0)))`);

  await knex.schema.createTable('predictions', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('company_id').notNullable().references('companies.id').onDelete('CASCADE');
    t.uuid('statement_id').nullable().references('statements.id').onDelete('SET NULL');
    t.uuid('score_job_id').nullable().references('score_jobs.id').onDelete('CASCADE');
    // Data row number within the job's file; with score_job_id the idempotency key of bulk writes.
    t.integer('job_row').nullable();
    scopeColumns(t, 'predictions');
    t.integer('fiscal_year').notNullable();
    t.smallint('fiscal_quarter').nullable();
    t.date('period_end').notNullable();
    t.double('pd').notNullable();
    t.double('pd_low').notNullable();
    t.double('pd_high').notNullable();
    t.text('band').notNullable();
    t.text('rating').notNullable();
    t.jsonb('drivers').nullable();
    t.text('model_version').notNullable();
    t.uuid('scored_by').nullable().references('users.id').onDelete('SET NULL');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.check('pd >= 0 AND pd <= 1', [], 'predictions_pd_check');
    t.check(`band IN ('low','medium','high','critical')`, [], 'predictions_band_check');
    t.check('(score_job_id IS NULL) = (job_row IS NULL)', [], 'predictions_job_row_check');
  });
  await knex.raw(`
    CREATE UNIQUE INDEX predictions_job_row ON predictions (score_job_id, job_row) WHERE score_job_id IS NOT NULL;
    CREATE INDEX predictions_company_period ON predictions (company_id, fiscal_year, (coalesce(fiscal_quarter, 0)), created_at, id);
    CREATE INDEX predictions_org_created ON predictions (organization_id, created_at);
    CREATE INDEX predictions_owner_created ON predictions (owner_user_id, created_at);
  `);

  await knex.schema.createTable('alerts', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('company_id').notNullable().references('companies.id').onDelete('CASCADE');
    t.uuid('prediction_id').notNullable().references('predictions.id').onDelete('CASCADE');
    t.uuid('previous_prediction_id').nullable().references('predictions.id').onDelete('SET NULL');
    scopeColumns(t, 'alerts');
    // band_change when the band moved (whatever the size of the move), else pd_change.
    t.text('kind').notNullable();
    t.double('pd').notNullable();
    t.double('previous_pd').notNullable();
    t.text('band').notNullable();
    t.text('previous_band').notNullable();
    t.double('relative_change').nullable();
    t.double('threshold').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('acknowledged_at', { useTz: true }).nullable();
    t.uuid('acknowledged_by').nullable().references('users.id').onDelete('SET NULL');
    t.check(`kind IN ('pd_change','band_change')`, [], 'alerts_kind_check');
    t.unique(['prediction_id']);
    t.index(['organization_id', 'created_at']);
    t.index(['owner_user_id', 'created_at']);
  });

  await knex.schema.createTable('webhooks', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('tenant_id').notNullable().references('tenants.id').onDelete('CASCADE');
    t.uuid('organization_id').notNullable().references('organizations.id').onDelete('CASCADE');
    t.text('url').notNullable();
    // The signing secret, encrypted at rest (AES-256-GCM with a key kept beside the signing keys).
    t.text('secret_ciphertext').notNullable();
    t.specificType('events', 'text[]').notNullable();
    t.boolean('is_active').notNullable().defaultTo(true);
    t.uuid('created_by').nullable().references('users.id').onDelete('SET NULL');
    t.timestamps(true, true);
    t.index(['organization_id']);
  });

  await knex.schema.createTable('webhook_deliveries', (t) => {
    t.bigIncrements('id').primary();
    t.uuid('webhook_id').notNullable().references('webhooks.id').onDelete('CASCADE');
    t.uuid('tenant_id').notNullable().references('tenants.id').onDelete('CASCADE');
    t.uuid('organization_id').notNullable().references('organizations.id').onDelete('CASCADE');
    t.text('event').notNullable();
    // Stable across retries, so receivers can drop duplicates.
    t.uuid('event_id').notNullable().defaultTo(knex.raw('gen_random_uuid()'));
    t.jsonb('payload').notNullable();
    t.text('status').notNullable().defaultTo('pending');
    t.integer('attempts').notNullable().defaultTo(0);
    t.timestamp('next_attempt_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.integer('last_status_code').nullable();
    t.text('last_error').nullable();
    t.timestamp('delivered_at', { useTz: true }).nullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.check(`status IN ('pending','delivered','failed')`, [], 'webhook_deliveries_status_check');
    t.check(`event IN ('score_job.completed','prediction.band_changed','alert.created')`, [], 'webhook_deliveries_event_check');
    t.index(['webhook_id', 'created_at']);
  });
  await knex.raw(`CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE status = 'pending'`);

  await knex.raw(SCOPED_TABLES.map(scopedPolicies).join('\n'));
  const orgAdminSql = `app_is_super()
      OR (tenant_id = app_tenant_id() AND (app_role() = 'tenant_admin' OR (app_role() = 'org_admin' AND organization_id = app_org_id())))`;
  await knex.raw(`
    ALTER TABLE webhooks ENABLE ROW LEVEL SECURITY; ALTER TABLE webhooks FORCE ROW LEVEL SECURITY;
    CREATE POLICY webhooks_manage ON webhooks FOR ALL USING (${orgAdminSql}) WITH CHECK (${orgAdminSql});
    ALTER TABLE webhook_deliveries ENABLE ROW LEVEL SECURITY; ALTER TABLE webhook_deliveries FORCE ROW LEVEL SECURITY;
    CREATE POLICY webhook_deliveries_manage ON webhook_deliveries FOR ALL USING (${orgAdminSql}) WITH CHECK (${orgAdminSql});
  `);

  // Queues a webhook event for every active webhook of the organization that subscribes to it.
  // SECURITY DEFINER: an org member whose scoring raises an alert may not read the webhooks table.
  await knex.raw(`
    CREATE FUNCTION enqueue_webhook_event(p_organization_id uuid, p_event text, p_payload jsonb) RETURNS integer
      LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public AS $$
      WITH queued AS (
        INSERT INTO webhook_deliveries (webhook_id, tenant_id, organization_id, event, payload)
        SELECT w.id, w.tenant_id, w.organization_id, p_event, p_payload
          FROM webhooks w
         WHERE w.organization_id = p_organization_id AND w.is_active AND p_event = ANY (w.events)
        RETURNING 1)
      SELECT count(*)::int FROM queued $$;
  `);

  // The trigger also keeps companies.latest_* on the newest prediction.
  // Alerts are raised by the database for every way a prediction arrives (single scoring, bulk
  // jobs, a future import), in one set-based statement per INSERT: for each new prediction, the
  // company's previous prediction (by period, then time) is compared with it. A changed band, or a
  // relative PD move above the organization's threshold (default 5 %), makes one alert; alerts and
  // band changes of organization data are queued for the organization's webhooks.
  await knex.raw(`
    CREATE FUNCTION predictions_raise_alerts() RETURNS trigger
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
    DECLARE n_raised bigint;
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
      ), raised AS (
        INSERT INTO alerts (company_id, prediction_id, previous_prediction_id, scope, tenant_id, organization_id, owner_user_id,
                            kind, pd, previous_pd, band, previous_band, relative_change, threshold)
        SELECT m.company_id, m.id, m.previous_id, m.scope, m.tenant_id, m.organization_id, m.owner_user_id,
               CASE WHEN m.band <> m.previous_band THEN 'band_change' ELSE 'pd_change' END,
               m.pd, m.previous_pd, m.band, m.previous_band, m.relative_change, m.threshold
          FROM moves m
         WHERE m.band <> m.previous_band OR m.relative_change > m.threshold OR (m.previous_pd = 0 AND m.pd > 0)
        RETURNING *
      )
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
      ) q;
      RETURN NULL;
    END $$;
  `);
  await knex.raw(`
    CREATE TRIGGER predictions_raise_alerts AFTER INSERT ON predictions
      REFERENCING NEW TABLE AS new_predictions
      FOR EACH STATEMENT EXECUTE FUNCTION predictions_raise_alerts();
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP TRIGGER IF EXISTS predictions_raise_alerts ON predictions');
  await knex.raw('DROP FUNCTION IF EXISTS predictions_raise_alerts(), enqueue_webhook_event(uuid, text, jsonb)');
  for (const table of ['webhook_deliveries', 'webhooks', 'alerts', 'predictions', 'statements', 'score_job_errors', 'score_jobs', 'companies']) {
    await knex.schema.dropTableIfExists(table);
  }
  await knex.raw('DROP FUNCTION IF EXISTS app_global_data_allowed()');
  await knex.schema.alterTable('organizations', (t) => {
    t.dropChecks(['organizations_alert_threshold_check']);
    t.dropColumn('alert_pd_change_threshold');
  });
}
