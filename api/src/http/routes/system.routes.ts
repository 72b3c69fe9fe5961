import { Router } from 'express';
import swaggerUi from 'swagger-ui-express';
import type { Container } from '../../container.ts';
import { migrationFileCount } from '../../db/setup.ts';
import { ServiceUnavailable } from '../../lib/problem.ts';

/** Health, readiness, keys and the spec: everything that is not a business resource. */
export function systemRoutes(c: Container, spec: Record<string, unknown>): Router {
  const router = Router();
  const expectedMigrations = migrationFileCount();

  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });

  router.get('/readyz', async (_req, res) => {
    const checks = { database: 'ok', redis: 'ok', migrations: 'ok' };
    try {
      const { rows } = await c.db.raw('SELECT count(*)::int AS n FROM knex_migrations');
      if (rows[0].n < expectedMigrations) checks.migrations = `${rows[0].n} of ${expectedMigrations} applied`;
    } catch {
      checks.database = 'unreachable';
      checks.migrations = 'unknown';
    }
    try {
      await c.redis.ping();
    } catch {
      checks.redis = 'unreachable';
    }
    const failing = Object.entries(checks).filter(([, v]) => v !== 'ok');
    if (failing.length) throw new ServiceUnavailable(`Not ready: ${failing.map(([k, v]) => `${k} ${v}`).join(', ')}.`, { checks });
    res.json({ status: 'ready', checks });
  });

  router.get('/.well-known/jwks.json', (_req, res) => {
    res.setHeader('Cache-Control', 'public, max-age=300');
    res.json(c.keys.jwks());
  });

  router.get('/openapi.json', (_req, res) => {
    res.json(spec);
  });
  router.use('/docs', swaggerUi.serve, swaggerUi.setup(spec, { customSiteTitle: 'DefaultRate API' }));

  return router;
}
