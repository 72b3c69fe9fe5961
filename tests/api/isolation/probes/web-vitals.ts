import type { ProbeSet } from '../probe-kit.ts';

/**
 * Web-vitals reports name no tenant, organization or id: the API files them under the caller's own
 * tenant and organization, and row-level security refuses any other (see
 * tests/api/web-vitals/report-web-vitals.test.ts). The probe checks that no role's report answer
 * carries foreign data and that anonymous callers are refused. Super admins and individuals are
 * exempt only because their reports belong to no tenant, so the fixtures' clean-up would not remove them.
 */
export const probeSet: ProbeSet = {
  probes: {
    reportWebVitals: [
      {
        label: 'own scope only',
        scope: 'none',
        expect: 'noLeak',
        exempt: ['super_admin', 'user'],
        body: () => ({ page: '/isolation-probe', metrics: [{ name: 'LCP', value: 1, rating: 'good' }] }),
      },
    ],
  },
};
