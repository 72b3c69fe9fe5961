import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import { WIDGETS_DIST, ensureWidgetsBuilt } from '../helpers/widgets-build.ts';

describe('GET /widgets/*', () => {
  let t: TestApp;
  let chunk: string;

  beforeAll(async () => {
    ensureWidgetsBuilt();
    t = await createTestApp();
    chunk = `chunks/${fs.readdirSync(path.join(WIDGETS_DIST, 'chunks')).find((f) => f.startsWith('lit-'))}`;
  });
  afterAll(() => t.close());

  it('serves each widget entry without a token, loadable from any origin, cached briefly', async () => {
    for (const entry of ['dr-widgets.js', 'dr-risk-card.js', 'dr-company-table.js', 'dr-provider.js', 'dr-portfolio-chart.js', 'dr-bulk-upload.js', 'dr-company-analysis.js']) {
      const res = await t.http.get(`/widgets/${entry}`).set('Origin', 'https://portal.bank.example');
      expect(res.status, entry).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/javascript/);
      expect(res.headers['access-control-allow-origin']).toBe('*');
      expect(res.headers['cross-origin-resource-policy']).toBe('cross-origin');
      expect(res.headers['cache-control']).toBe('public, max-age=300');
    }
  });

  it('caches content-hashed chunks for a year as immutable', async () => {
    const res = await t.http.get(`/widgets/${chunk}`);
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  });

  it('answers 404 problem+json for a file that is not there, and hides the build manifest', async () => {
    for (const missing of ['/widgets/dr-nothing.js', '/widgets/.vite/manifest.json']) {
      const res = await t.http.get(missing);
      expect(res.status, missing).toBe(404);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    }
  });
});
