import { Router } from 'express';
import type { Container } from '../../container.ts';
import * as audit from '../../modules/audit/audit.service.ts';
import type { JsonResponse, QueryParams } from '../openapi-types.ts';
import { actorOf } from '../actor.ts';

export function auditEventRoutes(c: Container): Router {
  const router = Router();

  router.get('/v1/audit-events', async (req, res: JsonResponse<'listAuditEvents'>) => {
    res.json(await audit.listAuditEvents(c.db, actorOf(req), req.query as QueryParams<'listAuditEvents'>));
  });

  return router;
}
