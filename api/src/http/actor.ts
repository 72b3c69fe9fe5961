import type { Request } from 'express';
import { Unauthenticated } from '../lib/problem.ts';
import { anonymousActor, type Actor, type UserActor } from '../modules/access/roles.ts';

/** The authenticated caller of a protected route. */
export function actorOf(req: Request): UserActor {
  if (!req.actor) throw new Unauthenticated();
  return req.actor;
}

/** The caller of a public route: the authenticated user if a valid token came along, else anonymous. */
export function callerOf(req: Request): Actor {
  return req.actor ?? anonymousActor(req.ip ?? null, req.id);
}
