import type { OrganizationRow } from './organizations.repository.ts';

/** The public shape of an organization (schema Organization): never the join token or its hash. */
export function toOrganizationView(org: OrganizationRow) {
  return {
    id: org.id,
    tenantId: org.tenantId,
    name: org.name,
    memberCap: org.memberCap,
    memberCount: org.memberCount,
    allowGlobalData: org.allowGlobalData,
    alertPdChangeThreshold: org.alertPdChangeThreshold,
    emailAllowList: org.emailAllowList ?? [],
    createdAt: new Date(org.createdAt).toISOString(),
    updatedAt: new Date(org.updatedAt).toISOString(),
  };
}
export type OrganizationView = ReturnType<typeof toOrganizationView>;
