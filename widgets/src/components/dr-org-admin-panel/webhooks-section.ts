import { html, nothing, type TemplateResult } from 'lit';
import { Task, TaskStatus, initialState } from '@lit/task';
import type { components } from '../../../../openapi/generated/schema.d.ts';
import { formatDateTime } from '../../internal/admin-format.ts';
import { fieldError, formProblem, problemAlert } from '../../internal/form-problems.ts';
import { dataOf, isAbort, toProblem } from '../../internal/problem.ts';
import { AdminList } from './admin-list.ts';
import { AdminSection, type AdminScope } from './admin-section.ts';
import { OneTimeSecret } from './one-time-secret.ts';
import { rowButton } from './row-button.ts';

type Webhook = components['schemas']['Webhook'];
type WebhookEvent = components['schemas']['WebhookEvent'];
type WebhookDelivery = components['schemas']['WebhookDelivery'];
type DeliveryList = components['schemas']['WebhookDeliveryList'];

const PAGE_SIZE = 25;
/** How many of a webhook's latest deliveries the log shows. */
const RECENT_DELIVERIES = 10;
const WEBHOOK_EVENTS = ['score_job.completed', 'prediction.band_changed', 'alert.created'] as const satisfies readonly WebhookEvent[];
const EVENT_LABELS: Record<WebhookEvent, string> = {
  'score_job.completed': 'A bulk score job finished',
  'prediction.band_changed': 'A company moved to another risk band',
  'alert.created': 'An alert was raised',
};
const DELIVERY_TONES: Record<WebhookDelivery['status'], string> = { pending: 'wait', delivered: 'good', failed: 'bad' };
/** The create form's fields by pointer below /body/ (an event's problem points at its index). */
const WEBHOOK_FIELDS = ['url', 'events', ...WEBHOOK_EVENTS.map((_, i) => `events/${i}`)];

/**
 * Webhooks: signed callbacks for the organization's events. Create one (URL + events; its signing
 * secret is shown once), rotate its secret (the new one shown once), delete it, and read its
 * latest deliveries to see whether the receiver accepts them.
 */
export class WebhooksSection extends AdminSection {
  #secret = new OneTimeSecret(this.host, 'webhook-secret');
  #url = '';
  #events = new Set<WebhookEvent>(WEBHOOK_EVENTS);
  /** The webhook whose delivery log is open (one at a time). */
  #openLog: string | undefined;
  #logRevision = 0;

