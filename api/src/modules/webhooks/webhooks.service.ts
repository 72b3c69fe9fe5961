import { randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import { withTenant } from '../../db/with-tenant.ts';
import { decodeCursor, pageLimit, toPage, type Page } from '../../lib/pagination.ts';
import { NotFound, fieldProblem } from '../../lib/problem.ts';
import { assertCan } from '../access/permissions.ts';
import type { UserActor } from '../access/roles.ts';
import { appendAuditEvent } from '../audit/audit.repository.ts';
import { loadOrganization, targetOf } from '../organizations/organizations.service.ts';
import { checkWebhookUrl } from './webhook-url.ts';
import { encryptSecret } from './webhook-secret-box.ts';
import { toDeliveryView, toWebhookView } from './webhook.view.ts';
import * as repo from './webhooks.repository.ts';

/** What the webhook service needs: the database, where the secret key lives, and whether local http targets are allowed. */
export interface WebhookDeps {
  db: Knex;
  keysDir: string;
  allowLocalHttp: boolean;
}

export type WebhookView = ReturnType<typeof toWebhookView>;
export type WebhookWithSecret = WebhookView & { secret: string };
export type DeliveryView = ReturnType<typeof toDeliveryView>;

/** A new signing secret: 32 random bytes behind a recognisable prefix (so leaked ones are easy to scan for). */
function newSecret(): string {
  return `whsec_${randomBytes(32).toString('base64url')}`;
}

function uniqueEvents(events: readonly string[], pointer = '/body/events'): repo.WebhookEvent[] {
  const known = new Set<string>(repo.WEBHOOK_EVENTS);
  const unknown = events.filter((e) => !known.has(e));
  if (unknown.length) throw fieldProblem(pointer, `unknown event(s): ${unknown.join(', ')}`);
  if (events.length === 0) throw fieldProblem(pointer, 'must name at least one event');
  return [...new Set(events)] as repo.WebhookEvent[];
}

/**
 * Loads the organization (404 if the caller cannot see it) and checks webhooks.manage on it: super
 * admins, the tenant's admins and the organization's admins. Members see the organization but get 403.
 */
async function loadManagedOrganization(trx: Knex.Transaction, actor: UserActor, organizationId: string) {
  const org = await loadOrganization(trx, organizationId);
  assertCan(actor, 'webhooks.manage', targetOf(org));
  return org;
}

async function loadWebhook(trx: Knex.Transaction, organizationId: string, webhookId: string): Promise<repo.WebhookRow> {
  const webhook = await repo.findWebhook(trx, organizationId, webhookId);
  if (!webhook) throw new NotFound('No such webhook.');
  return webhook;
}

export async function listWebhooks(deps: WebhookDeps, actor: UserActor, organizationId: string, query: { limit?: number; cursor?: string }): Promise<Page<WebhookView>> {
  const limit = pageLimit(query.limit);
  const after = decodeCursor(query.cursor, 2) as [string, string] | null;
  const rows = await withTenant(deps.db, actor, async (trx) => {
    await loadManagedOrganization(trx, actor, organizationId);
    return repo.listWebhooks(trx, { organizationId, after, limit: limit + 1 });
  });
  return toPage(rows, limit, (w) => [w.url, w.id], toWebhookView);
}

export async function getWebhook(deps: WebhookDeps, actor: UserActor, organizationId: string, webhookId: string): Promise<WebhookView> {
  return withTenant(deps.db, actor, async (trx) => {
    await loadManagedOrganization(trx, actor, organizationId);
    return toWebhookView(await loadWebhook(trx, organizationId, webhookId));
  });
}

export interface WebhookInput {
  url: string;
  events: string[];
  isActive?: boolean;
}

/** Creates a webhook; the response is the only time its secret is shown. */
export async function createWebhook(deps: WebhookDeps, actor: UserActor, organizationId: string, input: WebhookInput): Promise<WebhookWithSecret> {
  const url = checkWebhookUrl(input.url, deps.allowLocalHttp);
  const events = uniqueEvents(input.events);
  const secret = newSecret();
  return withTenant(deps.db, actor, async (trx) => {
    const org = await loadManagedOrganization(trx, actor, organizationId);
    const created = await repo.insertWebhook(trx, {
      tenantId: org.tenantId,
      organizationId: org.id,
      url,
      secretCiphertext: encryptSecret(deps.keysDir, secret),
      events,
      isActive: input.isActive ?? true,
      createdBy: actor.userId,
    });
    await appendAuditEvent(trx, actor, {
      action: 'webhook.created',
      targetType: 'webhook',
      targetId: created.id,
      tenantId: org.tenantId,
      organizationId: org.id,
      details: { url, events, isActive: created.isActive },
    });
    return { ...toWebhookView(created), secret };
  });
}

export type WebhookPatchInput = Partial<WebhookInput>;

export async function updateWebhook(deps: WebhookDeps, actor: UserActor, organizationId: string, webhookId: string, input: WebhookPatchInput): Promise<WebhookView> {
  const patch: repo.WebhookPatch = {};
  if (input.url !== undefined) patch.url = checkWebhookUrl(input.url, deps.allowLocalHttp);
  if (input.events !== undefined) patch.events = uniqueEvents(input.events);
  if (input.isActive !== undefined) patch.isActive = input.isActive;
  return withTenant(deps.db, actor, async (trx) => {
    const org = await loadManagedOrganization(trx, actor, organizationId);
    await loadWebhook(trx, organizationId, webhookId);
    const updated = await repo.updateWebhook(trx, webhookId, patch);
    if (!updated) throw new NotFound('No such webhook.');
    await appendAuditEvent(trx, actor, {
      action: 'webhook.updated',
      targetType: 'webhook',
      targetId: webhookId,
      tenantId: org.tenantId,
      organizationId: org.id,
      details: { changes: patch },
    });
    return toWebhookView(updated);
  });
}

/**
 * Replaces the signing secret; the new one is returned once. Deliveries signed from now on use it,
 * including retries of events queued before the rotation.
 */
export async function rotateWebhookSecret(deps: WebhookDeps, actor: UserActor, organizationId: string, webhookId: string): Promise<WebhookWithSecret> {
  const secret = newSecret();
  return withTenant(deps.db, actor, async (trx) => {
    const org = await loadManagedOrganization(trx, actor, organizationId);
    await loadWebhook(trx, organizationId, webhookId);
    const updated = await repo.updateWebhook(trx, webhookId, { secretCiphertext: encryptSecret(deps.keysDir, secret) });
    if (!updated) throw new NotFound('No such webhook.');
    await appendAuditEvent(trx, actor, {
      action: 'webhook.secret_rotated',
      targetType: 'webhook',
      targetId: webhookId,
      tenantId: org.tenantId,
      organizationId: org.id,
    });
    return { ...toWebhookView(updated), secret };
  });
}

/** Deletes a webhook and its delivery log (pending deliveries are dropped with it). */
export async function deleteWebhook(deps: WebhookDeps, actor: UserActor, organizationId: string, webhookId: string): Promise<void> {
  await withTenant(deps.db, actor, async (trx) => {
    const org = await loadManagedOrganization(trx, actor, organizationId);
    const webhook = await loadWebhook(trx, organizationId, webhookId);
    await appendAuditEvent(trx, actor, {
      action: 'webhook.deleted',
      targetType: 'webhook',
      targetId: webhookId,
      tenantId: org.tenantId,
      organizationId: org.id,
      details: { url: webhook.url },
    });
    if (!(await repo.deleteWebhook(trx, webhookId))) throw new NotFound('No such webhook.');
  });
}

export async function listDeliveries(
  deps: WebhookDeps,
  actor: UserActor,
  organizationId: string,
  webhookId: string,
  query: { status?: repo.DeliveryStatus; limit?: number; cursor?: string },
): Promise<Page<DeliveryView>> {
  const limit = pageLimit(query.limit);
  const [beforeId] = decodeCursor(query.cursor, 1) ?? [null];
  if (beforeId !== null && !(typeof beforeId === 'number' && Number.isSafeInteger(beforeId) && beforeId > 0)) throw fieldProblem('/query/cursor', 'is not a cursor returned by this list');
  const rows = await withTenant(deps.db, actor, async (trx) => {
    await loadManagedOrganization(trx, actor, organizationId);
    await loadWebhook(trx, organizationId, webhookId);
    return repo.listDeliveries(trx, { webhookId, status: query.status, beforeId: beforeId as number | null, limit: limit + 1 });
  });
  return toPage(rows, limit, (d) => [Number(d.id)], toDeliveryView);
}
