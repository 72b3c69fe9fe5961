import { Router } from 'express';
import type { Container } from '../../container.ts';
import * as webhooks from '../../modules/webhooks/webhooks.service.ts';
import type { DeliveryStatus } from '../../modules/webhooks/webhooks.repository.ts';
import { actorOf } from '../actor.ts';
import type { JsonResponse } from '../openapi-types.ts';

/** An organization's webhooks, their secrets and delivery logs. */
export function webhookRoutes(c: Container): Router {
  const router = Router();
  const deps: webhooks.WebhookDeps = { db: c.db, keysDir: c.config.KEYS_DIR, allowLocalHttp: c.config.NODE_ENV !== 'production' };
  const base = '/v1/organizations/:organizationId/webhooks';

  router.get(base, async (req, res: JsonResponse<'listWebhooks'>) => {
    const { limit, cursor } = req.query as { limit?: number; cursor?: string };
    res.json(await webhooks.listWebhooks(deps, actorOf(req), req.params.organizationId, { limit, cursor }));
  });

  router.post(base, async (req, res: JsonResponse<'createWebhook', 201>) => {
    res.status(201).json(await webhooks.createWebhook(deps, actorOf(req), req.params.organizationId, req.body));
  });

  router.get(`${base}/:webhookId`, async (req, res: JsonResponse<'getWebhook'>) => {
    res.json(await webhooks.getWebhook(deps, actorOf(req), req.params.organizationId, req.params.webhookId));
  });

  router.patch(`${base}/:webhookId`, async (req, res: JsonResponse<'updateWebhook'>) => {
    res.json(await webhooks.updateWebhook(deps, actorOf(req), req.params.organizationId, req.params.webhookId, req.body));
  });

  router.delete(`${base}/:webhookId`, async (req, res) => {
    await webhooks.deleteWebhook(deps, actorOf(req), req.params.organizationId, req.params.webhookId);
    res.status(204).end();
  });

  router.post(`${base}/:webhookId/secret`, async (req, res: JsonResponse<'rotateWebhookSecret'>) => {
    res.json(await webhooks.rotateWebhookSecret(deps, actorOf(req), req.params.organizationId, req.params.webhookId));
  });

  router.get(`${base}/:webhookId/deliveries`, async (req, res: JsonResponse<'listWebhookDeliveries'>) => {
    const { status, limit, cursor } = req.query as { status?: DeliveryStatus; limit?: number; cursor?: string };
    res.json(await webhooks.listDeliveries(deps, actorOf(req), req.params.organizationId, req.params.webhookId, { status, limit, cursor }));
  });

  return router;
}
