import type { Knex } from 'knex';

/**
 * Tightens who may append to the audit log. The core policy also admitted any row whose
 * actor_user_id was the caller, whatever its tenant: a user of tenant A could write events into
 * tenant B's log (which B's admins then read as their own history). Now a row must belong to the
 * caller's tenant, to the caller's organization unless the caller is the tenant admin, and name the
 * caller (or nobody, for anonymous events such as a failed login) as its actor. Super admins are
 * unchanged. Flows that act inside another scope (joining an organization) already run with that
 * scope's settings, so they still pass.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    DROP POLICY audit_append ON audit_events;
    CREATE POLICY audit_append ON audit_events FOR INSERT WITH CHECK (
      app_is_super()
      OR (tenant_id IS NOT DISTINCT FROM app_tenant_id()
          AND (organization_id IS NULL OR organization_id = app_org_id() OR app_role() = 'tenant_admin')
          AND (actor_user_id IS NULL OR actor_user_id = app_user_id())));
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    DROP POLICY audit_append ON audit_events;
    CREATE POLICY audit_append ON audit_events FOR INSERT WITH CHECK (
      app_is_super()
      OR tenant_id IS NOT DISTINCT FROM app_tenant_id()
      OR (actor_user_id IS NOT NULL AND actor_user_id = app_user_id()));
  `);
}
