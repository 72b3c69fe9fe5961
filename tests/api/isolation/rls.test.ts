import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTenant } from '../../../api/src/db/with-tenant.ts';
import type { Actor } from '../../../api/src/modules/access/roles.ts';
import { createTestApp, type TestApp } from '../../helpers/test-app.ts';
import { createTenantFixture, type FixtureUser, type TenantFixture } from '../../factories/tenant-fixture.ts';

/**
 * Isolation by row-level security ALONE: no route, no service, no WHERE clause. Every query below
 * runs on the app connection (role defaultrate_app) with the RLS settings of one of tenant A's
 * users, and must never see or touch a row of tenant B. Tables are discovered from the catalog,
 * so a table added by a later migration is covered without editing this file.
 */

let t: TestApp;
let a: TenantFixture;
let b: TenantFixture;
let tables: string[];
/** Strings that identify tenant B's data: ids, names, emails, slugs, secrets' hashes. */
let foreignMarkers: string[];
const seeded: Record<string, string> = {};

function contextOf(user: FixtureUser): Pick<Actor, 'userId' | 'role' | 'tenantId' | 'orgId'> {
  return { userId: user.id, role: user.role, tenantId: user.tenantId, orgId: user.organizationId };
}

const ANONYMOUS = { userId: null, role: 'anonymous', tenantId: null, orgId: null } as const;

/** Tenant A's callers, super admin excluded (super admins see every tenant by design). */
function contextsOfA(): [string, Pick<Actor, 'userId' | 'role' | 'tenantId' | 'orgId'>][] {
  return [
    ['tenant_admin', contextOf(a.users.tenantAdmin)],
    ['org_admin', contextOf(a.users.orgAdmin)],
    ['org_member', contextOf(a.users.orgMember)],
    ['user (individual)', contextOf(a.users.individual)],
    ['anonymous', ANONYMOUS],
  ];
}

function leaks(row: unknown): string[] {
  const text = JSON.stringify(row);
  return foreignMarkers.filter((m) => text.includes(m));
}

/** Tenant B's rows of `table`, read with the owner connection (which bypasses RLS). */
function foreignRowsWhere(owner: Knex, table: string) {
  return owner.raw(`SELECT * FROM ?? AS r WHERE to_jsonb(r)::text LIKE ANY(?)`, [table, foreignMarkers.map((m) => `%${m}%`)]);
}

/** Rows an RLS-bound transaction wrote-locked: tries to lock tenant B's rows from the owner connection without waiting. */
async function foreignRowsLocked(table: string): Promise<boolean> {
  try {
    await t.owner.raw(`SELECT 1 FROM ?? AS r WHERE to_jsonb(r)::text LIKE ANY(?) FOR UPDATE NOWAIT`, [table, foreignMarkers.map((m) => `%${m}%`)]);
    return false;
  } catch (error) {
    if ((error as { code?: string }).code === '55P03') return true;
    throw error;
  }
}

class Rollback extends Error {}

/** Runs `statement` in tenant A's context and reports, before rolling back, whether it touched tenant B's rows. */
async function touchesForeignRows(context: Pick<Actor, 'userId' | 'role' | 'tenantId' | 'orgId'>, table: string, statement: string): Promise<{ touched: boolean; error: string | null }> {
  let touched = false;
  let error: string | null = null;
  try {
    await withTenant(t.container.db, context, async (trx) => {
      try {
        await trx.raw(statement);
      } catch (e) {
        error = (e as Error).message;
      }
      // Row locks of the statement (even a failed one) are held until the transaction ends.
      touched = await foreignRowsLocked(table);
      throw new Rollback();
    });
  } catch (e) {
    if (!(e instanceof Rollback)) throw e;
  }
  return { touched, error };
}

