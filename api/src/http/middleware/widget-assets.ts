import path from 'node:path';
import express, { type RequestHandler } from 'express';

/** Entry modules keep their names across releases, so browsers must come back for them soon. */
const ENTRY_CACHE = 'public, max-age=300';
/** Chunks are named by content hash: a new build makes new names, so a cached copy is never stale. */
const CHUNK_CACHE = 'public, max-age=31536000, immutable';

/**
 * Serves the built widgets (widgets/dist) for `<script type="module">` on any host page: CORS for
 * every origin (the files hold no data; the API calls they make are what embed tokens guard), and
 * Cross-Origin-Resource-Policy relaxed from helmet's same-origin default.
 */
export function widgetAssets(distDir: string): RequestHandler {
  return express.static(distDir, {
    index: false,
    dotfiles: 'ignore',
    fallthrough: true,
    setHeaders(res, filePath) {
      const isChunk = path.relative(distDir, filePath).startsWith(`chunks${path.sep}`);
      res.setHeader('Cache-Control', isChunk ? CHUNK_CACHE : ENTRY_CACHE);
      res.setHeader('Access-Control-Allow-Origin', '*');
      res.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');
    },
  });
}
