import type { Knex } from 'knex';

/** The events an organization's webhooks may subscribe to (webhook_deliveries_event_check). */
export const WEBHOOK_EVENTS = ['score_job.completed', 'prediction.band_changed', 'alert.created'] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

export const DELIVERY_STATUSES = ['pending', 'delivered', 'failed'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** A webhooks row (camelCase through the app knex's snake-case mappers). */
export interface WebhookRow {
  id: string;
  tenantId: string;
  organizationId: string;
  url: string;
  secretCiphertext: string;
  events: WebhookEvent[];
  isActive: boolean;
  createdBy: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface DeliveryRow {
  /** bigserial; node-postgres returns it as a number (see db/knex.ts). */
  id: number;
  webhookId: string;
  tenantId: string;
  organizationId: string;
  event: WebhookEvent;
  eventId: string;
  payload: Record<string, unknown>;
  status: DeliveryStatus;
  attempts: number;
  nextAttemptAt: Date;
  lastStatusCode: number | null;
  lastError: string | null;
  deliveredAt: Date | null;
  createdAt: Date;
}

export interface WebhookListFilter {
  organizationId: string;
  /** Sort key (url, id) of the last row of the previous page. */
  after: [url: string, id: string] | null;
  limit: number;
}

/** An organization's webhooks visible to the transaction's actor, by URL then id (a stable keyset). */
export async function listWebhooks(trx: Knex.Transaction, filter: WebhookListFilter): Promise<WebhookRow[]> {
  const query = trx<WebhookRow>('webhooks').where({ organizationId: filter.organizationId }).orderBy([{ column: 'url' }, { column: 'id' }]).limit(filter.limit);
  if (filter.after) query.whereRaw('(url, id) > (?, ?::uuid)', filter.after);
  return query;
}

export async function findWebhook(trx: Knex.Transaction, organizationId: string, webhookId: string): Promise<WebhookRow | undefined> {
  return trx<WebhookRow>('webhooks').where({ id: webhookId, organizationId }).first();
}

export interface NewWebhook {
  tenantId: string;
  organizationId: string;
  url: string;
  secretCiphertext: string;
  events: WebhookEvent[];
  isActive: boolean;
  createdBy: string;
}

export async function insertWebhook(trx: Knex.Transaction, input: NewWebhook): Promise<WebhookRow> {
  const [row] = await trx<WebhookRow>('webhooks').insert(input).returning('*');
  return row as WebhookRow;
}

export interface WebhookPatch {
  url?: string;
  events?: WebhookEvent[];
  isActive?: boolean;
  secretCiphertext?: string;
}

/** Applies a patch; undefined when the row is not visible to the actor. */
export async function updateWebhook(trx: Knex.Transaction, webhookId: string, patch: WebhookPatch): Promise<WebhookRow | undefined> {
  const [row] = await trx<WebhookRow>('webhooks').where({ id: webhookId }).update({ ...patch, updatedAt: new Date() }).returning('*');
  return row as WebhookRow | undefined;
}

export async function deleteWebhook(trx: Knex.Transaction, webhookId: string): Promise<boolean> {
  return (await trx('webhooks').where({ id: webhookId }).delete()) > 0;
}

export interface DeliveryListFilter {
  webhookId: string;
  status?: DeliveryStatus;
  beforeId: number | null;
  limit: number;
}

/** A webhook's deliveries, newest first (id order), keyset-paginated. */
export async function listDeliveries(trx: Knex.Transaction, filter: DeliveryListFilter): Promise<DeliveryRow[]> {
  const query = trx<DeliveryRow>('webhook_deliveries').where({ webhookId: filter.webhookId }).orderBy('id', 'desc').limit(filter.limit);
  if (filter.status) query.where({ status: filter.status });
  if (filter.beforeId) query.where('id', '<', filter.beforeId);
  return query;
}

/** A claimed delivery with what sending it needs. */
export interface ClaimedDelivery extends DeliveryRow {
  url: string;
  secretCiphertext: string;
}

/**
 * Claims up to `limit` due deliveries of active webhooks: counts the attempt and pushes
 * next_attempt_at out by `leaseMs`, in one statement. SKIP LOCKED lets several workers drain the
 * outbox at once without taking the same row; the lease means a worker that dies mid-send leaves
 * the row to be retried once the lease runs out, instead of holding a transaction open during HTTP.
 */
export async function claimDueDeliveries(trx: Knex.Transaction, limit: number, leaseMs: number, organizationId?: string): Promise<ClaimedDelivery[]> {
  const { rows } = await trx.raw(
    `WITH due AS (
       SELECT d.id FROM webhook_deliveries d JOIN webhooks w ON w.id = d.webhook_id
        WHERE d.status = 'pending' AND d.next_attempt_at <= now() AND w.is_active AND (?::uuid IS NULL OR d.organization_id = ?::uuid)
        ORDER BY d.next_attempt_at, d.id
        LIMIT ? FOR UPDATE OF d SKIP LOCKED)
     UPDATE webhook_deliveries d
        SET attempts = d.attempts + 1, next_attempt_at = now() + (? * interval '1 millisecond')
       FROM due, webhooks w
      WHERE d.id = due.id AND w.id = d.webhook_id
     RETURNING d.*, w.url, w.secret_ciphertext`,
    [organizationId ?? null, organizationId ?? null, limit, leaseMs],
  );
  return (rows as Record<string, unknown>[]).map((r) => ({
    id: Number(r.id),
    webhookId: r.webhook_id,
    tenantId: r.tenant_id,
    organizationId: r.organization_id,
    event: r.event,
    eventId: r.event_id,
    payload: r.payload,
    status: r.status,
    attempts: r.attempts,
    nextAttemptAt: r.next_attempt_at,
    lastStatusCode: r.last_status_code,
    lastError: r.last_error,
    deliveredAt: r.delivered_at,
    createdAt: r.created_at,
    url: r.url,
    secretCiphertext: r.secret_ciphertext,
  })) as ClaimedDelivery[];
}

export interface DeliveryOutcome {
  status: DeliveryStatus;
  statusCode: number | null;
  error: string | null;
  /** For a retry: when to try again. */
  retryInMs?: number;
}

/** Writes the result of one attempt. */
export async function recordDeliveryOutcome(trx: Knex.Transaction, deliveryId: number, outcome: DeliveryOutcome): Promise<void> {
  await trx('webhook_deliveries')
    .where({ id: deliveryId })
    .update({
      status: outcome.status,
      lastStatusCode: outcome.statusCode,
      lastError: outcome.error,
      deliveredAt: outcome.status === 'delivered' ? trx.fn.now() : null,
      nextAttemptAt: trx.raw(`now() + (? * interval '1 millisecond')`, [outcome.retryInMs ?? 0]),
    });
}