beforeAll(async () => {
  t = await createTestApp();
  a = await createTenantFixture(t);
  b = await createTenantFixture(t);
  const o = t.owner;

  // Tenant B gets a row in every tenant-owned table.
  const [invitation] = await o('invitations')
    .insert({ tenant_id: b.tenant.id, organization_id: b.org.id, email: `invitee-${b.tag}@fixture.test`, role: 'org_member', token_hash: `inv-hash-${b.tag}`, expires_at: new Date(Date.now() + 3600_000), invited_by: b.users.orgAdmin.id })
    .returning('id');
  const [outbox] = await o('email_outbox')
    .insert({ tenant_id: b.tenant.id, to_email: `invitee-${b.tag}@fixture.test`, kind: 'invitation', subject: `Join Org A ${b.tag}`, body_text: `secret link inv_${b.tag}` })
    .returning('id');
  const [apiKey] = await o('api_keys')
    .insert({ tenant_id: b.tenant.id, organization_id: b.org.id, name: `key ${b.tag}`, prefix: `drk_${b.tag}`, key_hash: `key-hash-${b.tag}`, created_by: b.users.tenantAdmin.id })
    .returning('id');
  const [audit] = await o('audit_events')
    .insert({ tenant_id: b.tenant.id, organization_id: b.org.id, actor_user_id: b.users.orgAdmin.id, actor_role: 'org_admin', action: 'fixture.event', target_type: 'user', target_id: b.users.orgMember.id })
    .returning('id');
  const [family] = await o('refresh_token_families')
    .insert({ user_id: b.users.orgMember.id, tenant_id: b.tenant.id, current_token_hash: `rt-hash-${b.tag}`, expires_at: new Date(Date.now() + 3600_000) })
    .returning('id');
  await o('refresh_tokens_used').insert({ token_hash: `rt-used-hash-${b.tag}`, family_id: family.id, user_id: b.users.orgMember.id });
  Object.assign(seeded, { invitation: invitation.id, outbox: outbox.id, apiKey: apiKey.id, audit: String(audit.id), family: family.id });

  // Tenant A gets the same, so that "sees nothing of B" is not just "sees nothing".
  await o('invitations').insert({ tenant_id: a.tenant.id, organization_id: a.org.id, email: `invitee-${a.tag}@fixture.test`, role: 'org_member', token_hash: `inv-hash-${a.tag}`, expires_at: new Date(Date.now() + 3600_000) });
  await o('api_keys').insert({ tenant_id: a.tenant.id, organization_id: a.org.id, name: `key ${a.tag}`, prefix: `drk_${a.tag}`, key_hash: `key-hash-${a.tag}` });
  await o('audit_events').insert({ tenant_id: a.tenant.id, organization_id: a.org.id, actor_user_id: a.users.orgMember.id, actor_role: 'org_member', action: 'fixture.event', target_type: 'user', target_id: a.users.orgMember.id });

  const bTenantUsers = Object.values(b.users).filter((u) => u.tenantId === b.tenant.id);
  foreignMarkers = [
    b.tenant.id,
    b.tenant.name,
    b.tenant.slug,
    b.org.id,
    b.org.name,
    b.otherOrg.id,
    b.otherOrg.name,
    ...bTenantUsers.flatMap((u) => [u.id, u.email]),
    `invitee-${b.tag}@fixture.test`,
    `inv-hash-${b.tag}`,
    `key-hash-${b.tag}`,
    `rt-hash-${b.tag}`,
    `rt-used-hash-${b.tag}`,
    ...Object.values(seeded).filter((v) => v.length > 8),
  ];

  const { rows } = await t.owner.raw(`SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename NOT LIKE 'knex\\_%' ORDER BY tablename`);
  tables = rows.map((r: { tablename: string }) => r.tablename);
});

afterAll(async () => {
  if (a) await t.owner('audit_events').whereIn('tenant_id', [a.tenant.id, b.tenant.id]).delete();
  await a?.cleanup();
  await b?.cleanup();
  await t?.close();
});

