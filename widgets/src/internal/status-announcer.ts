import { html, type ReactiveControllerHost, type TemplateResult } from 'lit';

/**
 * A section's visually hidden status line: screen readers hear the outcome of a change that
 * otherwise shows only as a row appearing, changing or going.
 */
export class StatusAnnouncer {
  #host: ReactiveControllerHost;
  #text = '';

  constructor(host: ReactiveControllerHost) {
    this.#host = host;
  }

  announce(text: string): void {
    this.#text = text;
    this.#host.requestUpdate();
  }

  render(): TemplateResult {
    return html`<p class="visually-hidden" role="status">${this.#text}</p>`;
  }
}
