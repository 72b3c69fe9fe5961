import type { NextFunction, Request, Response } from 'express';
import type { Knex } from 'knex';
import { Unauthenticated } from '../../lib/problem.ts';
import { authenticateApiKey } from '../../modules/api-keys/api-keys.service.ts';
import type { KeyRing } from '../../modules/auth/signing-keys.ts';
import { principalForAdminEmbedToken } from '../../modules/embed-tokens/admin-embed-tokens.service.ts';
import { principalForEmbedToken } from '../../modules/embed-tokens/embed-principal.service.ts';
import { EMBED_QUERY_TOKEN_OPERATIONS, assertEmbedOperation } from '../../modules/embed-tokens/embed-scope.ts';
import { embedTokenTypeOf, looksLikeEmbedToken } from '../../modules/embed-tokens/embed-token-jwt.ts';

interface OpenApiOperation {
  operationId?: string;
  security?: Record<string, string[]>[];
}

function operationOf(req: Request): OpenApiOperation | undefined {
  return (req as Request & { openapi?: { schema?: OpenApiOperation } }).openapi?.schema;
}

/** An API key from `Authorization: ApiKey <key>` or `X-Api-Key: <key>`, if the request carries one. */
export function apiKeyOf(req: Request): string | undefined {
  const match = /^ApiKey\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
  if (match) return match[1];
  const header = req.headers['x-api-key'];
  return typeof header === 'string' ? header.trim() : undefined;
}

/**
 * An embed token from `Authorization: Bearer`, or from `?embed_token=` on the operations that allow
 * it (an EventSource cannot set headers). Undefined when the bearer token is not an embed token.
 */
export function embedTokenOf(req: Request): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
  if (match) return match[1] && looksLikeEmbedToken(match[1]) ? match[1] : undefined;
  const query = (req.query as Record<string, unknown>).embed_token;
  const operationId = operationOf(req)?.operationId;
  if (typeof query === 'string' && operationId && EMBED_QUERY_TOKEN_OPERATIONS.has(operationId)) return query;
  return undefined;
}

/** Authenticates a request carrying an API key, on operations whose spec accepts one (`apiKeyAuth`). */
export async function authenticateWithApiKey(db: Knex, req: Request, presented: string): Promise<void> {
  const accepts = operationOf(req)?.security?.some((requirement) => 'apiKeyAuth' in requirement) ?? false;
  if (!accepts) throw new Unauthenticated('API keys are accepted only by the embed-token endpoints; send a user\'s access token here.');
  req.apiKey = await authenticateApiKey(db, presented);
}

/**
 * Authenticates a request carrying an embed token: the token must be valid, unrevoked and used from
 * one of its origins, and the operation must be on the embed allow-list (embed-scope.ts for data
 * tokens, admin-panels.ts for admin tokens).
 */
export async function authenticateWithEmbedToken(deps: { db: Knex; keys: KeyRing; issuer: string; platformOrigins: readonly string[] }, req: Request, token: string): Promise<void> {
  const principal =
    embedTokenTypeOf(token) === 'admin' ? await principalForAdminEmbedToken(deps, token, req.headers.origin) : await principalForEmbedToken(deps, token, req.headers.origin);
  // Multipart requests are authenticated before the spec validator knows their operation (see
  // upload-guard.ts); embedOperationGuard checks them once it does.
  const operation = operationOf(req);
  if (operation) assertEmbedOperation(operation.operationId, principal.grant);
  req.actor = { ...principal.actor, ip: req.ip ?? null, requestId: req.id };
  req.embed = principal.grant;
}

/**
 * After the spec validator: every request an embed token authenticated must be one of the token's
 * operations. Repeats the check made at authentication, and is the only one for uploads, which are
 * authenticated before the validator has matched their operation.
 */
export function embedOperationGuard(req: Request, _res: Response, next: NextFunction): void {
  if (req.embed) assertEmbedOperation(operationOf(req)?.operationId, req.embed);
  next();
}