  #list = new AdminList<Webhook>(this.host, {
    isEnabled: (scope) => this.isVisible(scope),
    pagerLabel: 'Pages of webhooks',
    load: (scope, cursor, signal) =>
      dataOf(
        scope.client.GET('/v1/organizations/{organizationId}/webhooks', {
          params: { path: { organizationId: scope.organization.id }, query: cursor ? { limit: PAGE_SIZE, cursor } : { limit: PAGE_SIZE } },
          signal,
        }),
      ),
  });

  #deliveries = new Task(this.host, {
    args: () => [this.host.scope?.client, this.host.scope?.organization.id, this.#openLog, this.#logRevision] as const,
    task: async ([client, organizationId, webhookId], { signal }): Promise<DeliveryList | typeof initialState> => {
      if (!client || !organizationId || !webhookId) return initialState;
      return dataOf(
        client.GET('/v1/organizations/{organizationId}/webhooks/{webhookId}/deliveries', {
          params: { path: { organizationId, webhookId }, query: { limit: RECENT_DELIVERIES } },
          signal,
        }),
      );
    },
    onError: (error) => {
      if (!isAbort(error)) this.host.reportProblem(toProblem(error));
    },
  });

  isVisible(scope: AdminScope): boolean {
    return scope.can('webhooks.manage');
  }

  get hasSettled(): boolean {
    return this.#list.hasSettled;
  }

  render(scope: AdminScope): TemplateResult {
    return html`<section part="section" aria-labelledby="webhooks-title" aria-busy=${this.#list.isBusy ? 'true' : 'false'}>
      <div class="section-head">
        <h3 id="webhooks-title" tabindex="-1">Webhooks</h3>
      </div>
      <p class="note">DefaultRate posts signed events to these URLs. Check each request's <code>DefaultRate-Signature</code> with the webhook's secret.</p>
      ${this.#secret.render()}
      ${this.#list.render({ loading: 'Loading webhooks…', empty: 'No webhooks yet.' }, (webhooks) => this.#table(webhooks))}
      ${this.#form(scope)}
    </section>`;
  }

  #table(webhooks: Webhook[]): TemplateResult {
    return html`<div class="scroll">
      <table part="table">
        <caption class="visually-hidden">Webhooks</caption>
        <thead>
          <tr>
            <th scope="col">URL</th>
            <th scope="col">Events</th>
            <th scope="col"><span class="visually-hidden">Actions</span></th>
          </tr>
        </thead>
        <tbody>
          ${webhooks.map((webhook) => this.#row(webhook))}
        </tbody>
      </table>
    </div>`;
  }

  #row(webhook: Webhook): TemplateResult {
    const isOpen = this.#openLog === webhook.id;
    const logId = `deliveries-${webhook.id}`;
    return html`<tr part="row">
        <th scope="row" class="name url">${webhook.url}${webhook.isActive ? nothing : html` <span class="pill">paused</span>`}</th>
        <td>
          <ul class="events">
            ${webhook.events.map((event) => html`<li>${event}</li>`)}
          </ul>
        </td>
        <td class="row-actions wraps">
          ${rowButton('Deliveries', webhook.url, () => this.#toggleLog(webhook.id), { isExpanded: isOpen, controls: logId })}
          ${rowButton('Rotate secret', webhook.url, () => this.#rotate(webhook))} ${rowButton('Delete', webhook.url, () => this.#delete(webhook), { className: 'danger' })}
        </td>
      </tr>
      ${isOpen ? html`<tr class="detail"><td colspan="3" id=${logId}>${this.#log(webhook)}</td></tr>` : nothing}`;
  }

  #log(webhook: Webhook): TemplateResult {
    return this.#deliveries.render({
      initial: () => html`<p class="placeholder" role="status">Loading deliveries…</p>`,
      pending: () => html`<p class="placeholder" role="status">Loading deliveries…</p>`,
      error: (error) => problemAlert(toProblem(error)),
      complete: (page) =>
        page.items.length === 0
          ? html`<p class="placeholder">Nothing has been sent to this webhook yet.</p>`
          : html`<table class="deliveries">
              <caption>Latest ${page.items.length === 1 ? 'delivery' : `${page.items.length} deliveries`} to ${webhook.url}</caption>
              <thead>
                <tr><th scope="col">Event</th><th scope="col">Status</th><th scope="col" class="num">Attempts</th><th scope="col">Last answer</th><th scope="col">Queued</th></tr>
              </thead>
              <tbody>
                ${page.items.map((d) => this.#delivery(d))}
              </tbody>
            </table>`,
    });
  }

  #delivery(delivery: WebhookDelivery): TemplateResult {
    const answer = delivery.lastError ?? (delivery.lastStatusCode === null ? '—' : `HTTP ${delivery.lastStatusCode}`);
    const when = delivery.status === 'pending' && delivery.nextAttemptAt ? ` (next try ${formatDateTime(delivery.nextAttemptAt)})` : '';
    return html`<tr>
      <td>${delivery.event}</td>
      <td><span class="pill" data-tone=${DELIVERY_TONES[delivery.status]}>${delivery.status}</span></td>
      <td class="num">${delivery.attempts}</td>
      <td class="wrap">${answer}${when}</td>
      <td>${formatDateTime(delivery.createdAt)}</td>
    </tr>`;
  }

  #form(scope: AdminScope): TemplateResult {
    const problems = this.fieldProblems('create');
    const eventsProblem = [problems.events, ...WEBHOOK_EVENTS.map((_, i) => problems[`events/${i}`])].filter(Boolean).join('; ') || undefined;
    const isBusy = this.busyKey === 'create';
    return html`<form id="webhook-form" part="form" novalidate aria-labelledby="webhook-form-title" @submit=${(e: SubmitEvent) => this.#create(e, scope)}>
      <h4 id="webhook-form-title">Add a webhook</h4>
      <div class="field">
        <label for="webhook-url">URL (https)</label>
        <input
          id="webhook-url"
          name="url"
          type="url"
          inputmode="url"
          autocomplete="off"
          spellcheck="false"
          placeholder="https://hooks.example.com/defaultrate"
          .value=${this.#url}
          @input=${(e: Event) => (this.#url = (e.target as HTMLInputElement).value)}
          aria-invalid=${problems.url ? 'true' : 'false'}
          aria-describedby="webhook-url-error"
        />
        ${fieldError('webhook-url-error', problems.url)}
      </div>
      <fieldset aria-describedby="webhook-events-error">
        <legend>Events</legend>
        ${WEBHOOK_EVENTS.map(
          (event) => html`<label class="check"
            ><input type="checkbox" name="events" value=${event} .checked=${this.#events.has(event)} @change=${(e: Event) => this.#toggleEvent(event, (e.target as HTMLInputElement).checked)} />
            <span><code>${event}</code><span class="sub">${EVENT_LABELS[event]}</span></span></label
          >`,
        )}
        ${fieldError('webhook-events-error', eventsProblem)}
      </fieldset>
      <div class="actions">
        <button type="submit" ?disabled=${isBusy}>${isBusy ? 'Adding…' : 'Add webhook'}</button>
      </div>
      ${formProblem(this.errorOf('create'), WEBHOOK_FIELDS)}
    </form>`;
  }

  #toggleEvent(event: WebhookEvent, isChecked: boolean): void {
    if (isChecked) this.#events.add(event);
    else this.#events.delete(event);
  }

  #toggleLog(webhookId: string): void {
    this.#openLog = this.#openLog === webhookId ? undefined : webhookId;
    // Opening it again reads the log afresh: deliveries keep arriving.
    this.#logRevision += 1;
    this.host.requestUpdate();
  }

  async #create(event: SubmitEvent, scope: AdminScope): Promise<void> {
    event.preventDefault();
    // In the spec's order, so an event's problem pointer (/body/events/<i>) matches its checkbox.
    const events = WEBHOOK_EVENTS.filter((e) => this.#events.has(e));
    const url = this.#url.trim();
    let created: components['schemas']['WebhookWithSecret'] | undefined;
    const done = await this.act(
      'create',
      () => dataOf(scope.client.POST('/v1/organizations/{organizationId}/webhooks', { params: { path: { organizationId: scope.organization.id } }, body: { url, events } })),
      (webhook) => {
        created = webhook;
        return { action: 'webhook.created', targetId: webhook.id };
      },
      WEBHOOK_FIELDS,
    );
    if (done && created) {
      this.#url = '';
      this.#list.restart();
      this.#secret.show(`Signing secret of ${created.url}`, created.secret, 'Give it to the receiver: it verifies the DefaultRate-Signature header of each delivery with it.');
    } else if (!done) {
      this.focusSoon('#webhook-form [aria-invalid="true"]');
    }
  }

  #rotate(webhook: Webhook): void {
    const scope = this.host.scope;
    if (!scope) return;
    this.confirmChange(
      {
        title: `Rotate the secret of ${webhook.url}?`,
        message: 'Every delivery from now on, retries included, is signed with a new secret: the receiver rejects them until it has the new one. The new secret is shown once.',
        confirmLabel: 'Rotate secret',
      },
      () => dataOf(scope.client.POST('/v1/organizations/{organizationId}/webhooks/{webhookId}/secret', { params: { path: { organizationId: scope.organization.id, webhookId: webhook.id } } })),
      (rotated) => {
        this.#secret.show(`New signing secret of ${rotated.url}`, rotated.secret, 'The previous secret no longer signs anything: give this one to the receiver now.');
        return { action: 'webhook.secret_rotated', targetId: webhook.id };
      },
    );
  }

  #delete(webhook: Webhook): void {
    const scope = this.host.scope;
    if (!scope) return;
    this.confirmChange(
      {
        title: `Delete the webhook ${webhook.url}?`,
        message: 'It receives nothing from now on; its delivery log and any deliveries still waiting are deleted with it.',
        confirmLabel: 'Delete webhook',
      },
      () => dataOf(scope.client.DELETE('/v1/organizations/{organizationId}/webhooks/{webhookId}', { params: { path: { organizationId: scope.organization.id, webhookId: webhook.id } } })),
      () => {
        if (this.#openLog === webhook.id) this.#openLog = undefined;
        this.#list.reload();
        this.focusSoon('#webhooks-title');
        return { action: 'webhook.deleted', targetId: webhook.id };
      },
    );
  }
}
