import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STORYBOOK_STATIC, ensureStorybookBuilt } from '../helpers/storybook-build.ts';
import { WIDGETS_DIST } from '../helpers/widgets-build.ts';
import { collectErrors, launchChromium, type PageErrors } from './helpers/chromium.ts';

const AXE_SOURCE = path.resolve(import.meta.dirname, '../../node_modules/axe-core/axe.min.js');

interface IndexEntry {
  id: string;
  title: string;
  name: string;
  type: 'story' | 'docs';
}

/** The browser globals the page functions below use (tests/ compiles without the DOM lib). */
interface PageElement {
  tagName: string;
  dataset: Record<string, string | undefined>;
  updateComplete?: Promise<unknown>;
}
interface PageGlobals {
  document: { documentElement: PageElement; querySelector(selector: string): PageElement | null; querySelectorAll(selector: string): Iterable<PageElement> };
  requestAnimationFrame(callback: () => void): void;
  axe: { run(context: PageElement, options: object): Promise<{ violations: AxeViolation[] }> };
  __STORYBOOK_ADDONS_CHANNEL__: { emit(event: string, payload: unknown): void };
}

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown[]; failureSummary?: string }[];
}

ensureStorybookBuilt();
const index = JSON.parse(fs.readFileSync(path.join(STORYBOOK_STATIC, 'index.json'), 'utf8')) as { entries: Record<string, IndexEntry> };
const stories = Object.values(index.entries).filter((entry) => entry.type === 'story');

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.ico': 'image/x-icon',
};

/** Serves storybook-static as a plain static host would (no dev server: this is what gets published). */
function serveStatic(root: string): Promise<http.Server> {
  const server = http.createServer((req, res) => {
    const pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname);
    // Chromium asks for it on its own; a 404 would be a console error.
    if (pathname === '/favicon.ico') {
      res.writeHead(204).end();
      return;
    }
    const file = path.join(root, pathname.endsWith('/') ? `${pathname}index.html` : pathname);
    if (!file.startsWith(root) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'Content-Type': MIME[path.extname(file)] ?? 'application/octet-stream' });
    fs.createReadStream(file).pipe(res);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

function describeViolations(violations: AxeViolation[]): string {
  return violations
    .map((v) => `${v.id} (${v.impact}): ${v.help}\n${v.nodes.map((n) => `    at ${JSON.stringify(n.target)}: ${n.failureSummary?.replace(/\n/g, ' ')}`).join('\n')}`)
    .join('\n');
}

describe('Storybook: every story in Chromium', () => {
  let server: http.Server;
  let browser: Browser;
  let page: Page;
  let errors: PageErrors;

  beforeAll(async () => {
    server = await serveStatic(STORYBOOK_STATIC);
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await launchChromium();
    const context = await browser.newContext({ viewport: { width: 900, height: 700 }, locale: 'en-US' });
    context.setDefaultTimeout(6_000);
    page = await context.newPage();
    errors = collectErrors(page);
    // One preview for all stories (switched below as the Storybook manager does): loading the
    // 1.7 MB preview per story would cost ~2 s each. The addon's own axe run is set to manual so
    // it does not race the one below.
    await page.goto(`${origin}/iframe.html?id=${encodeURIComponent(stories[0].id)}&viewMode=story&globals=a11y.manual:!true`);
    await page.waitForFunction(() => (globalThis as unknown as PageGlobals).document.documentElement.dataset.drStoryDone !== undefined);
    await page.addScriptTag({ path: AXE_SOURCE });
  });

  afterAll(async () => {
    await browser?.close();
    server?.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve));
  });

  it('has stories for every widget in custom-elements.json', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(WIDGETS_DIST, 'custom-elements.json'), 'utf8')) as {
      modules: { declarations?: { customElement?: boolean; tagName?: string }[] }[];
    };
    const tags = manifest.modules.flatMap((m) => m.declarations ?? []).filter((d) => d.customElement && d.tagName).map((d) => d.tagName as string);
    expect(tags.length).toBeGreaterThanOrEqual(3);
    const titles = new Set(stories.map((s) => s.title));
    expect(tags.filter((tag) => !titles.has(`Widgets/${tag}`))).toEqual([]);
  });

  for (const story of stories) {
    it(`${story.title} › ${story.name}: renders its state with zero axe violations and no console errors`, async () => {
      const errorsBefore = errors.unexpected().length;
      await page.evaluate((storyId) => {
        (globalThis as unknown as PageGlobals).__STORYBOOK_ADDONS_CHANNEL__.emit('setCurrentStory', { storyId, viewMode: 'story' });
      }, story.id);
      // Rendered and played (preview.ts afterEach), and the widget reached the story's state (with-mock-api.ts).
      await page.waitForFunction((id) => (globalThis as unknown as PageGlobals).document.documentElement.dataset.drStoryDone === id, story.id);
      await page.waitForFunction((id) => {
        const state = (globalThis as unknown as PageGlobals).document.querySelector(`#storybook-root .dr-story[data-dr-story="${id}"]`)?.dataset.drState;
        return state !== undefined && state !== 'waiting';
      }, story.id);
      const state = await page.evaluate(async () => {
        const { document, requestAnimationFrame } = globalThis as unknown as PageGlobals;
        // Let Lit finish the updates the last answer started, then one frame for layout.
        const widgets = [...document.querySelectorAll('#storybook-root *')].filter((el) => el.tagName.startsWith('DR-'));
        await Promise.all(widgets.map((el) => el.updateComplete));
        await new Promise<void>((resolve) => requestAnimationFrame(resolve));
        return document.querySelector('#storybook-root .dr-story')?.dataset.drState;
      });
      const violations = await page.evaluate(async () => {
        const { document, axe } = globalThis as unknown as PageGlobals;
        const root = document.querySelector('#storybook-root');
        if (!root) throw new Error('no #storybook-root');
        const result = await axe.run(root, { resultTypes: ['violations'] });
        return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target, failureSummary: n.failureSummary })) }));
      });
      expect(describeViolations(violations), `axe on ${story.id} (state ${state})`).toBe('');
      expect(errors.unexpected().slice(errorsBefore)).toEqual([]);
    });
  }
});

