import { html, nothing, type TemplateResult } from 'lit';
import { Task, TaskStatus, initialState } from '@lit/task';
import type { components } from '../../../../openapi/generated/schema.d.ts';
import { formatDateTime } from '../../internal/admin-format.ts';
import { fieldError, formProblem, problemAlert } from '../../internal/form-problems.ts';
import { dataOf, isAbort, toProblem } from '../../internal/problem.ts';
import { AdminSection, type AdminChange, type AdminScope } from './admin-section.ts';
import { formatMoment } from './moment.ts';
import { OneTimeSecret } from './one-time-secret.ts';

type JoinTokenStatus = components['schemas']['JoinTokenStatus'];
type JoinToken = components['schemas']['JoinToken'];

const TOKEN_FIELDS = ['expiresInHours'];

/**
 * The join token: one shared token with which individual users join the organization themselves.
 * Shows whether there is one and until when; generating one (which replaces the old one, after a
 * confirmation) shows it once, with a copy button; disabling it stops joining by token until a
 * new one is generated.
 */
export class JoinTokenSection extends AdminSection {
  #secret = new OneTimeSecret(this.host, 'join-token-secret');
  #hours = '';
  #revision = 0;
  // What the last change told us, shown until the reloaded status arrives, so the new token never sits
  // beside a stale "None" or "Active" line.
  #known: JoinTokenStatus | undefined;

  #status = new Task(this.host, {
    args: () => {
      const scope = this.host.scope;
      return [scope && this.isVisible(scope) ? scope.client : undefined, scope?.organization.id, this.#revision] as const;
    },
    task: async ([client, organizationId], { signal }): Promise<JoinTokenStatus | typeof initialState> => {
      if (!client || !organizationId) return initialState;
      const status = await dataOf(client.GET('/v1/organizations/{organizationId}/join-token', { params: { path: { organizationId } }, signal }));
      this.#known = undefined;
      return status;
    },
    onError: (error) => {
      if (!isAbort(error)) this.host.reportProblem(toProblem(error));
    },
  });

  isVisible(scope: AdminScope): boolean {
    return scope.can('join_token.manage');
  }

  get hasSettled(): boolean {
    return this.#status.status === TaskStatus.COMPLETE || this.#status.status === TaskStatus.ERROR;
  }

  render(scope: AdminScope): TemplateResult {
    const loading = html`<p class="placeholder" role="status">Loading the join token…</p>`;
    return html`<section part="section" aria-labelledby="join-token-title" aria-busy=${this.#status.status === TaskStatus.PENDING ? 'true' : 'false'}>
      <div class="section-head">
        <h3 id="join-token-title" tabindex="-1">Join token</h3>
      </div>
      <p class="note">Anyone with the join token can join ${scope.organization.name} as a member until it expires, without an invitation.</p>
      ${this.#status.render({
        initial: () => loading,
        // A reload after a change keeps what is on screen until the new status is in.
        pending: () => {
          const shown = this.#known ?? this.#status.value;
          return shown ? this.#body(shown, scope) : loading;
        },
        complete: (status) => this.#body(this.#known ?? status, scope),
        error: (error) => problemAlert(toProblem(error)),
      })}
    </section>`;
  }

  #body(status: JoinTokenStatus, scope: AdminScope): TemplateResult {
    const isActive = status.enabled && !status.expired;
    const problems = this.fieldProblems('create');
    const isBusy = this.busyKey !== undefined;
    return html`<p class="token-state" data-state=${isActive ? 'active' : status.enabled ? 'expired' : 'none'}>
        ${isActive
          ? html`<span class="pill" data-tone="good">Active</span> Generated ${formatMoment(status.createdAt)}; expires ${formatMoment(status.expiresAt)}.`
          : status.enabled
            ? html`<span class="pill" data-tone="bad">Expired</span> It expired ${formatMoment(status.expiresAt)}; nobody can join with it.`
            : html`<span class="pill">None</span> There is no join token: people join by invitation only.`}
      </p>
      ${this.#secret.render()}
      <form id="join-token-form" part="form" novalidate aria-label="Generate a join token" @submit=${(e: SubmitEvent) => this.#onGenerate(e, isActive, scope)}>
        <div class="fields">
          <div class="field">
            <label for="join-token-hours">Valid for (hours)</label>
            <input
              id="join-token-hours"
              name="expiresInHours"
              type="number"
              inputmode="numeric"
              min="1"
              max="8760"
              .value=${this.#hours}
              @input=${(e: Event) => (this.#hours = (e.target as HTMLInputElement).value)}
              aria-invalid=${problems.expiresInHours ? 'true' : 'false'}
              aria-describedby="join-token-hours-hint join-token-hours-error"
            />
            <span class="note" id="join-token-hours-hint">Empty: the server's default (14 days unless configured).</span>
            ${fieldError('join-token-hours-error', problems.expiresInHours)}
          </div>
        </div>
        <div class="actions">
          <button type="submit" ?disabled=${isBusy}>${this.busyKey === 'create' ? 'Generating…' : status.enabled ? 'Generate a new token' : 'Generate token'}</button>
          ${status.enabled ? html`<button type="button" class="danger" ?disabled=${isBusy} @click=${() => this.#disable(scope)}>Disable token</button>` : nothing}
        </div>
        ${formProblem(this.errorOf('create'), TOKEN_FIELDS)}
      </form>`;
  }

  #onGenerate(event: SubmitEvent, isActive: boolean, scope: AdminScope): void {
    event.preventDefault();
    // An empty field leaves the lifetime to the server; anything else goes as typed, for the API to judge.
    const hours = this.#hours.trim();
    const body = hours === '' ? undefined : { expiresInHours: Number(hours) };
    const call = () => dataOf(scope.client.POST('/v1/organizations/{organizationId}/join-token', { params: { path: { organizationId: scope.organization.id } }, body }));
    const onDone = (token: JoinToken): AdminChange => {
      this.#known = { enabled: true, expired: false, createdAt: token.createdAt, expiresAt: token.expiresAt };
      this.#revision += 1;
      this.#secret.show('Join token', token.token, `Share it only with people who should join ${scope.organization.name}. It expires ${formatDateTime(token.expiresAt)}.`);
      return { action: 'organization.join_token_created', targetId: scope.organization.id };
    };
    if (isActive) {
      // Replacing a working token locks out everyone who has it but has not joined yet: ask first.
      this.confirmChange(
        {
          title: 'Replace the join token?',
          message: 'The current token stops working at once; people who have it can no longer join with it. The new token is shown once.',
          confirmLabel: 'Generate a new token',
        },
        call,
        onDone,
      );
      return;
    }
    void this.act('create', call, onDone, TOKEN_FIELDS).then((done) => {
      if (!done) this.focusSoon('#join-token-form [aria-invalid="true"]');
    });
  }

  #disable(scope: AdminScope): void {
    this.confirmChange(
      {
        title: 'Disable the join token?',
        message: 'Nobody can join with the current token any more. Joining by token needs a newly generated token afterwards.',
        confirmLabel: 'Disable token',
      },
      () => dataOf(scope.client.DELETE('/v1/organizations/{organizationId}/join-token', { params: { path: { organizationId: scope.organization.id } } })),
      () => {
        this.#secret.dismiss();
        this.#known = { enabled: false, expired: false, createdAt: null, expiresAt: null };
        this.#revision += 1;
        this.focusSoon('#join-token-title');
        return { action: 'organization.join_token_disabled', targetId: scope.organization.id };
      },
    );
  }
}
