import type { Knex } from 'knex';
import { EMBED_ACTOR_USER_ID, type Actor } from '../modules/access/roles.ts';

/**
 * Runs `work` in a transaction whose row-level-security settings describe `actor`.
 * SET LOCAL (set_config(..., true)) scopes them to this transaction, so a pooled connection
 * never carries one caller's identity into the next caller's queries.
 */
export async function withTenant<T>(
  db: Knex,
  actor: Pick<Actor, 'userId' | 'role' | 'tenantId' | 'orgId' | 'embed'>,
  work: (trx: Knex.Transaction) => Promise<T>,
  options: { membershipGrant?: string } = {},
): Promise<T> {
  const embed = embedSettingsOf(actor);
  return db.transaction(async (trx) => {
    await trx.raw(
      `SELECT set_config('app.role', ?, true), set_config('app.user_id', ?, true),
              set_config('app.tenant_id', ?, true), set_config('app.org_id', ?, true),
              set_config('app.membership_grant', ?, true),
              set_config('app.embed', ?, true), set_config('app.embed_company_ids', ?, true)`,
      [actor.role, actor.userId ?? '', actor.tenantId ?? '', actor.orgId ?? '', options.membershipGrant ?? '', embed.mode, embed.companyIds],
    );
    return work(trx);
  });
}

/**
 * The RLS settings of an embed token's row scope (the restrictive policies of the embed-tokens
 * migration read them). An actor without one sets both to '' (no restriction), so a pooled
 * connection never keeps another request's scope.
 */
function embedSettingsOf(actor: Pick<Actor, 'userId' | 'embed'>): { mode: string; companyIds: string } {
  const embed = actor.embed;
  if (!embed) {
    // An actor copied from an embed actor without its scope would read unrestricted: refuse it.
    if (actor.userId === EMBED_ACTOR_USER_ID) throw new Error('An embed actor lost its row scope');
    return { mode: '', companyIds: '' };
  }
  if (embed.mode === 'portfolio') return { mode: 'portfolio', companyIds: '' };
  return { mode: 'companies', companyIds: `{${embed.companyIds.join(',')}}` };
}
