import { loadConfig } from './config.ts';
import { createContainer } from './container.ts';
import { startWorker } from './worker.ts';

/** `npm run worker`: the queue processors alone, no HTTP, for scaling out. */
export async function startStandaloneWorker(): Promise<void> {
  const config = loadConfig();
  const container = await createContainer(config);
  const worker = await startWorker(container);
  container.logger.info('standalone worker running');
  const shutdown = async () => {
    await worker.close();
    await container.close();
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown());
  process.once('SIGINT', () => void shutdown());
}
