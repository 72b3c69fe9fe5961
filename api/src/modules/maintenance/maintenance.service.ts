import fs from 'node:fs';
import path from 'node:path';
import type { Knex } from 'knex';
import { findUploadsDue, markUploadsPurged, purgeExpiredEmbedTokens, purgeExpiredSessions } from './maintenance.repository.ts';

export const MAINTENANCE_TASKS = ['purge_expired_sessions', 'purge_old_uploads', 'purge_expired_embed_tokens'] as const;
export type MaintenanceTask = (typeof MAINTENANCE_TASKS)[number];

export interface MaintenanceOptions {
  uploadDir: string;
  uploadRetentionDays: number;
}

/** Uploads deleted per batch; the task loops until none is due. */
const UPLOAD_BATCH = 500;

/**
 * Deletes the upload files of jobs that ended more than the retention period ago, then marks them
 * purged. Deleting first means a crash in between only leaves a job to be retried (a file already
 * gone counts as deleted). Only paths inside the upload folder are ever touched.
 */
async function purgeOldUploads(db: Knex, options: MaintenanceOptions): Promise<number> {
  const finishedBefore = new Date(Date.now() - options.uploadRetentionDays * 24 * 3600 * 1000);
  const root = path.resolve(options.uploadDir) + path.sep;
  let purged = 0;
  for (;;) {
    const due = await findUploadsDue(db, finishedBefore, UPLOAD_BATCH);
    if (due.length === 0) return purged;
    for (const upload of due) {
      const file = path.resolve(upload.storagePath);
      if (!file.startsWith(root)) continue;
      await fs.promises.rm(file, { force: true });
    }
    purged += await markUploadsPurged(db, due.map((u) => u.id));
    if (due.length < UPLOAD_BATCH) return purged;
  }
}

/** Runs one housekeeping task and says what it did. */
export async function runMaintenanceTask(db: Knex, task: MaintenanceTask, options: MaintenanceOptions): Promise<{ task: MaintenanceTask; purged: number }> {
  switch (task) {
    case 'purge_expired_sessions':
      return { task, purged: await purgeExpiredSessions(db) };
    case 'purge_old_uploads':
      return { task, purged: await purgeOldUploads(db, options) };
    case 'purge_expired_embed_tokens':
      return { task, purged: await purgeExpiredEmbedTokens(db) };
    default:
      throw new Error(`Unknown maintenance task ${JSON.stringify(task)}`);
  }
}
