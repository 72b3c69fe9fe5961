import type { Knex } from 'knex';
import { withTenant } from '../../db/with-tenant.ts';
import { Unauthenticated } from '../../lib/problem.ts';
import { permissionsOf } from '../access/permissions.ts';
import type { UserActor } from '../access/roles.ts';
import { OrganizationModel } from '../organizations/organization.model.ts';
import { TenantModel } from '../tenants/tenant.model.ts';
import { UserModel } from '../users/user.model.ts';
import { toUserView } from '../users/user.view.ts';

/** The caller, their place in the hierarchy and their permissions (GET /v1/me). */
export async function getMe(db: Knex, actor: UserActor) {
  return withTenant(db, actor, async (trx) => {
    const user = await UserModel.query(trx).findById(actor.userId);
    if (!user) throw new Unauthenticated();
    const tenant = user.tenantId ? await TenantModel.query(trx).findById(user.tenantId).select('id', 'name', 'slug') : null;
    const organization = user.organizationId ? await OrganizationModel.query(trx).findById(user.organizationId).select('id', 'name') : null;
    return {
      user: toUserView(user),
      role: user.role,
      tenant: tenant ? { id: tenant.id, name: tenant.name, slug: tenant.slug } : null,
      organization: organization ? { id: organization.id, name: organization.name } : null,
      permissions: permissionsOf(actor),
    };
  });
}
