import { setTimeout as sleep } from 'node:timers/promises';
import type { Knex } from 'knex';
import type { UserActor } from '../access/roles.ts';
import { isFinalStatus } from './score-job-status.ts';
import type { ScoreJobView } from './score-job.view.ts';
import { getScoreJob } from './score-jobs.service.ts';

/** What a watcher of a job hears: its state when it moved, silence-breaking heartbeats, and the end. */
export type ScoreJobUpdate = { kind: 'progress' | 'finished'; job: ScoreJobView } | { kind: 'heartbeat' };

export interface WatchOptions {
  pollMs: number;
  heartbeatMs: number;
  /** Stops the watch (the client went away). */
  isStopped(): boolean;
}

/** Fields of a job whose change is worth an update (throughput and ETA move with the clock alone). */
const progressKey = (job: ScoreJobView): string => `${job.status}|${job.processedRows}|${job.failedRows}|${job.cancelRequestedAt}|${job.totalRows}`;

/**
 * Follows one job as `actor` sees it: its state at once, then an update whenever it moves, a
 * heartbeat after `heartbeatMs` of silence, and a final `finished` update. The job row is the source
 * of truth (workers commit progress with each chunk), so any API process can serve any watcher.
 * Ends quietly if the job vanishes or the actor loses access mid-watch.
 */
export async function* watchScoreJob(db: Knex, actor: UserActor, jobId: string, options: WatchOptions): AsyncGenerator<ScoreJobUpdate> {
  let job = await getScoreJob(db, actor, jobId);
  yield { kind: isFinalStatus(job.status) ? 'finished' : 'progress', job };
  if (isFinalStatus(job.status)) return;
  let lastKey = progressKey(job);
  let lastUpdate = Date.now();
  while (!options.isStopped()) {
    await sleep(options.pollMs);
    if (options.isStopped()) return;
    try {
      job = await getScoreJob(db, actor, jobId);
    } catch {
      return;
    }
    if (isFinalStatus(job.status)) {
      yield { kind: 'finished', job };
      return;
    }
    const key = progressKey(job);
    if (key !== lastKey) {
      yield { kind: 'progress', job };
      lastKey = key;
      lastUpdate = Date.now();
    } else if (Date.now() - lastUpdate >= options.heartbeatMs) {
      yield { kind: 'heartbeat' };
      lastUpdate = Date.now();
    }
  }
}
