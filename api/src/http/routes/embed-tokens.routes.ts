import { Router, type Request } from 'express';
import type { Container } from '../../container.ts';
import * as adminEmbedTokens from '../../modules/embed-tokens/admin-embed-tokens.service.ts';
import * as embedTokens from '../../modules/embed-tokens/embed-tokens.service.ts';
import { actorOf } from '../actor.ts';
import type { JsonBody, JsonResponse } from '../openapi-types.ts';

/** The caller of an embed-token endpoint: the host backend's API key if one authenticated it, else the user. */
function embedCallerOf(req: Request): embedTokens.EmbedCaller {
  if (req.apiKey) return { kind: 'api_key', key: req.apiKey, ip: req.ip ?? null, requestId: req.id };
  return { kind: 'user', actor: actorOf(req) };
}

/** Minting and revoking the short-lived tokens that embedded widgets call the API with. */
export function embedTokenRoutes(c: Container): Router {
  const router = Router();
  const deps: embedTokens.EmbedTokenDeps = { db: c.db, keys: c.keys, issuer: c.config.JWT_ISSUER };
  const adminDeps: adminEmbedTokens.AdminEmbedTokenDeps = { ...deps, platformOrigins: c.platformEmbedOrigins };

  router.post('/v1/embed-tokens', async (req, res: JsonResponse<'createEmbedToken', 201>) => {
    res.status(201).json(await embedTokens.issueEmbedToken(deps, embedCallerOf(req), req.body as JsonBody<'createEmbedToken'>));
  });

  router.post('/v1/embed-tokens/admin', async (req, res: JsonResponse<'createAdminEmbedToken', 201>) => {
    res.status(201).json(await adminEmbedTokens.issueAdminEmbedToken(adminDeps, actorOf(req), req.body as JsonBody<'createAdminEmbedToken'>));
  });

  // Before /:jti: "revoke-all" is a fixed segment (and a different method), not a token id.
  router.post('/v1/embed-tokens/revoke-all', async (req, res: JsonResponse<'revokeAllEmbedTokens'>) => {
    res.json(await embedTokens.revokeAllEmbedTokens(deps, embedCallerOf(req), (req.body ?? {}) as NonNullable<JsonBody<'revokeAllEmbedTokens'>>));
  });

  router.delete('/v1/embed-tokens/:jti', async (req, res) => {
    await embedTokens.revokeEmbedToken(deps, embedCallerOf(req), req.params.jti as string);
    res.status(204).end();
  });

  return router;
}
