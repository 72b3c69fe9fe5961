import { Router } from 'express';
import type { Container } from '../../container.ts';
import * as authService from '../../modules/auth/auth.service.ts';
import { getMe } from '../../modules/auth/me.service.ts';
import { toUserView } from '../../modules/users/user.view.ts';
import type { JsonBody, JsonResponse } from '../openapi-types.ts';
import { actorOf, callerOf } from '../actor.ts';

export function authRoutes(c: Container): Router {
  const router = Router();

  router.post('/v1/auth/register', async (req, res: JsonResponse<'registerUser', 201>) => {
    const user = await authService.register(c.auth, callerOf(req), req.body as JsonBody<'registerUser'>);
    res.status(201).json(toUserView(user));
  });

  router.post('/v1/auth/login', async (req, res: JsonResponse<'login'>) => {
    res.json(await authService.login(c.auth, callerOf(req), req.body as JsonBody<'login'>));
  });

  router.post('/v1/auth/refresh', async (req, res: JsonResponse<'refreshTokens'>) => {
    res.json(await authService.refresh(c.auth, callerOf(req), (req.body as JsonBody<'refreshTokens'>).refreshToken));
  });

  router.post('/v1/auth/logout', async (req, res) => {
    await authService.logout(c.auth, callerOf(req), (req.body as JsonBody<'logout'>).refreshToken);
    res.status(204).end();
  });

  router.post('/v1/auth/change-password', async (req, res) => {
    await authService.changePassword(c.auth, actorOf(req), req.body as JsonBody<'changePassword'>);
    res.status(204).end();
  });

  router.get('/v1/me', async (req, res: JsonResponse<'getMe'>) => {
    res.json(await getMe(c.db, actorOf(req)));
  });

  return router;
}
