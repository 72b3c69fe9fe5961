import createClient, { type Client } from 'openapi-fetch';
import type { paths } from '../../../openapi/generated/schema.d.ts';

/** A typed client of the DefaultRate API (paths and bodies from the OpenAPI spec). */
export type DrApiClient = Client<paths>;

/** Where the client gets its bearer token, and how it gets a new one after a 401. */
export interface TokenSource {
  /** The current token (an access token or an embed token; any bearer token works). */
  currentToken(): string | undefined;
  /** A fresh token, or undefined when none can be had. Concurrent callers share one renewal. */
  renewToken(): Promise<string | undefined>;
}

function withBearer(request: Request, token: string | undefined): Request {
  const authorised = new Request(request);
  if (token) authorised.headers.set('Authorization', `Bearer ${token}`);
  return authorised;
}

/**
 * fetch with the current token; on a 401 it asks for a new token once and retries once, so an
 * expired token costs one round trip instead of a broken widget.
 */
function authorisedFetch(tokens: TokenSource): (request: Request) => Promise<Response> {
  return async (request) => {
    const replay = request.clone();
    const sent = tokens.currentToken();
    const response = await fetch(withBearer(request, sent));
    if (response.status !== 401) return response;
    // A request that was in flight while another one renewed the token just retries with the new one.
    const current = tokens.currentToken();
    const renewed = current && current !== sent ? current : await tokens.renewToken();
    return renewed ? fetch(withBearer(replay, renewed)) : response;
  };
}

/** Builds the API client for one API base URL. */
export function createApiClient(apiBase: string, tokens: TokenSource): DrApiClient {
  return createClient<paths>({ baseUrl: apiBase.replace(/\/+$/, ''), fetch: authorisedFetch(tokens) });
}
