import { html, nothing, type ReactiveController, type TemplateResult } from 'lit';
import { Task, TaskStatus, initialState } from '@lit/task';
import type { components } from '../../../../openapi/generated/schema.d.ts';
import type { DrApiClient } from '../../internal/api-client.ts';
import { fieldError, fieldProblemsOf, formProblem, problemAlert } from '../../internal/form-problems.ts';
import { dataOf, toProblem } from '../../internal/problem.ts';
import { requireClient, type PanelLink, type SectionHost } from './panel-link.ts';

type EmbedOrigins = components['schemas']['EmbedOrigins'];

/** The API's limit on the list (EmbedOrigins.origins maxItems). */
const MAX_ORIGINS = 50;

/**
 * The origins allowed to embed the widgets: one input per origin, add and remove, then save the
 * whole list (PUT replaces it). The API normalises what it accepts (lower case, no duplicates) and
 * names each refused entry by its index, which is shown at that input.
 */
export class EmbedOriginsSection implements ReactiveController {
  #host: SectionHost;
  #link: PanelLink;
  #load: Task<readonly [DrApiClient | undefined, string | undefined], EmbedOrigins>;
  #save: Task<readonly [string, string[]], EmbedOrigins>;
  /** The list as the API last answered it (loaded or saved). */
  #stored?: readonly string[];
  /** The list being edited; undefined while nothing was changed since the API's last answer. */
  #draft?: string[];
  #announcement = '';

  constructor(host: SectionHost, link: PanelLink) {
    this.#host = host;
    this.#link = link;
    host.addController(this);
    this.#load = new Task(host, {
      args: () => [link.client, link.tenantId] as const,
      task: async ([client, tenantId], { signal }) => {
        if (!client || !tenantId) return initialState;
        // Runs only when the tenant (or the connection) changes: another tenant's list must not stay editable meanwhile.
        this.#stored = undefined;
        this.#draft = undefined;
        return dataOf(client.GET('/v1/tenants/{tenantId}/embed-origins', { params: { path: { tenantId } }, signal }));
      },
      onComplete: ({ origins }) => {
        this.#stored = origins;
        this.#draft = undefined;
        link.loaded('embed-origins');
      },
      onError: (error) => link.failed(toProblem(error)),
    });
    this.#save = new Task(host, {
      autoRun: false,
      task: async ([tenantId, origins], { signal }) =>
        dataOf(requireClient(link).PUT('/v1/tenants/{tenantId}/embed-origins', { params: { path: { tenantId } }, body: { origins }, signal })),
      onComplete: (saved) => {
        this.#stored = saved.origins;
        this.#draft = undefined;
        this.#announce(saved.origins.length === 0 ? 'Saved: no origin may embed the widgets now.' : `Saved ${saved.origins.length} ${saved.origins.length === 1 ? 'origin' : 'origins'}.`);
        link.changed('tenant.embed_origins_replaced', this.#link.tenantId ?? '');
      },
      onError: (error) => link.failed(toProblem(error)),
    });
  }

  hostConnected(): void {}

  render(): TemplateResult {
    const isLoading = this.#load.status === TaskStatus.PENDING || this.#load.status === TaskStatus.INITIAL;
    return html`<section part="embed-origins" aria-labelledby="embed-origins-title">
      <h3 id="embed-origins-title">Embedding</h3>
      <p class="note">Host pages on these origins may embed the widgets (https, or http on localhost for development). Tokens stop working on an origin you remove.</p>
      ${this.#load.status === TaskStatus.ERROR ? problemAlert(toProblem(this.#load.error)) : nothing}
      ${this.#stored && this.#load.status !== TaskStatus.ERROR ? this.#form(this.#draft ?? this.#stored) : isLoading ? html`<p class="placeholder" role="status">Loading origins…</p>` : nothing}
      <p class="visually-hidden" role="status">${this.#announcement}</p>
    </section>`;
  }

  #form(origins: readonly string[]): TemplateResult {
    const isPending = this.#save.status === TaskStatus.PENDING;
    const error = this.#save.status === TaskStatus.ERROR ? this.#save.error : undefined;
    const problems = fieldProblemsOf(error);
    const fields = origins.map((_, i) => `origins/${i}`);
    return html`<form @submit=${this.#onSave} novalidate aria-labelledby="embed-origins-title">
      ${origins.length === 0 ? html`<p class="placeholder">No origins: no host page may embed the widgets.</p>` : nothing}
      <ul class="origins">
        ${origins.map((origin, i) => {
          const id = `origin-${i}`;
          const problem = problems[`origins/${i}`];
          return html`<li>
            <label for=${id} class="visually-hidden">Origin ${i + 1}</label>
            <input id=${id} type="url" inputmode="url" autocomplete="off" spellcheck="false" placeholder="https://portal.bank.example" .value=${origin}
              @input=${(e: Event) => this.#edit(i, (e.target as HTMLInputElement).value)} aria-invalid=${problem ? 'true' : 'false'} aria-describedby="${id}-error" />
            <button type="button" class="secondary" aria-label="Remove origin ${i + 1}${origin ? ` (${origin})` : ''}" @click=${() => this.#remove(i)}>Remove</button>
            ${fieldError(`${id}-error`, problem)}
          </li>`;
        })}
      </ul>
      <div class="actions">
        <button type="button" class="secondary" @click=${this.#add} ?disabled=${origins.length >= MAX_ORIGINS}>Add origin</button>
        <button type="submit" ?disabled=${isPending || this.#draft === undefined}>${isPending ? 'Saving…' : 'Save origins'}</button>
        ${this.#draft !== undefined ? html`<button type="button" class="secondary" @click=${this.#discard}>Discard changes</button>` : nothing}
      </div>
      ${formProblem(error, fields)}
    </form>`;
  }

  #current(): string[] {
    return [...(this.#draft ?? this.#stored ?? [])];
  }

  #announce(text: string): void {
    this.#announcement = text;
    this.#host.requestUpdate();
  }

  #edit(index: number, value: string): void {
    const next = this.#current();
    next[index] = value;
    this.#draft = next;
    this.#host.requestUpdate();
  }

  #add = async (): Promise<void> => {
    this.#draft = [...this.#current(), ''];
    this.#host.requestUpdate();
    await this.#host.updateComplete;
    this.#host.renderRoot.querySelector<HTMLInputElement>(`#origin-${this.#draft.length - 1}`)?.focus();
  };

  #remove(index: number): void {
    this.#draft = this.#current().filter((_, i) => i !== index);
    this.#host.requestUpdate();
  }

  #discard = (): void => {
    this.#draft = undefined;
    this.#host.requestUpdate();
  };

  #onSave = (event: SubmitEvent): void => {
    event.preventDefault();
    const tenantId = this.#link.tenantId;
    if (!tenantId || this.#draft === undefined) return;
    // Blank rows are dropped from the draft itself, so the indexes of the API's pointers match the inputs.
    this.#draft = this.#draft.map((o) => o.trim()).filter((o) => o !== '');
    void this.#save.run([tenantId, this.#draft]);
  };
}
