import type { Knex } from 'knex';

/**
 * Disabling a user must end their sessions, but the refresh-token policies only let a user touch
 * their own families (so that no route can read or forge another user's tokens). Rather than widen
 * that policy for admins, this one SECURITY DEFINER function revokes, and only revokes, one user's
 * families. It re-checks the caller from the same per-transaction settings the policies use
 * (super admin anywhere, tenant admin inside its tenant, or the user themself), so even a route
 * that forgot its permission check cannot end sessions outside the caller's scope.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE OR REPLACE FUNCTION revoke_user_sessions(p_user_id uuid, p_reason text)
      RETURNS integer LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public AS $$
    DECLARE
      v_tenant_id uuid;
      v_revoked integer;
    BEGIN
      SELECT u.tenant_id INTO v_tenant_id FROM users u WHERE u.id = p_user_id;
      IF NOT FOUND OR NOT (
           app_is_super()
           OR (app_role() = 'tenant_admin' AND v_tenant_id IS NOT NULL AND v_tenant_id = app_tenant_id())
           OR p_user_id = app_user_id()) THEN
        RAISE EXCEPTION 'revoking the sessions of user % is not allowed here', p_user_id USING ERRCODE = '42501';
      END IF;
      UPDATE refresh_token_families
         SET revoked_at = now(), revoked_reason = p_reason
       WHERE user_id = p_user_id AND revoked_at IS NULL;
      GET DIAGNOSTICS v_revoked = ROW_COUNT;
      RETURN v_revoked;
    END $$;
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP FUNCTION IF EXISTS revoke_user_sessions(uuid, text)');
}
