import type { TenantModel } from './tenant.model.ts';

/** The public shape of a tenant (schema Tenant). */
export function toTenantView(tenant: TenantModel) {
  return {
    id: tenant.id,
    name: tenant.name,
    slug: tenant.slug,
    status: tenant.status,
    embedOrigins: tenant.embedOrigins ?? [],
    createdAt: new Date(tenant.createdAt).toISOString(),
    updatedAt: new Date(tenant.updatedAt).toISOString(),
  };
}
export type TenantView = ReturnType<typeof toTenantView>;
