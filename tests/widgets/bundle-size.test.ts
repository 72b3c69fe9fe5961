import fs from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { WIDGETS_DIST, ensureWidgetsBuilt } from '../helpers/widgets-build.ts';

/** Issue 5's budget: the risk card and everything it loads, gzipped. */
const RISK_CARD_BUDGET_BYTES = 25_000;
/** The larger widgets (charts, upload, forms): each entry and everything it loads, gzipped. */
const WIDGET_BUDGET_BYTES = 40_000;
const BUDGETED_ENTRIES = ['dr-portfolio-chart.js', 'dr-bulk-upload.js', 'dr-company-analysis.js', 'dr-org-admin-panel.js', 'dr-tenant-admin-panel.js', 'dr-super-admin-panel.js'];

interface ManifestChunk {
  file: string;
  isEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
}

/** The files a browser fetches for one entry: the entry and, transitively, every chunk it imports. */
function filesOfEntry(manifest: Record<string, ManifestChunk>, entryFile: string): string[] {
  const start = Object.keys(manifest).find((key) => manifest[key].isEntry && manifest[key].file === entryFile);
  if (!start) throw new Error(`${entryFile} is not an entry of the build`);
  const seen = new Set<string>();
  const visit = (key: string) => {
    if (seen.has(key)) return;
    seen.add(key);
    for (const next of [...(manifest[key].imports ?? []), ...(manifest[key].dynamicImports ?? [])]) visit(next);
  };
  visit(start);
  return [...seen].map((key) => manifest[key].file);
}

/** Gzipped size of an entry and every chunk it loads, with a one-line account of it. */
function gzippedSizeOf(manifest: Record<string, ManifestChunk>, entryFile: string): { files: string[]; total: number; account: string } {
  const files = filesOfEntry(manifest, entryFile);
  const sizes = files.map((file) => ({ file, gzip: gzipSync(fs.readFileSync(path.join(WIDGETS_DIST, file)), { level: 9 }).length }));
  const total = sizes.reduce((sum, s) => sum + s.gzip, 0);
  return { files, total, account: sizes.map((s) => `${s.file} ${(s.gzip / 1000).toFixed(1)}`).join(' + ') };
}

describe('widgets bundle', () => {
  it('keeps <dr-risk-card> and every chunk it imports within 25 KB gzipped', () => {
    ensureWidgetsBuilt();
    const manifest = JSON.parse(fs.readFileSync(path.join(WIDGETS_DIST, '.vite/manifest.json'), 'utf8')) as Record<string, ManifestChunk>;
    const files = filesOfEntry(manifest, 'dr-risk-card.js');
    const code = files.map((file) => ({ file, bytes: fs.readFileSync(path.join(WIDGETS_DIST, file)) }));
    // Lit's development build (dev-mode warnings, unminified) must never be what hosts download.
    for (const { file, bytes } of code) expect(bytes.toString('utf8'), file).not.toContain('Lit is in dev mode');
    const sizes = code.map(({ file, bytes }) => ({ file, gzip: gzipSync(bytes, { level: 9 }).length }));
    const total = sizes.reduce((sum, s) => sum + s.gzip, 0);
    console.log(
      `dr-risk-card: ${(total / 1000).toFixed(1)} KB gzipped (budget ${RISK_CARD_BUDGET_BYTES / 1000} KB) = ${sizes.map((s) => `${s.file} ${(s.gzip / 1000).toFixed(1)}`).join(' + ')}`,
    );
    // Lit alone is ~9 KB gzipped: far less means the walk missed the shared chunks and measures nothing.
    expect(files.some((file) => file.startsWith('chunks/lit-'))).toBe(true);
    expect(total).toBeGreaterThan(9_000);
    expect(total).toBeLessThanOrEqual(RISK_CARD_BUDGET_BYTES);
  });

  it('keeps each larger widget entry and every chunk it imports within 40 KB gzipped', () => {
    ensureWidgetsBuilt();
    const manifest = JSON.parse(fs.readFileSync(path.join(WIDGETS_DIST, '.vite/manifest.json'), 'utf8')) as Record<string, ManifestChunk>;
    for (const entry of BUDGETED_ENTRIES) {
      const { files, total, account } = gzippedSizeOf(manifest, entry);
      console.log(`${entry.replace(/\.js$/, '')}: ${(total / 1000).toFixed(1)} KB gzipped (budget ${WIDGET_BUDGET_BYTES / 1000} KB) = ${account}`);
      expect(files.some((file) => file.startsWith('chunks/lit-')), entry).toBe(true);
      expect(total, entry).toBeLessThanOrEqual(WIDGET_BUDGET_BYTES);
    }
  });
});
