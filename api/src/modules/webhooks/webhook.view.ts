import type { components } from '../../../../openapi/generated/schema.d.ts';
import type { DeliveryRow, WebhookRow } from './webhooks.repository.ts';

/** The public shape of a webhook (schema Webhook): never its secret. */
export function toWebhookView(row: WebhookRow): components['schemas']['Webhook'] {
  return {
    id: row.id,
    organizationId: row.organizationId,
    url: row.url,
    events: row.events,
    isActive: row.isActive,
    createdBy: row.createdBy,
    createdAt: new Date(row.createdAt).toISOString(),
    updatedAt: new Date(row.updatedAt).toISOString(),
  };
}

/** One entry of a webhook's delivery log (schema WebhookDelivery): the payload stays out. */
export function toDeliveryView(row: DeliveryRow): components['schemas']['WebhookDelivery'] {
  return {
    id: String(row.id),
    webhookId: row.webhookId,
    event: row.event,
    eventId: row.eventId,
    status: row.status,
    attempts: row.attempts,
    lastStatusCode: row.lastStatusCode,
    lastError: row.lastError,
    nextAttemptAt: row.status === 'pending' ? new Date(row.nextAttemptAt).toISOString() : null,
    createdAt: new Date(row.createdAt).toISOString(),
    deliveredAt: row.deliveredAt ? new Date(row.deliveredAt).toISOString() : null,
  };
}
