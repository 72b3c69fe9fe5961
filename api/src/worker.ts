import type { Container } from './container.ts';
import { processMaintenance } from './jobs/maintenance.processor.ts';
import { createQueue, QUEUE_NAMES, type MaintenancePayload } from './jobs/queues.ts';

export interface RunningWorker {
  close(): Promise<void>;
}

/** Every hour; a repeatable job is stored once in Redis however many workers start. */
const PURGE_EVERY_MS = 60 * 60 * 1000;

/**
 * Starts the Bull queue processors. Runs inside the API process (`npm start`) or alone
 * (`npm run worker`); several processes can share the queues.
 */
export async function startWorker(container: Container): Promise<RunningWorker> {
  const maintenance = createQueue<MaintenancePayload>(container.config, QUEUE_NAMES.maintenance);
  void maintenance.process(1, (job) => processMaintenance(container.db, job));
  maintenance.on('failed', (job, error) => container.logger.error({ queue: QUEUE_NAMES.maintenance, jobId: job.id, err: error.message }, 'job failed'));
  await maintenance.add({ task: 'purge_expired_sessions' }, { repeat: { every: PURGE_EVERY_MS }, jobId: 'purge_expired_sessions', removeOnComplete: 100, removeOnFail: 100 });
  container.logger.info({ queues: [QUEUE_NAMES.maintenance] }, 'worker started');
  return {
    async close() {
      await maintenance.close();
    },
  };
}
