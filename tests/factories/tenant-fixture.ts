import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { hashPassword } from '../../api/src/modules/auth/secrets.ts';
import type { Role } from '../../api/src/modules/access/roles.ts';
import type { TestApp } from '../helpers/test-app.ts';

export const TEST_PASSWORD = 'test-password-123';

let passwordHash: Promise<string> | null = null;
function testPasswordHash(): Promise<string> {
  // One argon2 hash per test process: every fixture user shares the password, and hashing is slow on purpose.
  passwordHash ??= hashPassword(TEST_PASSWORD);
  return passwordHash;
}

export interface FixtureUser {
  id: string;
  email: string;
  role: Role;
  tenantId: string | null;
  organizationId: string | null;
}

export const FIXTURE_USER_KEYS = ['superAdmin', 'tenantAdmin', 'orgAdmin', 'orgMember', 'otherOrgAdmin', 'otherOrgMember', 'individual'] as const;
export type FixtureUserKey = (typeof FIXTURE_USER_KEYS)[number];

export interface TenantFixture {
  tag: string;
  tenant: { id: string; name: string; slug: string };
  org: { id: string; name: string };
  otherOrg: { id: string; name: string };
  users: Record<FixtureUserKey, FixtureUser>;
  cleanup(): Promise<void>;
}

async function insertUser(owner: Knex, tag: string, key: FixtureUserKey, role: Role, tenantId: string | null, organizationId: string | null): Promise<FixtureUser> {
  const email = `${key.toLowerCase()}-${tag}@fixture.test`;
  const [row] = await owner('users')
    .insert({ email, display_name: `${key} ${tag}`, password_hash: await testPasswordHash(), role, tenant_id: tenantId, organization_id: organizationId })
    .returning(['id']);
  return { id: row.id, email, role, tenantId, organizationId };
}

/**
 * A fresh tenant with two organizations and one user per role (plus a second org's admin and member,
 * and a super admin and an individual of its own), written with the owner connection. Each test
 * makes its own, so tests share nothing and may run in any order.
 */
export async function createTenantFixture(t: Pick<TestApp, 'owner'>): Promise<TenantFixture> {
  const tag = randomUUID().slice(0, 8);
  const owner = t.owner;
  const [tenant] = await owner('tenants').insert({ name: `Tenant ${tag}`, slug: `tenant-${tag}` }).returning(['id', 'name', 'slug']);
  const [org] = await owner('organizations').insert({ tenant_id: tenant.id, name: `Org A ${tag}` }).returning(['id', 'name']);
  const [otherOrg] = await owner('organizations').insert({ tenant_id: tenant.id, name: `Org B ${tag}` }).returning(['id', 'name']);
  const users = {
    superAdmin: await insertUser(owner, tag, 'superAdmin', 'super_admin', null, null),
    tenantAdmin: await insertUser(owner, tag, 'tenantAdmin', 'tenant_admin', tenant.id, null),
    orgAdmin: await insertUser(owner, tag, 'orgAdmin', 'org_admin', tenant.id, org.id),
    orgMember: await insertUser(owner, tag, 'orgMember', 'org_member', tenant.id, org.id),
    otherOrgAdmin: await insertUser(owner, tag, 'otherOrgAdmin', 'org_admin', tenant.id, otherOrg.id),
    otherOrgMember: await insertUser(owner, tag, 'otherOrgMember', 'org_member', tenant.id, otherOrg.id),
    individual: await insertUser(owner, tag, 'individual', 'user', null, null),
  };
  return {
    tag,
    tenant,
    org,
    otherOrg,
    users,
    async cleanup() {
      const ids = Object.values(users).map((u) => u.id);
      // Users may have moved (joined, been removed); delete by id and by this fixture's tag.
      await owner('users').whereIn('id', ids).orWhere('email', 'like', `%-${tag}@fixture.test`).delete();
      await owner('tenants').where({ id: tenant.id }).delete();
    },
  };
}

/** Logs a fixture user in through the API and returns the token pair. */
export async function loginAs(t: Pick<TestApp, 'http'>, user: Pick<FixtureUser, 'email'>, password = TEST_PASSWORD): Promise<{ accessToken: string; refreshToken: string }> {
  const res = await t.http.post('/v1/auth/login').send({ email: user.email, password });
  if (res.status !== 200) throw new Error(`login of ${user.email} failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}
