import { Router } from 'express';
import type { Container } from '../../container.ts';
import * as webVitals from '../../modules/web-vitals/web-vitals.service.ts';
import { actorOf } from '../actor.ts';
import type { JsonBody } from '../openapi-types.ts';

/** Core Web Vitals reported by host pages that embed the widgets. */
export function webVitalRoutes(c: Container): Router {
  const router = Router();

  router.post('/v1/web-vitals', async (req, res) => {
    await webVitals.recordWebVitals(c.db, actorOf(req), req.body as JsonBody<'reportWebVitals'>, req.headers['user-agent']);
    res.status(204).end();
  });

  return router;
}
