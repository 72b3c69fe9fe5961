import { Forbidden } from '../../lib/problem.ts';
import type { EmbedGrant } from './embed-principal.service.ts';

/**
 * THE allow-list of what a data embed token may call (admin tokens: admin-panels.ts), by operationId of the spec. Anything not listed
 * answers 403, so a new endpoint is closed to embed tokens until someone decides otherwise here.
 *
 *  - `read`: always (every one is a GET);
 *  - `telemetry`: always, read-only tokens included: it writes only measurements about the host
 *    page (web vitals), never business data, and the token cannot read them back;
 *  - `write`: only with a token minted with `readOnly: false`.
 *
 * Which rows these operations return is not decided here but by the database: the request runs as
 * an org member of the token's organization with the token's row scope (see with-tenant.ts and the
 * embed-tokens migration), so lists, exports, analytics and event streams are filtered alike.
 * Keep the `embedding` tag of the spec in step with this table.
 */
export const EMBED_OPERATIONS = {
  listCompanies: 'read',
  getCompany: 'read',
  listStatements: 'read',
  getStatement: 'read',
  listPredictions: 'read',
  getCompanyTrend: 'read',
  listAlerts: 'read',
  getPortfolioAnalytics: 'read',
  exportCompanies: 'read',
  exportPredictions: 'read',
  getPortfolioReport: 'read',
  listScoreJobs: 'read',
  getScoreJob: 'read',
  streamScoreJobEvents: 'read',
  listScoreJobErrors: 'read',
  getScoreJobResults: 'read',
  getScoreJobTemplateCsv: 'read',
  getScoreJobTemplateXlsx: 'read',
  // Scores a statement without storing anything (the analysis widget's calculator).
  scoreStatementOnce: 'write',
  // The bulk-upload widget: the job writes organization data as the token (see the score_jobs
  // embed_jti migration); only a token for the whole portfolio may start one.
  createScoreJob: 'write',
  cancelScoreJob: 'write',
  reportWebVitals: 'telemetry',
} as const satisfies Record<string, 'read' | 'telemetry' | 'write'>;

/**
 * Operations that also take the token as `?embed_token=`: EventSource cannot set headers. Query
 * strings end up in logs and history, so this stays limited to the one stream that needs it.
 */
export const EMBED_QUERY_TOKEN_OPERATIONS: ReadonlySet<string> = new Set(['streamScoreJobEvents']);

/** Refuses an operation an embed token may not call (or may not call read-only). */
export function assertEmbedOperation(operationId: string | undefined, grant: EmbedGrant): void {
  if (grant.kind === 'admin') {
    if (!operationId || !grant.operations.has(operationId)) throw new Forbidden("This embed token's admin panels may not call this operation (or your role no longer allows them).");
    return;
  }
  const access = operationId && Object.hasOwn(EMBED_OPERATIONS, operationId) ? EMBED_OPERATIONS[operationId as keyof typeof EMBED_OPERATIONS] : undefined;
  if (!access) throw new Forbidden('Embed tokens may not call this operation.');
  if (access === 'write' && grant.readOnly) throw new Forbidden('This embed token is read-only.');
}
