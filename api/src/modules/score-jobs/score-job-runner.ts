import type { Knex } from 'knex';
import type { Logger } from 'pino';
import type { DefaultModel } from '@defaultrate/model';
import type { Config } from '../../config.ts';
import { withTenant } from '../../db/with-tenant.ts';
import type { UserActor } from '../access/roles.ts';
import { findPrincipal } from '../auth/auth.repository.ts';
import { embedActor } from '../embed-tokens/embed-actor.ts';
import * as repo from './score-jobs.repository.ts';
import { scoreChunk, type ScoredChunk } from './score-chunk.ts';
import { StatementHistory } from './statement-history.ts';
import { canWriteScope } from './score-jobs.service.ts';
import type { UploadColumn } from './upload-columns.ts';
import { readDataRows, type UploadLayout, type UploadRow } from './upload-file.ts';

/** Collaborators of the bulk-scoring worker. */
export interface ScoreJobRunnerDeps {
  db: Knex;
  model: DefaultModel;
  config: Pick<Config, 'SCORE_JOB_CHUNK_ROWS' | 'UPLOAD_MAX_ROWS'>;
  logger?: Logger;
}

/** What the job row stores about its file (see createScoreJob). */
interface StoredOptions {
  layout: UploadLayout;
  columns: (UploadColumn | undefined)[];
  headerOf: Partial<Record<UploadColumn, string>>;
}

/** Rows read between two turns of the event loop (see the read loop). */
const YIELD_EVERY_ROWS = 250;

/** A problem with the file found while reading it: the job fails with this message, shown to the caller. */
class FileProblem extends Error {}

/** A chunk write that failed (database trouble): not the file's fault, so not described as such. */
class WriteFailed extends Error {}

async function settled(writing: Promise<{ isCancelRequested: boolean }>): Promise<{ isCancelRequested: boolean }> {
  try {
    return await writing;
  } catch (error) {
    throw new WriteFailed('chunk write failed', { cause: error });
  }
}

/**
 * The job's creator as an actor, re-read from the database: a user who was disabled, whose
 * institution was suspended, or who left the organization the job writes to, no longer acts
 * through a job they started earlier.
 */
async function actorOfCreator(db: Knex, jobId: string): Promise<UserActor | string> {
  const creatorId = await repo.findScoreJobCreator(db, jobId);
  if (!creatorId) return actorOfEmbedJob(db, jobId);
  const principal = await findPrincipal(db, creatorId);
  if (!principal || !principal.isActive) return 'The user who started this job is disabled.';
  if (principal.tenantStatus === 'suspended') return "The user's institution is suspended.";
  return { userId: principal.id, role: principal.role, tenantId: principal.tenantId, orgId: principal.organizationId, ip: null, requestId: null };
}

/**
 * A job an embed token started acts as the token did: an org member of the job's organization with
 * no user, reading and writing organization data only. A suspended tenant stops it like any other.
 */
async function actorOfEmbedJob(db: Knex, jobId: string): Promise<UserActor | string> {
  const origin = await repo.findScoreJobEmbedOrigin(db, jobId);
  if (!origin) return 'The user who started this job no longer exists.';
  if (origin.tenantStatus === 'suspended') return 'The institution is suspended.';
  return embedActor({ tenantId: origin.tenantId, orgId: origin.organizationId, resources: { portfolio: true } }, null, null);
}

function describeReadError(error: unknown, rowNumber: number): string {
  const message = error instanceof Error ? error.message : String(error);
  return `The file could not be read after row ${rowNumber}: ${message.slice(0, 300)}`;
}

/**
 * Runs (or resumes) one bulk-scoring job: streams its file from disk, scores chunks of
 * SCORE_JOB_CHUNK_ROWS rows and writes each chunk with its counters in one transaction as the job's
 * creator. A resumed job (its worker died) skips the rows already committed, so no row is lost or
 * written twice; the (job, row) key of predictions makes a replayed chunk harmless anyway.
 * While one chunk is being written, the next one is read and scored, so the database and the
 * model work at the same time. Cancellation is checked after every chunk.
 */
