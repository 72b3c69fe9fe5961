import type { Job } from 'bull';
import type { Knex } from 'knex';
import { purgeExpiredSessions } from '../modules/maintenance/maintenance.repository.ts';
import type { MaintenancePayload } from './queues.ts';

/** Runs one housekeeping task; the result lands in the job's return value for inspection. */
export async function processMaintenance(db: Knex, job: Job<MaintenancePayload>): Promise<{ task: string; purged: number }> {
  switch (job.data.task) {
    case 'purge_expired_sessions':
      return { task: job.data.task, purged: await purgeExpiredSessions(db) };
    default:
      throw new Error(`Unknown maintenance task ${JSON.stringify(job.data.task)}`);
  }
}
