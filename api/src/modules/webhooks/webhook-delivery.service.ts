import type { Knex } from 'knex';
import type { Logger } from 'pino';
import { withTenant } from '../../db/with-tenant.ts';
import { decryptSecret } from './webhook-secret-box.ts';
import { SIGNATURE_HEADER, signWebhookPayload } from './webhook-signature.ts';
import * as repo from './webhooks.repository.ts';

/**
 * Delivery is platform housekeeping, not work on behalf of a user: it runs as a system actor whose
 * super-admin role lets the webhooks' policies show every organization's outbox.
 */
const SYSTEM_ACTOR = { userId: null, role: 'super_admin', tenantId: null, orgId: null } as const;

/** Retry schedule: base × 2^(attempt-1), capped, with ±50 % jitter so failed receivers are not hit in lockstep. */
export interface Backoff {
  baseMs: number;
  maxMs: number;
}

export const DEFAULT_BACKOFF: Backoff = { baseMs: 10_000, maxMs: 60 * 60 * 1000 };

export interface DeliveryDeps {
  db: Knex;
  keysDir: string;
  logger: Logger;
  timeoutMs: number;
  maxAttempts: number;
  backoff?: Backoff;
  /** Deliveries claimed and sent at once per round. */
  batchSize?: number;
  /** Only this organization's outbox (an immediate drain after its event); all of them when omitted. */
  organizationId?: string;
}

/** Milliseconds until the next attempt after `attempts` failed ones. */
export function retryDelayMs(attempts: number, backoff: Backoff, random = Math.random): number {
  const exponential = Math.min(backoff.maxMs, backoff.baseMs * 2 ** Math.max(0, attempts - 1));
  return Math.round(exponential * (0.5 + random() * 0.5));
}

/** The JSON document POSTed to receivers. */
export function deliveryBody(delivery: Pick<repo.DeliveryRow, 'eventId' | 'event' | 'createdAt' | 'payload'>): string {
  return JSON.stringify({ id: delivery.eventId, event: delivery.event, createdAt: new Date(delivery.createdAt).toISOString(), data: delivery.payload });
}

interface AttemptResult {
  statusCode: number | null;
  error: string | null;
}

async function sendOnce(delivery: repo.ClaimedDelivery, secret: string, timeoutMs: number): Promise<AttemptResult> {
  const body = deliveryBody(delivery);
  try {
    const response = await fetch(delivery.url, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        'User-Agent': 'DefaultRate-Webhooks/1',
        'DefaultRate-Event': delivery.event,
        'DefaultRate-Delivery': delivery.eventId,
        [SIGNATURE_HEADER]: signWebhookPayload(secret, body),
      },
      body,
      // A redirect could point a delivery anywhere; receivers must answer at the URL they registered.
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
    // The body is not needed; cancelling it frees the connection.
    await response.body?.cancel().catch(() => undefined);
    const isSuccess = response.status >= 200 && response.status < 300;
    return { statusCode: response.status, error: isSuccess ? null : `HTTP ${response.status}` };
  } catch (error) {
    const err = error as Error & { cause?: { code?: string } };
    const reason = err.name === 'TimeoutError' ? `timed out after ${timeoutMs} ms` : (err.cause?.code ?? err.message);
    return { statusCode: null, error: reason.slice(0, 500) };
  }
}

/** What one drain did, for the job's return value and tests. */
export interface DrainResult {
  attempted: number;
  delivered: number;
  retried: number;
  failed: number;
}

/**
 * Sends every due delivery (claimed in batches until none is left) and records each outcome:
 * 2xx → delivered; anything else → retried with backoff until WEBHOOK_MAX_ATTEMPTS, then failed.
 * Safe to run in several workers at once (see claimDueDeliveries).
 */
export async function deliverDueWebhooks(deps: DeliveryDeps): Promise<DrainResult> {
  const backoff = deps.backoff ?? DEFAULT_BACKOFF;
  const batchSize = deps.batchSize ?? 20;
  // A claim outlives the slowest attempt, so no other worker re-sends a delivery still in flight.
  const leaseMs = deps.timeoutMs + 30_000;
  const result: DrainResult = { attempted: 0, delivered: 0, retried: 0, failed: 0 };
  for (;;) {
    const claimed = await withTenant(deps.db, SYSTEM_ACTOR, (trx) => repo.claimDueDeliveries(trx, batchSize, leaseMs, deps.organizationId));
    if (claimed.length === 0) return result;
    const outcomes = await Promise.all(
      claimed.map(async (delivery) => {
        let attempt: AttemptResult;
        try {
          attempt = await sendOnce(delivery, decryptSecret(deps.keysDir, delivery.secretCiphertext), deps.timeoutMs);
        } catch {
          attempt = { statusCode: null, error: 'webhook secret cannot be decrypted' };
        }
        const outcome: repo.DeliveryOutcome =
          attempt.error === null
            ? { status: 'delivered', statusCode: attempt.statusCode, error: null }
            : delivery.attempts >= deps.maxAttempts
              ? { status: 'failed', statusCode: attempt.statusCode, error: attempt.error }
              : { status: 'pending', statusCode: attempt.statusCode, error: attempt.error, retryInMs: retryDelayMs(delivery.attempts, backoff) };
        deps.logger.info(
          { deliveryId: delivery.id, webhookId: delivery.webhookId, event: delivery.event, attempt: delivery.attempts, outcome: outcome.status, statusCode: attempt.statusCode, error: attempt.error },
          'webhook delivery attempt',
        );
        return [delivery.id, outcome] as const;
      }),
    );
    await withTenant(deps.db, SYSTEM_ACTOR, async (trx) => {
      for (const [id, outcome] of outcomes) await repo.recordDeliveryOutcome(trx, id, outcome);
    });
    result.attempted += outcomes.length;
    for (const [, outcome] of outcomes) {
      if (outcome.status === 'delivered') result.delivered++;
      else if (outcome.status === 'failed') result.failed++;
      else result.retried++;
    }
  }
}
