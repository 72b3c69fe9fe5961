import { spawnSync } from 'node:child_process';
import path from 'node:path';

const REPO_ROOT = path.resolve(import.meta.dirname, '../..');
/** Where `vite build` writes the widgets; the API serves it at /widgets/. */
export const WIDGETS_DIST = path.join(REPO_ROOT, 'widgets/dist');

/** Builds the widgets unless widgets/dist is newer than their sources (npm test has built them already). */
export function ensureWidgetsBuilt(): void {
  const result = spawnSync(process.execPath, ['widgets/bin/build.mjs', '--if-stale'], { cwd: REPO_ROOT, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`widgets build failed:\n${result.stderr}`);
}
