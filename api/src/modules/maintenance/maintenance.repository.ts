import type { Knex } from 'knex';

/** Deletes refresh-token families that expired or were revoked more than a day ago. */
export async function purgeExpiredSessions(db: Knex): Promise<number> {
  const { rows } = await db.raw('SELECT purge_expired_sessions() AS purged');
  return rows[0].purged as number;
}

/** Jobs that finished before `finishedBefore` and still have their upload on disk (id and path only). */
export async function findUploadsDue(db: Knex, finishedBefore: Date, limit: number): Promise<{ id: string; storagePath: string }[]> {
  const { rows } = await db.raw('SELECT * FROM score_job_uploads_due(?, ?)', [finishedBefore, limit]);
  return rows.map((r: { id: string; storage_path: string }) => ({ id: r.id, storagePath: r.storage_path }));
}

/** Records that these jobs' uploads were deleted. */
export async function markUploadsPurged(db: Knex, ids: string[]): Promise<number> {
  const { rows } = await db.raw('SELECT mark_score_job_uploads_purged(?::uuid[]) AS marked', [ids]);
  return rows[0].marked as number;
}

/** Deletes embed-token records (kept for revocation checks) that expired more than a day ago. */
export async function purgeExpiredEmbedTokens(db: Knex): Promise<number> {
  const { rows } = await db.raw(`SELECT purge_expired_embed_tokens(interval '1 day') AS purged`);
  return rows[0].purged as number;
}
