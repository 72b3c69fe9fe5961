import type { Job } from 'bull';
import type { Knex } from 'knex';
import { runMaintenanceTask, type MaintenanceOptions, type MaintenanceTask } from '../modules/maintenance/maintenance.service.ts';
import type { MaintenancePayload } from './queues.ts';

/** Runs one housekeeping task; the result lands in the job's return value for inspection. */
export async function processMaintenance(db: Knex, options: MaintenanceOptions, job: Job<MaintenancePayload>): Promise<{ task: MaintenanceTask; purged: number }> {
  return runMaintenanceTask(db, job.data.task, options);
}
