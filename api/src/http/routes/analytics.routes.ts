import { Router } from 'express';
import type { Container } from '../../container.ts';
import * as analytics from '../../modules/analytics/analytics.service.ts';
import { actorOf } from '../actor.ts';
import type { JsonResponse } from '../openapi-types.ts';

/** Portfolio aggregates over what the caller can see. */
export function analyticsRoutes(c: Container): Router {
  const router = Router();

  router.get('/v1/analytics/portfolio', async (req, res: JsonResponse<'getPortfolioAnalytics'>) => {
    res.json(await analytics.portfolioAnalytics(c.db, actorOf(req), req.query as analytics.AnalyticsQuery));
  });

  return router;
}