describe('row-level security configuration', () => {
  it('discovers the tenant-owned tables, including every core table', () => {
    expect(tables).toEqual(
      expect.arrayContaining(['tenants', 'organizations', 'users', 'invitations', 'email_outbox', 'refresh_token_families', 'refresh_tokens_used', 'api_keys', 'audit_events']),
    );
  });

  it('has RLS enabled and FORCEd on every table in public except knex bookkeeping', async () => {
    const { rows } = await t.owner.raw(`
      SELECT c.relname, c.relrowsecurity, c.relforcerowsecurity
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND c.relname NOT LIKE 'knex\\_%'`);
    const weak = rows.filter((r: { relrowsecurity: boolean; relforcerowsecurity: boolean }) => !r.relrowsecurity || !r.relforcerowsecurity).map((r: { relname: string }) => r.relname);
    expect(weak, 'tables without ENABLE + FORCE ROW LEVEL SECURITY').toEqual([]);
  });

  it('connects the app as a role that is not superuser, has no BYPASSRLS and owns no table', async () => {
    const { rows: [me] } = await t.container.db.raw('SELECT current_user AS name');
    expect(me.name).toBe(t.config.DATABASE_APP_ROLE);
    const { rows: [role] } = await t.owner.raw('SELECT rolsuper, rolbypassrls, rolcreaterole, rolcreatedb FROM pg_roles WHERE rolname = ?', [me.name]);
    expect(role).toEqual({ rolsuper: false, rolbypassrls: false, rolcreaterole: false, rolcreatedb: false });
    const { rows: owned } = await t.owner.raw(`SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tableowner = ?`, [me.name]);
    expect(owned).toEqual([]);
  });

  it('cannot switch RLS off from the app connection', async () => {
    await expect(t.container.db.raw('ALTER TABLE users DISABLE ROW LEVEL SECURITY')).rejects.toThrow();
    await expect(t.container.db.raw('SET row_security = off; SELECT * FROM users')).rejects.toThrow();
  });
});

describe('SELECT * with no WHERE clause, per role of tenant A', () => {
  it('the fixture really put tenant B rows in every core table (owner view)', async () => {
    for (const table of ['tenants', 'organizations', 'users', 'invitations', 'email_outbox', 'refresh_token_families', 'refresh_tokens_used', 'api_keys', 'audit_events']) {
      const { rows } = await foreignRowsWhere(t.owner, table);
      expect(rows.length, table).toBeGreaterThan(0);
    }
  });

  it('returns no row of tenant B from any table, for any role', async () => {
    const found: string[] = [];
    for (const [label, context] of contextsOfA()) {
      await withTenant(t.container.db, context, async (trx) => {
        for (const table of tables) {
          const { rows } = await trx.raw('SELECT * FROM ??', [table]);
          for (const row of rows) {
            const hit = leaks(row);
            if (hit.length) found.push(`${label} sees ${table} row ${JSON.stringify(row).slice(0, 160)} (matches ${hit[0]})`);
            if (row.tenant_id === b.tenant.id) found.push(`${label} sees ${table} row with tenant_id of B`);
          }
        }
      });
    }
    expect(found).toEqual([]);
  });

  it('still lets each role see its own rows (the probe is not vacuous)', async () => {
    const visible = async (context: Pick<Actor, 'userId' | 'role' | 'tenantId' | 'orgId'>, table: string) =>
      withTenant(t.container.db, context, async (trx) => (await trx.raw('SELECT * FROM ??', [table])).rows as Record<string, unknown>[]);
    expect((await visible(contextOf(a.users.tenantAdmin), 'tenants')).map((r) => r.id)).toEqual([a.tenant.id]);
    expect((await visible(contextOf(a.users.tenantAdmin), 'organizations')).map((r) => r.id).sort()).toEqual([a.org.id, a.otherOrg.id].sort());
    expect((await visible(contextOf(a.users.orgMember), 'organizations')).map((r) => r.id)).toEqual([a.org.id]);
    expect((await visible(contextOf(a.users.orgAdmin), 'users')).map((r) => r.id)).toEqual(expect.arrayContaining([a.users.orgAdmin.id, a.users.orgMember.id]));
    expect((await visible(contextOf(a.users.orgAdmin), 'invitations')).length).toBeGreaterThan(0);
    expect((await visible(contextOf(a.users.tenantAdmin), 'api_keys')).length).toBeGreaterThan(0);
    expect((await visible(contextOf(a.users.individual), 'users')).map((r) => r.id)).toEqual([a.users.individual.id]);
  });

  it('shows an anonymous context no users, tenants or organizations at all', async () => {
    await withTenant(t.container.db, ANONYMOUS, async (trx) => {
      for (const table of ['users', 'tenants', 'organizations', 'invitations', 'api_keys', 'refresh_token_families', 'email_outbox']) {
        const { rows } = await trx.raw('SELECT count(*)::int AS n FROM ??', [table]);
        expect(rows[0].n, table).toBe(0);
      }
    });
  });

  it('shows nothing at all without any RLS settings (a query outside withTenant)', async () => {
    for (const table of tables) {
      const { rows } = await t.container.db.raw('SELECT * FROM ??', [table]);
      const foreign = rows.filter((row: unknown) => leaks(row).length > 0);
      expect(foreign, table).toEqual([]);
    }
  });
});

