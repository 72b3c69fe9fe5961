/** Life cycle of a bulk-scoring job. */
export const SCORE_JOB_STATUSES = ['queued', 'running', 'completed', 'completed_with_errors', 'failed', 'cancelled'] as const;
export type ScoreJobStatus = (typeof SCORE_JOB_STATUSES)[number];

/** Statuses a job never leaves. */
export const FINAL_STATUSES: ReadonlySet<ScoreJobStatus> = new Set(['completed', 'completed_with_errors', 'failed', 'cancelled']);

export function isFinalStatus(status: string): boolean {
  return FINAL_STATUSES.has(status as ScoreJobStatus);
}
