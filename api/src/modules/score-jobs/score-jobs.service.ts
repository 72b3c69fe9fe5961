import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type Bull from 'bull';
import type { Knex } from 'knex';
import type { Logger } from 'pino';
import type { Config } from '../../config.ts';
import { withTenant } from '../../db/with-tenant.ts';
import type { ScoreJobPayload } from '../../jobs/queues.ts';
import { decodeCursor, pageLimit, toPage, type Page } from '../../lib/pagination.ts';
import { Forbidden, NotFound, ServiceUnavailable } from '../../lib/problem.ts';
import { assertCan } from '../access/permissions.ts';
import type { Actor, UserActor } from '../access/roles.ts';
import { writeScopeFor, type DataScope, type ScopeColumns } from '../portfolio/data-scope.ts';
import { JobNotCancellable } from './score-jobs.problems.ts';
import * as repo from './score-jobs.repository.ts';
import { toScoreJobView, type ScoreJobView } from './score-job.view.ts';
import { inspectUpload } from './upload-file.ts';

/** Collaborators of the score-job service. */
export interface ScoreJobDeps {
  db: Knex;
  queue: Bull.Queue<ScoreJobPayload>;
  config: Pick<Config, 'UPLOAD_DIR' | 'UPLOAD_MAX_ROWS'>;
  logger?: Logger;
}

/** A file the HTTP layer has already streamed to disk. */
export interface StoredUpload {
  path: string;
  originalName: string;
  size: number;
}

/** Loads a job the actor can read, or 404 (a foreign id never reveals whether it exists). */
export async function loadScoreJob(trx: Knex.Transaction, id: string): Promise<repo.ScoreJobRow> {
  const job = await repo.findScoreJob(trx, id);
  if (!job) throw new NotFound('No such score job.');
  return job;
}

/** Whether `actor` may write data of the job's scope (the row-level write policy, answered up front). */
export function canWriteScope(actor: Pick<Actor, 'userId' | 'role' | 'orgId'>, scope: ScopeColumns): boolean {
  switch (scope.scope) {
    case 'personal':
      return scope.ownerUserId === actor.userId;
    case 'organization':
      return scope.organizationId === actor.orgId && (actor.role === 'org_admin' || actor.role === 'org_member');
    case 'global':
      return actor.role === 'super_admin';
  }
}

/**
 * Accepts a bulk-scoring file: checks it (format, encoding, delimiter, columns, row count; 422 with
 * every reason otherwise), moves it under the job's id, records the job and queues it. The queue
 * message is only the id: the file stays on disk, never in Redis.
 */
export async function createScoreJob(
  deps: ScoreJobDeps,
  actor: UserActor,
  upload: StoredUpload,
  requestedScope: DataScope | undefined,
  embed?: { jti: string },
): Promise<ScoreJobView> {
  assertCan(actor, 'scoring.run');
  // Score jobs span many companies, so a token limited to some companies cannot see any (the
  // embed policies of the score_jobs table); say so instead of failing at the insert.
  if (actor.embed && actor.embed.mode !== 'portfolio') throw new Forbidden('Bulk scoring needs an embed token minted for the whole portfolio.');
  const scope = writeScopeFor(actor, requestedScope);
  const inspected = await inspectUpload(upload.path, upload.originalName, { maxRows: deps.config.UPLOAD_MAX_ROWS });
  const id = randomUUID();
  const storagePath = path.join(deps.config.UPLOAD_DIR, `${id}.${inspected.layout.format}`);
  await fs.promises.rename(upload.path, storagePath);
  const job = await withTenant(deps.db, actor, (trx) =>
    repo.insertScoreJob(trx, {
      id,
      ...scope,
      fileName: upload.originalName.slice(0, 255),
      fileFormat: inspected.layout.format,
      fileSize: upload.size,
      storagePath,
      totalRows: inspected.estimatedRows,
      options: { layout: inspected.layout, columns: inspected.columns.columns, headerOf: inspected.columns.headerOf },
      // An embed token has no user: the job records the token instead, and its worker acts as the token did.
      createdBy: embed ? null : actor.userId,
      embedJti: embed?.jti ?? null,
    }),
  );
  try {
    // The Bull job id is the score job's id, so cancelling can find and remove it.
    await deps.queue.add({ scoreJobId: id }, { jobId: id, removeOnComplete: true, removeOnFail: 1000 });
  } catch {
    await withTenant(deps.db, actor, (trx) => repo.finishScoreJob(trx, id, { status: 'failed', error: 'The job could not be queued.' }));
    throw new ServiceUnavailable('The job queue is not reachable; the job was recorded as failed. Try again shortly.');
  }
  return toScoreJobView(job);
}

