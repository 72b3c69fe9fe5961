import type { Knex } from 'knex';

/**
 * Embed tokens (issue 5): short-lived JWTs a host page gives our widgets, minted by the host's
 * backend with an API key (or by a logged-in user).
 *
 *  - `embed_tokens` records every issued token by its `jti`, so one can be revoked, all of a tenant
 *    or organization revoked at once ("revoke all issued before now"), and a foreign jti answers 404.
 *  - Row scoping of a request made with an embed token is enforced by the database, not by each
 *    service: `with-tenant.ts` sets `app.embed` ('portfolio' or 'companies') and
 *    `app.embed_company_ids`, and a RESTRICTIVE policy on every portfolio table (ANDed with the
 *    permissive scope policies) then admits only organization-scope rows, and with a company list
 *    only rows of those companies. Score jobs span many companies, so a company-limited token sees
 *    none. Any value other than the two modes admits nothing, so a malformed setting fails closed.
 *  - Narrow SECURITY DEFINER functions answer what the authenticator needs before it knows the
 *    caller's RLS context: an API key by its hash (touching its last-used time), the state of an
 *    embed token's jti, and whether an origin is in some active tenant's allow-list (CORS preflight).
 */

const COMPANY_TABLES = ['statements', 'predictions', 'alerts'] as const;
const JOB_TABLES = ['score_jobs', 'score_job_errors'] as const;