export async function runScoreJob(deps: ScoreJobRunnerDeps, jobId: string): Promise<repo.ScoreJobStatus | 'skipped'> {
  const { db, model, config } = deps;
  const actorOrReason = await actorOfCreator(db, jobId);
  if (typeof actorOrReason === 'string') {
    await repo.failOrphanedScoreJob(db, jobId, actorOrReason);
    return 'failed';
  }
  const actor = actorOrReason;
  const job = await withTenant(db, actor, async (trx) => {
    const current = await repo.findScoreJob(trx, jobId);
    if (!current || !canWriteScope(actor, current)) return 'orphaned' as const;
    return (await repo.startScoreJob(trx, jobId)) ?? ('final' as const);
  });
  if (job === 'orphaned') {
    await repo.failOrphanedScoreJob(db, jobId, 'The user who started this job no longer belongs to the scope it writes to.');
    return 'failed';
  }
  if (job === 'final') return 'skipped';
  const finish = (outcome: { status: repo.ScoreJobStatus; totalRows?: number; error?: string | null }) =>
    withTenant(db, actor, async (trx) => {
      const done = await repo.finishScoreJob(trx, jobId, outcome);
      if (done && done.organizationId && (done.status === 'completed' || done.status === 'completed_with_errors')) {
        await repo.enqueueScoreJobCompleted(trx, done.organizationId, {
          scoreJobId: done.id,
          status: done.status,
          fileName: done.fileName,
          totalRows: done.totalRows,
          succeededRows: done.succeededRows,
          failedRows: done.failedRows,
          finishedAt: done.finishedAt,
        });
      }
      return done;
    });
  if (job.cancelRequestedAt) {
    await finish({ status: 'cancelled' });
    return 'cancelled';
  }

  const options = job.options as unknown as StoredOptions;
  const columnMap = { columns: options.columns, headerOf: options.headerOf };
  let processed = job.processedRows;
  // Earlier chunks' statements, for TTM and year-over-year. A resumed job starts it empty: rows after
  // the resume point whose earlier quarters were committed before the crash are scored without them.
  const history = new StatementHistory();
  let writing: Promise<{ isCancelRequested: boolean }> | null = null;
  let isCancelled = false;
  // Where the time goes (logged at the end): reading+parsing, scoring, database writes (which
  // overlap with reading the next chunk), and the part of the writes the reader had to wait for.
  const timing = { readMs: 0, scoreMs: 0, writeMs: 0, writeWaitMs: 0 };

  const write = async (rows: UploadRow[]): Promise<void> => {
    const scoreStart = performance.now();
    const chunk: ScoredChunk = scoreChunk(model, rows, columnMap, { isDecimalComma: options.layout.isDecimalComma, history });
    timing.scoreMs += performance.now() - scoreStart;
    // One write at a time, in file order, so the committed resume point only ever moves forward.
    const waitStart = performance.now();
    if (writing && (await settled(writing)).isCancelRequested) {
      isCancelled = true;
      return;
    }
    timing.writeWaitMs += performance.now() - waitStart;
    processed += rows.length;
    const processedNow = processed;
    const writeStart = performance.now();
    writing = repo.writeChunk(db, actor, job, chunk, processedNow).then((result) => {
      timing.writeMs += performance.now() - writeStart;
      return result;
    });
    // Awaited before the next write; this only stops an early rejection from counting as unhandled.
    writing.catch(() => undefined);
  };

  let lastRow = 0;
  try {
    let buffer: UploadRow[] = [];
    let readStart = performance.now();
    try {
      for await (const row of readDataRows(job.storagePath, options.layout, processed)) {
        timing.readMs += performance.now() - readStart;
        if (processed + buffer.length >= config.UPLOAD_MAX_ROWS) throw new FileProblem(`The file has more than ${config.UPLOAD_MAX_ROWS} data rows, the most one job accepts; rows after row ${lastRow} were not scored. Split the file.`);
        lastRow = row.rowNumber;
        buffer.push(row);
        // Parsed rows arrive as promise continuations, which never let the event loop handle the
        // database's replies; yielding now and then lets the write in flight send its next
        // statement instead of leaving the database idle until this chunk is read and scored.
        if (buffer.length % YIELD_EVERY_ROWS === 0) await new Promise((resolve) => setImmediate(resolve));
        if (buffer.length >= config.SCORE_JOB_CHUNK_ROWS) {
          await write(buffer);
          buffer = [];
          if (isCancelled) break;
        }
        readStart = performance.now();
      }
    } catch (error) {
      if (error instanceof FileProblem || error instanceof WriteFailed) throw error;
      // A parse failure surfaces here; a database failure surfaces where the write is awaited.
      throw new FileProblem(describeReadError(error, lastRow));
    }
    if (!isCancelled && buffer.length > 0) await write(buffer);
    const waitStart = performance.now();
    if (!isCancelled && writing && (await settled(writing)).isCancelRequested) isCancelled = true;
    timing.writeWaitMs += performance.now() - waitStart;
  } catch (error) {
    await (writing as Promise<unknown> | null)?.catch(() => undefined);
    const message = error instanceof FileProblem ? error.message : 'The job failed on our side while writing results; the rows written so far are kept.';
    await finish({ status: 'failed', error: message });
    if (error instanceof FileProblem) return 'failed';
    throw error instanceof WriteFailed ? error.cause : error;
  }
  if (isCancelled) {
    await finish({ status: 'cancelled' });
    return 'cancelled';
  }
  const final = await withTenant(db, actor, (trx) => repo.findScoreJob(trx, jobId));
  const status = (final?.failedRows ?? 0) > 0 ? 'completed_with_errors' : 'completed';
  await finish({ status, totalRows: processed });
  const ms = Object.fromEntries(Object.entries(timing).map(([k, v]) => [k, Math.round(v)]));
  deps.logger?.info({ scoreJobId: jobId, rows: processed, status, ...ms }, 'score job finished');
  return status;
}
