import { Router } from 'express';
import type { Container } from '../../container.ts';
import * as users from '../../modules/users/users.service.ts';
import type { JsonBody, JsonResponse, QueryParams } from '../openapi-types.ts';
import { actorOf } from '../actor.ts';

export function userRoutes(c: Container): Router {
  const router = Router();

  router.get('/v1/users', async (req, res: JsonResponse<'listUsers'>) => {
    res.json(await users.listUsers(c.db, actorOf(req), req.query as QueryParams<'listUsers'>));
  });

  router.get('/v1/users/:userId', async (req, res: JsonResponse<'getUser'>) => {
    res.json(await users.getUser(c.db, actorOf(req), req.params.userId));
  });

  router.patch('/v1/users/:userId', async (req, res: JsonResponse<'updateUser'>) => {
    res.json(await users.updateUser(c.db, actorOf(req), req.params.userId, req.body as JsonBody<'updateUser'>));
  });

  return router;
}
