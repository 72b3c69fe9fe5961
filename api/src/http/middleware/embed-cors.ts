import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Knex } from 'knex';
import { Forbidden } from '../../lib/problem.ts';
import { isEmbedOriginAllowed } from '../../modules/embed-tokens/embed-principal.service.ts';

const ALLOWED_METHODS = 'GET, POST, PUT, PATCH, DELETE';
const ALLOWED_HEADERS = 'Authorization, Content-Type';
/** Headers a widget may read from a cross-origin response (problem retries, downloads, created resources). */
const EXPOSED_HEADERS = 'Location, Retry-After, Content-Disposition, X-Request-Id';
const PREFLIGHT_MAX_AGE_SECONDS = '600';

/**
 * CORS for embedded widgets. A cross-origin request gets `Access-Control-Allow-Origin` (the origin
 * echoed, never `*`, and never with credentials: widgets send a bearer token, not cookies) only when
 * some active tenant lists its origin (or it is a platform origin, where super admins embed admin panels); preflights from any other origin are refused without CORS
 * headers, so the browser never sends the request. Whether a given embed token may be used from the
 * origin is decided per request by the authenticator, against the token and its tenant.
 */
export function embedCors(db: Knex, platformOrigins: readonly string[]): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const origin = req.headers.origin;
    if (!origin) return next();
    res.vary('Origin');
    const isPreflight = req.method === 'OPTIONS' && req.headers['access-control-request-method'] !== undefined;
    const isAllowedOrigin = platformOrigins.includes(origin) ? Promise.resolve(true) : isEmbedOriginAllowed(db, origin);
    isAllowedOrigin.then((isAllowed) => {
      if (!isAllowed) return next(isPreflight ? new Forbidden('This origin may not embed DefaultRate widgets.') : undefined);
      res.set({ 'Access-Control-Allow-Origin': origin, 'Access-Control-Expose-Headers': EXPOSED_HEADERS });
      if (!isPreflight) return next();
      res
        .status(204)
        .set({ 'Access-Control-Allow-Methods': ALLOWED_METHODS, 'Access-Control-Allow-Headers': ALLOWED_HEADERS, 'Access-Control-Max-Age': PREFLIGHT_MAX_AGE_SECONDS })
        .end();
    }, next);
  };
}
