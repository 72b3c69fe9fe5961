import type { Knex } from 'knex';

/**
 * Admin embed tokens and tenant-managed embed origins (issue 5, admin panels).
 *
 *  - `admin_embed_tokens`: a data embed token acts as an anonymous org member of one organization;
 *    an admin panel has to act as a real admin. So an admin token is delegated by a logged-in
 *    admin to their own browser session on a host page: it names the user, and every request made
 *    with it runs as that user (role and membership re-read each time, as for access tokens),
 *    narrowed to the operations of the panels it was minted for. Rows are recorded by `jti` for
 *    revocation; the admin who minted them, their tenant's admins and super admins can see them.
 *  - `auth_admin_embed_token(jti)`: what the authenticator re-checks before it knows the caller's
 *    RLS identity (revoked? the user's tenant status and current origins).
 *  - Tenant admins may now replace their own tenant's embed origins. The tenants table stays
 *    writable by super admins only, except for a policy letting a tenant admin UPDATE their own
 *    tenant's row and a trigger that refuses a tenant admin any change but `embed_origins`, so the
 *    rule holds even if a route forgets it.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('admin_embed_tokens', (t) => {
    t.uuid('jti').primary();
    t.uuid('user_id').notNullable().references('users.id').onDelete('CASCADE');
    // The user's tenant when minted; NULL for a super admin (platform origins apply).
    t.uuid('tenant_id').nullable().references('tenants.id').onDelete('CASCADE');
    t.specificType('widgets', 'text[]').notNullable();
    t.specificType('origins', 'text[]').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('expires_at', { useTz: true }).notNullable();
    t.timestamp('revoked_at', { useTz: true }).nullable();
    t.index(['tenant_id', 'expires_at']);
    t.index(['user_id']);
  });

  const visible = `app_is_super() OR user_id = app_user_id() OR (tenant_id = app_tenant_id() AND app_role() = 'tenant_admin')`;
  await knex.raw(`
    ALTER TABLE admin_embed_tokens ENABLE ROW LEVEL SECURITY; ALTER TABLE admin_embed_tokens FORCE ROW LEVEL SECURITY;
    CREATE POLICY admin_embed_tokens_manage ON admin_embed_tokens FOR ALL USING (${visible}) WITH CHECK (${visible});

    CREATE FUNCTION auth_admin_embed_token(p_jti uuid)
      RETURNS TABLE (user_id uuid, tenant_id uuid, revoked_at timestamptz, tenant_status text, tenant_origins text[])
      LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
      SELECT e.user_id, e.tenant_id, e.revoked_at, t.status, t.embed_origins
        FROM admin_embed_tokens e
        LEFT JOIN tenants t ON t.id = e.tenant_id
       WHERE e.jti = p_jti $$;

    CREATE OR REPLACE FUNCTION purge_expired_embed_tokens(p_older_than interval) RETURNS integer
      LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public AS $$
      WITH gone AS (DELETE FROM embed_tokens WHERE expires_at < now() - p_older_than RETURNING 1),
           gone_admin AS (DELETE FROM admin_embed_tokens WHERE expires_at < now() - p_older_than RETURNING 1)
      SELECT ((SELECT count(*) FROM gone) + (SELECT count(*) FROM gone_admin))::int $$;
  `);

  await knex.raw(`
    CREATE POLICY tenants_admin_origins ON tenants FOR UPDATE
      USING (app_role() = 'tenant_admin' AND id = app_tenant_id())
      WITH CHECK (app_role() = 'tenant_admin' AND id = app_tenant_id());

    CREATE FUNCTION tenants_guard_columns() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      -- Tenant admins are the only callers besides super admins that a policy lets update a tenant.
      IF app_role() IS DISTINCT FROM 'tenant_admin' THEN RETURN NEW; END IF;
      IF (to_jsonb(NEW) - 'embed_origins' - 'updated_at') IS DISTINCT FROM (to_jsonb(OLD) - 'embed_origins' - 'updated_at') THEN
        RAISE EXCEPTION 'only a super admin may change tenant % beyond its embed origins', OLD.id USING ERRCODE = '42501';
      END IF;
      RETURN NEW;
    END $$;
    CREATE TRIGGER tenants_guard_columns BEFORE UPDATE ON tenants
      FOR EACH ROW EXECUTE FUNCTION tenants_guard_columns();
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    DROP TRIGGER IF EXISTS tenants_guard_columns ON tenants;
    DROP FUNCTION IF EXISTS tenants_guard_columns();
    DROP POLICY IF EXISTS tenants_admin_origins ON tenants;
    DROP FUNCTION IF EXISTS auth_admin_embed_token(uuid);
    CREATE OR REPLACE FUNCTION purge_expired_embed_tokens(p_older_than interval) RETURNS integer
      LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public AS $$
      WITH gone AS (DELETE FROM embed_tokens WHERE expires_at < now() - p_older_than RETURNING 1)
      SELECT count(*)::int FROM gone $$;
  `);
  await knex.schema.dropTableIfExists('admin_embed_tokens');
}
