#!/usr/bin/env node
// Entry of `npm start` / `npm run worker`: plain JavaScript with no dependencies, because on a
// fresh clone nothing is installed yet. It installs when needed, then hands over to TypeScript.
import { spawnSync } from 'node:child_process';
import { ensureInstalled, repoRoot } from './ensure-installed.mjs';

ensureInstalled();
const result = spawnSync(process.execPath, ['--import', 'tsx', 'api/src/main.ts', ...process.argv.slice(2)], {
  cwd: repoRoot,
  stdio: 'inherit',
});
process.exit(result.status ?? 1);
