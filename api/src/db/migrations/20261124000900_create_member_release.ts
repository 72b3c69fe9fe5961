import type { Knex } from 'knex';

/**
 * Removing a member hands their row back to "no tenant, no organization" (an individual user). The
 * core users_manage policy means to allow that for admins, but PostgreSQL also checks the new row of
 * an UPDATE that reads columns (any WHERE does) against the SELECT policies, and an individual is,
 * rightly, invisible to tenant and org admins: the plain UPDATE is always refused. Making individuals
 * visible to admins would leak every individual account to every admin, so this function does this
 * one write instead. It re-checks everything from the per-transaction settings: the user must be a
 * member of p_org_id, the caller a super admin, that organization's tenant admin or its org admin,
 * and not the user themself. It returns false when the user is not (or no longer) such a member.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE OR REPLACE FUNCTION release_org_member(p_user_id uuid, p_org_id uuid)
      RETURNS boolean LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public AS $$
    DECLARE
      v_tenant_id uuid;
      v_updated integer;
    BEGIN
      SELECT o.tenant_id INTO v_tenant_id FROM organizations o WHERE o.id = p_org_id;
      IF NOT FOUND OR p_user_id IS NOT DISTINCT FROM app_user_id() OR NOT (
           app_is_super()
           OR (app_role() = 'tenant_admin' AND v_tenant_id = app_tenant_id())
           OR (app_role() = 'org_admin' AND p_org_id = app_org_id() AND v_tenant_id = app_tenant_id())) THEN
        RAISE EXCEPTION 'removing user % from organization % is not allowed here', p_user_id, p_org_id USING ERRCODE = '42501';
      END IF;
      UPDATE users
         SET role = 'user', tenant_id = NULL, organization_id = NULL, updated_at = now()
       WHERE id = p_user_id AND organization_id = p_org_id AND role IN ('org_admin', 'org_member');
      GET DIAGNOSTICS v_updated = ROW_COUNT;
      RETURN v_updated = 1;
    END $$;
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP FUNCTION IF EXISTS release_org_member(uuid, uuid)');
}
