import type { Job } from 'bull';
import type { Container } from '../container.ts';
import { runScoreJob } from '../modules/score-jobs/score-job-runner.ts';
import type { ScoreJobPayload } from './queues.ts';

/** Runs one bulk-scoring job; a rerun after a worker crash resumes where the last committed chunk ended. */
export async function processScoreJob(container: Container, job: Job<ScoreJobPayload>): Promise<{ status: string }> {
  const status = await runScoreJob({ db: container.db, model: container.model, config: container.config, logger: container.logger }, job.data.scoreJobId);
  return { status };
}
