import type { Container } from './container.ts';

export interface RunningWorker {
  close(): Promise<void>;
}

/**
 * Starts the Bull queue processors. The platform core has no jobs yet; bulk scoring (issue 4)
 * registers its processors here, and `npm run worker` runs the same function alone to scale out.
 */
export async function startWorker(container: Container): Promise<RunningWorker> {
  container.logger.info('worker started (no queues registered yet)');
  return { async close() {} };
}
