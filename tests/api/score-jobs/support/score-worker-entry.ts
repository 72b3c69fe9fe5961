/**
 * A bulk-scoring worker in its own process, for the crash test: the parent kills it with SIGKILL
 * mid-job. Configuration comes as JSON in DR_TEST_CONFIG (the parent's test config).
 */
import { loadConfig } from '../../../../api/src/config.ts';
import { createContainer } from '../../../../api/src/container.ts';
import { startScoreJobQueue } from '../../../../api/src/worker.ts';

const config = loadConfig(JSON.parse(process.env.DR_TEST_CONFIG ?? '{}') as Record<string, string>);
const container = await createContainer(config);
startScoreJobQueue(container);
process.stdout.write('worker ready\n');
