import fs from 'node:fs';
import path from 'node:path';
import express, { type RequestHandler, type Response } from 'express';
import { NotFound } from '../../lib/problem.ts';

/** Entry modules keep their names across releases, so browsers must come back for them soon. */
const LATEST_CACHE = 'public, max-age=300';
/**
 * Chunks are named by content hash, and a versioned URL names one release: neither ever changes
 * meaning, so a cached copy is never stale.
 */
const IMMUTABLE_CACHE = 'public, max-age=31536000, immutable';
/** `/widgets/<version>/…`: a release's semver, so that no file or folder name of dist is mistaken for one. */
const VERSION_SEGMENT = /^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?$/;

/** The version dist/integrity.json (written by widgets/bin/build.mjs) was built for, re-read when the build changes it. */
function builtVersionReader(integrityFile: string): () => string | undefined {
  let seenMtime = -1;
  let version: string | undefined;
  return () => {
    const mtime = fs.statSync(integrityFile, { throwIfNoEntry: false })?.mtimeMs ?? 0;
    if (mtime !== seenMtime) {
      seenMtime = mtime;
      version = mtime ? (JSON.parse(fs.readFileSync(integrityFile, 'utf8')) as { version?: string }).version : undefined;
    }
    return version;
  };
}

/** Headers of every widget file: CORS for any origin, and CORP relaxed from helmet's same-origin default. */
function setPublicHeaders(res: Response, cacheControl: string): void {
  res.setHeader('Cache-Control', cacheControl);
  res.setHeader('Access-Control-Allow-Origin', '*');
  res.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');
}

/**
 * Serves the built widgets (widgets/dist) for `<script type="module">` on any host page, twice:
 * `/widgets/<version>/…` for the version of the build, immutable, for hosts that pin a release with
 * SRI hashes from `/widgets/integrity.json`; and `/widgets/…`, the latest build, whose entries are
 * cached briefly. Another version is a 404: this server holds one build. CORS is open to every
 * origin: the files hold no data; the API calls they make are what embed tokens guard.
 */
export function widgetAssets(distDir: string): RequestHandler {
  const builtVersion = builtVersionReader(path.join(distDir, 'integrity.json'));
  const staticOptions = { index: false, dotfiles: 'ignore', fallthrough: true } as const;
  const versioned = express.static(distDir, { ...staticOptions, setHeaders: (res) => setPublicHeaders(res, IMMUTABLE_CACHE) });
  const latest = express.static(distDir, {
    ...staticOptions,
    setHeaders(res, filePath) {
      const isChunk = path.relative(distDir, filePath).startsWith(`chunks${path.sep}`);
      setPublicHeaders(res, isChunk ? IMMUTABLE_CACHE : LATEST_CACHE);
    },
  });

  const router = express.Router();
  router.use('/:version', (req, res, next) => {
    const requested = req.params.version as string;
    if (!VERSION_SEGMENT.test(requested)) return next();
    const current = builtVersion();
    if (requested !== current) {
      const served = current ? `this server serves ${current} (see /widgets/integrity.json)` : 'this server has no widgets build';
      return next(new NotFound(`Widgets ${requested} are not served here: ${served}.`));
    }
    versioned(req, res, (error?: unknown) => next(error ?? new NotFound(`No file ${req.path} in widgets ${requested}.`)));
  });
  router.use(latest);
  return router;
}
