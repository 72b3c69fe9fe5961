import type { Knex } from 'knex';
import type { Actor } from '../modules/access/roles.ts';

/**
 * Runs `work` in a transaction whose row-level-security settings describe `actor`.
 * SET LOCAL (set_config(..., true)) scopes them to this transaction, so a pooled connection
 * never carries one caller's identity into the next caller's queries.
 */
export async function withTenant<T>(
  db: Knex,
  actor: Pick<Actor, 'userId' | 'role' | 'tenantId' | 'orgId'>,
  work: (trx: Knex.Transaction) => Promise<T>,
  options: { membershipGrant?: string } = {},
): Promise<T> {
  return db.transaction(async (trx) => {
    await trx.raw(
      `SELECT set_config('app.role', ?, true), set_config('app.user_id', ?, true),
              set_config('app.tenant_id', ?, true), set_config('app.org_id', ?, true),
              set_config('app.membership_grant', ?, true)`,
      [actor.role, actor.userId ?? '', actor.tenantId ?? '', actor.orgId ?? '', options.membershipGrant ?? ''],
    );
    return work(trx);
  });
}
