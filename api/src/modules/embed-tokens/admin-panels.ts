import type { Role } from '../access/roles.ts';

/**
 * THE allow-list of admin embed tokens: for each admin panel, who may embed it and which operations
 * (by operationId of the spec) a token minted for it may call. Each request still runs as the admin
 * who minted the token, so the permission matrix and row-level security decide what the operation
 * may touch; this list only keeps a token that leaks from a host page from reaching anything the
 * panels do not need (no tenant deletion, no data exports, no password change, no new tokens).
 */
export const ADMIN_PANELS = {
  'dr-super-admin-panel': {
    roles: ['super_admin'],
    operations: ['getMe', 'getPlatformStats', 'listTenants', 'createTenant', 'getTenant', 'updateTenant', 'getTenantStats', 'getTenantEmbedOrigins', 'replaceTenantEmbedOrigins'],
  },
  'dr-tenant-admin-panel': {
    roles: ['super_admin', 'tenant_admin'],
    operations: [
      'getMe',
      'getTenant',
      'getTenantStats',
      'getTenantEmbedOrigins',
      'replaceTenantEmbedOrigins',
      'listOrganizations',
      'createOrganization',
      'getOrganization',
      'updateOrganization',
      'deleteOrganization',
      'listUsers',
      'getUser',
      'updateUser',
      'listOrganizationMembers',
      'assignOrganizationMember',
      'changeOrganizationMemberRole',
      'removeOrganizationMember',
    ],
  },
  'dr-org-admin-panel': {
    roles: ['super_admin', 'tenant_admin', 'org_admin'],
    operations: [
      'getMe',
      'getOrganization',
      'getTenantEmbedOrigins',
      'listOrganizationMembers',
      'changeOrganizationMemberRole',
      'removeOrganizationMember',
      'listInvitations',
      'createInvitation',
      'revokeInvitation',
      'getJoinTokenStatus',
      'createJoinToken',
      'disableJoinToken',
      'listWebhooks',
      'createWebhook',
      'getWebhook',
      'updateWebhook',
      'deleteWebhook',
      'listWebhookDeliveries',
      'rotateWebhookSecret',
      'listApiKeys',
      'createApiKey',
      'revokeApiKey',
    ],
  },
} as const satisfies Record<string, { roles: readonly Role[]; operations: readonly string[] }>;

export type AdminPanel = keyof typeof ADMIN_PANELS;

export const isAdminPanel = (widget: string): widget is AdminPanel => Object.hasOwn(ADMIN_PANELS, widget);

/** Whether `role` may embed `panel` (checked when minting and again on every request: roles change). */
export const mayEmbedPanel = (role: Role | 'anonymous', panel: AdminPanel): boolean => (ADMIN_PANELS[panel].roles as readonly string[]).includes(role);

/** The operations a token for `panels` may call while its admin has `role`. */
export function adminOperationsFor(role: Role | 'anonymous', panels: readonly AdminPanel[]): Set<string> {
  return new Set(panels.filter((panel) => mayEmbedPanel(role, panel)).flatMap((panel) => ADMIN_PANELS[panel].operations));
}
