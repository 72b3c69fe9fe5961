import http from 'node:http';
import { createApp } from './app.ts';
import { loadConfig, ConfigError } from './config.ts';
import { createContainer } from './container.ts';
import { ForeignSchemaError, ServiceDownError } from './db/setup.ts';
import { RedisDownError } from './lib/redis.ts';
import { startWorker } from './worker.ts';

/** Starts the HTTP API (and, unless RUN_WORKER=false, the Bull worker in the same process). */
export async function startServer(): Promise<http.Server> {
  const config = loadConfig();
  const container = await createContainer(config);
  const app = createApp(container);
  const worker = config.RUN_WORKER ? await startWorker(container) : null;
  const server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(config.PORT, config.HOST, resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.PORT;
  container.logger.info({ port, worker: Boolean(worker) }, `DefaultRate API listening on http://localhost:${port} (docs at /docs)`);

  const shutdown = async (signal: string) => {
    container.logger.info({ signal }, 'shutting down');
    server.close();
    await worker?.close();
    await container.close();
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
  return server;
}

/** One clear line for the operator instead of a stack trace when a dependency or setting is wrong. */
export function exitOnBootError(error: unknown): never {
  if (error instanceof ServiceDownError || error instanceof RedisDownError || error instanceof ConfigError || error instanceof ForeignSchemaError) {
    console.error(error.message);
  } else {
    console.error('DefaultRate failed to start:', error instanceof Error ? error.message : error);
  }
  process.exit(1);
}
