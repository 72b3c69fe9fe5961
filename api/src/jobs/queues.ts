import Bull from 'bull';
import type { Config } from '../config.ts';

/** Queue names and their payloads. Bulk scoring (issue 4) adds its queue here. */
export const QUEUE_NAMES = { maintenance: 'maintenance' } as const;

export interface MaintenancePayload {
  task: 'purge_expired_sessions';
}

/** One Bull queue on the shared Redis, namespaced by REDIS_PREFIX so test runs and instances never mix. */
export function createQueue<T>(config: Pick<Config, 'REDIS_URL' | 'REDIS_PREFIX'>, name: string): Bull.Queue<T> {
  return new Bull<T>(name, config.REDIS_URL, { prefix: `${config.REDIS_PREFIX}:bull` });
}
