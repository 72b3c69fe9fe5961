import { Router } from 'express';
import type { Container } from '../../container.ts';
import * as alerts from '../../modules/alerts/alerts.service.ts';
import { actorOf } from '../actor.ts';
import type { JsonResponse } from '../openapi-types.ts';

/** Alerts raised by new predictions, and acknowledging them. */
export function alertRoutes(c: Container): Router {
  const router = Router();

  router.get('/v1/alerts', async (req, res: JsonResponse<'listAlerts'>) => {
    res.json(await alerts.listAlerts(c.db, actorOf(req), req.query as alerts.AlertListQuery));
  });

  router.post('/v1/alerts/:alertId/acknowledge', async (req, res: JsonResponse<'acknowledgeAlert'>) => {
    res.json(await alerts.acknowledgeAlert(c.db, actorOf(req), req.params.alertId));
  });

  return router;
}
