import type { Knex } from 'knex';

/**
 * Platform core: tenants, organizations, users, invitations, refresh-token families, API keys,
 * email outbox and audit log, with row-level security.
 *
 * Isolation model: every request runs in a transaction that sets `app.role`, `app.user_id`,
 * `app.tenant_id` and `app.org_id` with SET LOCAL (see db/with-tenant.ts). The policies below key
 * on those settings only, and the application connects as a role without BYPASSRLS, so a route
 * that forgets a WHERE clause still cannot see another tenant's rows. FORCE makes the policies
 * bind the table owner too. Lookups that must happen before we know who the caller is (login by
 * email, refresh by token, invitation and join tokens, API keys) go through narrow SECURITY
 * DEFINER functions that return one row for one secret, never a table scan.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw('CREATE EXTENSION IF NOT EXISTS citext');

  await knex.raw(`
    CREATE FUNCTION app_role() RETURNS text LANGUAGE sql STABLE AS
      $$ SELECT coalesce(nullif(current_setting('app.role', true), ''), 'anonymous') $$;
    CREATE FUNCTION app_user_id() RETURNS uuid LANGUAGE sql STABLE AS
      $$ SELECT nullif(current_setting('app.user_id', true), '')::uuid $$;
    CREATE FUNCTION app_tenant_id() RETURNS uuid LANGUAGE sql STABLE AS
      $$ SELECT nullif(current_setting('app.tenant_id', true), '')::uuid $$;
    CREATE FUNCTION app_org_id() RETURNS uuid LANGUAGE sql STABLE AS
      $$ SELECT nullif(current_setting('app.org_id', true), '')::uuid $$;
    CREATE FUNCTION app_is_super() RETURNS boolean LANGUAGE sql STABLE AS
      $$ SELECT app_role() = 'super_admin' $$;
  `);

  await knex.schema.createTable('tenants', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.text('name').notNullable();
    t.text('slug').notNullable().unique();
    t.text('status').notNullable().defaultTo('active');
    t.specificType('embed_origins', 'text[]').notNullable().defaultTo('{}');
    t.timestamps(true, true);
    t.check(`status IN ('active','suspended')`, [], 'tenants_status_check');
  });

  await knex.schema.createTable('organizations', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('tenant_id').notNullable().references('tenants.id').onDelete('CASCADE');
    t.text('name').notNullable();
    t.integer('member_cap').nullable();
    t.boolean('allow_global_data').notNullable().defaultTo(true);
    t.text('join_token_hash').nullable().unique();
    t.timestamp('join_token_expires_at', { useTz: true }).nullable();
    t.boolean('join_token_enabled').notNullable().defaultTo(false);
    t.specificType('email_allow_list', 'text[]').notNullable().defaultTo('{}');
    t.timestamps(true, true);
    t.unique(['tenant_id', 'name']);
    t.index(['tenant_id']);
    t.check('member_cap IS NULL OR member_cap > 0', [], 'organizations_member_cap_check');
  });

  await knex.schema.createTable('users', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.specificType('email', 'citext').notNullable().unique();
    t.text('display_name').notNullable();
    t.text('password_hash').notNullable();
    t.text('role').notNullable();
    t.uuid('tenant_id').nullable().references('tenants.id').onDelete('CASCADE');
    t.uuid('organization_id').nullable().references('organizations.id').onDelete('SET NULL');
    t.boolean('is_active').notNullable().defaultTo(true);
    t.timestamp('password_changed_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('last_login_at', { useTz: true }).nullable();
    t.timestamps(true, true);
    t.index(['tenant_id']);
    t.index(['organization_id']);
    // The role decides where a user may sit in the hierarchy; the database refuses anything else.
    t.check(
      `(role = 'super_admin' AND tenant_id IS NULL AND organization_id IS NULL)
       OR (role = 'tenant_admin' AND tenant_id IS NOT NULL AND organization_id IS NULL)
       OR (role IN ('org_admin','org_member') AND tenant_id IS NOT NULL AND organization_id IS NOT NULL)
       OR (role = 'user' AND tenant_id IS NULL AND organization_id IS NULL)`,
      [],
      'users_role_scope_check',
    );
  });

  await knex.schema.createTable('invitations', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('tenant_id').notNullable().references('tenants.id').onDelete('CASCADE');
    t.uuid('organization_id').notNullable().references('organizations.id').onDelete('CASCADE');
    t.specificType('email', 'citext').notNullable();
    t.text('role').notNullable();
    t.text('token_hash').notNullable().unique();
    t.timestamp('expires_at', { useTz: true }).notNullable();
    t.uuid('invited_by').nullable().references('users.id').onDelete('SET NULL');
    t.timestamp('accepted_at', { useTz: true }).nullable();
    t.uuid('accepted_by').nullable().references('users.id').onDelete('SET NULL');
    t.timestamp('revoked_at', { useTz: true }).nullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['tenant_id', 'organization_id']);
    t.check(`role IN ('org_admin','org_member')`, [], 'invitations_role_check');
  });

  await knex.schema.createTable('email_outbox', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('tenant_id').nullable().references('tenants.id').onDelete('CASCADE');
    t.specificType('to_email', 'citext').notNullable();
    t.text('kind').notNullable();
    t.text('subject').notNullable();
    t.text('body_text').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('sent_at', { useTz: true }).nullable();
    t.index(['tenant_id']);
  });

  await knex.schema.createTable('refresh_token_families', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('user_id').notNullable().references('users.id').onDelete('CASCADE');
    t.uuid('tenant_id').nullable().references('tenants.id').onDelete('CASCADE');
    // Only the newest token of a family is valid; presenting an older one means it was stolen.
    t.text('current_token_hash').notNullable().unique();
    t.integer('generation').notNullable().defaultTo(1);
    t.timestamp('expires_at', { useTz: true }).notNullable();
    t.timestamp('revoked_at', { useTz: true }).nullable();
    t.text('revoked_reason').nullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('last_used_at', { useTz: true }).nullable();
    t.index(['user_id']);
  });

  await knex.schema.createTable('refresh_tokens_used', (t) => {
    // Hashes of rotated-away tokens, kept so that their reuse is recognised and revokes the family.
    t.text('token_hash').primary();
    t.uuid('family_id').notNullable().references('refresh_token_families.id').onDelete('CASCADE');
    t.uuid('user_id').notNullable().references('users.id').onDelete('CASCADE');
    t.timestamp('used_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });

  await knex.schema.createTable('api_keys', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('tenant_id').notNullable().references('tenants.id').onDelete('CASCADE');
    t.uuid('organization_id').nullable().references('organizations.id').onDelete('CASCADE');
    t.text('name').notNullable();
    t.text('prefix').notNullable();
    t.text('key_hash').notNullable().unique();
    t.specificType('scopes', 'text[]').notNullable().defaultTo('{}');
    t.uuid('created_by').nullable().references('users.id').onDelete('SET NULL');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('last_used_at', { useTz: true }).nullable();
    t.timestamp('revoked_at', { useTz: true }).nullable();
    t.index(['tenant_id']);
  });

  await knex.schema.createTable('audit_events', (t) => {
    t.bigIncrements('id').primary();
    t.uuid('tenant_id').nullable().references('tenants.id').onDelete('SET NULL');
    t.uuid('organization_id').nullable().references('organizations.id').onDelete('SET NULL');
    t.uuid('actor_user_id').nullable().references('users.id').onDelete('SET NULL');
    t.text('actor_role').notNullable();
    t.text('action').notNullable();
    t.text('target_type').notNullable();
    t.text('target_id').nullable();
    t.text('ip').nullable();
    t.jsonb('details').notNullable().defaultTo('{}');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['tenant_id', 'created_at']);
    t.index(['organization_id', 'created_at']);
    t.index(['actor_user_id', 'created_at']);
  });

  await knex.raw(`
    ALTER TABLE tenants ENABLE ROW LEVEL SECURITY; ALTER TABLE tenants FORCE ROW LEVEL SECURITY;
    CREATE POLICY tenants_read ON tenants FOR SELECT USING (app_is_super() OR id = app_tenant_id());
    CREATE POLICY tenants_write ON tenants FOR ALL USING (app_is_super()) WITH CHECK (app_is_super());

    ALTER TABLE organizations ENABLE ROW LEVEL SECURITY; ALTER TABLE organizations FORCE ROW LEVEL SECURITY;
    CREATE POLICY organizations_read ON organizations FOR SELECT USING (
      app_is_super()
      OR (tenant_id = app_tenant_id() AND (app_role() = 'tenant_admin' OR id = app_org_id())));
    CREATE POLICY organizations_write ON organizations FOR ALL USING (
      app_is_super()
      OR (tenant_id = app_tenant_id() AND (app_role() = 'tenant_admin' OR (app_role() = 'org_admin' AND id = app_org_id()))))
      WITH CHECK (
      app_is_super()
      OR (tenant_id = app_tenant_id() AND (app_role() = 'tenant_admin' OR (app_role() = 'org_admin' AND id = app_org_id()))));

    ALTER TABLE users ENABLE ROW LEVEL SECURITY; ALTER TABLE users FORCE ROW LEVEL SECURITY;
    CREATE POLICY users_read ON users FOR SELECT USING (
      app_is_super()
      OR id = app_user_id()
      OR (tenant_id = app_tenant_id() AND (app_role() = 'tenant_admin' OR organization_id = app_org_id())));
    CREATE POLICY users_manage ON users FOR ALL USING (
      app_is_super()
      OR (tenant_id = app_tenant_id() AND (app_role() = 'tenant_admin' OR (app_role() = 'org_admin' AND organization_id = app_org_id()))))
      WITH CHECK (
      app_is_super()
      OR (tenant_id = app_tenant_id() AND (app_role() = 'tenant_admin' OR (app_role() = 'org_admin' AND organization_id = app_org_id())))
      -- an org admin who removes a member hands the row back to "no organization"
      OR (app_role() IN ('tenant_admin','org_admin') AND tenant_id IS NULL AND organization_id IS NULL AND role = 'user'));
    -- A user may update their own row (password, name) but not move it to another tenant or organization.
    CREATE POLICY users_self_update ON users FOR UPDATE USING (id = app_user_id())
      WITH CHECK (id = app_user_id() AND tenant_id IS NOT DISTINCT FROM app_tenant_id() AND organization_id IS NOT DISTINCT FROM app_org_id());
    -- Self-registration: anonymous callers may only create individual users.
    CREATE POLICY users_register ON users FOR INSERT WITH CHECK (
      app_role() = 'anonymous' AND role = 'user' AND tenant_id IS NULL AND organization_id IS NULL);

    ALTER TABLE invitations ENABLE ROW LEVEL SECURITY; ALTER TABLE invitations FORCE ROW LEVEL SECURITY;
    CREATE POLICY invitations_manage ON invitations FOR ALL USING (
      app_is_super()
      OR (tenant_id = app_tenant_id() AND (app_role() = 'tenant_admin' OR (app_role() = 'org_admin' AND organization_id = app_org_id()))))
      WITH CHECK (
      app_is_super()
      OR (tenant_id = app_tenant_id() AND (app_role() = 'tenant_admin' OR (app_role() = 'org_admin' AND organization_id = app_org_id()))));

    ALTER TABLE email_outbox ENABLE ROW LEVEL SECURITY; ALTER TABLE email_outbox FORCE ROW LEVEL SECURITY;
    CREATE POLICY email_outbox_read ON email_outbox FOR SELECT USING (app_is_super());
    CREATE POLICY email_outbox_write ON email_outbox FOR INSERT WITH CHECK (
      app_is_super() OR (tenant_id IS NOT NULL AND tenant_id = app_tenant_id()));

    ALTER TABLE refresh_token_families ENABLE ROW LEVEL SECURITY; ALTER TABLE refresh_token_families FORCE ROW LEVEL SECURITY;
    CREATE POLICY refresh_families_own ON refresh_token_families FOR ALL
      USING (user_id = app_user_id()) WITH CHECK (user_id = app_user_id());
    ALTER TABLE refresh_tokens_used ENABLE ROW LEVEL SECURITY; ALTER TABLE refresh_tokens_used FORCE ROW LEVEL SECURITY;
    CREATE POLICY refresh_used_own ON refresh_tokens_used FOR ALL
      USING (user_id = app_user_id()) WITH CHECK (user_id = app_user_id());

    ALTER TABLE api_keys ENABLE ROW LEVEL SECURITY; ALTER TABLE api_keys FORCE ROW LEVEL SECURITY;
    CREATE POLICY api_keys_manage ON api_keys FOR ALL USING (
      app_is_super()
      OR (tenant_id = app_tenant_id() AND (app_role() = 'tenant_admin' OR (app_role() = 'org_admin' AND organization_id = app_org_id()))))
      WITH CHECK (
      app_is_super()
      OR (tenant_id = app_tenant_id() AND (app_role() = 'tenant_admin' OR (app_role() = 'org_admin' AND organization_id = app_org_id()))));

    ALTER TABLE audit_events ENABLE ROW LEVEL SECURITY; ALTER TABLE audit_events FORCE ROW LEVEL SECURITY;
    CREATE POLICY audit_read ON audit_events FOR SELECT USING (
      app_is_super()
      OR (tenant_id = app_tenant_id() AND app_role() = 'tenant_admin')
      OR (organization_id = app_org_id() AND app_role() = 'org_admin')
      OR actor_user_id = app_user_id());
    CREATE POLICY audit_append ON audit_events FOR INSERT WITH CHECK (
      app_is_super()
      OR tenant_id IS NOT DISTINCT FROM app_tenant_id()
      OR (actor_user_id IS NOT NULL AND actor_user_id = app_user_id()));
  `);

  // Policies decide which rows a caller may touch; this trigger decides who may change a user's
  // role or membership. Admins may change other users (the policies above bound which); a user may
  // change their own membership only to the grant the service set after checking an invitation or
  // join token (app.membership_grant), so no self-promotion is possible even through a buggy route.
  await knex.raw(`
    CREATE FUNCTION users_guard_membership() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF NEW.role IS DISTINCT FROM OLD.role
         OR NEW.tenant_id IS DISTINCT FROM OLD.tenant_id
         OR NEW.organization_id IS DISTINCT FROM OLD.organization_id THEN
        IF app_role() IN ('super_admin', 'tenant_admin', 'org_admin') AND NEW.id IS DISTINCT FROM app_user_id() THEN
          RETURN NEW;
        END IF;
        IF NEW.id = app_user_id() AND OLD.role = 'user'
           AND NEW.role = nullif(current_setting('app.membership_grant', true), '') THEN
          RETURN NEW;
        END IF;
        RAISE EXCEPTION 'changing role or membership of user % is not allowed here', NEW.id USING ERRCODE = '42501';
      END IF;
      RETURN NEW;
    END $$;
    CREATE TRIGGER users_guard_membership BEFORE UPDATE ON users
      FOR EACH ROW EXECUTE FUNCTION users_guard_membership();
  `);

  // Pre-authentication lookups. Each takes a secret (or an email, for login) and returns at most one
  // row with only the columns the caller needs. Owned by the migration role, which bypasses RLS.
  await knex.raw(`
    CREATE FUNCTION auth_user_by_email(p_email citext)
      RETURNS TABLE (id uuid, password_hash text, role text, tenant_id uuid, organization_id uuid, is_active boolean)
      LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS
      $$ SELECT u.id, u.password_hash, u.role, u.tenant_id, u.organization_id, u.is_active FROM users u WHERE u.email = p_email $$;

    CREATE FUNCTION auth_principal(p_user_id uuid)
      RETURNS TABLE (id uuid, role text, tenant_id uuid, organization_id uuid, is_active boolean, password_changed_at timestamptz, tenant_status text)
      LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS
      $$ SELECT u.id, u.role, u.tenant_id, u.organization_id, u.is_active, u.password_changed_at, t.status
           FROM users u LEFT JOIN tenants t ON t.id = u.tenant_id WHERE u.id = p_user_id $$;

    CREATE FUNCTION auth_refresh_family(p_token_hash text)
      RETURNS TABLE (family_id uuid, user_id uuid, is_current boolean)
      LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS
      $$ SELECT f.id, f.user_id, true FROM refresh_token_families f WHERE f.current_token_hash = p_token_hash
         UNION ALL
         SELECT u.family_id, u.user_id, false FROM refresh_tokens_used u WHERE u.token_hash = p_token_hash
         LIMIT 1 $$;

    CREATE FUNCTION auth_invitation(p_token_hash text)
      RETURNS TABLE (id uuid, tenant_id uuid, organization_id uuid, email citext, role text, expires_at timestamptz, accepted_at timestamptz, revoked_at timestamptz)
      LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS
      $$ SELECT i.id, i.tenant_id, i.organization_id, i.email, i.role, i.expires_at, i.accepted_at, i.revoked_at
           FROM invitations i WHERE i.token_hash = p_token_hash $$;

    CREATE FUNCTION auth_join_token(p_token_hash text)
      RETURNS TABLE (organization_id uuid, tenant_id uuid, expires_at timestamptz, enabled boolean)
      LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS
      $$ SELECT o.id, o.tenant_id, o.join_token_expires_at, o.join_token_enabled
           FROM organizations o WHERE o.join_token_hash = p_token_hash $$;

    CREATE FUNCTION auth_api_key(p_key_hash text)
      RETURNS TABLE (id uuid, tenant_id uuid, organization_id uuid, scopes text[], revoked_at timestamptz)
      LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS
      $$ SELECT k.id, k.tenant_id, k.organization_id, k.scopes, k.revoked_at FROM api_keys k WHERE k.key_hash = p_key_hash $$;

    -- Membership counts must see every member even when the caller's policies would hide some
    -- (an individual joining with a join token sees nobody in the organization yet).
    CREATE FUNCTION org_member_count(p_org_id uuid) RETURNS integer
      LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS
      $$ SELECT count(*)::int FROM users WHERE organization_id = p_org_id $$;
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP TRIGGER IF EXISTS users_guard_membership ON users; DROP FUNCTION IF EXISTS users_guard_membership()');
  await knex.raw(`
    DROP FUNCTION IF EXISTS org_member_count(uuid), auth_api_key(text), auth_join_token(text), auth_invitation(text),
      auth_refresh_family(text), auth_principal(uuid), auth_user_by_email(citext);
  `);
  for (const table of ['audit_events', 'api_keys', 'refresh_tokens_used', 'refresh_token_families', 'email_outbox', 'invitations', 'users', 'organizations', 'tenants']) {
    await knex.schema.dropTableIfExists(table);
  }
  await knex.raw('DROP FUNCTION IF EXISTS app_is_super(), app_org_id(), app_tenant_id(), app_user_id(), app_role()');
}
