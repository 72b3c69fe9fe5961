import { Router } from 'express';
import type { Container } from '../../container.ts';
import * as memberships from '../../modules/memberships/memberships.service.ts';
import * as joinTokens from '../../modules/organizations/join-tokens.service.ts';
import * as organizations from '../../modules/organizations/organizations.service.ts';
import { actorOf } from '../actor.ts';

/** Organizations of a tenant, their members and join tokens, and joining with a join token. */
export function organizationRoutes(c: Container): Router {
  const router = Router();

  router.get('/v1/organizations', async (req, res) => {
    const { tenantId, limit, cursor } = req.query as { tenantId?: string; limit?: number; cursor?: string };
    res.json(await organizations.listOrganizations(c.db, actorOf(req), { tenantId, limit, cursor }));
  });

  router.post('/v1/organizations', async (req, res) => {
    const org = await organizations.createOrganization(c.db, actorOf(req), req.body);
    res.status(201).json(org);
  });

  // Before the {organizationId} routes: "join" is a fixed segment, not an id.
  router.post('/v1/organizations/join', async (req, res) => {
    res.json(await memberships.joinWithToken(c.auth, actorOf(req), req.body.token));
  });

  router.get('/v1/organizations/:organizationId', async (req, res) => {
    res.json(await organizations.getOrganization(c.db, actorOf(req), req.params.organizationId));
  });

  router.patch('/v1/organizations/:organizationId', async (req, res) => {
    res.json(await organizations.updateOrganization(c.db, actorOf(req), req.params.organizationId, req.body));
  });

  router.delete('/v1/organizations/:organizationId', async (req, res) => {
    await organizations.deleteOrganization(c.db, actorOf(req), req.params.organizationId);
    res.status(204).end();
  });

  router.get('/v1/organizations/:organizationId/members', async (req, res) => {
    const { limit, cursor } = req.query as { limit?: number; cursor?: string };
    res.json(await memberships.listMembers(c.db, actorOf(req), req.params.organizationId, { limit, cursor }));
  });

  router.put('/v1/organizations/:organizationId/members/:userId', async (req, res) => {
    res.json(await memberships.assignMember(c.db, actorOf(req), req.params.organizationId, req.params.userId, req.body.role));
  });

  router.patch('/v1/organizations/:organizationId/members/:userId', async (req, res) => {
    res.json(await memberships.changeMemberRole(c.db, actorOf(req), req.params.organizationId, req.params.userId, req.body.role));
  });

  router.delete('/v1/organizations/:organizationId/members/:userId', async (req, res) => {
    await memberships.removeMember(c.db, actorOf(req), req.params.organizationId, req.params.userId);
    res.status(204).end();
  });

  router.post('/v1/organizations/:organizationId/join-token', async (req, res) => {
    const body = (req.body ?? {}) as { expiresInHours?: number };
    res.status(201).json(await joinTokens.createJoinToken(c.db, actorOf(req), req.params.organizationId, body, c.config.JOIN_TOKEN_TTL_HOURS));
  });

  router.get('/v1/organizations/:organizationId/join-token', async (req, res) => {
    res.json(await joinTokens.getJoinTokenStatus(c.db, actorOf(req), req.params.organizationId));
  });

  router.delete('/v1/organizations/:organizationId/join-token', async (req, res) => {
    await joinTokens.disableJoinToken(c.db, actorOf(req), req.params.organizationId);
    res.status(204).end();
  });

  return router;
}
