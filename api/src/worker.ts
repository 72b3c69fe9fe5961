import type Bull from 'bull';
import type { Container } from './container.ts';
import { processMaintenance } from './jobs/maintenance.processor.ts';
import { MAINTENANCE_TASKS } from './modules/maintenance/maintenance.service.ts';
import { processWebhookDrain } from './jobs/webhook-delivery.processor.ts';
import { processScoreJob } from './jobs/score-job.processor.ts';
import { createQueue, QUEUE_NAMES, type MaintenancePayload, type ScoreJobPayload, type WebhookDrainPayload } from './jobs/queues.ts';

export interface RunningWorker {
  close(): Promise<void>;
}

/** Every hour; a repeatable job is stored once in Redis however many workers start. */
const PURGE_EVERY_MS = 60 * 60 * 1000;
/** The webhook outbox is drained this often; a delivery waits at most this long for its first attempt. */
const WEBHOOK_DRAIN_EVERY_MS = 2000;

/**
 * Starts the Bull queue processors. Runs inside the API process (`npm start`) or alone
 * (`npm run worker`); several processes can share the queues.
 */
export async function startWorker(container: Container): Promise<RunningWorker> {
  const maintenance = createQueue<MaintenancePayload>(container.config, QUEUE_NAMES.maintenance);
  const maintenanceOptions = { uploadDir: container.config.UPLOAD_DIR, uploadRetentionDays: container.config.UPLOAD_RETENTION_DAYS };
  void maintenance.process(1, (job) => processMaintenance(container.db, maintenanceOptions, job));
  maintenance.on('failed', (job, error) => container.logger.error({ queue: QUEUE_NAMES.maintenance, jobId: job.id, err: error.message }, 'job failed'));
  for (const task of MAINTENANCE_TASKS) {
    await maintenance.add({ task }, { repeat: { every: PURGE_EVERY_MS }, jobId: task, removeOnComplete: 100, removeOnFail: 100 });
  }
  const webhooks = createQueue<WebhookDrainPayload>(container.config, QUEUE_NAMES.webhooks);
  if (container.config.WEBHOOK_DELIVERY) {
    void webhooks.process(1, (job) => processWebhookDrain(container, job));
    webhooks.on('failed', (job, error) => container.logger.error({ queue: QUEUE_NAMES.webhooks, jobId: job.id, err: error.message }, 'job failed'));
    await webhooks.add({ task: 'drain' }, { repeat: { every: WEBHOOK_DRAIN_EVERY_MS }, jobId: 'webhook_drain', removeOnComplete: true, removeOnFail: 100 });
  }
  const scoreJobs = startScoreJobQueue(container);
  container.logger.info({ queues: [QUEUE_NAMES.maintenance, QUEUE_NAMES.webhooks, QUEUE_NAMES.scoreJobs] }, 'worker started');
  return {
    async close() {
      await maintenance.close();
      await webhooks.close();
      await scoreJobs.close();
    },
  };
}

/**
 * The bulk-scoring queue. A worker that dies mid-job stops renewing its lock; after
 * SCORE_JOB_LOCK_MS another worker's stalled check (every SCORE_JOB_STALLED_CHECK_MS) puts the job
 * back, and the rerun resumes after the last committed chunk.
 */
export function startScoreJobQueue(container: Container): Bull.Queue<ScoreJobPayload> {
  const { config } = container;
  const queue = createQueue<ScoreJobPayload>(config, QUEUE_NAMES.scoreJobs, { lockDuration: config.SCORE_JOB_LOCK_MS, stalledInterval: config.SCORE_JOB_STALLED_CHECK_MS, maxStalledCount: 3 });
  void queue.process(config.SCORE_JOB_CONCURRENCY, (job) => processScoreJob(container, job));
  queue.on('failed', (job, error) => container.logger.error({ queue: QUEUE_NAMES.scoreJobs, jobId: job.id, err: error.message }, 'job failed'));
  return queue;
}
