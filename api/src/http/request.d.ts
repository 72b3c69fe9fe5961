import type { UserActor } from '../modules/access/roles.ts';

declare module 'express-serve-static-core' {
  interface Request {
    /** Request id: the caller's X-Request-Id when it is sane, else a new UUID. */
    id: string;
    /** Set by the authenticate middleware on protected routes. */
    actor?: UserActor;
  }
}
