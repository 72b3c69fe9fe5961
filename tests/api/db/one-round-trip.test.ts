import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inlineSql, runAsTenantInOneRoundTrip } from '../../../api/src/db/with-tenant.ts';
import { createTestApp, type TestApp } from '../../helpers/test-app.ts';

/** The bulk-write path: an actor's RLS settings and one statement sent as a single query. */
describe('runAsTenantInOneRoundTrip', () => {
  let t: TestApp;
  const actor = { userId: '6f1c1e1e-0000-4000-8000-000000000001', role: 'org_member' as const, tenantId: '6f1c1e1e-0000-4000-8000-000000000002', orgId: '6f1c1e1e-0000-4000-8000-000000000003' };

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('quotes any text as a literal that reads back unchanged, question marks and backslashes included', async () => {
    const values = ['plain', "O'Brien", 'back\\slash', "\\'mixed''\\\\", 'unicode ✓ é', 'a ? b', '{"json": "\\"quoted\\" \\\\ "}', ''];
    const rows = await runAsTenantInOneRoundTrip(t.container.db, actor, inlineSql(`SELECT ${values.map((_, i) => `?::text AS v${i}`).join(', ')}`, values));
    expect(Object.values(rows[0])).toEqual(values);
    expect(inlineSql('SELECT ?, ?', [null, 1.5])).toBe('SELECT NULL, 1.5');
    expect(() => inlineSql('SELECT ?', [Number.NaN])).toThrow(/finite/);
    expect(() => inlineSql('SELECT ?, ?', ['one'])).toThrow(/2 placeholders for 1 values/);
  });

  it("sets the actor's RLS settings for its statement only, and an error rolls the whole query back", async () => {
    const settings = `SELECT current_setting('app.role') AS role, current_setting('app.user_id') AS user_id, current_setting('app.tenant_id') AS tenant_id,
                             current_setting('app.org_id') AS org_id, current_setting('app.embed') AS embed, current_setting('synchronous_commit') AS sync`;
    expect(await runAsTenantInOneRoundTrip(t.container.db, actor, settings, { isCommitAsync: true })).toEqual([
      { role: 'org_member', user_id: actor.userId, tenant_id: actor.tenantId, org_id: actor.orgId, embed: '', sync: 'off' },
    ]);
    // The pool has one connection per test app at most in use here; whichever it hands out next has no settings left.
    const after = await t.container.db.raw(`SELECT coalesce(current_setting('app.tenant_id', true), '') AS tenant_id, current_setting('synchronous_commit') AS sync`);
    expect(after.rows[0]).toEqual({ tenant_id: '', sync: 'on' });

    const table = `one_round_trip_${Date.now()}`;
    await t.owner.raw(`CREATE TABLE ${table} (n int PRIMARY KEY); GRANT INSERT, SELECT ON ${table} TO PUBLIC`);
    try {
      await expect(runAsTenantInOneRoundTrip(t.container.db, actor, `INSERT INTO ${table} VALUES (1); INSERT INTO ${table} VALUES (1)`)).rejects.toThrow(/duplicate key/);
      expect((await t.owner.raw(`SELECT count(*)::int AS n FROM ${table}`)).rows[0].n).toBe(0);
      // The connection went back to the pool usable, not stuck in an aborted transaction.
      expect((await runAsTenantInOneRoundTrip(t.container.db, actor, `INSERT INTO ${table} VALUES (2) RETURNING n`))).toEqual([{ n: 2 }]);
    } finally {
      await t.owner.raw(`DROP TABLE ${table}`);
    }
  });
});