const EMBED_OFF = `(SELECT app_embed_mode()) IS NULL`;
const ORG_ONLY = `scope = 'organization'`;

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('embed_tokens', (t) => {
    t.uuid('jti').primary();
    t.uuid('tenant_id').notNullable().references('tenants.id').onDelete('CASCADE');
    t.uuid('organization_id').notNullable().references('organizations.id').onDelete('CASCADE');
    // The host's identifier of its end user (opaque to us).
    t.text('user_ref').notNullable();
    t.specificType('widgets', 'text[]').notNullable();
    // NULL: the organization's whole portfolio; else only these companies.
    t.specificType('company_ids', 'uuid[]').nullable();
    t.boolean('read_only').notNullable().defaultTo(true);
    t.specificType('origins', 'text[]').notNullable();
    t.uuid('api_key_id').nullable().references('api_keys.id').onDelete('SET NULL');
    t.uuid('created_by').nullable().references('users.id').onDelete('SET NULL');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('expires_at', { useTz: true }).notNullable();
    t.timestamp('revoked_at', { useTz: true }).nullable();
    t.index(['tenant_id', 'organization_id', 'expires_at']);
  });

  const adminSql = `app_is_super()
      OR (tenant_id = app_tenant_id() AND (app_role() = 'tenant_admin' OR (app_role() IN ('org_admin','org_member') AND organization_id = app_org_id())))`;
  await knex.raw(`
    ALTER TABLE embed_tokens ENABLE ROW LEVEL SECURITY; ALTER TABLE embed_tokens FORCE ROW LEVEL SECURITY;
    -- Org members may mint tokens for their own organization (the demo host); only admins revoke,
    -- which the service checks with the permission matrix.
    CREATE POLICY embed_tokens_manage ON embed_tokens FOR ALL USING (${adminSql}) WITH CHECK (${adminSql});
  `);

  await knex.raw(`
    CREATE FUNCTION app_embed_mode() RETURNS text LANGUAGE sql STABLE AS
      $$ SELECT nullif(current_setting('app.embed', true), '') $$;
    CREATE FUNCTION app_embed_company_ids() RETURNS uuid[] LANGUAGE sql STABLE AS
      $$ SELECT coalesce(nullif(current_setting('app.embed_company_ids', true), '')::uuid[], '{}'::uuid[]) $$;

    CREATE POLICY companies_embed ON companies AS RESTRICTIVE FOR ALL USING (
      ${EMBED_OFF} OR (${ORG_ONLY} AND ((SELECT app_embed_mode()) = 'portfolio'
        OR ((SELECT app_embed_mode()) = 'companies' AND id IN (SELECT unnest(app_embed_company_ids()))))));
    ${COMPANY_TABLES.map(
      (table) => `
    CREATE POLICY ${table}_embed ON ${table} AS RESTRICTIVE FOR ALL USING (
      ${EMBED_OFF} OR (${ORG_ONLY} AND ((SELECT app_embed_mode()) = 'portfolio'
        OR ((SELECT app_embed_mode()) = 'companies' AND company_id IN (SELECT unnest(app_embed_company_ids()))))));`,
    ).join('')}
    ${JOB_TABLES.map(
      (table) => `
    CREATE POLICY ${table}_embed ON ${table} AS RESTRICTIVE FOR ALL USING (
      ${EMBED_OFF} OR (${ORG_ONLY} AND (SELECT app_embed_mode()) = 'portfolio'));`,
    ).join('')}
  `);

  await knex.raw(`
    -- An API key by the hash of its secret, if not revoked, with its tenant's status. Marks it used
    -- (at most every 30 s, so a busy host backend does not rewrite the row on every call).
    CREATE FUNCTION auth_use_api_key(p_key_hash text)
      RETURNS TABLE (id uuid, tenant_id uuid, organization_id uuid, scopes text[], tenant_status text)
      LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public AS $$
      WITH k AS (
        SELECT k.id, k.tenant_id, k.organization_id, k.scopes, k.last_used_at
          FROM api_keys k WHERE k.key_hash = p_key_hash AND k.revoked_at IS NULL),
      touched AS (
        UPDATE api_keys a SET last_used_at = now() FROM k
         WHERE a.id = k.id AND (k.last_used_at IS NULL OR k.last_used_at < now() - interval '30 seconds')
        RETURNING a.id)
      SELECT k.id, k.tenant_id, k.organization_id, k.scopes, t.status
        FROM k JOIN tenants t ON t.id = k.tenant_id $$;

    -- What a request with an embed token must re-check on every call: whether its jti was revoked,
    -- whether its organization still belongs to its tenant, the tenant's status and current origins.
    CREATE FUNCTION auth_embed_token(p_jti uuid)
      RETURNS TABLE (tenant_id uuid, organization_id uuid, revoked_at timestamptz, tenant_status text, tenant_origins text[])
      LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
      SELECT e.tenant_id, e.organization_id, e.revoked_at, t.status, t.embed_origins
        FROM embed_tokens e
        JOIN tenants t ON t.id = e.tenant_id
        JOIN organizations o ON o.id = e.organization_id AND o.tenant_id = e.tenant_id
       WHERE e.jti = p_jti $$;

    -- CORS preflights carry no token, so the only question they can ask is whether any active
    -- tenant embeds from this origin; the request itself is then checked against its token.
    CREATE FUNCTION embed_origin_allowed(p_origin text) RETURNS boolean
      LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
      SELECT EXISTS (SELECT 1 FROM tenants WHERE status = 'active' AND p_origin = ANY (embed_origins)) $$;

    -- Housekeeping: expired tokens need no record once they can no longer be presented.
    CREATE FUNCTION purge_expired_embed_tokens(p_older_than interval) RETURNS integer
      LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public AS $$
      WITH gone AS (DELETE FROM embed_tokens WHERE expires_at < now() - p_older_than RETURNING 1)
      SELECT count(*)::int FROM gone $$;
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    DROP FUNCTION IF EXISTS purge_expired_embed_tokens(interval), embed_origin_allowed(text), auth_embed_token(uuid), auth_use_api_key(text);
    DROP POLICY IF EXISTS companies_embed ON companies;
    ${[...COMPANY_TABLES, ...JOB_TABLES].map((table) => `DROP POLICY IF EXISTS ${table}_embed ON ${table};`).join('\n')}
    DROP FUNCTION IF EXISTS app_embed_company_ids(), app_embed_mode();
  `);
  await knex.schema.dropTableIfExists('embed_tokens');
}
