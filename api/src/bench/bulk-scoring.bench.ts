/**
 * `npm run bench:bulk`: end-to-end throughput of bulk scoring. Generates a synthetic CSV (100,000
 * rows by default; BENCH_ROWS to change), starts the API and a worker in this process on an
 * ephemeral port against the configured database and Redis, uploads the file over HTTP as a
 * throw-away organization member, waits for the job to finish, prints rows per second from upload
 * to completion with the split, and removes everything it created.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { createApp } from '../app.ts';
import { loadConfig } from '../config.ts';
import { createContainer } from '../container.ts';
import { createOwnerKnex } from '../db/knex.ts';
import { prepareDatabase } from '../db/setup.ts';
import { hashPassword } from '../modules/auth/secrets.ts';
import { startWorker } from '../worker.ts';
import { SYNTHETIC_HEADER, syntheticStatementRows } from './synthetic-statements.ts';

const ROWS = Number(process.env.BENCH_ROWS ?? 100_000);
const seconds = (ms: number) => (ms / 1000).toFixed(2);

async function writeCsv(file: string): Promise<void> {
  const out = fs.createWriteStream(file);
  out.write(SYNTHETIC_HEADER.join(',') + '\n');
  let batch: string[] = [];
  for (const row of syntheticStatementRows(ROWS, { prefix: 'Bench' })) {
    batch.push(row.join(','));
    if (batch.length === 5000) {
      if (!out.write(batch.join('\n') + '\n')) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
      batch = [];
    }
  }
  if (batch.length) out.write(batch.join('\n') + '\n');
  await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
}

async function main(): Promise<void> {
  const uploadDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dr-bench-uploads-'));
  const config = loadConfig({ UPLOAD_DIR: uploadDir, RUN_WORKER: 'false', LOG_LEVEL: 'info' });
  await prepareDatabase(config);
  // The worker's "score job finished" log line carries the read/score/write split.
  let workerTiming: Record<string, number> | null = null;
  const logSink = new Writable({
    write(chunk: Buffer, _enc, done) {
      const line = JSON.parse(chunk.toString()) as Record<string, unknown>;
      if (line.msg === 'score job finished') workerTiming = line as Record<string, number>;
      done();
    },
  });
  const container = await createContainer(config, { logger: pino({ level: 'info' }, logSink) });
  const worker = await startWorker(container);
  const server = http.createServer(createApp(container));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  const owner = createOwnerKnex(config);
  // Each run inserts and deletes 100,000s of rows; where autovacuum is off (as on the dev machine),
  // the dead rows of earlier runs slow every later one down. Start from vacuumed tables, as
  // autovacuum would leave them, so runs are comparable (outside the timed part).
  await owner.raw('VACUUM ANALYZE companies, statements, predictions, alerts, score_jobs, score_job_errors, webhook_deliveries');
  const tag = randomUUID().slice(0, 8);
  const [tenant] = await owner('tenants').insert({ name: `Bench ${tag}`, slug: `bench-${tag}` }).returning('id');
  const [org] = await owner('organizations').insert({ tenant_id: tenant.id, name: `Bench org ${tag}` }).returning('id');
  const password = `bench-${randomUUID()}`;
  const email = `bench-${tag}@bench.test`;
  const [user] = await owner('users')
    .insert({ email, display_name: 'Bench', password_hash: await hashPassword(password), role: 'org_member', tenant_id: tenant.id, organization_id: org.id })
    .returning('id');
  const file = path.join(os.tmpdir(), `dr-bench-${tag}.csv`);
  try {
    const generateStart = performance.now();
    await writeCsv(file);
    const size = fs.statSync(file).size;
    console.log(`Generated ${ROWS.toLocaleString('en')} rows (${(size / 1e6).toFixed(1)} MB) in ${seconds(performance.now() - generateStart)} s`);

    const login = await fetch(`${base}/v1/auth/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ email, password }) });
    const { accessToken } = (await login.json()) as { accessToken: string };
    const auth = { Authorization: `Bearer ${accessToken}` };

    const form = new FormData();
    form.append('file', await fs.openAsBlob(file, { type: 'text/csv' }), 'bench.csv');
    const start = performance.now();
    const created = await fetch(`${base}/v1/score-jobs`, { method: 'POST', headers: auth, body: form });
    const uploaded = performance.now();
    if (created.status !== 202) throw new Error(`upload answered ${created.status}: ${await created.text()}`);
    const { id } = (await created.json()) as { id: string };
    let job: { status: string; processedRows: number; succeededRows: number; failedRows: number; rowsPerSecond: number | null; error: string | null };
    for (;;) {
      job = (await (await fetch(`${base}/v1/score-jobs/${id}`, { headers: auth })).json()) as typeof job;
      if (!['queued', 'running'].includes(job.status)) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const done = performance.now();
    const total = done - start;
    console.log(`Job ${job.status}: ${job.succeededRows.toLocaleString('en')} scored, ${job.failedRows} refused${job.error ? ` (${job.error})` : ''}`);
    console.log(`End to end (upload → completed): ${seconds(total)} s = ${Math.round(ROWS / (total / 1000)).toLocaleString('en')} rows/s`);
    console.log(`  upload + checks (HTTP 202):   ${seconds(uploaded - start)} s`);
    console.log(`  queue + processing:           ${seconds(done - uploaded)} s (worker's own figure: ${job.rowsPerSecond?.toLocaleString('en')} rows/s)`);
    // The worker logs its split just after it commits the final status: give the line a moment.
    for (let waited = 0; !workerTiming && waited < 3000; waited += 50) await new Promise((r) => setTimeout(r, 50));
    const w = workerTiming as Record<string, number> | null;
    if (w) {
      console.log(`  worker split: read+parse ${seconds(w.readMs)} s, score ${seconds(w.scoreMs)} s, DB writes ${seconds(w.writeMs)} s (overlapping the reading; the reader waited ${seconds(w.writeWaitMs)} s for them)`);
    }
  } finally {
    fs.rmSync(file, { force: true });
    await owner('users').where({ id: user.id }).delete();
    await owner('tenants').where({ id: tenant.id }).delete();
    await owner.destroy();
    await worker.close();
    server.close();
    await container.close();
    fs.rmSync(uploadDir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
