import { Router } from 'express';
import type { Container } from '../../container.ts';
import * as scoring from '../../modules/scoring/scoring.service.ts';
import { actorOf } from '../actor.ts';
import type { JsonResponse } from '../openapi-types.ts';

/** Scoring a statement without storing it. */
export function scoringRoutes(c: Container): Router {
  const router = Router();

  router.post('/v1/score', (req, res: JsonResponse<'scoreStatementOnce'>) => {
    res.json(scoring.scoreOnce(c.model, actorOf(req), req.body as scoring.ScoreRequest));
  });

  return router;
}
