import { html, type ReactiveController, type ReactiveControllerHost, type TemplateResult } from 'lit';

/**
 * Where a list paged by the API's keyset cursors is. The cursors only lead forwards, so the cursor
 * of every page visited is kept to go back; any change of filter starts again from the first page.
 */
export class KeysetPager implements ReactiveController {
  #host: ReactiveControllerHost;
  #cursors: (string | null)[] = [null];
  #page = 0;

  constructor(host: ReactiveControllerHost) {
    this.#host = host;
    host.addController(this);
  }

  hostConnected(): void {}

  /** The cursor of the page on screen (null: the first page). */
  get cursor(): string | null {
    return this.#cursors[this.#page];
  }

  /** One-based number of the page on screen. */
  get pageNumber(): number {
    return this.#page + 1;
  }

  next(nextCursor: string | null | undefined): void {
    if (!nextCursor) return;
    this.#cursors = [...this.#cursors.slice(0, this.#page + 1), nextCursor];
    this.#page += 1;
    this.#host.requestUpdate();
  }

  previous(): void {
    if (this.#page === 0) return;
    this.#page -= 1;
    this.#host.requestUpdate();
  }

  restart(): void {
    this.#cursors = [null];
    this.#page = 0;
    this.#host.requestUpdate();
  }

  /** Previous / page number / next, in a navigation landmark named `label`. */
  render(label: string, nextCursor: string | null | undefined, isBusy: boolean): TemplateResult {
    return html`<nav part="pager" class="pager" aria-label=${label}>
      <button type="button" class="secondary" @click=${() => this.previous()} ?disabled=${this.#page === 0 || isBusy}>Previous</button>
      <span aria-live="polite">Page ${this.pageNumber}</span>
      <button type="button" class="secondary" @click=${() => this.next(nextCursor)} ?disabled=${!nextCursor || isBusy}>Next</button>
    </nav>`;
  }
}
