import { Router } from 'express';
import type { Container } from '../../container.ts';
import * as memberships from '../../modules/memberships/memberships.service.ts';
import * as joinTokens from '../../modules/organizations/join-tokens.service.ts';
import * as organizations from '../../modules/organizations/organizations.service.ts';
import { actorOf } from '../actor.ts';
import type { JsonBody, JsonResponse, QueryParams } from '../openapi-types.ts';

/** Organizations of a tenant, their members and join tokens, and joining with a join token. */
export function organizationRoutes(c: Container): Router {
  const router = Router();

  router.get('/v1/organizations', async (req, res: JsonResponse<'listOrganizations'>) => {
    const { tenantId, limit, cursor } = req.query as QueryParams<'listOrganizations'>;
    res.json(await organizations.listOrganizations(c.db, actorOf(req), { tenantId, limit, cursor }));
  });

  router.post('/v1/organizations', async (req, res: JsonResponse<'createOrganization', 201>) => {
    const org = await organizations.createOrganization(c.db, actorOf(req), req.body as JsonBody<'createOrganization'>);
    res.status(201).json(org);
  });

  // Before the {organizationId} routes: "join" is a fixed segment, not an id.
  router.post('/v1/organizations/join', async (req, res: JsonResponse<'joinOrganization'>) => {
    res.json(await memberships.joinWithToken(c.auth, actorOf(req), (req.body as JsonBody<'joinOrganization'>).token));
  });

  router.get('/v1/organizations/:organizationId', async (req, res: JsonResponse<'getOrganization'>) => {
    res.json(await organizations.getOrganization(c.db, actorOf(req), req.params.organizationId));
  });

  router.patch('/v1/organizations/:organizationId', async (req, res: JsonResponse<'updateOrganization'>) => {
    res.json(await organizations.updateOrganization(c.db, actorOf(req), req.params.organizationId, req.body as JsonBody<'updateOrganization'>));
  });

  router.delete('/v1/organizations/:organizationId', async (req, res) => {
    await organizations.deleteOrganization(c.db, actorOf(req), req.params.organizationId);
    res.status(204).end();
  });

  router.get('/v1/organizations/:organizationId/members', async (req, res: JsonResponse<'listOrganizationMembers'>) => {
    const { limit, cursor } = req.query as QueryParams<'listOrganizationMembers'>;
    res.json(await memberships.listMembers(c.db, actorOf(req), req.params.organizationId, { limit, cursor }));
  });

  router.put('/v1/organizations/:organizationId/members/:userId', async (req, res: JsonResponse<'assignOrganizationMember'>) => {
    const { role } = req.body as JsonBody<'assignOrganizationMember'>;
    res.json(await memberships.assignMember(c.db, actorOf(req), req.params.organizationId, req.params.userId, role));
  });

  router.patch('/v1/organizations/:organizationId/members/:userId', async (req, res: JsonResponse<'changeOrganizationMemberRole'>) => {
    const { role } = req.body as JsonBody<'changeOrganizationMemberRole'>;
    res.json(await memberships.changeMemberRole(c.db, actorOf(req), req.params.organizationId, req.params.userId, role));
  });

  router.delete('/v1/organizations/:organizationId/members/:userId', async (req, res) => {
    await memberships.removeMember(c.db, actorOf(req), req.params.organizationId, req.params.userId);
    res.status(204).end();
  });

  router.post('/v1/organizations/:organizationId/join-token', async (req, res: JsonResponse<'createJoinToken', 201>) => {
    const body = (req.body ?? {}) as NonNullable<JsonBody<'createJoinToken'>>;
    res.status(201).json(await joinTokens.createJoinToken(c.db, actorOf(req), req.params.organizationId, body, c.config.JOIN_TOKEN_TTL_HOURS));
  });

  router.get('/v1/organizations/:organizationId/join-token', async (req, res: JsonResponse<'getJoinTokenStatus'>) => {
    res.json(await joinTokens.getJoinTokenStatus(c.db, actorOf(req), req.params.organizationId));
  });

  router.delete('/v1/organizations/:organizationId/join-token', async (req, res) => {
    await joinTokens.disableJoinToken(c.db, actorOf(req), req.params.organizationId);
    res.status(204).end();
  });

  return router;
}
