import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Response } from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import { WIDGETS_DIST, ensureWidgetsBuilt } from '../helpers/widgets-build.ts';

interface PinnedFile {
  integrity: string;
  url: string;
}

interface IntegrityManifest {
  version: string;
  entries: Record<string, PinnedFile & { imports: string[] }>;
  chunks: Record<string, PinnedFile>;
}

const IMMUTABLE = 'public, max-age=31536000, immutable';
const VERSION: string = JSON.parse(fs.readFileSync(path.join(WIDGETS_DIST, '../package.json'), 'utf8')).version;
const ORIGIN = 'https://portal.bank.example';

/** The bytes of a response as sent (supertest would decode JavaScript to a string). */
function bytesOf(res: Response): Buffer {
  return res.body as Buffer;
}

function sha384Of(bytes: Buffer): string {
  return `sha384-${createHash('sha384').update(bytes).digest('base64')}`;
}

describe('GET /widgets/integrity.json and /widgets/{version}/*', () => {
  let t: TestApp;
  let manifest: IntegrityManifest;

  const download = (url: string) =>
    t.http
      .get(url)
      .set('Origin', ORIGIN)
      .buffer(true)
      .parse((res, done) => {
        const parts: Buffer[] = [];
        res.on('data', (part: Buffer) => parts.push(part));
        res.on('end', () => done(null, Buffer.concat(parts)));
      });

  beforeAll(async () => {
    ensureWidgetsBuilt();
    t = await createTestApp();
    const res = await t.http.get('/widgets/integrity.json').set('Origin', ORIGIN);
    expect(res.status).toBe(200);
    manifest = res.body as IntegrityManifest;
  });
  afterAll(() => t.close());

  it('publishes the version of widgets/package.json and every entry module of the build, cached briefly and readable from any origin', async () => {
    const res = await t.http.get('/widgets/integrity.json').set('Origin', ORIGIN);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.headers['cache-control']).toBe('public, max-age=300');
    expect(res.headers['access-control-allow-origin']).toBe('*');
    expect(manifest.version).toBe(VERSION);
    const entryFiles = fs.readdirSync(WIDGETS_DIST).filter((file) => file.endsWith('.js'));
    expect(entryFiles).toContain('dr-risk-card.js');
    expect(Object.keys(manifest.entries).sort()).toEqual(entryFiles.sort());
    for (const [file, entry] of Object.entries(manifest.entries)) {
      expect(entry.url, file).toBe(`/widgets/${VERSION}/${file}`);
      expect(entry.integrity, file).toMatch(/^sha384-[A-Za-z0-9+/]{64}$/);
    }
    expect(Object.keys(manifest.chunks).sort()).toEqual(fs.readdirSync(path.join(WIDGETS_DIST, 'chunks')).map((file) => `chunks/${file}`).sort());
  });

  it('serves each entry and chunk at its versioned URL with exactly the bytes its sha384 names, immutable and with CORS for any origin', async () => {
    const files = [...Object.entries(manifest.entries), ...Object.entries(manifest.chunks)];
    expect(files.length).toBeGreaterThan(7);
    for (const [file, pinned] of files) {
      const res = await download(pinned.url);
      expect(res.status, file).toBe(200);
      expect(res.headers['content-type'], file).toMatch(/^text\/javascript/);
      expect(res.headers['cache-control'], file).toBe(IMMUTABLE);
      expect(res.headers['access-control-allow-origin'], file).toBe('*');
      expect(res.headers['cross-origin-resource-policy'], file).toBe('cross-origin');
      expect(sha384Of(bytesOf(res)), file).toBe(pinned.integrity);
    }
  });

  it("lists under each entry every chunk its code imports, each with the entry's version in its URL", async () => {
    for (const [file, entry] of Object.entries(manifest.entries)) {
      const code = bytesOf(await download(entry.url)).toString('utf8');
      const imported = [...code.matchAll(/["']\.\/(chunks\/[^"']+\.js)["']/g)].map((m) => m[1]);
      expect(imported.length, file).toBeGreaterThan(0);
      for (const chunk of imported) {
        expect(entry.imports, file).toContain(chunk);
        expect(manifest.chunks[chunk].url).toBe(`/widgets/${VERSION}/${chunk}`);
      }
    }
  });

  it('keeps serving the same files at /widgets/ as the latest build, entries with the short cache', async () => {
    const versioned = await download(manifest.entries['dr-risk-card.js'].url);
    const latest = await download('/widgets/dr-risk-card.js');
    expect(latest.status).toBe(200);
    expect(latest.headers['cache-control']).toBe('public, max-age=300');
    expect(bytesOf(latest).equals(bytesOf(versioned))).toBe(true);
  });

  it('answers 404 problem+json for another version, for a file missing from this one, and hides the build manifest', async () => {
    for (const url of [`/widgets/0.0.0-old/dr-risk-card.js`, `/widgets/999.0.0/dr-risk-card.js`]) {
      const res = await t.http.get(url);
      expect(res.status, url).toBe(404);
      expect(res.headers['content-type'], url).toMatch(/^application\/problem\+json/);
      expect(res.body.detail, url).toContain(`this server serves ${VERSION}`);
    }
    for (const url of [`/widgets/${VERSION}/dr-nothing.js`, `/widgets/${VERSION}/.vite/manifest.json`]) {
      const res = await t.http.get(url);
      expect(res.status, url).toBe(404);
      expect(res.headers['content-type'], url).toMatch(/^application\/problem\+json/);
    }
  });
});
