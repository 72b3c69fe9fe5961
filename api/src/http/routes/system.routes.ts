import { Router } from 'express';
import swaggerUi from 'swagger-ui-express';
import type { Container } from '../../container.ts';
import { checkReadiness } from '../../modules/system/readiness.service.ts';
import type { JsonResponse } from '../openapi-types.ts';

/** Health, readiness, keys and the spec: everything that is not a business resource. */
export function systemRoutes(c: Container, spec: Record<string, unknown>): Router {
  const router = Router();

  router.get('/healthz', (_req, res: JsonResponse<'getHealth'>) => {
    res.json({ status: 'ok' });
  });

  router.get('/readyz', async (_req, res: JsonResponse<'getReadiness'>) => {
    res.json({ status: 'ready', checks: await checkReadiness(c.db, c.redis) });
  });

  router.get('/.well-known/jwks.json', (_req, res) => {
    res.setHeader('Cache-Control', 'public, max-age=300');
    res.json(c.keys.jwks());
  });

  router.get('/openapi.json', (_req, res) => {
    res.json(spec);
  });
  router.use('/docs', swaggerUi.serve, swaggerUi.setup(spec, { customSiteTitle: 'DefaultRate API' }));

  return router;
}