export interface ScoreJobListQuery {
  limit?: number;
  cursor?: string;
  status?: repo.ScoreJobStatus;
}

/** Jobs the actor may read (their own, their organization's, and for admins what their role shows), newest first. */
export async function listScoreJobs(db: Knex, actor: UserActor, query: ScoreJobListQuery): Promise<Page<ScoreJobView>> {
  assertCan(actor, 'portfolio.read');
  const limit = pageLimit(query.limit);
  const after = decodeCursor(query.cursor, 2) as [string, string] | null;
  const rows = await withTenant(db, actor, (trx) => repo.listScoreJobs(trx, { after, limit: limit + 1, status: query.status }));
  const now = new Date();
  return toPage(rows, limit, (j) => [new Date(j.createdAt).toISOString(), j.id], (j) => toScoreJobView(j, now));
}

export async function getScoreJob(db: Knex, actor: UserActor, id: string): Promise<ScoreJobView> {
  assertCan(actor, 'portfolio.read');
  return toScoreJobView(await withTenant(db, actor, (trx) => loadScoreJob(trx, id)));
}

/**
 * Cancels a job: a queued one at once (and its queue entry is removed), a running one by asking its
 * worker, which stops after the chunk in hand. Those who can read but not write the job's scope
 * (a tenant admin looking at an organization's job) get 403; final jobs 409.
 */
export async function cancelScoreJob(deps: Pick<ScoreJobDeps, 'db' | 'queue'>, actor: UserActor, id: string): Promise<ScoreJobView> {
  assertCan(actor, 'portfolio.read');
  const job = await withTenant(deps.db, actor, async (trx) => {
    const current = await loadScoreJob(trx, id);
    if (!canWriteScope(actor, current)) throw new Forbidden('You may read this job but not cancel it: it belongs to a scope you do not write to.', { action: 'portfolio.write' });
    if (await repo.cancelQueuedJob(trx, id)) return loadScoreJob(trx, id);
    if (await repo.requestCancel(trx, id)) return loadScoreJob(trx, id);
    throw new JobNotCancellable(`The job is ${current.status}; only queued or running jobs can be cancelled.`, { status: current.status });
  });
  if (job.status === 'cancelled') {
    // Best effort: a worker that picks the entry up anyway finds the job cancelled and stops.
    await deps.queue
      .getJob(id)
      .then((entry) => entry?.remove())
      .catch(() => undefined);
  }
  return toScoreJobView(job);
}

export type ScoreJobErrorView = { rowNumber: number; column: string | null; reason: string };

/** The rows that could not be scored, in file order. */
export async function listScoreJobErrors(db: Knex, actor: UserActor, id: string, query: { limit?: number; cursor?: string }): Promise<Page<ScoreJobErrorView>> {
  assertCan(actor, 'portfolio.read');
  const limit = pageLimit(query.limit);
  const after = decodeCursor(query.cursor, 2) as [number, number] | null;
  const rows = await withTenant(db, actor, async (trx) => {
    await loadScoreJob(trx, id);
    return repo.listScoreJobErrors(trx, id, { after, limit: limit + 1 });
  });
  return toPage(rows, limit, (e) => [e.rowNumber, Number(e.id)], (e) => ({ rowNumber: e.rowNumber, column: e.column, reason: e.reason }));
}
