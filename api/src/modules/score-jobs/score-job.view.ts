import type { components } from '../../../../openapi/generated/schema.d.ts';
import type { ScoreJobRow } from './score-jobs.repository.ts';

export type ScoreJobView = components['schemas']['ScoreJob'];

const iso = (d: Date | string | null): string | null => (d === null ? null : new Date(d).toISOString());

/**
 * A job as the API shows it. Throughput is measured from the first start (a resumed job includes
 * the time lost to the crash, which is what the caller waited), and the ETA is only given while
 * the job runs and the row count is known (CSV files are counted at upload; workbooks are not).
 */
export function toScoreJobView(row: ScoreJobRow, now: Date = new Date()): ScoreJobView {
  const end = row.finishedAt ? new Date(row.finishedAt) : now;
  const seconds = row.startedAt ? Math.max((end.getTime() - new Date(row.startedAt).getTime()) / 1000, 0.001) : null;
  const rowsPerSecond = seconds !== null && row.processedRows > 0 ? Math.round((row.processedRows / seconds) * 10) / 10 : null;
  const remaining = row.totalRows !== null ? Math.max(row.totalRows - row.processedRows, 0) : null;
  const etaSeconds = row.status === 'running' && rowsPerSecond && remaining !== null ? Math.ceil(remaining / rowsPerSecond) : null;
  return {
    id: row.id,
    status: row.status,
    scope: row.scope,
    organizationId: row.organizationId,
    fileName: row.fileName,
    fileFormat: row.fileFormat,
    fileSize: Number(row.fileSize),
    totalRows: row.totalRows,
    processedRows: row.processedRows,
    succeededRows: row.succeededRows,
    failedRows: row.failedRows,
    rowsPerSecond,
    etaSeconds,
    error: row.error,
    createdBy: row.createdBy,
    createdAt: iso(row.createdAt) as string,
    startedAt: iso(row.startedAt),
    finishedAt: iso(row.finishedAt),
    cancelRequestedAt: iso(row.cancelRequestedAt),
  };
}
