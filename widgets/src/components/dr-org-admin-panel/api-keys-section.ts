import { html, nothing, type TemplateResult } from 'lit';
import type { components } from '../../../../openapi/generated/schema.d.ts';
import { formatDateTime } from '../../internal/admin-format.ts';
import { fieldError, formProblem } from '../../internal/form-problems.ts';
import { dataOf } from '../../internal/problem.ts';
import { AdminList } from './admin-list.ts';
import { AdminSection, type AdminScope } from './admin-section.ts';
import { formatMoment } from './moment.ts';
import { OneTimeSecret } from './one-time-secret.ts';
import { rowButton } from './row-button.ts';

type ApiKey = components['schemas']['ApiKey'];
type ApiKeyScope = components['schemas']['ApiKeyScope'];

const PAGE_SIZE = 25;
const API_KEY_SCOPES = ['embed_tokens:create', 'embed_tokens:revoke'] as const satisfies readonly ApiKeyScope[];
const SCOPE_LABELS: Record<ApiKeyScope, string> = {
  'embed_tokens:create': 'Mint embed tokens for the widgets',
  'embed_tokens:revoke': 'Revoke embed tokens',
};
const KEY_FIELDS = ['name', 'scopes', ...API_KEY_SCOPES.map((_, i) => `scopes/${i}`)];

/**
 * API keys of the organization: server-to-server keys with which a host application's backend
 * mints embed tokens. Lists the organization's keys (the API filters by `organizationId`), creates
 * one (shown once) and revokes keys.
 */
export class ApiKeysSection extends AdminSection {
  #secret = new OneTimeSecret(this.host, 'api-key-secret');
  #name = '';
  #scopes = new Set<ApiKeyScope>(API_KEY_SCOPES);

