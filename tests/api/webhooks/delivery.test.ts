import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import { createLogger } from '../../../api/src/lib/logger.ts';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { deliverDueWebhooks, type DeliveryDeps } from '../../../api/src/modules/webhooks/webhook-delivery.service.ts';
import { verifyWebhookSignature } from '../../../api/src/modules/webhooks/webhook-signature.ts';
import { createTestApp, type TestApp } from '../../helpers/test-app.ts';
import { createTenantFixture, loginAs, type TenantFixture } from '../../factories/tenant-fixture.ts';
import { insertScoredCompany } from '../../factories/scored-company.ts';

interface Received {
  headers: http.IncomingHttpHeaders;
  rawBody: string;
}

/** A real HTTP receiver on an ephemeral port, answering with the next status of `statuses` (the last one repeats). */
async function startReceiver(statuses: number[]): Promise<{ url: string; received: Received[]; close(): Promise<void> }> {
  const received: Received[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ headers: req.headers, rawBody: Buffer.concat(chunks).toString('utf8') });
      const status = statuses[Math.min(received.length - 1, statuses.length - 1)] as number;
      res.writeHead(status, { 'Content-Type': 'text/plain' }).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/hooks/defaultrate`, received, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

let t: TestApp;
const cleanups: (() => Promise<void>)[] = [];

beforeAll(async () => {
  t = await createTestApp();
});
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});
afterAll(async () => {
  await t?.close();
});

/** A fresh tenant whose org admin registered a webhook on `url`; returns the secret from the create response. */
async function orgWithWebhook(url: string, events: string[]): Promise<{ f: TenantFixture; webhookId: string; secret: string }> {
  const f = await createTenantFixture(t);
  cleanups.push(async () => {
    await t.owner('audit_events').where({ tenant_id: f.tenant.id }).delete();
    await f.cleanup();
  });
  const { accessToken } = await loginAs(t, f.users.orgAdmin);
  const res = await t.http.post(`/v1/organizations/${f.org.id}/webhooks`).set('Authorization', `Bearer ${accessToken}`).send({ url, events });
  expect(res.status, res.text).toBe(201);
  return { f, webhookId: res.body.id, secret: res.body.secret };
}

/** Two predictions of one org company whose band goes from low to high: the trigger queues alert.created and prediction.band_changed. */
async function scoreBandChange(f: TenantFixture): Promise<string> {
  const company = await insertScoredCompany(t.owner, { scope: 'organization', tenantId: f.tenant.id, organizationId: f.org.id }, {
    name: `Band mover ${f.tag}`,
    predictions: [{ fiscalYear: 2023, pd: 0.01 }, { fiscalYear: 2024, pd: 0.09 }],
  });
  return company.id;
}

function deps(f: TenantFixture, extra: Partial<DeliveryDeps> = {}): DeliveryDeps {
  return {
    db: t.container.db,
    keysDir: t.config.KEYS_DIR,
    logger: pino({ level: 'silent' }),
    timeoutMs: 2000,
    maxAttempts: 3,
    backoff: { baseMs: 0, maxMs: 0 },
    organizationId: f.org.id,
    ...extra,
  };
}

describe('webhook delivery', () => {
  it('delivers alert.created and prediction.band_changed, signed with the secret from the create response', async () => {
    const receiver = await startReceiver([200]);
    cleanups.push(receiver.close);
    const { f, webhookId, secret } = await orgWithWebhook(receiver.url, ['alert.created', 'prediction.band_changed']);
    const companyId = await scoreBandChange(f);
    expect(await t.owner('webhook_deliveries').where({ webhook_id: webhookId, status: 'pending' }).count('* as n').first()).toEqual({ n: 2 });

    const logLines: string[] = [];
    const logger = createLogger('info', {}, { write: (line: string) => void logLines.push(line) });
    const result = await deliverDueWebhooks(deps(f, { logger }));
    expect(result).toMatchObject({ attempted: 2, delivered: 2, failed: 0 });
    // Each attempt is logged, and nothing secret is: not the secret, not its ciphertext.
    const ciphertext = (await t.owner('webhooks').where({ id: webhookId }).first()).secret_ciphertext as string;
    expect(logLines.filter((l) => l.includes('webhook delivery attempt'))).toHaveLength(2);
    for (const line of logLines) {
      expect(line).not.toContain(secret.slice(6));
      expect(line).not.toContain(ciphertext.split(':')[3]);
    }
    expect(receiver.received).toHaveLength(2);

    const bodies = receiver.received.map((r) => JSON.parse(r.rawBody));
    expect(bodies.map((b) => b.event).sort()).toEqual(['alert.created', 'prediction.band_changed']);
    for (const [i, r] of receiver.received.entries()) {
      const body = bodies[i];
      expect(body.data.companyId).toBe(companyId);
      expect(body).toMatchObject({ id: expect.any(String), createdAt: expect.any(String) });
      expect(r.headers['defaultrate-event']).toBe(body.event);
      expect(r.headers['defaultrate-delivery']).toBe(body.id);
      expect(r.headers['content-type']).toMatch(/application\/json/);
      const signature = r.headers['defaultrate-signature'] as string;
      expect(signature).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
      expect(verifyWebhookSignature(secret, signature, r.rawBody, 300)).toBe(true);
      const tampered = r.rawBody.replace(`"event":"${body.event}"`, '"event":"alert.created" ').replace('"data":{', '"data":{"pd":0.5,');
      expect(tampered).not.toBe(r.rawBody);
      expect(verifyWebhookSignature(secret, signature, tampered, 300)).toBe(false);
      expect(verifyWebhookSignature(`${secret}x`, signature, r.rawBody, 300)).toBe(false);
      // A replay long after the signature was made is refused.
      expect(verifyWebhookSignature(secret, signature, r.rawBody, 300, Math.floor(Date.now() / 1000) + 3600)).toBe(false);
    }
    const band = bodies.find((b) => b.event === 'prediction.band_changed');
    expect(band.data).toMatchObject({ band: 'high', previousBand: 'low' });

    const rows = await t.owner('webhook_deliveries').where({ webhook_id: webhookId });
    for (const row of rows) expect(row).toMatchObject({ status: 'delivered', attempts: 1, last_status_code: 200, last_error: null });

    const { accessToken } = await loginAs(t, f.users.orgAdmin);
    const log = await t.http.get(`/v1/organizations/${f.org.id}/webhooks/${webhookId}/deliveries`).set('Authorization', `Bearer ${accessToken}`);
    expect(log.status, log.text).toBe(200);
    expect(log.body.items).toHaveLength(2);
    expect(log.body.items[0]).toMatchObject({ status: 'delivered', attempts: 1, lastStatusCode: 200, lastError: null, deliveredAt: expect.any(String), nextAttemptAt: null });
    expect(log.body.items.map((d: { eventId: string }) => d.eventId).sort()).toEqual(bodies.map((b) => b.id).sort());
  });

  it('retries a delivery the receiver refused, after the backoff, with the same event id, then marks it delivered', async () => {
    const receiver = await startReceiver([500, 200]);
    cleanups.push(receiver.close);
    const { f, webhookId, secret } = await orgWithWebhook(receiver.url, ['alert.created']);
    await scoreBandChange(f);

    const first = await deliverDueWebhooks(deps(f, { backoff: { baseMs: 60_000, maxMs: 60_000 } }));
    expect(first).toMatchObject({ attempted: 1, retried: 1 });
    const waiting = await t.owner('webhook_deliveries').where({ webhook_id: webhookId }).first();
    expect(waiting).toMatchObject({ status: 'pending', attempts: 1, last_status_code: 500, last_error: 'HTTP 500' });
    // 60 s ± 50 % jitter from now.
    expect(new Date(waiting.next_attempt_at).getTime()).toBeGreaterThan(Date.now() + 25_000);

    // Not due yet: nothing is sent.
    expect(await deliverDueWebhooks(deps(f))).toMatchObject({ attempted: 0 });
    await t.owner('webhook_deliveries').where({ id: waiting.id }).update({ next_attempt_at: new Date(Date.now() - 1000) });
    expect(await deliverDueWebhooks(deps(f))).toMatchObject({ attempted: 1, delivered: 1 });

    expect(receiver.received).toHaveLength(2);
    const [a, b] = receiver.received.map((r) => JSON.parse(r.rawBody));
    expect(b.id).toBe(a.id);
    expect(verifyWebhookSignature(secret, receiver.received[1]?.headers['defaultrate-signature'] as string, receiver.received[1]?.rawBody ?? '')).toBe(true);
    expect(await t.owner('webhook_deliveries').where({ id: waiting.id }).first()).toMatchObject({ status: 'delivered', attempts: 2, last_status_code: 200, last_error: null });
  });

  it('marks a delivery failed after WEBHOOK_MAX_ATTEMPTS refusals and stops sending it', async () => {
    const receiver = await startReceiver([503]);
    cleanups.push(receiver.close);
    const { f, webhookId } = await orgWithWebhook(receiver.url, ['prediction.band_changed']);
    await scoreBandChange(f);

    const result = await deliverDueWebhooks(deps(f, { maxAttempts: 3 }));
    expect(result).toMatchObject({ attempted: 3, retried: 2, failed: 1, delivered: 0 });
    expect(receiver.received).toHaveLength(3);
    expect(await t.owner('webhook_deliveries').where({ webhook_id: webhookId }).first()).toMatchObject({ status: 'failed', attempts: 3, last_status_code: 503, last_error: 'HTTP 503', delivered_at: null });

    expect(await deliverDueWebhooks(deps(f))).toMatchObject({ attempted: 0 });
    expect(receiver.received).toHaveLength(3);
  });

  it('records a receiver that does not answer in time as a timeout', async () => {
    const server = http.createServer(() => undefined);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    cleanups.push(async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    });
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/slow`;
    const { f, webhookId } = await orgWithWebhook(url, ['prediction.band_changed']);
    await scoreBandChange(f);

    await deliverDueWebhooks(deps(f, { timeoutMs: 300, maxAttempts: 1 }));
    expect(await t.owner('webhook_deliveries').where({ webhook_id: webhookId }).first()).toMatchObject({ status: 'failed', attempts: 1, last_status_code: null, last_error: 'timed out after 300 ms' });
  });

  it('queues nothing for an inactive webhook', async () => {
    const receiver = await startReceiver([200]);
    cleanups.push(receiver.close);
    const { f, webhookId } = await orgWithWebhook(receiver.url, ['alert.created']);
    await t.owner('webhooks').where({ id: webhookId }).update({ is_active: false });
    await scoreBandChange(f);
    expect(await t.owner('webhook_deliveries').where({ webhook_id: webhookId }).count('* as n').first()).toEqual({ n: 0 });
  });
});
