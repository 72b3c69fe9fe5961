#!/usr/bin/env node
// Entry of `npm test`: installs what is missing, checks and bundles the spec, type-checks, builds the
// widgets and Storybook, then runs every Vitest project (model unit tests, API tests against real
// PostgreSQL and Redis, widgets and every Storybook story in Chromium).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { ensureInstalled, repoRoot } from '../../api/bin/ensure-installed.mjs';

ensureInstalled();

function run(label, command, args, options = {}) {
  console.log(`\n▶ ${label}`);
  const result = spawnSync(command, args, { cwd: repoRoot, stdio: 'inherit', ...options });
  if (result.status !== 0) {
    console.error(`✖ ${label} failed (exit ${result.status})`);
    process.exit(result.status ?? 1);
  }
}

const CHROMIUM = '/usr/bin/chromium';

/** The e2e tests drive Debian's Chromium (playwright-core downloads no browser); install it once if missing. */
function ensureChromium() {
  if (fs.existsSync(CHROMIUM)) return;
  console.log(`\n▶ Install Chromium (${CHROMIUM} is missing): apt-get install -y chromium`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  let result = spawnSync('apt-get', ['install', '-y', '-qq', 'chromium'], { stdio: ['ignore', 'ignore', 'inherit'], env });
  if (result.status !== 0) {
    // A fresh machine may have no package lists yet.
    spawnSync('apt-get', ['update', '-qq'], { stdio: ['ignore', 'ignore', 'inherit'], env });
    result = spawnSync('apt-get', ['install', '-y', '-qq', 'chromium'], { stdio: ['ignore', 'ignore', 'inherit'], env });
  }
  if (result.status !== 0 || !fs.existsSync(CHROMIUM)) {
    console.error(`✖ Could not install Chromium with apt-get (exit ${result.status ?? result.error?.message}). The widget tests need ${CHROMIUM}: install the Debian package "chromium" (as root) and run again.`);
    process.exit(1);
  }
}

const bin = (name) => `${repoRoot}/node_modules/.bin/${name}`;
const quietRedocly = { env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' } };

run('Lint the OpenAPI spec', bin('redocly'), ['lint', 'openapi/openapi.yaml', '--config', 'openapi/redocly.yaml'], quietRedocly);
run('Bundle the OpenAPI spec', bin('redocly'), ['bundle', 'openapi/openapi.yaml', '-o', 'openapi/generated/openapi.json', '--config', 'openapi/redocly.yaml'], quietRedocly);
run('Generate types from the spec', bin('openapi-typescript'), ['openapi/generated/openapi.json', '-o', 'openapi/generated/schema.d.ts']);
// Before the type check: Storybook's preview imports the custom-elements.json the build writes.
run('Build the widgets', process.execPath, ['widgets/bin/build.mjs']);
run('Type-check', 'npm', ['run', '--silent', 'typecheck']);
run('Lint the API (layering)', bin('eslint'), ['--max-warnings', '0'], { cwd: `${repoRoot}/api` });
ensureChromium();
// Offline, telemetry off; tests/e2e/storybook-a11y.test.ts opens every story of it in Chromium.
run('Build Storybook', 'npm', ['run', '--silent', '-w', 'storybook', 'build'], { env: { ...process.env, STORYBOOK_DISABLE_TELEMETRY: '1' } });
run('Vitest (model, api, e2e)', bin('vitest'), ['run', '--config', 'tests/vitest.config.ts', ...process.argv.slice(2)]);
