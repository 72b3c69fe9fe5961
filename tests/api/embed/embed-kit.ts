import type { TestApp } from '../../helpers/test-app.ts';
import { loginAs, type TenantFixture } from '../../factories/tenant-fixture.ts';

/** Helpers shared by the embed tests: an API key per tenant, minting, and calls from a page origin. */

export const originOf = (f: TenantFixture) => `https://portal-${f.tag}.example`;
export const secondOriginOf = (f: TenantFixture) => `https://intranet-${f.tag}.example:8443`;

/** Lets the fixture's tenant embed from two origins. */
export async function allowEmbedding(t: TestApp, f: TenantFixture): Promise<void> {
  await t.owner('tenants').where({ id: f.tenant.id }).update({ embed_origins: [originOf(f), secondOriginOf(f)] });
}

/** A tenant-wide API key made by the fixture's tenant admin. */
export async function tenantApiKey(t: TestApp, f: TenantFixture): Promise<string> {
  const admin = (await loginAs(t, f.users.tenantAdmin)).accessToken;
  const res = await t.http.post('/v1/api-keys').set('Authorization', `Bearer ${admin}`).send({ name: 'Host backend' });
  if (res.status !== 201) throw new Error(`api key: ${res.status} ${res.text}`);
  return res.body.key as string;
}

export interface MintOptions {
  organizationId?: string;
  widgets?: string[];
  resources?: { companyIds: string[] } | { portfolio: true };
  readOnly?: boolean;
  origins?: string[];
  ttlSeconds?: number;
}

/** Mints an embed token with an API key; returns the response body (token, jti, expiresAt). */
export async function mint(t: TestApp, f: TenantFixture, apiKey: string, options: MintOptions = {}): Promise<{ token: string; jti: string; expiresAt: string }> {
  const res = await t.http
    .post('/v1/embed-tokens')
    .set('X-Api-Key', apiKey)
    .send({ userRef: `employee-${f.tag}`, organizationId: f.org.id, widgets: ['dr-risk-card', 'dr-company-table'], resources: { portfolio: true }, ...options });
  if (res.status !== 201) throw new Error(`mint: ${res.status} ${res.text}`);
  return res.body;
}
