import Bull from 'bull';
import type { Redis } from 'ioredis';
import type { Config } from '../config.ts';
import type { MaintenanceTask } from '../modules/maintenance/maintenance.service.ts';

/** Queue names and their payloads. Bulk scoring (issue 4) adds its queue here. */
export const QUEUE_NAMES = { maintenance: 'maintenance', webhooks: 'webhooks', scoreJobs: 'score-jobs' } as const;

export interface MaintenancePayload {
  task: MaintenanceTask;
}

/** Only the job's id: the file and options live in the score_jobs row, so Redis never holds data. */
export interface ScoreJobPayload {
  scoreJobId: string;
}

/** The webhook queue carries one repeatable drain job; the outbox itself is the webhook_deliveries table. */
export interface WebhookDrainPayload {
  task: 'drain';
}

/** One Bull queue on the shared Redis, namespaced by REDIS_PREFIX so test runs and instances never mix. */
export function createQueue<T>(config: Pick<Config, 'REDIS_URL' | 'REDIS_PREFIX'>, name: string, settings?: Bull.AdvancedSettings): Bull.Queue<T> {
  return new Bull<T>(name, config.REDIS_URL, { prefix: `${config.REDIS_PREFIX}:bull`, ...(settings ? { settings } : {}) });
}

/**
 * A queue for adding and removing jobs only, on an existing connection: the API needs no blocking or
 * subscriber connections, and the caller's connection is closed with the container, so nothing leaks.
 */
export function createProducerQueue<T>(config: Pick<Config, 'REDIS_PREFIX'>, name: string, redis: Redis): Bull.Queue<T> {
  return new Bull<T>(name, {
    prefix: `${config.REDIS_PREFIX}:bull`,
    createClient(type) {
      if (type !== 'client') throw new Error(`A producer queue opens no ${type} connection`);
      return redis;
    },
  });
}
