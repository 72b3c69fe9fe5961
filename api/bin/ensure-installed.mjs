// Installs npm dependencies when node_modules is missing or older than the lockfile.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

function mtime(file) {
  try {
    return fs.statSync(file).mtimeMs;
  } catch {
    return 0;
  }
}

export function ensureInstalled() {
  const marker = path.join(repoRoot, 'node_modules/.package-lock.json');
  const lock = path.join(repoRoot, 'package-lock.json');
  const manifest = path.join(repoRoot, 'package.json');
  const installedAt = mtime(marker);
  if (installedAt && installedAt >= mtime(lock) && installedAt >= mtime(manifest)) return;
  const command = fs.existsSync(lock) ? ['ci', '--no-audit', '--no-fund'] : ['install', '--no-audit', '--no-fund'];
  console.log(`Installing dependencies (npm ${command[0]})…`);
  const result = spawnSync('npm', command, { cwd: repoRoot, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`npm ${command[0]} failed with exit code ${result.status}.`);
    process.exit(result.status ?? 1);
  }
}
