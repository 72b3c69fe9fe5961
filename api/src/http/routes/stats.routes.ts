import { Router } from 'express';
import type { Container } from '../../container.ts';
import * as stats from '../../modules/stats/stats.service.ts';
import type { JsonResponse } from '../openapi-types.ts';
import { actorOf } from '../actor.ts';

export function statsRoutes(c: Container): Router {
  const router = Router();

  router.get('/v1/platform/stats', async (req, res: JsonResponse<'getPlatformStats'>) => {
    res.json(await stats.getPlatformStats(c.db, actorOf(req)));
  });

  router.get('/v1/tenants/:tenantId/stats', async (req, res: JsonResponse<'getTenantStats'>) => {
    res.json(await stats.getTenantStats(c.db, actorOf(req), req.params.tenantId));
  });

  return router;
}
