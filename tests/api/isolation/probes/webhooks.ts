import type { TenantFixture } from '../../../factories/tenant-fixture.ts';
import { denied, type ProbeSet, type ScopeData, type SeedContext } from '../probe-kit.ts';

/**
 * Webhook probes. Tenant B's organization and tenant A's other organization each get a webhook with
 * one delivered event in its log. Paths are aimed at the foreign organization, and at the caller's
 * own organization with the foreign webhook's id (which must not resolve through the wrong path).
 */

async function seedWebhook(ctx: SeedContext, f: TenantFixture, orgKey: 'org' | 'otherOrg', label: string): Promise<ScopeData> {
  const url = `https://probe-${label}-${f.tag}.example.test/hook`;
  const [hook] = await ctx.t
    .owner('webhooks')
    .insert({ tenant_id: f.tenant.id, organization_id: f[orgKey].id, url, secret_ciphertext: `v1:probe:probe:${label}`, events: ['alert.created'], is_active: true })
    .returning('id');
  // Delivered already, so no worker ever sends it.
  const [delivery] = await ctx.t
    .owner('webhook_deliveries')
    .insert({ webhook_id: hook.id, tenant_id: f.tenant.id, organization_id: f[orgKey].id, event: 'alert.created', payload: { probe: label }, status: 'delivered', attempts: 1, last_status_code: 200, delivered_at: new Date() })
    .returning(['event_id']);
  return { ids: { webhookId: hook.id }, markers: [hook.id, url, delivery.event_id] };
}

const SCOPES = ['foreignTenant', 'foreignOrg', 'ownOrgForeignUser', 'ownOrgOtherOrgUser'] as const;
const everywhere = (extra: Parameters<typeof denied>[1] = {}) => SCOPES.map((s) => denied(s, extra));

export const probeSet: ProbeSet = {
  async seed(ctx) {
    const b = await seedWebhook(ctx, ctx.b, 'org', 'b-org');
    const aOther = await seedWebhook(ctx, ctx.a, 'otherOrg', 'a-other-org');
    return {
      foreignTenant: b,
      foreignOrg: aOther,
      // The caller's own organization in the path, the foreign webhook's id after it.
      ownOrgForeignUser: { ids: { webhookId: b.ids.webhookId as string }, markers: b.markers },
      ownOrgOtherOrgUser: { ids: { webhookId: aOther.ids.webhookId as string }, markers: aOther.markers },
    };
  },
  probes: {
    listWebhooks: [denied('foreignTenant'), denied('foreignOrg')],
    createWebhook: [
      denied('foreignTenant', { body: () => ({ url: 'https://probe.example.test/hook', events: ['alert.created'] }) }),
      denied('foreignOrg', { body: () => ({ url: 'https://probe.example.test/hook', events: ['alert.created'] }) }),
    ],
    getWebhook: everywhere(),
    updateWebhook: everywhere({ body: () => ({ isActive: false }) }),
    deleteWebhook: everywhere(),
    rotateWebhookSecret: everywhere(),
    listWebhookDeliveries: everywhere(),
  },
};
