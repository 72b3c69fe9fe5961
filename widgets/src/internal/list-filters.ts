import { html, type ReactiveController, type ReactiveControllerHost, type TemplateResult } from 'lit';

/** Pause after the last keystroke before a search hits the API. */
const SEARCH_DEBOUNCE_MS = 300;

/**
 * The filters of a list the API searches and filters: a new value object on every change, so a
 * Task that takes it as an argument runs again. Typing in the search box waits for a pause, so
 * each keystroke does not cost a request.
 */
export class ListFilters<F extends { q: string }> implements ReactiveController {
  #value: F;
  #onChange: () => void;
  #searchTimer?: ReturnType<typeof setTimeout>;

  /** `onChange` runs after each change: back to the first page, close an open row. */
  constructor(host: ReactiveControllerHost, initial: F, onChange: () => void) {
    this.#value = initial;
    this.#onChange = onChange;
    host.addController(this);
  }

  hostConnected(): void {}

  hostDisconnected(): void {
    clearTimeout(this.#searchTimer);
  }

  get value(): F {
    return this.#value;
  }

  /** True when any filter narrows the list, so an empty page means "no match", not "none yet". */
  get isFiltered(): boolean {
    return Object.values(this.#value).some((v) => v !== '');
  }

  set(change: Partial<F>): void {
    this.#value = { ...this.#value, ...change };
    this.#onChange();
  }

  /** The labelled search box, for the list's filter bar; `placeholder` says what it matches. */
  renderSearch(placeholder: string): TemplateResult {
    return html`<label>Search<input type="search" name="q" .value=${this.#value.q} placeholder=${placeholder} @input=${this.#onSearch} /></label>`;
  }

  #onSearch = (event: Event): void => {
    const q = (event.target as HTMLInputElement).value.trim();
    clearTimeout(this.#searchTimer);
    this.#searchTimer = setTimeout(() => this.set({ q } as Partial<F>), SEARCH_DEBOUNCE_MS);
  };
}
