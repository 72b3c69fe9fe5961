import { Router } from 'express';
import type { Container } from '../../container.ts';
import * as users from '../../modules/users/users.service.ts';
import { actorOf } from '../actor.ts';

export function userRoutes(c: Container): Router {
  const router = Router();

  router.get('/v1/users', async (req, res) => {
    res.json(await users.listUsers(c.db, actorOf(req), req.query as users.UserListQuery));
  });

  router.get('/v1/users/:userId', async (req, res) => {
    res.json(await users.getUser(c.db, actorOf(req), req.params.userId));
  });

  router.patch('/v1/users/:userId', async (req, res) => {
    res.json(await users.updateUser(c.db, actorOf(req), req.params.userId, req.body));
  });

  return router;
}
