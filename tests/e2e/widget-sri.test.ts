import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import { ensureWidgetsBuilt } from '../helpers/widgets-build.ts';
import { collectErrors, launchChromium } from './helpers/chromium.ts';
import { startWidgetHost, type WidgetHost } from './helpers/widget-host.ts';
import { openPage } from './helpers/open-page.ts';

interface IntegrityManifest {
  version: string;
  entries: Record<string, { integrity: string; url: string; imports: string[] }>;
  chunks: Record<string, { integrity: string; url: string }>;
}

/** A SHA-384 digest that matches no file. */
const WRONG_INTEGRITY = `sha384-${'A'.repeat(64)}`;

/** A customer's page on its own origin: serves fixed HTML at /<name>, nothing else (no CSP, no CORS). */
async function startForeignOrigin(): Promise<{ origin: string; pages: Map<string, string>; close(): Promise<void> }> {
  const pages = new Map<string, string>();
  const server = http.createServer((req, res) => {
    const page = pages.get((req.url ?? '').slice(1));
    res.writeHead(page ? 200 : 404, { 'content-type': 'text/html; charset=utf-8' }).end(page ?? 'not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://localhost:${(server.address() as AddressInfo).port}`,
    pages,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/** A page that loads one widget entry by `<script type="module" integrity crossorigin>` and records whether it ran. */
function pinnedPage(src: string, integrity: string, importMap?: object): string {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Pinned widgets</title><link rel="icon" href="data:,">
${importMap ? `<script type="importmap">${JSON.stringify(importMap)}</script>` : ''}
<script type="module" src="${src}" integrity="${integrity}" crossorigin="anonymous"
  onload="window.widgetScript = 'loaded'" onerror="window.widgetScript = 'blocked'"></script>
</head>
<body><dr-risk-card></dr-risk-card></body>
</html>`;
}

describe('Widgets pinned with SRI, in Chromium', () => {
  let t: TestApp;
  let api: WidgetHost;
  let foreign: Awaited<ReturnType<typeof startForeignOrigin>>;
  let browser: Browser;
  let manifest: IntegrityManifest;

  beforeAll(async () => {
    ensureWidgetsBuilt();
    t = await createTestApp();
    api = await startWidgetHost(t);
    foreign = await startForeignOrigin();
    manifest = (await (await fetch(`${api.origin}/widgets/integrity.json`)).json()) as IntegrityManifest;
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await foreign?.close();
    await api?.close();
    await t?.close();
  });

  /** Opens a page of the foreign origin and waits until its widget script loaded or was refused. */
  async function open(name: string, html: string): Promise<{ page: Page; errors: ReturnType<typeof collectErrors>; script: string; isDefined: boolean }> {
    foreign.pages.set(name, html);
    const { page, errors } = await openPage(browser, `${foreign.origin}/${name}`);
    await page.waitForFunction('window.widgetScript !== undefined');
    const script = await page.evaluate<string>('window.widgetScript');
    const isDefined = await page.evaluate<boolean>(`customElements.get('dr-risk-card') !== undefined`);
    return { page, errors, script, isDefined };
  }

  const entry = () => manifest.entries['dr-risk-card.js'];

  it('defines <dr-risk-card> from the versioned URL of another origin when the integrity matches', async () => {
    expect(new URL(foreign.origin).origin).not.toBe(new URL(api.origin).origin);
    const { page, errors, script, isDefined } = await open('pinned', pinnedPage(`${api.origin}${entry().url}`, entry().integrity));
    expect(script).toBe('loaded');
    expect(isDefined).toBe(true);
    // Upgraded: it rendered its placeholder in its shadow root (no provider on this page, so no data).
    expect(await page.locator('dr-risk-card article').innerText()).toBe('No company selected.');
    expect(errors.unexpected()).toEqual([]);
  });

  it('refuses the entry when the integrity does not match, and the element stays undefined', async () => {
    const { errors, script, isDefined } = await open('tampered-entry', pinnedPage(`${api.origin}${entry().url}`, WRONG_INTEGRITY));
    expect(script).toBe('blocked');
    expect(isDefined).toBe(false);
    expect(errors.unexpected()).toEqual([expect.stringContaining(`Failed to find a valid digest in the 'integrity' attribute for resource '${api.origin}${entry().url}'`)]);
  });

  it("also pins the entry's chunks through an import map's integrity, and refuses a chunk whose hash does not match", async () => {
    const chunkIntegrity = (wrongChunk?: string) =>
      Object.fromEntries(entry().imports.map((chunk) => [`${api.origin}${manifest.chunks[chunk].url}`, chunk === wrongChunk ? WRONG_INTEGRITY : manifest.chunks[chunk].integrity]));
    const src = `${api.origin}${entry().url}`;

    const pinned = await open('pinned-graph', pinnedPage(src, entry().integrity, { integrity: chunkIntegrity() }));
    expect([pinned.script, pinned.isDefined]).toEqual(['loaded', true]);
    expect(pinned.errors.unexpected()).toEqual([]);

    const litChunk = entry().imports.find((chunk) => chunk.startsWith('chunks/lit-'));
    expect(litChunk).toBeDefined();
    const tampered = await open('tampered-chunk', pinnedPage(src, entry().integrity, { integrity: chunkIntegrity(litChunk) }));
    expect([tampered.script, tampered.isDefined]).toEqual(['blocked', false]);
    expect(tampered.errors.unexpected()).toEqual([expect.stringContaining(`'${api.origin}${manifest.chunks[litChunk as string].url}'`)]);
  });
});
