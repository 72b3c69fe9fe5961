import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { contentSecurityPolicy } from './csp.ts';
import { adminPanelsFor, dashboardFor, embedPlanFor } from './dashboards.ts';
import { ApiProblem, DefaultRateApi } from './defaultrate-api.ts';
import { buildPageAssets, type PageAssets } from './page-assets.ts';
import { dashboardPage, loginPage, type DemoAccount } from './pages.ts';
import { SessionStore, clearedSessionCookie, sessionCookie, type Session } from './sessions.ts';

export interface DemoHostOptions {
  port: number;
  host?: string;
  /** The API as the browser reaches it: widgets are loaded from `<apiBase>/widgets/` and call it cross-origin. */
  apiBase: string;
  /** The API as this backend reaches it (default: apiBase). */
  apiInternalBase?: string;
  /** Reads the demo host's API key (from its file outside the repository); read per mint so a re-seeded key is picked up. */
  apiKey: () => string | undefined;
  /** Accounts suggested on the sign-in page. */
  accounts: DemoAccount[];
  /** Test hook: the lifetime of the n-th embed token minted for a session (undefined: the API's default). */
  embedTokenTtlSeconds?: (mint: { email: string; mintNumber: number }) => number | undefined;
}

export interface DemoHost {
  origin: string;
  server: http.Server;
  close(): Promise<void>;
}

const MAX_FORM_BYTES = 16 * 1024;

async function readBody(req: IncomingMessage): Promise<string> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_FORM_BYTES) throw new ApiProblem(413, { title: 'Too large' });
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function send(res: ServerResponse, status: number, type: string, body: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff', 'Referrer-Policy': 'same-origin', ...headers });
  res.end(body);
}

function redirect(res: ServerResponse, location: string, headers: Record<string, string> = {}): void {
  res.writeHead(303, { Location: location, 'Cache-Control': 'no-store', ...headers });
  res.end();
}

const problemJson = (res: ServerResponse, status: number, problem: object) => send(res, status, 'application/problem+json', JSON.stringify({ status, ...problem }));

/**
 * Northwind Bank's intranet: a stand-in for a customer's portal. Its backend signs employees in
 * against DefaultRate, keeps their session in an httpOnly cookie, and mints embed tokens with its
 * API key for the widgets on their pages, exactly as we recommend customers do.
 */