  #list = new AdminList<ApiKey>(this.host, {
    isEnabled: (scope) => this.isVisible(scope),
    pagerLabel: 'Pages of API keys',
    load: (scope, cursor, signal) => {
      // Only this organization's keys: a tenant admin would otherwise see the whole tenant's.
      const query = cursor ? { organizationId: scope.organization.id, limit: PAGE_SIZE, cursor } : { organizationId: scope.organization.id, limit: PAGE_SIZE };
      return dataOf(scope.client.GET('/v1/api-keys', { params: { query }, signal }));
    },
  });

  isVisible(scope: AdminScope): boolean {
    return scope.can('api_keys.manage');
  }

  get hasSettled(): boolean {
    return this.#list.hasSettled;
  }

  render(scope: AdminScope): TemplateResult {
    return html`<section part="section" aria-labelledby="api-keys-title" aria-busy=${this.#list.isBusy ? 'true' : 'false'}>
      <div class="section-head">
        <h3 id="api-keys-title" tabindex="-1">API keys</h3>
      </div>
      <p class="note">For your application's backend only, never for a browser: it exchanges the key for short-lived embed tokens.</p>
      ${this.#secret.render()}
      ${this.#list.render({ loading: 'Loading API keys…', empty: 'No API keys yet.' }, (keys) => this.#table(keys))}
      ${this.#form(scope)}
    </section>`;
  }

  #table(keys: ApiKey[]): TemplateResult {
    return html`<div class="scroll">
      <table part="table">
        <caption class="visually-hidden">API keys, newest first</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Key</th>
            <th scope="col">Scopes</th>
            <th scope="col">Last used</th>
            <th scope="col"><span class="visually-hidden">Actions</span></th>
          </tr>
        </thead>
        <tbody>
          ${keys.map(
            (key) => html`<tr part="row" data-revoked=${key.revokedAt ? 'true' : 'false'}>
              <th scope="row" class="name">${key.name}<span class="sub">created ${formatDateTime(key.createdAt)}</span></th>
              <td class="nowrap"><code>drk_${key.prefix}_…</code></td>
              <td><ul class="events">${key.scopes.map((scope) => html`<li>${scope}</li>`)}</ul></td>
              <td class="nowrap">${formatMoment(key.lastUsedAt, 'never')}</td>
              <td class="row-actions">
                ${key.revokedAt
                  ? html`<span class="pill" data-tone="bad">Revoked</span><span class="sub">${formatDateTime(key.revokedAt)}</span>`
                  : rowButton('Revoke', key.name, () => this.#revoke(key), { className: 'danger' })}
              </td>
            </tr>`,
          )}
        </tbody>
      </table>
    </div>`;
  }

  #form(scope: AdminScope): TemplateResult {
    const problems = this.fieldProblems('create');
    const scopesProblem = [problems.scopes, ...API_KEY_SCOPES.map((_, i) => problems[`scopes/${i}`])].filter(Boolean).join('; ') || undefined;
    const isBusy = this.busyKey === 'create';
    return html`<form id="api-key-form" part="form" novalidate aria-labelledby="api-key-form-title" @submit=${(e: SubmitEvent) => this.#create(e, scope)}>
      <h4 id="api-key-form-title">Create an API key</h4>
      <div class="field">
        <label for="api-key-name">Name</label>
        <input
          id="api-key-name"
          name="name"
          autocomplete="off"
          maxlength="100"
          placeholder="Intranet portal backend"
          .value=${this.#name}
          @input=${(e: Event) => (this.#name = (e.target as HTMLInputElement).value)}
          aria-invalid=${problems.name ? 'true' : 'false'}
          aria-describedby="api-key-name-error"
        />
        ${fieldError('api-key-name-error', problems.name)}
      </div>
      <fieldset aria-describedby="api-key-scopes-error">
        <legend>Scopes</legend>
        ${API_KEY_SCOPES.map(
          (s) => html`<label class="check"
            ><input type="checkbox" name="scopes" value=${s} .checked=${this.#scopes.has(s)} @change=${(e: Event) => this.#toggleScope(s, (e.target as HTMLInputElement).checked)} />
            <span><code>${s}</code><span class="sub">${SCOPE_LABELS[s]}</span></span></label
          >`,
        )}
        ${fieldError('api-key-scopes-error', scopesProblem)}
      </fieldset>
      <div class="actions">
        <button type="submit" ?disabled=${isBusy}>${isBusy ? 'Creating…' : 'Create key'}</button>
      </div>
      ${formProblem(this.errorOf('create'), KEY_FIELDS)}
    </form>`;
  }

  #toggleScope(scope: ApiKeyScope, isChecked: boolean): void {
    if (isChecked) this.#scopes.add(scope);
    else this.#scopes.delete(scope);
  }

  async #create(event: SubmitEvent, scope: AdminScope): Promise<void> {
    event.preventDefault();
    const name = this.#name.trim();
    // In the spec's order, so a scope's problem pointer (/body/scopes/<i>) matches its checkbox.
    const scopes = API_KEY_SCOPES.filter((s) => this.#scopes.has(s));
    let key: string | undefined;
    let keyName = '';
    const done = await this.act(
      'create',
      () => dataOf(scope.client.POST('/v1/api-keys', { body: { name, organizationId: scope.organization.id, scopes } })),
      (created) => {
        key = created.key;
        keyName = created.apiKey.name;
        return { action: 'api_key.created', targetId: created.apiKey.id };
      },
      KEY_FIELDS,
    );
    if (done && key) {
      this.#name = '';
      this.#list.restart();
      this.#secret.show(`API key “${keyName}”`, key, 'Store it in your backend’s secret store. Send it as “Authorization: ApiKey <key>” from the server only.');
    } else if (!done) {
      this.focusSoon('#api-key-form [aria-invalid="true"]');
    }
  }

  #revoke(key: ApiKey): void {
    const scope = this.host.scope;
    if (!scope) return;
    this.confirmChange(
      {
        title: `Revoke the API key “${key.name}”?`,
        message: `drk_${key.prefix}_… authenticates nothing from now on: the backend using it can no longer mint embed tokens. Tokens it already minted stay valid until they expire.`,
        confirmLabel: 'Revoke key',
      },
      () => dataOf(scope.client.DELETE('/v1/api-keys/{apiKeyId}', { params: { path: { apiKeyId: key.id } } })),
      () => {
        this.#list.reload();
        // Its Revoke button gives way to "Revoked".
        this.focusSoon('#api-keys-title');
        return { action: 'api_key.revoked', targetId: key.id };
      },
    );
  }
}