describe('Storybook: autodocs from custom-elements.json', () => {
  const docs = Object.values(index.entries).filter((entry) => entry.type === 'docs');
  const manifest = JSON.parse(fs.readFileSync(path.join(WIDGETS_DIST, 'custom-elements.json'), 'utf8')) as {
    modules: { declarations?: { tagName?: string; attributes?: { name: string }[]; events?: { name: string }[] }[] }[];
  };
  const declarationOf = (tag: string) => manifest.modules.flatMap((m) => m.declarations ?? []).find((d) => d.tagName === tag);
  let server: http.Server;
  let browser: Browser;
  let origin: string;

  beforeAll(async () => {
    server = await serveStatic(STORYBOOK_STATIC);
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    server?.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve));
  });

  it('has a docs page per widget', () => {
    expect(docs.map((d) => d.title).sort()).toEqual([...new Set(stories.map((s) => s.title))].sort());
  });

  for (const entry of docs) {
    it(`${entry.title}: documents the element's attributes and events from its JSDoc`, async () => {
      const tag = entry.title.replace(/^Widgets\//, '');
      const declaration = declarationOf(tag);
      expect(declaration, tag).toBeDefined();
      const context = await browser.newContext({ viewport: { width: 1100, height: 900 }, locale: 'en-US' });
      context.setDefaultTimeout(15_000);
      const page = await context.newPage();
      const pageErrors = collectErrors(page);
      try {
        await page.goto(`${origin}/iframe.html?id=${encodeURIComponent(entry.id)}&viewMode=docs&globals=a11y.manual:!true`);
        const table = page.locator('.docblock-argstable').first();
        await table.waitFor();
        const text = await table.innerText();
        for (const attribute of (declaration?.attributes ?? []).slice(0, 3)) expect(text, `${tag} attribute ${attribute.name}`).toContain(attribute.name);
        for (const event of (declaration?.events ?? []).slice(0, 2)) expect(text, `${tag} event ${event.name}`).toContain(event.name);
        expect(pageErrors.unexpected()).toEqual([]);
      } finally {
        await context.close();
      }
    });
  }
});
