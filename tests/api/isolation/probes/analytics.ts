import type { TenantFixture } from '../../../factories/tenant-fixture.ts';
import { insertScoredCompany } from '../../../factories/scored-company.ts';
import { collection, type ProbeSet, type ProbeTemplate, type ScopeData, type SeedContext } from '../probe-kit.ts';

/**
 * Analytics and export probes. These are collections over what the caller can see, so each probe
 * filters by tenant B's (or tenant A's other organization's) organization or sector and checks that
 * none of their companies comes back. Each seeded company has a unique sector and a PD high enough
 * to top any highest-risk list it may enter.
 */

async function seedCompany(ctx: SeedContext, f: TenantFixture, orgKey: 'org' | 'otherOrg', label: string): Promise<ScopeData> {
  const name = `Analytics probe ${label} ${f.tag}`;
  const sector = `Probe sector ${label} ${f.tag}`;
  const { id } = await insertScoredCompany(ctx.t.owner, { scope: 'organization', tenantId: f.tenant.id, organizationId: f[orgKey].id }, {
    name,
    sector,
    exposure: 1000,
    lgd: 0.45,
    // One prediction only: no alert, so no webhook event is queued by the seed.
    predictions: [{ fiscalYear: 2024, pd: 0.99 }],
  });
  return { ids: { analyticsSector: sector }, markers: [name, id, sector] };
}

/** The same five probes for every collection of this area; `format` for the spreadsheet exports. */
function probesFor(extra: Record<string, string> = {}): ProbeTemplate[] {
  return [
    collection('?organizationId=B org', (ids) => ({ ...extra, organizationId: ids.organizationId as string })),
    collection('?sector=B sector', (ids) => ({ ...extra, sector: ids.analyticsSector as string })),
    collection('?scope=organization', () => ({ ...extra, scope: 'organization' })),
    collection('no filter', () => ({ ...extra })),
    { label: '?organizationId=other org', scope: 'foreignOrg', query: (ids) => ({ ...extra, organizationId: ids.organizationId as string }), expect: 'noLeak' },
    { label: '?sector=other org sector', scope: 'foreignOrg', query: (ids) => ({ ...extra, sector: ids.analyticsSector as string }), expect: 'noLeak' },
  ];
}

export const probeSet: ProbeSet = {
  async seed(ctx) {
    return {
      foreignTenant: await seedCompany(ctx, ctx.b, 'org', 'b-org'),
      foreignOrg: await seedCompany(ctx, ctx.a, 'otherOrg', 'a-other-org'),
    };
  },
  probes: {
    getPortfolioAnalytics: probesFor({ top: '50' }),
    exportCompanies: probesFor({ format: 'csv' }),
    exportPredictions: probesFor({ format: 'csv' }),
    // The PDF's text is compressed, so this probe's leak check sees little; the report is built from
    // the same filtered queries as the analytics probed above.
    getPortfolioReport: probesFor(),
  },
};
