import path from 'node:path';
import type { Knex } from 'knex';
import type { Config } from '../../config.ts';
import type { Role } from '../../modules/access/roles.ts';
import { hashPassword } from '../../modules/auth/secrets.ts';
import { createOwnerKnex } from '../knex.ts';
import { DEMO_HOST_KEY_FILE, demoHostOrigins, seedDemoHostAccess } from './demo-host.ts';
import { seedDemoPortfolio } from './demo-portfolio.ts';

/** The demo platform: two institutions, three divisions and one user per role. */
export const DEMO_TENANTS = [
  { name: 'Northwind Bank', slug: 'northwind', organizations: ['Credit Risk', 'Investment Banking'] },
  { name: 'Harbor Credit Union', slug: 'harbor', organizations: ['Loan Department'] },
] as const;

export const DEMO_USERS: { email: string; displayName: string; role: Role; tenant?: string; organization?: string }[] = [
  { email: 'super@demo.test', displayName: 'Sam Super', role: 'super_admin' },
  { email: 'tenant-admin@northwind.test', displayName: 'Tara Tenant', role: 'tenant_admin', tenant: 'northwind' },
  { email: 'org-admin@northwind.test', displayName: 'Olga Orgadmin', role: 'org_admin', tenant: 'northwind', organization: 'Credit Risk' },
  { email: 'analyst@northwind.test', displayName: 'Ana Analyst', role: 'org_member', tenant: 'northwind', organization: 'Credit Risk' },
  { email: 'org-admin@harbor.test', displayName: 'Hank Harbor', role: 'org_admin', tenant: 'harbor', organization: 'Loan Department' },
  { email: 'individual@demo.test', displayName: 'Ivy Individual', role: 'user' },
];

async function upsertTenant(knex: Knex, name: string, slug: string): Promise<string> {
  await knex('tenants').insert({ name, slug }).onConflict('slug').ignore();
  return (await knex('tenants').where({ slug }).first('id')).id;
}

async function upsertOrganization(knex: Knex, tenantId: string, name: string): Promise<string> {
  await knex('organizations').insert({ tenant_id: tenantId, name }).onConflict(['tenant_id', 'name']).ignore();
  return (await knex('organizations').where({ tenant_id: tenantId, name }).first('id')).id;
}

/**
 * Seeds idempotently with the owner connection (set-up, not a request). Existing users are left
 * alone, so a demo password changed through the API survives a restart.
 */
export async function seedDemoData(config: Pick<Config, 'DATABASE_URL' | 'DEMO_PASSWORD' | 'MODEL_PATH' | 'KEYS_DIR' | 'DEMO_HOST_PORT'>): Promise<{ created: boolean; emails: string[]; companiesAdded: number }> {
  const knex = createOwnerKnex(config);
  try {
    const tenantIds = new Map<string, string>();
    const orgIds = new Map<string, string>();
    for (const tenant of DEMO_TENANTS) {
      const tenantId = await upsertTenant(knex, tenant.name, tenant.slug);
      tenantIds.set(tenant.slug, tenantId);
      for (const org of tenant.organizations) orgIds.set(`${tenant.slug}/${org}`, await upsertOrganization(knex, tenantId, org));
    }
    const existing = new Set((await knex('users').whereIn('email', DEMO_USERS.map((u) => u.email)).pluck('email')).map(String));
    const missing = DEMO_USERS.filter((u) => !existing.has(u.email));
    if (missing.length) {
      const passwordHash = await hashPassword(config.DEMO_PASSWORD);
      for (const user of missing) {
        await knex('users')
          .insert({
            email: user.email,
            display_name: user.displayName,
            password_hash: passwordHash,
            role: user.role,
            tenant_id: user.tenant ? tenantIds.get(user.tenant) : null,
            organization_id: user.organization ? orgIds.get(`${user.tenant}/${user.organization}`) : null,
          })
          .onConflict('email')
          .ignore();
      }
    }
    const individual = await knex('users').where({ email: 'individual@demo.test' }).first('id');
    const companiesAdded = await seedDemoPortfolio(
      knex,
      {
        northwindCreditRisk: { tenantId: tenantIds.get('northwind')!, organizationId: orgIds.get('northwind/Credit Risk')! },
        harborLoans: { tenantId: tenantIds.get('harbor')!, organizationId: orgIds.get('harbor/Loan Department')! },
        individualUserId: individual.id,
      },
      config.MODEL_PATH,
    );
    // The demo host (demo-host/) is Northwind's intranet: it embeds from its own origin with its own key.
    await seedDemoHostAccess(knex, {
      tenantId: tenantIds.get('northwind')!,
      origins: demoHostOrigins(config.DEMO_HOST_PORT),
      keyFile: path.join(config.KEYS_DIR, DEMO_HOST_KEY_FILE),
    });
    return { created: missing.length > 0, emails: DEMO_USERS.map((u) => `${u.email} (${u.role})`), companiesAdded };
  } finally {
    await knex.destroy();
  }
}
