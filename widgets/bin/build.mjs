#!/usr/bin/env node
// Builds widgets/dist with Vite, then dist/integrity.json (SRI hashes and versioned URLs) and
// dist/custom-elements.json with the CEM analyzer. `--if-stale` skips the build when dist is newer
// than every source file, so `npm start` pays for it only after a change; `--manifest-only`
// (`npm run cem`) writes just the custom elements manifest.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const widgetsDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const builtMarker = path.join(widgetsDir, 'dist/.vite/manifest.json');
const elementsManifest = path.join(widgetsDir, 'dist/custom-elements.json');
const integrityManifest = path.join(widgetsDir, 'dist/integrity.json');
const inputs = ['src', 'vite.config.ts', 'custom-elements-manifest.config.mjs', 'package.json', '../openapi/generated/schema.d.ts'];

function newestMtime(entry) {
  const stat = fs.statSync(entry, { throwIfNoEntry: false });
  if (!stat) return 0;
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const child of fs.readdirSync(entry)) newest = Math.max(newest, newestMtime(path.join(entry, child)));
  return newest;
}

/** True when dist is missing or older than any input of the build. */
export function isWidgetsBuildStale() {
  const built = fs.statSync(builtMarker, { throwIfNoEntry: false });
  if (!built || !fs.existsSync(elementsManifest) || !fs.existsSync(integrityManifest)) return true;
  return inputs.some((input) => newestMtime(path.join(widgetsDir, input)) > built.mtimeMs);
}

/** Runs the Vite library build (about a second). */
export async function buildWidgets() {
  // Vite picks packages' `development` export condition unless NODE_ENV is production, and callers
  // (Vitest sets NODE_ENV=test, `npm start` in development) would otherwise ship Lit's dev build.
  process.env.NODE_ENV = 'production';
  const { build } = await import('vite');
  await build({ configFile: path.join(widgetsDir, 'vite.config.ts') });
  writeIntegrityManifest();
  generateElementsManifest();
}

/** `sha384-…`, the digest a browser checks against a `<script integrity>` attribute. */
function sriOf(file) {
  return `sha384-${createHash('sha384').update(fs.readFileSync(path.join(widgetsDir, 'dist', file))).digest('base64')}`;
}

/**
 * Writes dist/integrity.json from Vite's manifest: for the widgets' version (package.json), each
 * entry's SRI hash, its versioned URL (served as immutable by the API) and the chunks it loads, and
 * the same for every chunk, so that a host can pin the whole module graph (import map `integrity`),
 * not only the entry its `<script integrity>` names.
 */
export function writeIntegrityManifest() {
  const { version } = JSON.parse(fs.readFileSync(path.join(widgetsDir, 'package.json'), 'utf8'));
  const viteManifest = JSON.parse(fs.readFileSync(builtMarker, 'utf8'));
  const urlOf = (file) => `/widgets/${version}/${file}`;
  const chunksOf = (key, seen = new Set()) => {
    for (const next of [...(viteManifest[key].imports ?? []), ...(viteManifest[key].dynamicImports ?? [])]) {
      if (!seen.has(next)) {
        seen.add(next);
        chunksOf(next, seen);
      }
    }
    return seen;
  };
  const entries = {};
  const chunks = {};
  for (const [key, item] of Object.entries(viteManifest).sort(([a], [b]) => a.localeCompare(b))) {
    if (item.isEntry) {
      const imports = [...chunksOf(key)].map((k) => viteManifest[k].file).sort();
      entries[item.file] = { integrity: sriOf(item.file), url: urlOf(item.file), imports };
    } else {
      chunks[item.file] = { integrity: sriOf(item.file), url: urlOf(item.file) };
    }
  }
  fs.writeFileSync(integrityManifest, `${JSON.stringify({ version, entries, chunks }, null, 2)}\n`);
}

/**
 * Writes dist/custom-elements.json from the widgets' JSDoc (custom-elements-manifest.config.mjs;
 * about 1.5 s). After the Vite build, which empties dist. Storybook's autodocs read it.
 */
export function generateElementsManifest() {
  const analyzer = path.join(path.dirname(createRequire(import.meta.url).resolve('@custom-elements-manifest/analyzer/package.json')), 'cem.js');
  const result = spawnSync(process.execPath, [analyzer, 'analyze', '--quiet', '--config', 'custom-elements-manifest.config.mjs'], { cwd: widgetsDir, encoding: 'utf8' });
  if (result.status !== 0 || !fs.existsSync(elementsManifest)) {
    throw new Error(`custom-elements-manifest analyzer failed (exit ${result.status}):\n${result.stderr}${result.stdout}`);
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const ifStale = process.argv.includes('--if-stale');
  if (process.argv.includes('--manifest-only')) {
    generateElementsManifest();
    console.log('Wrote widgets/dist/custom-elements.json.');
  } else if (!ifStale || isWidgetsBuildStale()) {
    const started = Date.now();
    await buildWidgets();
    console.log(`Built the widgets into widgets/dist in ${Date.now() - started} ms.`);
  }
}
