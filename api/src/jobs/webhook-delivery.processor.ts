import type { Job } from 'bull';
import type { Container } from '../container.ts';
import { deliverDueWebhooks, type DrainResult } from '../modules/webhooks/webhook-delivery.service.ts';
import type { WebhookDrainPayload } from './queues.ts';

/** Drains the webhook outbox: every due delivery is sent once (see deliverDueWebhooks). */
export async function processWebhookDrain(c: Pick<Container, 'db' | 'config' | 'logger'>, _job: Job<WebhookDrainPayload>): Promise<DrainResult> {
  return deliverDueWebhooks({
    db: c.db,
    keysDir: c.config.KEYS_DIR,
    logger: c.logger,
    timeoutMs: c.config.WEBHOOK_TIMEOUT_MS,
    maxAttempts: c.config.WEBHOOK_MAX_ATTEMPTS,
  });
}