export async function startDemoHost(options: DemoHostOptions): Promise<DemoHost> {
  const api = new DefaultRateApi(options.apiInternalBase ?? options.apiBase, options.apiKey);
  const sessions = new SessionStore();
  const mintCounts = new WeakMap<Session, number>();
  const assets: PageAssets = await buildPageAssets();
  const csp = contentSecurityPolicy(options.apiBase);
  const htmlHeaders = { 'Content-Security-Policy': csp, 'X-Frame-Options': 'DENY' };
  let origin = '';
  const isSecure = options.apiBase.startsWith('https:');

  async function signIn(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const form = new URLSearchParams(await readBody(req));
    const email = (form.get('email') ?? '').trim();
    const password = form.get('password') ?? '';
    try {
      const tokens = await api.login(email, password);
      const me = await api.me(tokens.accessToken);
      const session = sessions.create({
        email: me.user.email,
        displayName: me.user.displayName,
        role: me.role,
        tenant: me.tenant ? { id: me.tenant.id, name: me.tenant.name } : null,
        organization: me.organization,
        accessToken: tokens.accessToken,
        refreshToken: tokens.refreshToken,
        accessExpiresAt: Date.now() + tokens.expiresIn * 1000,
      });
      redirect(res, '/dashboard', { 'Set-Cookie': sessionCookie(session.id, isSecure) });
    } catch (error) {
      const message =
        error instanceof ApiProblem && error.status === 401 ? 'Wrong email or password.'
        : error instanceof ApiProblem && error.status === 429 ? 'Too many attempts; try again in a few minutes.'
        : error instanceof ApiProblem ? (error.problem.detail ?? 'Sign-in failed.')
        : 'DefaultRate could not be reached.';
      send(res, error instanceof ApiProblem && error.status < 500 ? 401 : 502, 'text/html; charset=utf-8', loginPage(options.apiBase, options.accounts, message, email), htmlHeaders);
    }
  }

  /** A fresh embed token for the session's user: their organization and the widgets their page shows. */
  async function mintToken(session: Session, res: ServerResponse): Promise<void> {
    const plan = embedPlanFor(session);
    if (!plan || !session.organization) {
      problemJson(res, 409, { title: 'No embedded widgets', detail: 'Embed tokens read organization data; your role has no embedded widgets here.' });
      return;
    }
    const mintNumber = (mintCounts.get(session) ?? 0) + 1;
    mintCounts.set(session, mintNumber);
    try {
      const issued = await api.mintEmbedToken({
        userRef: session.email,
        organizationId: session.organization.id,
        widgets: plan.widgets,
        resources: plan.resources,
        readOnly: plan.readOnly,
        ttlSeconds: options.embedTokenTtlSeconds?.({ email: session.email, mintNumber }),
      });
      send(res, 200, 'application/json', JSON.stringify({ token: issued.token, expiresAt: issued.expiresAt }));
    } catch (error) {
      if (!(error instanceof ApiProblem)) throw error;
      problemJson(res, error.status >= 500 ? 502 : error.status === 404 ? 403 : error.status, error.problem);
    }
  }

  /**
   * A fresh admin embed token for the signed-in admin's panels, minted with their own session (it
   * acts as them). Its id is kept with the session so that signing out revokes it.
   */
  async function mintAdminToken(session: Session, res: ServerResponse): Promise<void> {
    const panels = adminPanelsFor(session);
    if (!panels.length) {
      problemJson(res, 409, { title: 'No admin panels', detail: 'Your role has no administration panel here.' });
      return;
    }
    try {
      const issued = await api.mintAdminEmbedToken(session, panels);
      session.adminTokenIds = [...(session.adminTokenIds ?? []), issued.jti].slice(-50);
      send(res, 200, 'application/json', JSON.stringify({ token: issued.token, expiresAt: issued.expiresAt }));
    } catch (error) {
      if (!(error instanceof ApiProblem)) throw error;
      problemJson(res, error.status >= 500 ? 502 : error.status, error.problem);
    }
  }

  /** Signing out ends the admin panels' tokens too (they act as the admin until they expire otherwise). */
  async function revokeAdminTokens(session: Session): Promise<void> {
    await Promise.all((session.adminTokenIds ?? []).map((jti) => api.asUser(session, 'DELETE', `/v1/embed-tokens/${jti}`).catch(() => undefined)));
  }

  /** Web vitals of pages without an embed token, relayed with the user's own token (the browser never holds it). */
  async function relayVitals(session: Session, req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      await api.asUser(session, 'POST', '/v1/web-vitals', JSON.parse(await readBody(req)) as unknown, req.headers['user-agent']);
      res.writeHead(204).end();
    } catch (error) {
      if (!(error instanceof ApiProblem) && !(error instanceof SyntaxError)) throw error;
      problemJson(res, error instanceof ApiProblem ? error.status : 400, error instanceof ApiProblem ? error.problem : { title: 'Bad JSON' });
    }
  }

  async function join(session: Session, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const token = new URLSearchParams(await readBody(req)).get('token')?.trim() ?? '';
    try {
      await api.asUser(session, 'POST', '/v1/organizations/join', { token });
      // Membership changed: a new sign-in gives tokens with the new organization in them.
      const renewed = await api.refresh(session.refreshToken);
      const me = await api.me(renewed.accessToken);
      Object.assign(session, {
        role: me.role,
        tenant: me.tenant ? { id: me.tenant.id, name: me.tenant.name } : null,
        organization: me.organization,
        accessToken: renewed.accessToken,
        refreshToken: renewed.refreshToken,
        accessExpiresAt: Date.now() + renewed.expiresIn * 1000,
      });
      redirect(res, '/dashboard');
    } catch (error) {
      if (!(error instanceof ApiProblem)) throw error;
      const dashboard = await dashboardFor(api, session, `Could not join: ${error.problem.detail ?? error.problem.title ?? error.status}`);
      send(res, 200, 'text/html; charset=utf-8', dashboardPage(options.apiBase, session, dashboard), htmlHeaders);
    }
  }

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', origin);
    const method = req.method ?? 'GET';
    // Forms and relays are same-origin only: SameSite=Lax keeps other sites' posts cookie-less, and
    // this also refuses other origins of the same site (the API on another port is same-site).
    if (method === 'POST' && req.headers.origin && req.headers.origin !== origin && req.headers.origin !== origin.replace('127.0.0.1', 'localhost')) {
      problemJson(res, 403, { title: 'Cross-origin form post refused' });
      return;
    }
    const session = sessions.of(req);
    const key = `${method} ${url.pathname}`;
    switch (key) {
      case 'GET /assets/intranet.js':
        return send(res, 200, 'text/javascript; charset=utf-8', assets.script, { 'Cache-Control': 'no-cache' });
      case 'GET /assets/intranet.css':
        return send(res, 200, 'text/css; charset=utf-8', assets.stylesheet, { 'Cache-Control': 'no-cache' });
      case 'GET /assets/favicon.svg':
      case 'GET /favicon.ico':
        return send(res, 200, 'image/svg+xml', assets.favicon, { 'Cache-Control': 'public, max-age=86400' });
      case 'GET /':
        return redirect(res, session ? '/dashboard' : '/login');
      case 'GET /login':
        return session ? redirect(res, '/dashboard') : send(res, 200, 'text/html; charset=utf-8', loginPage(options.apiBase, options.accounts), htmlHeaders);
      case 'POST /login':
        return signIn(req, res);
      case 'POST /logout':
        if (session) {
          sessions.delete(session.id);
          await revokeAdminTokens(session);
          await api.logout(session.refreshToken).catch(() => undefined);
        }
        return redirect(res, '/login', { 'Set-Cookie': clearedSessionCookie() });
    }
    if (!session) {
      if (method === 'GET' && url.pathname === '/dashboard') return redirect(res, '/login');
      return problemJson(res, 401, { title: 'Not signed in' });
    }
    switch (key) {
      case 'GET /dashboard':
        return send(res, 200, 'text/html; charset=utf-8', dashboardPage(options.apiBase, session, await dashboardFor(api, session)), htmlHeaders);
      case 'GET /token':
        return url.searchParams.get('kind') === 'admin' ? mintAdminToken(session, res) : mintToken(session, res);
      case 'POST /vitals':
        return relayVitals(session, req, res);
      case 'POST /join':
        return join(session, req, res);
    }
    problemJson(res, 404, { title: 'Not found' });
  }

  const server = http.createServer((req, res) => {
    route(req, res).catch(() => {
      // Details stay out of the page and the log: they could carry tokens.
      if (!res.headersSent) problemJson(res, 500, { title: 'The intranet failed' });
      else res.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '127.0.0.1', resolve);
  });
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    server,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
