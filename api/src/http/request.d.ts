import type { UserActor } from '../modules/access/roles.ts';
import type { ApiKeyPrincipal } from '../modules/api-keys/api-keys.service.ts';
import type { EmbedGrant } from '../modules/embed-tokens/embed-principal.service.ts';

declare module 'express-serve-static-core' {
  interface Request {
    /** Request id: the caller's X-Request-Id when it is sane, else a new UUID. */
    id: string;
    /** Set by the authenticate middleware on protected routes. */
    actor?: UserActor;
    /** Set instead of `actor` when an API key authenticated the request (only operations that accept keys). */
    apiKey?: ApiKeyPrincipal;
    /** Set beside `actor` when an embed token authenticated the request. */
    embed?: EmbedGrant;
  }
}
