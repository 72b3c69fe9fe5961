import { html, nothing, type ReactiveController, type TemplateResult } from 'lit';
import type { AdminPanelHost } from './admin-section.ts';

interface ShownSecret {
  /** What it is ("Join token", "Signing secret of https://…"). */
  label: string;
  value: string;
  /** Where it goes or what it is for, shown under it. */
  note: string;
  copy: 'idle' | 'copied' | 'select';
}

/**
 * A secret the API returns once (join token, webhook signing secret, API key): shown until the
 * admin dismisses it, with a copy button, and never kept anywhere else. Dismissing it, or leaving
 * the page, loses it for good, as the API intends; the admin then rotates it.
 */
export class OneTimeSecret implements ReactiveController {
  #host: AdminPanelHost;
  #id: string;
  #shown: ShownSecret | undefined;

  /** `id` names the secret's elements inside the panel's shadow root (unique per section). */
  constructor(host: AdminPanelHost, id: string) {
    this.#host = host;
    this.#id = id;
    host.addController(this);
  }

  hostConnected(): void {}

  hostDisconnected(): void {
    this.#shown = undefined;
  }

  get isShown(): boolean {
    return this.#shown !== undefined;
  }

  /**
   * Shows a secret and moves the focus to it, so a screen reader reads it out with its warning. The
   * focus moves after the current task, when a confirmation dialog that led here has closed (a
   * closing dialog gives the focus back to the button that opened it).
   */
  show(label: string, value: string, note: string): void {
    this.#shown = { label, value, note, copy: 'idle' };
    this.#host.requestUpdate();
    setTimeout(async () => {
      await this.#host.updateComplete;
      const input = this.#host.renderRoot.querySelector<HTMLInputElement>(`#${this.#id}-value`);
      input?.focus();
      input?.select();
    });
  }

  dismiss(): void {
    this.#shown = undefined;
    this.#host.requestUpdate();
  }

  render(): TemplateResult | typeof nothing {
    const shown = this.#shown;
    if (!shown) return nothing;
    const valueId = `${this.#id}-value`;
    return html`<div part="secret" class="secret" role="group" aria-labelledby="${this.#id}-title">
      <p class="secret-title" id="${this.#id}-title"><strong>${shown.label}: copy it now.</strong> It is shown only once; after you dismiss it, it cannot be read again.</p>
      <div class="secret-line">
        <label class="visually-hidden" for=${valueId}>${shown.label}</label>
        <input id=${valueId} class="secret-value" readonly .value=${shown.value} aria-describedby="${this.#id}-note" spellcheck="false" autocomplete="off" />
        <button type="button" @click=${this.#copy}>Copy</button>
        <button type="button" class="secondary" @click=${() => this.dismiss()}>Done</button>
      </div>
      <p class="note" id="${this.#id}-note">${shown.note}</p>
      <p class="note" role="status">${shown.copy === 'copied' ? 'Copied to the clipboard.' : shown.copy === 'select' ? 'The browser did not allow copying: the text is selected, press Ctrl+C (⌘C on a Mac).' : ''}</p>
    </div>`;
  }

  #copy = async (): Promise<void> => {
    const shown = this.#shown;
    if (!shown) return;
    try {
      await navigator.clipboard.writeText(shown.value);
      shown.copy = 'copied';
    } catch {
      // No clipboard permission (an iframe without clipboard-write, an old browser): select the text for the user to copy.
      const input = this.#host.renderRoot.querySelector<HTMLInputElement>(`#${this.#id}-value`);
      input?.focus();
      input?.select();
      shown.copy = 'select';
    }
    this.#host.requestUpdate();
  };
}
