import { randomUUID } from 'node:crypto';
import type { TenantFixture } from '../../../factories/tenant-fixture.ts';
import { orgScope, seedAlert, seedCompany, seedStatement, statement, type SeedScope } from '../../portfolio/portfolio-kit.ts';
import { collection, denied, type ProbeSet, type ScopeData, type SeedContext } from '../probe-kit.ts';

/**
 * Portfolio probes: companies, statements, scoring, predictions, trend, alerts. Tenant B's
 * organization and tenant A's other organization each get a company with a statement, two
 * predictions and the band-change alert the trigger raises for them.
 */

async function seedPortfolio(ctx: SeedContext, f: TenantFixture, scope: SeedScope, label: string): Promise<ScopeData> {
  const name = `Probe target ${label} ${f.tag}`;
  const companyId = await seedCompany(ctx.t.owner, scope, name, { external_ref: `PROBE-${label}-${f.tag}` });
  const statementId = await seedStatement(ctx.t.owner, scope, companyId, 2023);
  const alertId = await seedAlert(ctx.t.owner, scope, companyId, statementId);
  return { ids: { companyId, statementId, alertId }, markers: [name, companyId, statementId, alertId, `PROBE-${label}-${f.tag}`] };
}

const both = <T>(make: (scope: 'foreignTenant' | 'foreignOrg') => T): T[] => [make('foreignTenant'), make('foreignOrg')];

export const probeSet: ProbeSet = {
  async seed(ctx) {
    return {
      foreignTenant: await seedPortfolio(ctx, ctx.b, orgScope(ctx.b), 'b-org'),
      foreignOrg: await seedPortfolio(ctx, ctx.a, orgScope(ctx.a, 'otherOrg'), 'a-other-org'),
    };
  },
  probes: {
    listCompanies: [
      collection('?q=B company name', (_ids, e) => ({ q: `Probe target b-org ${e.b.tag}` })),
      collection('?q=B external ref', (_ids, e) => ({ q: `PROBE-b-org-${e.b.tag}` })),
      collection('?scope=organization', () => ({ scope: 'organization', limit: '200' })),
      collection('no filter, by pd', () => ({ sort: 'pd', order: 'desc', limit: '200' })),
      { label: '?q=other org company', scope: 'foreignOrg', query: (_ids, e) => ({ q: `Probe target a-other-org ${e.a.tag}` }), expect: 'noLeak' },
    ],
    // Nothing in the body names a tenant: new companies go to the caller's own scope (personal here,
    // so the fixtures' cleanup removes them). The probe checks that no foreign data comes back.
    createCompany: [{ label: 'personal company', scope: 'none', expect: 'noLeak', body: (_ids, e) => ({ name: `Probe ${e.tag} ${randomUUID().slice(0, 8)}`, scope: 'personal' }) }],
    getCompany: both((s) => denied(s)),
    updateCompany: both((s) => denied(s, { body: () => ({ sector: 'Probe' }) })),
    deleteCompany: both((s) => denied(s)),
    listStatements: both((s) => denied(s)),
    createStatement: both((s) => denied(s, { body: () => statement(2019) })),
    getStatement: both((s) => denied(s)),
    deleteStatement: both((s) => denied(s)),
    scoreStatement: both((s) => denied(s)),
    listPredictions: both((s) => denied(s)),
    getCompanyTrend: both((s) => denied(s)),
    scoreStatementOnce: [{ label: 'calculator', scope: 'none', expect: 'noLeak', body: () => ({ statement: statement(2023), explain: { top: 3 } }) }],
    listAlerts: [
      collection('?companyId=B company', (ids) => ({ companyId: ids.companyId })),
      collection('no filter', () => ({ limit: '200' })),
      { label: '?companyId=other org company', scope: 'foreignOrg', query: (ids) => ({ companyId: ids.companyId }), expect: 'noLeak' },
    ],
    acknowledgeAlert: both((s) => denied(s)),
  },
};
