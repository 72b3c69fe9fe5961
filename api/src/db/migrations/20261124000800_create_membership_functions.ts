import type { Knex } from 'knex';

/**
 * What organization membership (invitations, join tokens, member removal) needs beyond the core
 * policies, each piece as narrow as it can be:
 *
 * 1. `organizations.join_token_created_at`, so admins can see when the current join token was made.
 *
 * 2. `mark_invitation_accepted(invitation, user)`. The invitee accepts from their own context
 *    (role `user`), which the invitations policy rightly hides: only org and tenant admins manage
 *    invitations. Widening that policy would let every invitee read their organization's invitations,
 *    so this function does the one write acceptance needs: it stamps accepted_at/accepted_by on one
 *    pending, unexpired invitation, and only for the caller (p_user_id must be app.user_id) when the
 *    caller's email is the invited one. It returns false when any of that does not hold (for example
 *    a concurrent acceptance won), and the service then rolls back.
 *
 * 3. `users_guard_membership()` gains one branch: an org admin may step down to org member in the
 *    same organization. The core trigger only lets a user change their own role upwards from `user`
 *    to a granted role, which made "an org admin demotes themself" impossible; stepping down only
 *    lowers privilege, and the service refuses it for the last org admin of an organization.
 *
 * 4. `revoke_user_sessions(user, reason)` (created in 20261124000500) also allows an org admin for a
 *    user of their own organization: removing a member must end that member's sessions, and org
 *    admins remove members. Same function and signature, one more branch; nothing else changes.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw('ALTER TABLE organizations ADD COLUMN join_token_created_at timestamptz');

  await knex.raw(`
    CREATE OR REPLACE FUNCTION mark_invitation_accepted(p_invitation_id uuid, p_user_id uuid)
      RETURNS boolean LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public AS $$
    DECLARE
      v_updated integer;
    BEGIN
      IF p_user_id IS DISTINCT FROM app_user_id() THEN
        RETURN false;
      END IF;
      UPDATE invitations i
         SET accepted_at = now(), accepted_by = p_user_id
        FROM users u
       WHERE i.id = p_invitation_id
         AND u.id = p_user_id
         AND i.email = u.email
         AND i.accepted_at IS NULL
         AND i.revoked_at IS NULL
         AND i.expires_at > now();
      GET DIAGNOSTICS v_updated = ROW_COUNT;
      RETURN v_updated = 1;
    END $$;
  `);

  await knex.raw(guardFunction({ allowStepDown: true }));
  await knex.raw(revokeFunction({ allowOrgAdmin: true }));
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(revokeFunction({ allowOrgAdmin: false }));
  await knex.raw(guardFunction({ allowStepDown: false }));
  await knex.raw('DROP FUNCTION IF EXISTS mark_invitation_accepted(uuid, uuid)');
  await knex.raw('ALTER TABLE organizations DROP COLUMN IF EXISTS join_token_created_at');
}

/** The membership guard of the core migration, optionally with the step-down branch. */
function guardFunction(options: { allowStepDown: boolean }): string {
  const stepDown = options.allowStepDown
    ? `
        IF NEW.id = app_user_id() AND OLD.role = 'org_admin' AND NEW.role = 'org_member'
           AND NEW.tenant_id IS NOT DISTINCT FROM OLD.tenant_id
           AND NEW.organization_id IS NOT DISTINCT FROM OLD.organization_id THEN
          RETURN NEW;
        END IF;`
    : '';
  return `
    CREATE OR REPLACE FUNCTION users_guard_membership() RETURNS trigger LANGUAGE plpgsql AS $$
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
        END IF;${stepDown}
        RAISE EXCEPTION 'changing role or membership of user % is not allowed here', NEW.id USING ERRCODE = '42501';
      END IF;
      RETURN NEW;
    END $$;`;
}

/** revoke_user_sessions of 20261124000500, optionally also allowing an org admin within their organization. */
function revokeFunction(options: { allowOrgAdmin: boolean }): string {
  const orgAdmin = options.allowOrgAdmin
    ? `
           OR (app_role() = 'org_admin' AND v_org_id IS NOT NULL AND v_org_id = app_org_id() AND v_tenant_id = app_tenant_id())`
    : '';
  return `
    CREATE OR REPLACE FUNCTION revoke_user_sessions(p_user_id uuid, p_reason text)
      RETURNS integer LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public AS $$
    DECLARE
      v_tenant_id uuid;
      v_org_id uuid;
      v_revoked integer;
    BEGIN
      SELECT u.tenant_id, u.organization_id INTO v_tenant_id, v_org_id FROM users u WHERE u.id = p_user_id;
      IF NOT FOUND OR NOT (
           app_is_super()
           OR (app_role() = 'tenant_admin' AND v_tenant_id IS NOT NULL AND v_tenant_id = app_tenant_id())${orgAdmin}
           OR p_user_id = app_user_id()) THEN
        RAISE EXCEPTION 'revoking the sessions of user % is not allowed here', p_user_id USING ERRCODE = '42501';
      END IF;
      UPDATE refresh_token_families
         SET revoked_at = now(), revoked_reason = p_reason
       WHERE user_id = p_user_id AND revoked_at IS NULL;
      GET DIAGNOSTICS v_revoked = ROW_COUNT;
      RETURN v_revoked;
    END $$;`;
}
