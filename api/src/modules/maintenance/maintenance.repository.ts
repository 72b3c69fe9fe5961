import type { Knex } from 'knex';

/** Deletes refresh-token families that expired or were revoked more than a day ago. */
export async function purgeExpiredSessions(db: Knex): Promise<number> {
  const { rows } = await db.raw('SELECT purge_expired_sessions() AS purged');
  return rows[0].purged as number;
}
