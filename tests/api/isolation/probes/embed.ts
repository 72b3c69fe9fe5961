import { randomUUID } from 'node:crypto';
import { hashToken } from '../../../../api/src/modules/auth/secrets.ts';
import type { TenantFixture } from '../../../factories/tenant-fixture.ts';
import { collection, denied, type ProbeSet, type ScopeData, type SeedContext } from '../probe-kit.ts';

/**
 * API key and embed-token probes. Tenant B's organization and tenant A's other organization each
 * get an API key and an issued (unexpired) embed token; the probes aim revocation at them, minting
 * at their organizations, and the key list at their tenant and organization.
 */

async function seedEmbedding(ctx: SeedContext, f: TenantFixture, orgKey: 'org' | 'otherOrg', label: string): Promise<ScopeData> {
  const name = `Probe key ${label} ${f.tag}`;
  const prefix = randomUUID().replace(/-/g, '').slice(0, 8);
  const [key] = await ctx.t
    .owner('api_keys')
    .insert({ tenant_id: f.tenant.id, organization_id: f[orgKey].id, name, prefix, key_hash: hashToken(`drk_${prefix}_${label}-${f.tag}`), scopes: ['embed_tokens:create', 'embed_tokens:revoke'] })
    .returning('id');
  const jti = randomUUID();
  await ctx.t.owner('embed_tokens').insert({
    jti,
    tenant_id: f.tenant.id,
    organization_id: f[orgKey].id,
    user_ref: `probe-user-${label}-${f.tag}`,
    widgets: ['dr-risk-card'],
    origins: [`https://probe-${label}.example`],
    expires_at: new Date(Date.now() + 3600_000),
  });
  return { ids: { apiKeyId: key.id, jti }, markers: [key.id, name, prefix, jti, `probe-user-${label}-${f.tag}`] };
}

const mintFor = (ids: Record<string, string>) => ({ userRef: 'probe-user', organizationId: ids.organizationId, widgets: ['dr-risk-card'], resources: { portfolio: true } });

export const probeSet: ProbeSet = {
  async seed(ctx) {
    const b = await seedEmbedding(ctx, ctx.b, 'org', 'b-org');
    const aOther = await seedEmbedding(ctx, ctx.a, 'otherOrg', 'a-other-org');
    return { foreignTenant: b, foreignOrg: aOther };
  },
  probes: {
    listApiKeys: [
      collection('?tenantId=B', (ids) => ({ tenantId: ids.tenantId })),
      collection('?organizationId=B org', (ids) => ({ organizationId: ids.organizationId })),
      collection('no filter', () => ({})),
      { label: '?organizationId=other org', scope: 'foreignOrg', query: (ids) => ({ organizationId: ids.organizationId }), expect: 'noLeak' },
    ],
    createApiKey: [
      denied('foreignTenant', { body: (ids) => ({ name: 'Probe', organizationId: ids.organizationId }) }),
      denied('foreignTenant', { label: 'tenant-wide in B', body: (ids) => ({ name: 'Probe', tenantId: ids.tenantId }) }),
      denied('foreignOrg', { body: (ids) => ({ name: 'Probe', organizationId: ids.organizationId }) }),
    ],
    revokeApiKey: [denied('foreignTenant'), denied('foreignOrg')],
    createEmbedToken: [denied('foreignTenant', { body: mintFor }), denied('foreignOrg', { body: mintFor })],
    revokeEmbedToken: [denied('foreignTenant'), denied('foreignOrg')],
    revokeAllEmbedTokens: [
      denied('foreignTenant', { body: (ids) => ({ organizationId: ids.organizationId }) }),
      denied('foreignTenant', { label: 'tenant B', body: (ids) => ({ tenantId: ids.tenantId }) }),
      denied('foreignOrg', { body: (ids) => ({ organizationId: ids.organizationId }) }),
    ],
  },
};
