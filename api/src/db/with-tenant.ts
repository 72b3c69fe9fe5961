import type { Knex } from 'knex';
import pg from 'pg';
import { EMBED_ACTOR_USER_ID, type Actor } from '../modules/access/roles.ts';

/**
 * Runs `work` in a transaction whose row-level-security settings describe `actor`.
 * SET LOCAL (set_config(..., true)) scopes them to this transaction, so a pooled connection
 * never carries one caller's identity into the next caller's queries.
 */
export async function withTenant<T>(
  db: Knex,
  actor: TenantActor,
  work: (trx: Knex.Transaction) => Promise<T>,
  options: { membershipGrant?: string } = {},
): Promise<T> {
  return db.transaction(async (trx) => {
    await trx.raw(RLS_SETTINGS, rlsSettingValues(actor, options.membershipGrant));
    return work(trx);
  });
}

type TenantActor = Pick<Actor, 'userId' | 'role' | 'tenantId' | 'orgId' | 'embed'>;

/** The settings the RLS policies read, all transaction-local; values from `rlsSettingValues`. */
const RLS_SETTINGS = `SELECT set_config('app.role', ?, true), set_config('app.user_id', ?, true),
       set_config('app.tenant_id', ?, true), set_config('app.org_id', ?, true),
       set_config('app.membership_grant', ?, true),
       set_config('app.embed', ?, true), set_config('app.embed_company_ids', ?, true)`;

function rlsSettingValues(actor: TenantActor, membershipGrant = ''): string[] {
  const embed = embedSettingsOf(actor);
  return [actor.role, actor.userId ?? '', actor.tenantId ?? '', actor.orgId ?? '', membershipGrant, embed.mode, embed.companyIds];
}

/** A value for `inlineSql`: strings become quoted literals, numbers must be finite. */
export type SqlValue = string | number | null;

/**
 * `template` with each `?` replaced by the matching value as an SQL literal. For statements sent
 * as one simple query, which cannot carry bind parameters; the template is ours and holds no other
 * question marks. Strings are quoted as E'…' with backslashes and quotes doubled, which reads the
 * same whatever standard_conforming_strings says; two regex passes, because pg's escapeLiteral
 * builds the result a character at a time (36 ms for a 0.6 MB chunk of JSON against 0.2 ms).
 */
export function inlineSql(template: string, values: readonly SqlValue[]): string {
  const parts = template.split('?');
  if (parts.length !== values.length + 1) throw new Error(`inlineSql: ${parts.length - 1} placeholders for ${values.length} values`);
  let sql = parts[0];
  values.forEach((value, i) => {
    if (typeof value === 'number' && !Number.isFinite(value)) throw new Error(`inlineSql: value ${i} is not a finite number`);
    sql += (value === null ? 'NULL' : typeof value === 'number' ? String(value) : quoteLiteral(value)) + parts[i + 1];
  });
  return sql;
}

function quoteLiteral(value: string): string {
  return `E'${value.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
}

/**
 * Runs one statement with `actor`'s row-level-security settings in ONE round trip: the settings
 * and the statement go as a single simple query, which PostgreSQL runs as one implicit
 * transaction (set_config(..., true) lasts exactly that long; an error rolls all of it back).
 * For a hot write path: `withTenant` needs four round trips (BEGIN, settings, work, COMMIT), and
 * each waits for this process's event loop, which a bulk job keeps busy scoring the next chunk.
 * `statement` must be complete SQL (see `inlineSql`). Returns the statement's rows.
 *
 * @param options.isCommitAsync let the commit return before its WAL is flushed: only for writes a
 *   crash may lose without harm (a bulk chunk whose resume point is in the same transaction)
 */
export async function runAsTenantInOneRoundTrip(
  db: Knex,
  actor: TenantActor,
  statement: string,
  options: { isCommitAsync?: boolean } = {},
): Promise<Record<string, unknown>[]> {
  const settings = inlineSql(RLS_SETTINGS, rlsSettingValues(actor)) + (options.isCommitAsync ? ", set_config('synchronous_commit', 'off', true)" : '');
  // Straight to the pool's pg client: knex.raw would read question marks inside the values as
  // placeholders, and only a query without parameters may hold two statements.
  const connection = (await db.client.acquireConnection()) as pg.Client;
  try {
    const results = (await connection.query(`${settings};\n${statement}`)) as unknown as pg.QueryResult[];
    return results[results.length - 1].rows;
  } finally {
    await db.client.releaseConnection(connection);
  }
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
