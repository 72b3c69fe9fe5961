import type { Knex } from 'knex';

/**
 * Indexes the two foreign keys whose ON DELETE actions otherwise scan a whole table per deleted
 * row: deleting a statement nulls predictions.statement_id, deleting a prediction nulls
 * alerts.previous_prediction_id. After a 100,000-row bulk job, removing its tenant (or its
 * statements) went quadratic without them: minutes instead of seconds.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE INDEX predictions_statement ON predictions (statement_id) WHERE statement_id IS NOT NULL;
    CREATE INDEX alerts_previous_prediction ON alerts (previous_prediction_id) WHERE previous_prediction_id IS NOT NULL;
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP INDEX IF EXISTS predictions_statement, alerts_previous_prediction');
}
