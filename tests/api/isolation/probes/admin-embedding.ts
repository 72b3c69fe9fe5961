import type { ProbeSet } from '../probe-kit.ts';
import { denied } from '../probe-kit.ts';

/**
 * Admin embedding. An admin embed token names no tenant, organization or id: it is minted for the
 * caller's own identity, so the probe checks only that no answer carries foreign data (its use and
 * limits are tested in tests/api/embed/admin-embed-tokens.test.ts). A tenant's embed origins: another tenant's list is neither readable nor replaceable by anyone but
 * a super admin (whose mutation of tenant B is skipped by the matrix's treatment table, as for
 * every platform-managed write). The trigger keeping tenant admins to this one column is tested in
 * tests/api/embed/admin-embed-tokens.test.ts.
 */
export const probeSet: ProbeSet = {
  probes: {
    getTenantEmbedOrigins: [denied('foreignTenant')],
    createAdminEmbedToken: [{ label: 'own identity only', scope: 'none', expect: 'noLeak', body: () => ({ widgets: ['dr-org-admin-panel'] }) }],
    replaceTenantEmbedOrigins: [denied('foreignTenant', { body: () => ({ origins: ['https://probe.example'] }) })],
  },
};
