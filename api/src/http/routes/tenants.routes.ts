import { Router } from 'express';
import type { Container } from '../../container.ts';
import * as embedOrigins from '../../modules/tenants/tenant-embed-origins.service.ts';
import * as tenants from '../../modules/tenants/tenants.service.ts';
import type { JsonBody, JsonResponse, QueryParams } from '../openapi-types.ts';
import { actorOf } from '../actor.ts';

export function tenantRoutes(c: Container): Router {
  const router = Router();

  router.get('/v1/tenants', async (req, res: JsonResponse<'listTenants'>) => {
    res.json(await tenants.listTenants(c.db, actorOf(req), req.query as QueryParams<'listTenants'>));
  });

  router.post('/v1/tenants', async (req, res: JsonResponse<'createTenant', 201>) => {
    const created = await tenants.createTenant(c.db, actorOf(req), req.body as JsonBody<'createTenant'>);
    res.status(201).location(`/v1/tenants/${created.tenant.id}`).json(created);
  });

  router.get('/v1/tenants/:tenantId', async (req, res: JsonResponse<'getTenant'>) => {
    res.json(await tenants.getTenant(c.db, actorOf(req), req.params.tenantId));
  });

  router.patch('/v1/tenants/:tenantId', async (req, res: JsonResponse<'updateTenant'>) => {
    res.json(await tenants.updateTenant(c.db, actorOf(req), req.params.tenantId, req.body as JsonBody<'updateTenant'>));
  });

  router.delete('/v1/tenants/:tenantId', async (req, res) => {
    await tenants.deleteTenant(c.db, actorOf(req), req.params.tenantId);
    res.status(204).end();
  });

  router.get('/v1/tenants/:tenantId/embed-origins', async (req, res: JsonResponse<'getTenantEmbedOrigins'>) => {
    res.json(await embedOrigins.getTenantEmbedOrigins(c.db, actorOf(req), req.params.tenantId));
  });

  router.put('/v1/tenants/:tenantId/embed-origins', async (req, res: JsonResponse<'replaceTenantEmbedOrigins'>) => {
    res.json(await embedOrigins.replaceTenantEmbedOrigins(c.db, actorOf(req), req.params.tenantId, req.body as JsonBody<'replaceTenantEmbedOrigins'>));
  });

  return router;
}
