import type { components } from '../../openapi/generated/schema.d.ts';
import type { Session } from './sessions.ts';

type Schemas = components['schemas'];
export type Me = Schemas['Me'];
export type TokenPair = Schemas['TokenPair'];
export type IssuedEmbedToken = Schemas['IssuedEmbedToken'];
export type EmbedResources = Schemas['EmbedResources'];

/** A problem document the API answered with (RFC 9457), carried to the page as-is. */
export class ApiProblem extends Error {
  readonly status: number;
  readonly problem: { type?: string; title?: string; detail?: string; status?: number };

  constructor(status: number, problem: ApiProblem['problem']) {
    super(problem.detail ?? problem.title ?? `DefaultRate answered ${status}`);
    this.status = status;
    this.problem = problem;
  }
}

/** What the embed-token request names: the end user, their organization, widgets and rows. */
export interface EmbedTokenRequest {
  userRef: string;
  organizationId: string;
  widgets: string[];
  resources: EmbedResources;
  readOnly: boolean;
  ttlSeconds?: number;
}

/**
 * The demo host's server-to-server client of DefaultRate. The API key and the users' own tokens stay
 * here, in the bank's backend; the browser only ever gets short-lived embed tokens.
 */
export class DefaultRateApi {
  readonly #base: string;
  readonly #apiKey: () => string | undefined;

  constructor(base: string, apiKey: () => string | undefined) {
    this.#base = base.replace(/\/+$/, '');
    this.#apiKey = apiKey;
  }

  async #call<T>(method: string, path: string, init: { body?: unknown; authorization?: string; userAgent?: string } = {}): Promise<T> {
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (init.body !== undefined) headers['Content-Type'] = 'application/json';
    if (init.authorization) headers.Authorization = init.authorization;
    if (init.userAgent) headers['User-Agent'] = init.userAgent;
    const response = await fetch(`${this.#base}${path}`, { method, headers, body: init.body === undefined ? undefined : JSON.stringify(init.body) });
    if (response.status === 204) return undefined as T;
    const text = await response.text();
    const json = text ? (JSON.parse(text) as unknown) : undefined;
    if (!response.ok) throw new ApiProblem(response.status, (json ?? {}) as ApiProblem['problem']);
    return json as T;
  }

  login(email: string, password: string): Promise<TokenPair> {
    return this.#call('POST', '/v1/auth/login', { body: { email, password } });
  }

  me(accessToken: string): Promise<Me> {
    return this.#call('GET', '/v1/me', { authorization: `Bearer ${accessToken}` });
  }

  refresh(refreshToken: string): Promise<TokenPair> {
    return this.#call('POST', '/v1/auth/refresh', { body: { refreshToken } });
  }

  logout(refreshToken: string): Promise<void> {
    return this.#call('POST', '/v1/auth/logout', { body: { refreshToken } });
  }

  /** Mints an embed token with the demo host's API key (the pattern we recommend to customers). */
  mintEmbedToken(request: EmbedTokenRequest): Promise<IssuedEmbedToken> {
    const key = this.#apiKey();
    if (!key) throw new ApiProblem(503, { title: 'No API key', detail: 'The demo host has no API key yet: run npm start (the demo seed writes it to KEYS_DIR/demo-host-api-key).' });
    return this.#call('POST', '/v1/embed-tokens', { body: request, authorization: `ApiKey ${key}` });
  }

  /**
   * Mints an admin embed token for the signed-in admin's own panels (POST /v1/embed-tokens/admin):
   * it acts as them, so it is asked for with their session, never with the API key.
   */
  mintAdminEmbedToken(session: Session, widgets: string[], ttlSeconds?: number): Promise<IssuedEmbedToken> {
    return this.asUser(session, 'POST', '/v1/embed-tokens/admin', { widgets, ttlSeconds });
  }

  /** A request as the signed-in user, renewing their access token first when it is about to expire. */
  async asUser<T>(session: Session, method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown, userAgent?: string): Promise<T> {
    if (session.accessExpiresAt - 30_000 < Date.now()) {
      const renewed = await this.refresh(session.refreshToken);
      session.accessToken = renewed.accessToken;
      session.refreshToken = renewed.refreshToken;
      session.accessExpiresAt = Date.now() + renewed.expiresIn * 1000;
    }
    return this.#call(method, path, { body, authorization: `Bearer ${session.accessToken}`, userAgent });
  }
}
