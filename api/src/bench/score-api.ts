/**
 * `npm run bench:api`: throughput and latency of POST /v1/score on the real app.
 *
 * Boots the API (production mode: no response validation, as deployed) on a loopback port with the
 * configured database and Redis, creates a throw-away tenant with one org member, logs in once (the
 * login rate limiter makes per-run logins a bad idea), then drives the endpoint with autocannon:
 * - a sweep of fixed concurrencies (1, 2, 4, 8, 16 connections), then the verdict on the aim
 *   "p99 ≤ 10 ms at 1,000 requests/s": the best throughput of ≥ 1,000 req/s with p99 ≤ 10 ms;
 * - a 1,000 req/s cap over 10 connections. autocannon's rate limit is a per-second allowance per
 *   connection, so each connection sends its share back to back at the start of every second:
 *   these are bursts of 10 concurrent requests, not evenly spaced arrivals. (The previous version
 *   spread the cap over 100 connections: bursts of 100 in flight, which measured the queue of that
 *   burst — p50 ≈ 40 ms at any speed below 10,000 req/s — rather than the service.)
 * - fixed concurrency with drivers (TreeSHAP) asked for.
 * autocannon runs in a worker thread so that it does not share the server's event loop (it does
 * share the machine's cores with the server and PostgreSQL). Everything it created is deleted at
 * the end. Total run time is about 45 s.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import autocannon from 'autocannon';
import { createApp } from '../app.ts';
import { loadConfig } from '../config.ts';
import { createContainer } from '../container.ts';
import { createOwnerKnex } from '../db/knex.ts';
import { prepareDatabase } from '../db/setup.ts';
import { hashPassword } from '../modules/auth/secrets.ts';

const STATEMENT = {
  fiscalYear: 2024,
  unit: 'millions',
  totalAssets: 1200,
  currentAssets: 480,
  currentLiabilities: 310,
  totalLiabilities: 760,
  retainedEarnings: 220,
  netSales: 1500,
  totalRevenue: 1500,
  ebit: 95,
  ebitda: 140,
  netIncome: 60,
  marketValue: 900,
  costOfGoodsSold: 1000,
  grossProfit: 500,
  inventory: 100,
  totalReceivables: 150,
  longTermDebt: 200,
  depreciationAndAmortization: 45,
  totalOperatingExpenses: 1400,
};
const PREVIOUS = { ...STATEMENT, fiscalYear: 2023, netIncome: 80, ebit: 120 };

interface Scenario {
  label: string;
  body: unknown;
  options: Partial<autocannon.Options>;
}

const SCORE_BODY = { statement: STATEMENT, previous: [PREVIOUS] };
const SWEEP_CONNECTIONS = [1, 2, 4, 8, 16];
/** The aim of issue 4: p99 at most this many ms while serving at least AIM_RATE requests/s. */
const AIM_P99_MS = 10;
const AIM_RATE = 1000;

const SCENARIOS: Scenario[] = [
  { label: 'rate cap: 1000 req/s over 10 connections, 10 s (per-second bursts, see above)', body: SCORE_BODY, options: { connections: 10, duration: 10, overallRate: AIM_RATE } },
  { label: 'with drivers (explain top 8): 10 connections, 5 s', body: { ...SCORE_BODY, explain: { top: 8 } }, options: { connections: 10, duration: 5 } },
];

function runAutocannon(options: autocannon.Options): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    autocannon(options, (error, result) => (error ? reject(error) : resolve(result)));
  });
}

function row(r: autocannon.Result) {
  return {
    'req/s (mean)': Math.round(r.requests.average),
    'p50 ms': r.latency.p50,
    'p90 ms': r.latency.p90,
    'p99 ms': r.latency.p99,
    'max ms': r.latency.max,
    requests: r.requests.total,
    non2xx: r.non2xx,
    errors: r.errors,
    timeouts: r.timeouts,
  };
}

function report(label: string, r: autocannon.Result): void {
  console.log(`\n${label}`);
  console.table([row(r)]);
}

async function main(): Promise<void> {
  const config = loadConfig({ NODE_ENV: 'production', RUN_WORKER: 'false', LOG_LEVEL: 'warn' });
  await prepareDatabase(config);
  const owner = createOwnerKnex(config);
  const tag = randomUUID().slice(0, 8);
  const email = `bench-${tag}@bench.test`;
  const password = randomBytes(18).toString('base64url');
  const [tenant] = await owner('tenants').insert({ name: `Bench ${tag}`, slug: `bench-${tag}` }).returning('id');
  const [org] = await owner('organizations').insert({ tenant_id: tenant.id, name: `Bench ${tag}` }).returning('id');
  await owner('users').insert({ email, display_name: 'Bench', password_hash: await hashPassword(password), role: 'org_member', tenant_id: tenant.id, organization_id: org.id });

  const container = await createContainer(config);
  const server = http.createServer(createApp(container));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    const login = await fetch(`${base}/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
    if (login.status !== 200) throw new Error(`login failed with ${login.status}`);
    const { accessToken } = (await login.json()) as { accessToken: string };
    const headers = { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' };
    const probe = await fetch(`${base}/v1/score`, { method: 'POST', headers, body: JSON.stringify(SCORE_BODY) });
    if (probe.status !== 200) throw new Error(`POST /v1/score answered ${probe.status}: ${await probe.text()}`);
    console.log(`POST /v1/score on ${base} (model ${container.model.version}, Node ${process.version})`);
    const drive = (body: unknown, options: Partial<autocannon.Options>) => runAutocannon({ url: `${base}/v1/score`, method: 'POST', headers, body: JSON.stringify(body), workers: 1, ...options });
    console.log('\nfixed concurrency sweep, 5 s each');
    const sweep: { connections: number; result: autocannon.Result }[] = [];
    for (const connections of SWEEP_CONNECTIONS) sweep.push({ connections, result: await drive(SCORE_BODY, { connections, duration: 5 }) });
    console.table(sweep.map(({ connections, result }) => ({ connections, ...row(result) })));
    const meeting = sweep.filter(({ result }) => result.requests.average >= AIM_RATE && result.latency.p99 <= AIM_P99_MS && result.errors === 0 && result.non2xx === 0);
    const best = meeting.sort((a, b) => b.result.requests.average - a.result.requests.average)[0];
    console.log(
      best
        ? `aim p99 ≤ ${AIM_P99_MS} ms at ≥ ${AIM_RATE} req/s: met at ${best.connections} connections (${Math.round(best.result.requests.average)} req/s, p99 ${best.result.latency.p99} ms)`
        : `aim p99 ≤ ${AIM_P99_MS} ms at ≥ ${AIM_RATE} req/s: NOT met at any concurrency of the sweep`,
    );
    for (const scenario of SCENARIOS) report(scenario.label, await drive(scenario.body, scenario.options));
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await container.close();
    await owner('users').where({ email }).delete();
    await owner('tenants').where({ id: tenant.id }).delete();
    await owner.destroy();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
