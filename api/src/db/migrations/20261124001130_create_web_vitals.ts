import type { Knex } from 'knex';

/**
 * Web-vitals telemetry (issue 5): the demo host (and any host page) reports the Core Web Vitals of
 * pages with our widgets, so we see what embedding costs real users.
 *
 * A row belongs to the reporting caller's tenant and organization (both NULL for a super admin or
 * an individual). Anyone authenticated may insert rows of their own tenant and organization only;
 * reading follows the audit log: super admins everything, tenant admins their tenant, org admins
 * their organization. An embed token acts as an org member of its organization, so it can write
 * but never read. No user id is stored: the numbers are about pages, not people.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('web_vitals', (t) => {
    t.bigIncrements('id').primary();
    t.uuid('tenant_id').nullable().references('tenants.id').onDelete('CASCADE');
    t.uuid('organization_id').nullable().references('organizations.id').onDelete('CASCADE');
    t.text('page').notNullable();
    t.text('metric_name').notNullable();
    t.double('value').notNullable();
    t.text('rating').notNullable();
    t.text('navigation_type').nullable();
    t.text('user_agent').nullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.check(`metric_name IN ('LCP','CLS','INP','FCP','TTFB')`, [], 'web_vitals_metric_check');
    t.check(`rating IN ('good','needs-improvement','poor')`, [], 'web_vitals_rating_check');
    t.check(`value >= 0`, [], 'web_vitals_value_check');
    t.index(['tenant_id', 'created_at']);
    t.index(['organization_id', 'created_at']);
  });

  await knex.raw(`
    ALTER TABLE web_vitals ENABLE ROW LEVEL SECURITY; ALTER TABLE web_vitals FORCE ROW LEVEL SECURITY;
    CREATE POLICY web_vitals_read ON web_vitals FOR SELECT USING (
      app_is_super()
      OR (tenant_id = app_tenant_id() AND app_role() = 'tenant_admin')
      OR (organization_id = app_org_id() AND app_role() = 'org_admin'));
    CREATE POLICY web_vitals_report ON web_vitals FOR INSERT WITH CHECK (
      app_role() <> 'anonymous'
      AND tenant_id IS NOT DISTINCT FROM app_tenant_id()
      AND organization_id IS NOT DISTINCT FROM app_org_id());
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('web_vitals');
}
