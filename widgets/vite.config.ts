import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const src = (file: string) => fileURLToPath(new URL(`./src/${file}`, import.meta.url));

/**
 * Library build: one ES module per widget plus `dr-widgets.js` with all of them. Entries keep stable
 * names (hosts link to them, so they are cached briefly); everything they share (Lit, the API
 * client, contexts) goes into content-hashed chunks under `chunks/`, which are cached for a year.
 * The manifest lists each entry's chunks, for the size budget and, later, SRI hashes.
 */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  logLevel: 'warn',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    minify: true,
    manifest: true,
    reportCompressedSize: false,
    lib: {
      entry: {
        'dr-widgets': src('index.ts'),
        'dr-provider': src('components/dr-provider/dr-provider.ts'),
        'dr-risk-card': src('components/dr-risk-card/dr-risk-card.ts'),
        'dr-company-table': src('components/dr-company-table/dr-company-table.ts'),
        'dr-portfolio-chart': src('components/dr-portfolio-chart/dr-portfolio-chart.ts'),
        'dr-bulk-upload': src('components/dr-bulk-upload/dr-bulk-upload.ts'),
        'dr-company-analysis': src('components/dr-company-analysis/dr-company-analysis.ts'),
        'dr-org-admin-panel': src('components/dr-org-admin-panel/dr-org-admin-panel.ts'),
        'dr-tenant-admin-panel': src('components/dr-tenant-admin-panel/dr-tenant-admin-panel.ts'),
        'dr-super-admin-panel': src('components/dr-super-admin-panel/dr-super-admin-panel.ts'),
      },
      formats: ['es'],
    },
    rolldownOptions: {
      output: {
        entryFileNames: '[name].js',
        chunkFileNames: 'chunks/[name]-[hash].js',
        // Lit and its helpers in one chunk every widget shares, named so the network panel says what it is.
        codeSplitting: { groups: [{ name: 'lit', test: /node_modules[\\/](lit|lit-html|lit-element|@lit)[\\/]/ }] },
      },
    },
  },
});
