import fs from 'node:fs';
import path from 'node:path';
import express, { type Express } from 'express';
import helmet from 'helmet';
import * as OpenApiValidator from 'express-openapi-validator';
import multer from 'multer';
import { REPO_ROOT } from './config.ts';
import type { Container } from './container.ts';
import { createAuthenticate } from './http/middleware/authenticate.ts';
import { embedOperationGuard } from './http/middleware/embed-auth.ts';
import { embedCors } from './http/middleware/embed-cors.ts';
import { problemHandler } from './http/middleware/problem-handler.ts';
import { requestId } from './http/middleware/request-id.ts';
import { requireAuthFromSpec } from './http/middleware/require-auth.ts';
import { cacheValidatorRouteMatchers } from './http/route-matcher-cache.ts';
import { uploadGuard } from './http/middleware/upload-guard.ts';
import { widgetAssets } from './http/middleware/widget-assets.ts';
import { routeModules } from './http/routes/index.ts';
import { systemRoutes } from './http/routes/system.routes.ts';
import { loadOpenApiSpec } from './lib/openapi-spec.ts';
import { NotFound } from './lib/problem.ts';

/** Builds the Express app (no listen): spec validation, authentication, routes, one problem handler. */
export function createApp(c: Container): Express {
  const spec = loadOpenApiSpec(REPO_ROOT);
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', c.config.TRUST_PROXY);
  app.set('query parser', 'extended');
  app.use(requestId(c.logger));
  app.use(helmet());
  // Public static files, loadable from any origin: before the embed-origin CORS check (which would cost
  // a database lookup per file), the spec validator (they are not API operations) and authentication.
  app.use('/widgets', widgetAssets(path.join(REPO_ROOT, 'widgets/dist')));
  app.use(embedCors(c.db, c.platformEmbedOrigins));
  app.use(express.json({ limit: '1mb', type: ['application/json', 'application/*+json'] }));

  app.use(systemRoutes(c, spec));

  const authenticate = createAuthenticate({ db: c.db, keys: c.keys, issuer: c.config.JWT_ISSUER, platformOrigins: c.platformEmbedOrigins });
  fs.mkdirSync(c.config.UPLOAD_DIR, { recursive: true });
  app.use(uploadGuard(authenticate));
  cacheValidatorRouteMatchers();
  app.use(
    OpenApiValidator.middleware({
      apiSpec: spec as never,
      validateRequests: { allowUnknownQueryParameters: false, removeAdditional: false },
      // Responses are checked outside production so that drift between code and spec fails tests.
      validateResponses: c.config.NODE_ENV !== 'production' ? { onError: (error) => { throw error; } } : false,
      validateSecurity: false,
      ignoreUndocumented: false,
      ignorePaths: /^\/(docs|openapi\.json|healthz|readyz|\.well-known)/,
      // Uploads stream to disk (never whole in memory); the size limit answers 413 while streaming.
      fileUploader: {
        storage: multer.diskStorage({ destination: c.config.UPLOAD_DIR }),
        limits: { fileSize: c.config.UPLOAD_MAX_BYTES, files: 1, fields: 5, parts: 6 },
      },
    }),
  );
  // Multipart callers were authenticated by the upload guard already.
  app.use(requireAuthFromSpec((req, res, next) => (req.actor ? next() : authenticate(req, res, next))));
  app.use(embedOperationGuard);
  for (const routes of routeModules) app.use(routes(c));

  app.use((req, _res, next) => next(new NotFound(`No route for ${req.method} ${req.path}.`)));
  app.use(problemHandler(c.logger));
  return app;
}
