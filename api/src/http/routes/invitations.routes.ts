import { Router } from 'express';
import type { Container } from '../../container.ts';
import * as invitations from '../../modules/invitations/invitations.service.ts';
import type { JsonBody, JsonResponse, QueryParams } from '../openapi-types.ts';
import { actorOf, callerOf } from '../actor.ts';

/** Invitations to an organization, and accepting them (logged in, or creating the account). */
export function invitationRoutes(c: Container): Router {
  const router = Router();
  const deps: invitations.InvitationDeps = { auth: c.auth, ttlHours: c.config.INVITATION_TTL_HOURS, publicBaseUrl: c.config.PUBLIC_BASE_URL };

  router.get('/v1/organizations/:organizationId/invitations', async (req, res: JsonResponse<'listInvitations'>) => {
    const { status, limit, cursor } = req.query as QueryParams<'listInvitations'>;
    res.json(await invitations.listInvitations(c.db, actorOf(req), req.params.organizationId, { status, limit, cursor }));
  });

  router.post('/v1/organizations/:organizationId/invitations', async (req, res: JsonResponse<'createInvitation', 201>) => {
    const invitation = await invitations.createInvitation(deps, actorOf(req), req.params.organizationId, req.body as JsonBody<'createInvitation'>);
    res.status(201).json(invitation);
  });

  router.delete('/v1/organizations/:organizationId/invitations/:invitationId', async (req, res) => {
    await invitations.revokeInvitation(c.db, actorOf(req), req.params.organizationId, req.params.invitationId);
    res.status(204).end();
  });

  router.post('/v1/invitations/accept', async (req, res: JsonResponse<'acceptInvitation'>) => {
    res.json(await invitations.acceptInvitation(deps, actorOf(req), (req.body as JsonBody<'acceptInvitation'>).token));
  });

  router.post('/v1/invitations/register', async (req, res: JsonResponse<'registerWithInvitation', 201>) => {
    res.status(201).json(await invitations.registerWithInvitation(deps, callerOf(req), req.body as JsonBody<'registerWithInvitation'>));
  });

  return router;
}
