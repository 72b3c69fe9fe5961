import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const REPO_ROOT = path.resolve(import.meta.dirname, '../..');
/** Where `npm run storybook:build` writes the static Storybook. */
export const STORYBOOK_STATIC = path.join(REPO_ROOT, 'storybook/storybook-static');
const INPUTS = ['storybook/.storybook', 'storybook/stories', 'storybook/mocks', 'widgets/src', 'widgets/dist/custom-elements.json'];

function newestMtime(entry: string): number {
  const stat = fs.statSync(entry, { throwIfNoEntry: false });
  if (!stat) return 0;
  if (!stat.isDirectory()) return stat.mtimeMs;
  return fs.readdirSync(entry).reduce((newest, child) => Math.max(newest, newestMtime(path.join(entry, child))), stat.mtimeMs);
}

/** Builds the static Storybook when it is missing or older than its sources (npm test has built it already). */
export function ensureStorybookBuilt(): void {
  const built = fs.statSync(path.join(STORYBOOK_STATIC, 'index.json'), { throwIfNoEntry: false });
  if (built && INPUTS.every((input) => newestMtime(path.join(REPO_ROOT, input)) <= built.mtimeMs)) return;
  const result = spawnSync('npm', ['run', '--silent', 'storybook:build'], { cwd: REPO_ROOT, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`storybook build failed:\n${result.stderr}${result.stdout}`);
}
