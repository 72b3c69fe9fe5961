import type { Knex } from 'knex';
import { purgeExpiredSessions } from './maintenance.repository.ts';

export const MAINTENANCE_TASKS = ['purge_expired_sessions'] as const;
export type MaintenanceTask = (typeof MAINTENANCE_TASKS)[number];

/** Runs one housekeeping task and says what it did. */
export async function runMaintenanceTask(db: Knex, task: MaintenanceTask): Promise<{ task: MaintenanceTask; purged: number }> {
  switch (task) {
    case 'purge_expired_sessions':
      return { task, purged: await purgeExpiredSessions(db) };
    default:
      throw new Error(`Unknown maintenance task ${JSON.stringify(task)}`);
  }
}