describe('UPDATE and DELETE with no WHERE clause, per role of tenant A', () => {
  it('never touch a row of tenant B in any table', async () => {
    const touched: string[] = [];
    for (const [label, context] of contextsOfA()) {
      for (const table of tables) {
        const { rows: [column] } = await t.owner.raw(
          `SELECT column_name FROM information_schema.columns WHERE table_schema = 'public' AND table_name = ? ORDER BY ordinal_position LIMIT 1`,
          [table],
        );
        const col = `"${column.column_name}"`;
        for (const statement of [`UPDATE "${table}" SET ${col} = ${col}`, `DELETE FROM "${table}"`]) {
          const outcome = await touchesForeignRows(context, table, statement);
          if (outcome.touched) touched.push(`${label}: ${statement}`);
        }
      }
    }
    expect(touched).toEqual([]);
  });

  it("detects a touched row when the caller may touch it (the lock probe works): a super admin's no-op UPDATE", async () => {
    const superContext = contextOf(a.users.superAdmin);
    expect((await touchesForeignRows(superContext, 'organizations', 'UPDATE organizations SET id = id')).touched).toBe(true);
  });

  it('leave every tenant B row in place (owner view after all the rolled-back attempts)', async () => {
    expect(await t.owner('tenants').where({ id: b.tenant.id }).first()).toBeTruthy();
    expect(await t.owner('users').where({ tenant_id: b.tenant.id }).count<{ count: number }[]>('* as count')).toEqual([{ count: 5 }]);
    expect(await t.owner('invitations').where({ id: seeded.invitation }).first()).toBeTruthy();
  });
});

