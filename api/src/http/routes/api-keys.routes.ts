import { Router } from 'express';
import type { Container } from '../../container.ts';
import * as apiKeys from '../../modules/api-keys/api-keys.service.ts';
import { actorOf } from '../actor.ts';
import type { JsonBody, JsonResponse, QueryParams } from '../openapi-types.ts';

/** Server-to-server API keys of a tenant or organization, managed by its admins. */
export function apiKeyRoutes(c: Container): Router {
  const router = Router();

  router.get('/v1/api-keys', async (req, res: JsonResponse<'listApiKeys'>) => {
    res.json(await apiKeys.listApiKeys(c.db, actorOf(req), req.query as QueryParams<'listApiKeys'>));
  });

  router.post('/v1/api-keys', async (req, res: JsonResponse<'createApiKey', 201>) => {
    res.status(201).json(await apiKeys.createApiKey(c.db, actorOf(req), req.body as JsonBody<'createApiKey'>));
  });

  router.delete('/v1/api-keys/:apiKeyId', async (req, res) => {
    await apiKeys.revokeApiKey(c.db, actorOf(req), req.params.apiKeyId);
    res.status(204).end();
  });

  return router;
}
