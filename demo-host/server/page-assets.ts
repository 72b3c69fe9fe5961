import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const SOURCE_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../src');

export interface PageAssets {
  script: string;
  stylesheet: string;
  favicon: string;
}

/**
 * The page's one script (src/intranet.ts with web-vitals bundled in, a few KB) and stylesheet, built
 * in memory once at start: the demo host has no build step of its own. esbuild comes with the
 * workspace's toolchain (tsx depends on it).
 */
export async function buildPageAssets(): Promise<PageAssets> {
  const esbuild = await import('esbuild');
  const result = await esbuild.build({
    entryPoints: [path.join(SOURCE_DIR, 'intranet.ts')],
    bundle: true,
    format: 'esm',
    target: 'es2022',
    minify: true,
    write: false,
    logLevel: 'silent',
  });
  return {
    script: result.outputFiles[0]!.text,
    stylesheet: fs.readFileSync(path.join(SOURCE_DIR, 'intranet.css'), 'utf8'),
    favicon: fs.readFileSync(path.join(SOURCE_DIR, 'favicon.svg'), 'utf8'),
  };
}
