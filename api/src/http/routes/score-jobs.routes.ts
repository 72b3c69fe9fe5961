import { Router, type Request, type Response } from 'express';
import type { Container } from '../../container.ts';
import { createProducerQueue, QUEUE_NAMES, type ScoreJobPayload } from '../../jobs/queues.ts';
import { fieldProblem } from '../../lib/problem.ts';
import type { DataScope } from '../../modules/portfolio/data-scope.ts';
import { openScoreJobResults, type ResultFormat } from '../../modules/score-jobs/score-job-results.ts';
import { templateCsv, templateXlsx } from '../../modules/score-jobs/score-job-template.ts';
import type { ScoreJobStatus } from '../../modules/score-jobs/score-job-status.ts';
import { watchScoreJob, type ScoreJobUpdate } from '../../modules/score-jobs/score-job-watch.ts';
import * as scoreJobs from '../../modules/score-jobs/score-jobs.service.ts';
import { actorOf } from '../actor.ts';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/** How often an event stream re-reads its job, and how long it may stay silent before a heartbeat. */
const EVENTS_POLL_MS = 500;
const EVENTS_HEARTBEAT_MS = 15_000;

/**
 * Server-sent events for one job: its state at once, a `progress` event whenever it moves, comment
 * heartbeats so proxies keep the stream open, and a final `finished` event before the stream closes.
 */
async function streamJobEvents(c: Container, req: Request, res: Response): Promise<void> {
  let isClosed = false;
  req.on('close', () => {
    isClosed = true;
  });
  // The first update comes before any byte is written, so a foreign or unknown job still gets a 404 problem.
  const updates = watchScoreJob(c.db, actorOf(req), req.params.scoreJobId as string, { pollMs: EVENTS_POLL_MS, heartbeatMs: EVENTS_HEARTBEAT_MS, isStopped: () => isClosed });
  const first = await updates.next();
  res.status(200).set({ 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-cache, no-transform', Connection: 'keep-alive', 'X-Accel-Buffering': 'no' });
  res.flushHeaders();
  let eventId = 0;
  const write = (update: ScoreJobUpdate): void => {
    if (update.kind === 'heartbeat') res.write(': heartbeat\n\n');
    else res.write(`id: ${++eventId}\nevent: ${update.kind}\ndata: ${JSON.stringify(update.job)}\n\n`);
  };
  if (!first.done) write(first.value);
  for await (const update of updates) write(update);
  if (!isClosed) res.end();
}

/** Bulk scoring: upload a file, follow the job, read its errors and download its results. */
export function scoreJobRoutes(c: Container): Router {
  const router = Router();
  const queue = createProducerQueue<ScoreJobPayload>(c.config, QUEUE_NAMES.scoreJobs, c.redis);
  const deps: scoreJobs.ScoreJobDeps = { db: c.db, queue, config: c.config, logger: c.logger };

  router.get('/v1/score-jobs/template.csv', (_req, res) => {
    res.type('text/csv; charset=utf-8').attachment('defaultrate-bulk-template.csv').send(templateCsv());
  });

  router.get('/v1/score-jobs/template.xlsx', async (_req, res) => {
    res.type(XLSX_TYPE).attachment('defaultrate-bulk-template.xlsx').send(await templateXlsx());
  });

  router.post('/v1/score-jobs', async (req, res) => {
    // The validator's multer has already streamed the file to UPLOAD_DIR (see app.ts).
    const file = (req.files as Express.Multer.File[] | undefined)?.find((f) => f.fieldname === 'file');
    if (!file) throw fieldProblem('/body/file', 'is required: send the .csv or .xlsx file as the multipart field "file"');
    const { scope } = (req.body ?? {}) as { scope?: DataScope };
    const job = await scoreJobs.createScoreJob(deps, actorOf(req), { path: file.path, originalName: file.originalname, size: file.size }, scope, req.embed?.kind === 'data' ? { jti: req.embed.jti } : undefined);
    res.status(202).location(`/v1/score-jobs/${job.id}`).json(job);
  });

  router.get('/v1/score-jobs', async (req, res) => {
    const { limit, cursor, status } = req.query as { limit?: number; cursor?: string; status?: ScoreJobStatus };
    res.json(await scoreJobs.listScoreJobs(c.db, actorOf(req), { limit, cursor, status }));
  });

  router.get('/v1/score-jobs/:scoreJobId', async (req, res) => {
    res.json(await scoreJobs.getScoreJob(c.db, actorOf(req), req.params.scoreJobId));
  });

  router.post('/v1/score-jobs/:scoreJobId/cancel', async (req, res) => {
    res.json(await scoreJobs.cancelScoreJob(deps, actorOf(req), req.params.scoreJobId));
  });

  router.get('/v1/score-jobs/:scoreJobId/events', (req, res) => streamJobEvents(c, req, res));

  router.get('/v1/score-jobs/:scoreJobId/errors', async (req, res) => {
    const { limit, cursor } = req.query as { limit?: number; cursor?: string };
    res.json(await scoreJobs.listScoreJobErrors(c.db, actorOf(req), req.params.scoreJobId, { limit, cursor }));
  });

  router.get('/v1/score-jobs/:scoreJobId/results', async (req, res) => {
    const format = ((req.query as { format?: ResultFormat }).format ?? 'csv') as ResultFormat;
    const results = await openScoreJobResults(c.db, actorOf(req), req.params.scoreJobId);
    res.status(200).type(format === 'csv' ? 'text/csv; charset=utf-8' : XLSX_TYPE).attachment(`${results.fileName}-results.${format}`);
    try {
      await results.writeTo(format, res);
    } catch (error) {
      // Headers are out, so no problem document can follow: cut the download so it cannot pass for complete.
      c.logger.error({ reqId: req.id, err: error instanceof Error ? error.message : String(error) }, 'results export failed');
      res.destroy();
    }
  });

  return router;
}
