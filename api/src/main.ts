import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { isDemoHostEnabled, loadConfig, REPO_ROOT } from './config.ts';
import { prepareDatabase } from './db/setup.ts';
import { connectRedis } from './lib/redis.ts';
import { seedDemoData, DEMO_USERS } from './db/seeds/demo.ts';
import { DEMO_HOST_KEY_FILE, readDemoHostApiKey } from './db/seeds/demo-host.ts';
import { ensureSigningKeys } from './modules/auth/signing-keys.ts';
import { exitOnBootError, startServer } from './server.ts';
import { startStandaloneWorker } from './worker-main.ts';

/** Bundles the split OpenAPI files into the one document the validator and /openapi.json use. */
export function bundleOpenApi(): void {
  const redocly = path.join(REPO_ROOT, 'node_modules/.bin/redocly');
  const result = spawnSync(redocly, ['bundle', 'openapi/openapi.yaml', '-o', 'openapi/generated/openapi.json', '--config', 'openapi/redocly.yaml'], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
  });
  if (result.status !== 0) throw new Error(`Bundling the OpenAPI spec failed:\n${result.stderr}`);
}

/** Builds widgets/dist (served at /widgets/) when it is missing or older than the widgets' sources. */
export function buildWidgetsIfStale(): void {
  const result = spawnSync(process.execPath, ['widgets/bin/build.mjs', '--if-stale'], { cwd: REPO_ROOT, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`Building the widgets failed:\n${result.stderr}`);
  if (result.stdout.trim()) console.log(result.stdout.trim());
}

/** Everything `npm start` does before serving: database, migrations, app role, keys, spec, demo data. */
export async function setUp(): Promise<void> {
  const config = loadConfig();
  // Redis is checked before the database is touched, so a missing Redis fails the start with one
  // line up front instead of after migrations and seeding (and `--setup-only` catches it too).
  (await connectRedis(config.REDIS_URL)).disconnect();
  const { created, applied } = await prepareDatabase(config);
  if (created) console.log(`Created database ${new URL(config.DATABASE_URL).pathname.slice(1)}.`);
  if (applied.length) console.log(`Applied ${applied.length} migration(s).`);
  await ensureSigningKeys(config.KEYS_DIR);
  bundleOpenApi();
  buildWidgetsIfStale();
  if (config.NODE_ENV !== 'production') {
    const seeded = await seedDemoData(config);
    if (seeded.created) {
      console.log(`Demo data seeded. Demo users (password "${config.DEMO_PASSWORD}", set DEMO_PASSWORD to change it):`);
      for (const email of seeded.emails) console.log(`  ${email}`);
    }
    if (seeded.companiesAdded) console.log(`Demo portfolios seeded: ${seeded.companiesAdded} scored companies.`);
  }
}

/**
 * Serves the demo host (demo-host/: Northwind Bank's intranet) on its own origin, so its pages embed
 * the widgets cross-origin with embed tokens, as a customer's would. Off in production unless enabled.
 */
async function startDemoHostIfEnabled(apiPort: number): Promise<void> {
  const config = loadConfig();
  if (!isDemoHostEnabled(config)) return;
  const { startDemoHost } = await import('../../demo-host/server/demo-host.ts');
  const keyFile = path.join(config.KEYS_DIR, DEMO_HOST_KEY_FILE);
  const host = await startDemoHost({
    port: config.DEMO_HOST_PORT,
    apiBase: config.PUBLIC_BASE_URL,
    apiInternalBase: `http://127.0.0.1:${apiPort}`,
    apiKey: () => readDemoHostApiKey(keyFile),
    accounts: DEMO_USERS.filter((u) => u.tenant === 'northwind' || !u.tenant).map((u) => ({ email: u.email, label: u.displayName })),
  });
  console.log(`Demo host (Northwind Bank intranet) on http://localhost:${new URL(host.origin).port}`);
}

async function main(args: string[]): Promise<void> {
  await setUp();
  if (args.includes('--setup-only')) return;
  if (args.includes('--worker')) await startStandaloneWorker();
  else {
    const server = await startServer();
    const address = server.address();
    await startDemoHostIfEnabled(typeof address === 'object' && address ? address.port : loadConfig().PORT);
  }
}

main(process.argv.slice(2)).catch(exitOnBootError);