describe('INSERT of tenant B data from tenant A contexts', () => {
  const rowsForB = () => ({
    tenants: { id: randomUUID(), name: `Evil ${a.tag}`, slug: `evil-${randomUUID().slice(0, 8)}` },
    organizations: { tenant_id: b.tenant.id, name: `Evil org ${randomUUID().slice(0, 8)}` },
    users: { email: `evil-${randomUUID().slice(0, 8)}@fixture.test`, display_name: 'Evil', password_hash: 'x', role: 'org_admin', tenant_id: b.tenant.id, organization_id: b.org.id },
    invitations: { tenant_id: b.tenant.id, organization_id: b.org.id, email: `evil@fixture.test`, role: 'org_admin', token_hash: `evil-${randomUUID()}`, expires_at: new Date(Date.now() + 3600_000) },
    email_outbox: { tenant_id: b.tenant.id, to_email: 'evil@fixture.test', kind: 'invitation', subject: 'x', body_text: 'x' },
    api_keys: { tenant_id: b.tenant.id, organization_id: b.org.id, name: 'evil', prefix: 'drk_evil', key_hash: `evil-${randomUUID()}` },
    refresh_token_families: { user_id: b.users.orgMember.id, tenant_id: b.tenant.id, current_token_hash: `evil-${randomUUID()}`, expires_at: new Date(Date.now() + 3600_000) },
    refresh_tokens_used: { token_hash: `evil-${randomUUID()}`, family_id: seeded.family, user_id: b.users.orgMember.id },
    audit_events: { tenant_id: b.tenant.id, organization_id: b.org.id, actor_user_id: b.users.orgAdmin.id, actor_role: 'org_admin', action: 'evil', target_type: 'user' },
  });

  it('is refused for every core table and role', async () => {
    const accepted: string[] = [];
    for (const [label, context] of contextsOfA()) {
      for (const [table, row] of Object.entries(rowsForB())) {
        try {
          await withTenant(t.container.db, context, async (trx) => {
            await trx.raw('SAVEPOINT probe');
            try {
              await trx.raw(`INSERT INTO ?? (${Object.keys(row).map(() => '??').join(', ')}) VALUES (${Object.keys(row).map(() => '?').join(', ')})`, [table, ...Object.keys(row), ...Object.values(row)]);
              accepted.push(`${label} inserted into ${table}`);
            } catch (e) {
              if ((e as { code?: string }).code !== '42501') accepted.push(`${label} on ${table} failed for another reason: ${(e as Error).message}`);
            }
            throw new Rollback();
          });
        } catch (e) {
          if (!(e instanceof Rollback)) throw e;
        }
      }
    }
    expect(accepted).toEqual([]);
  });

  it("refuses an audit event written into tenant B's log in the caller's own name", async () => {
    const accepted: string[] = [];
    for (const [label, context] of contextsOfA().filter(([, c]) => c.userId)) {
      try {
        await withTenant(t.container.db, context, async (trx) => {
          try {
            await trx('audit_events').insert({ tenantId: b.tenant.id, organizationId: b.org.id, actorUserId: context.userId, actorRole: context.role, action: 'forged', targetType: 'user' });
            accepted.push(label);
          } catch (e) {
            expect((e as { code?: string }).code).toBe('42501');
          }
          throw new Rollback();
        });
      } catch (e) {
        if (!(e instanceof Rollback)) throw e;
      }
    }
    expect(accepted, 'roles of tenant A that could write into the audit log of tenant B').toEqual([]);
  });
});

describe('membership trigger', () => {
  async function attempt(user: FixtureUser, change: Record<string, unknown>): Promise<string | null> {
    try {
      await withTenant(t.container.db, contextOf(user), async (trx) => {
        await trx('users').where({ id: user.id }).update(change);
        throw new Rollback();
      });
    } catch (e) {
      if (e instanceof Rollback) return null;
      return (e as { code?: string }).code ?? 'error';
    }
    return null;
  }

  it('refuses an org member promoting itself', async () => {
    expect(await attempt(a.users.orgMember, { role: 'org_admin' })).toBe('42501');
    expect(await attempt(a.users.orgMember, { role: 'tenant_admin', organizationId: null })).not.toBeNull();
  });

  it('refuses an org member moving itself to another organization of its tenant, or to another tenant', async () => {
    expect(await attempt(a.users.orgMember, { organizationId: a.otherOrg.id })).not.toBeNull();
    expect(await attempt(a.users.orgMember, { tenantId: b.tenant.id, organizationId: b.org.id })).not.toBeNull();
    const row = await t.owner('users').where({ id: a.users.orgMember.id }).first();
    expect(row).toMatchObject({ role: 'org_member', organization_id: a.org.id, tenant_id: a.tenant.id });
  });

  it('refuses an individual user joining an organization without a membership grant', async () => {
    expect(await attempt(a.users.individual, { role: 'org_member', tenantId: a.tenant.id, organizationId: a.org.id })).not.toBeNull();
  });

  it('lets a user change their own display name (the trigger guards membership only)', async () => {
    expect(await attempt(a.users.orgMember, { displayName: 'Renamed' })).toBeNull();
  });
});
