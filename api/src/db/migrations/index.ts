import type { Knex } from 'knex';
import * as createPlatformCore from './20261124000000_create_platform_core.ts';
import * as createSessionPurge from './20261124000200_create_session_purge.ts';
import * as createRevokeUserSessions from './20261124000500_create_revoke_user_sessions.ts';
import * as createMembershipFunctions from './20261124000800_create_membership_functions.ts';
import * as createMemberRelease from './20261124000900_create_member_release.ts';
import * as restrictAuditAppend from './20261124000950_restrict_audit_append.ts';
import * as createPortfolio from './20261124001000_create_portfolio.ts';
import * as createScoreJobFunctions from './20261124001030_create_score_job_functions.ts';
import * as indexPredictionReferences from './20261124001031_index_prediction_references.ts';
import * as streamlineBulkWrites from './20261124001070_streamline_bulk_writes.ts';
import * as createEmbedTokens from './20261124001090_create_embed_tokens.ts';
import * as createUploadRetention from './20261124001110_create_upload_retention.ts';
import * as createAdminEmbedTokens from './20261124001150_create_admin_embed_tokens.ts';
import * as scoreJobsFromEmbedTokens from './20261124001170_score_jobs_from_embed_tokens.ts';
import * as createWebVitals from './20261124001130_create_web_vitals.ts';
import * as alertOnLatestMoves from './20261124001190_alert_on_latest_moves.ts';

interface Migration {
  up(knex: Knex): Promise<void>;
  down(knex: Knex): Promise<void>;
}

/**
 * Every migration, in order. Listed statically rather than discovered on disk so that migrations run
 * the same way under tsx, Vitest and any bundler (knex's file loader uses a bare dynamic import
 * that only tsx can resolve for .ts files). Add each new migration here.
 */
export const MIGRATIONS: [name: string, migration: Migration][] = [
  ['20261124000000_create_platform_core.ts', createPlatformCore],
  ['20261124000200_create_session_purge.ts', createSessionPurge],
  ['20261124000500_create_revoke_user_sessions.ts', createRevokeUserSessions],
  ['20261124000800_create_membership_functions.ts', createMembershipFunctions],
  ['20261124000900_create_member_release.ts', createMemberRelease],
  ['20261124000950_restrict_audit_append.ts', restrictAuditAppend],
  ['20261124001000_create_portfolio.ts', createPortfolio],
  ['20261124001030_create_score_job_functions.ts', createScoreJobFunctions],
  ['20261124001031_index_prediction_references.ts', indexPredictionReferences],
  ['20261124001070_streamline_bulk_writes.ts', streamlineBulkWrites],
  ['20261124001090_create_embed_tokens.ts', createEmbedTokens],
  ['20261124001110_create_upload_retention.ts', createUploadRetention],
  ['20261124001130_create_web_vitals.ts', createWebVitals],
  ['20261124001150_create_admin_embed_tokens.ts', createAdminEmbedTokens],
  ['20261124001170_score_jobs_from_embed_tokens.ts', scoreJobsFromEmbedTokens],
  ['20261124001190_alert_on_latest_moves.ts', alertOnLatestMoves],
];

/** A knex migration source over MIGRATIONS. */
export const migrationSource: Knex.MigrationSource<[string, Migration]> = {
  async getMigrations() {
    return MIGRATIONS;
  },
  getMigrationName([name]) {
    return name;
  },
  async getMigration([, migration]) {
    return migration;
  },
};
