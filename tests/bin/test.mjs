#!/usr/bin/env node
// Entry of `npm test`: installs what is missing, checks and bundles the spec, type-checks, then runs
// every Vitest project (model unit tests, API tests against real PostgreSQL and Redis).
import { spawnSync } from 'node:child_process';
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

const bin = (name) => `${repoRoot}/node_modules/.bin/${name}`;
const quietRedocly = { env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' } };

run('Lint the OpenAPI spec', bin('redocly'), ['lint', 'openapi/openapi.yaml', '--config', 'openapi/redocly.yaml'], quietRedocly);
run('Bundle the OpenAPI spec', bin('redocly'), ['bundle', 'openapi/openapi.yaml', '-o', 'openapi/generated/openapi.json', '--config', 'openapi/redocly.yaml'], quietRedocly);
run('Generate types from the spec', bin('openapi-typescript'), ['openapi/generated/openapi.json', '-o', 'openapi/generated/schema.d.ts']);
run('Type-check', 'npm', ['run', '--silent', 'typecheck']);
run('Lint the API (layering)', bin('eslint'), ['--max-warnings', '0'], { cwd: `${repoRoot}/api` });
run('Vitest (model, api)', bin('vitest'), ['run', '--config', 'tests/vitest.config.ts', ...process.argv.slice(2)]);
