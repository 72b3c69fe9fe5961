import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import { styleMap } from 'lit/directives/style-map.js';
import { consume } from '@lit/context';
import { Task, TaskStatus, initialState } from '@lit/task';
import type { components, paths } from '../../../../openapi/generated/schema.d.ts';
import { connectionContext, type DrConnection } from '../../internal/contexts.ts';
import { defineElement } from '../../internal/define.ts';
import { RISK_BANDS, bandLabel, formatPd, formatPeriod, type RiskBand } from '../../internal/format.ts';
import { dataOf, toProblem } from '../../internal/problem.ts';
import { sharedStyles } from '../../internal/shared.styles.ts';
import { cardStyles } from '../../internal/card.styles.ts';
import { formControlStyles } from '../../internal/form-controls.styles.ts';
import { tableStyles } from '../../internal/table.styles.ts';
import { ThresholdAlerts, isAtOrAbove, thresholdOf } from '../../internal/threshold-alerts.ts';
import { DrCompanySelectEvent } from '../../events/dr-company-select.ts';
import { DrErrorEvent } from '../../events/dr-error.ts';
import { DrLoadedEvent } from '../../events/dr-loaded.ts';
import { companyTableStyles } from './dr-company-table.styles.ts';
import { rowWindowOf, rowsPerPage, scrollTopShowing, type RowWindow, type ScrollGeometry } from './row-window.ts';

type Company = components['schemas']['Company'];
type CompanyPage = components['schemas']['CompanyList'];
type ListQuery = NonNullable<paths['/v1/companies']['get']['parameters']['query']>;

/** A page of the list and its position in the keyset sequence of the current sort and filters. */
interface LoadedPage extends CompanyPage {
  index: number;
}

export const COMPANY_SORT_KEYS = ['name', 'pd'] as const;
/** Columns the table sorts by (server-side). */
export type CompanySortKey = (typeof COMPANY_SORT_KEYS)[number];
export type SortOrder = 'asc' | 'desc';

/** Pause after the last keystroke before the search hits the API. */
const SEARCH_DEBOUNCE_MS = 300;
/** Virtualized: rows rendered beyond each edge of the viewport. */
const OVERSCAN_ROWS = 6;
/** Virtualized: fetch the next page when the rendered rows come this close to the last loaded one. */
const PREFETCH_ROWS = 10;
const NAVIGATION_KEYS = ['ArrowDown', 'ArrowUp', 'PageDown', 'PageUp', 'Home', 'End'];

/**
 * @summary The companies the token may see, paged (or, `virtualized`, scrolled), sorted and filtered by the API.
 *
 * @event dr-company-select - A row was clicked (or its name activated from the keyboard).
 * @event dr-loaded - A page is on screen.
 * @event dr-error - A page could not be loaded; the table shows the problem's title and detail.
 * @fires dr-threshold-breached - A loaded row's PD is at or above `threshold` (once per company for the widget's lifetime).
 *
 * @csspart base - The outer box.
 * @csspart toolbar - Search and band filter.
 * @csspart table - The table.
 * @csspart row - Each body row.
 * @csspart row-breached - Body rows whose PD is at or above `threshold` (also `row`).
 * @csspart pager - Previous / next controls (paged).
 * @csspart status - How many rows are loaded (virtualized).
 * @csspart retry - The "Try again" button shown with a page that failed to load.
 *
 * @cssproperty --dr-color-surface - Background.
 * @cssproperty --dr-color-border - Borders and row rules.
 * @cssproperty --dr-color-accent - Company names, focus rings.
 * @cssproperty --dr-color-danger - Marker of rows at or above `threshold`.
 * @cssproperty --dr-table-max-height - Height the virtualized table scrolls within (default 28rem).
 */
export class DrCompanyTable extends LitElement {
  static override styles = [sharedStyles, cardStyles, tableStyles, formControlStyles, companyTableStyles];

  /** Rows per page (1–200); with `virtualized`, rows per fetch. */
  @property({ type: Number, attribute: 'page-size' }) pageSize = 20;
  /** Sort column: `name` or `pd`. */
  @property() sort: CompanySortKey = 'name';
  /** Sort direction: `asc` or `desc`. */
  @property() order: SortOrder = 'asc';
  /** Only companies in this band (empty: all). */
  @property() band: RiskBand | '' = '';
  /** Search text (name or external reference). */
  @property() q = '';
  /** Alert level, a PD between 0 and 1 (`0.05` = 5 %): rows at or above it are marked and fire `dr-threshold-breached`. */
  @property({ type: Number }) threshold?: number;
  /**
   * One scrolling list instead of pages: the next page is fetched as the end comes near, and only
   * the rows in view are in the DOM, so thousands of rows stay fast.
   */
  @property({ type: Boolean, reflect: true }) virtualized = false;

  @consume({ context: connectionContext, subscribe: true })
  @state()
  connection?: DrConnection;

  /** Cursor of each page visited so far (keyset paging cannot jump back, so earlier cursors are kept). */
  @state() private cursors: (string | null)[] = [null];
  @state() private page = 0;
  /** Virtualized: every page fetched for the current sort and filters, in order. */
  @state() private loadedPages: Company[][] = [];
  /** Virtualized: the loaded rows in the DOM. */
  @state() private rowWindow: RowWindow = { start: 0, end: 0 };
  /** Virtualized: the row keyboard focus is on, or returns to (one tab stop for the whole body). */
  @state() private activeRow = 0;
  /** Virtualized: the last page is in, so the number of rows is known. */
  @state() private hasLoadedAll = false;

  @query('.scroll') private scroller?: HTMLElement;

  #searchTimer?: ReturnType<typeof setTimeout>;
  #alerts = new ThresholdAlerts(this);
  /** The task value whose rows were last checked against the threshold. */
  #reported?: LoadedPage;
  #rowHeight = 0;
  #headerHeight = 0;
  /** A row button had focus before this render (it may be virtualized away by it). */
  #hadRowFocus = false;

  #rows = new Task(this, {
    args: () => [this.connection?.client, this.sort, this.order, this.band, this.q, this.cursors[this.page], this.pageSize, this.page] as const,
    task: async ([client, sort, order, band, q, cursor, pageSize, index], { signal }): Promise<LoadedPage | typeof initialState> => {
      if (!client) return initialState;
      const query: ListQuery = { sort, order, limit: Math.min(200, Math.max(1, pageSize || 20)) };
      if (band) query.band = band;
      if (q) query.q = q;
      if (cursor) query.cursor = cursor;
      return { ...(await dataOf(client.GET('/v1/companies', { params: { query }, signal }))), index };
    },
    onComplete: (loaded) => {
      // A page fetched again (a new API client) replaces its earlier copy rather than adding to it.
      if (this.virtualized) {
        this.loadedPages = [...this.loadedPages.slice(0, loaded.index), loaded.items];
        this.hasLoadedAll = loaded.nextCursor === null;
      }
      this.dispatchEvent(new DrLoadedEvent('dr-company-table'));
    },
    onError: (error) => this.dispatchEvent(new DrErrorEvent('dr-company-table', toProblem(error))),
  });

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.#searchTimer);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('virtualized') && changed.get('virtualized') !== undefined) this.#restart();
    this.#hadRowFocus = this.#focusedRowIndex() !== undefined;
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    const loaded = this.#rows.status === TaskStatus.COMPLETE ? this.#rows.value : undefined;
    if (loaded && (loaded !== this.#reported || changed.has('threshold'))) {
      this.#reported = loaded;
      this.#alerts.report(this.virtualized ? this.#loadedRows() : loaded.items, thresholdOf(this.threshold));
    }
    if (!this.virtualized) return;
    this.#measure();
    this.#syncWindow();
    // The focused row scrolled out of the window and left the DOM: keep focus in the table, where the arrow keys still work.
    if (this.#hadRowFocus && this.#focusedRowIndex() === undefined && !this.shadowRoot?.activeElement) this.scroller?.focus({ preventScroll: true });
  }

  protected override render() {
    const busy = this.#rows.status === TaskStatus.PENDING || this.#rows.status === TaskStatus.INITIAL;
    const page = this.#rows.value;
    const rows = this.virtualized ? this.#loadedRows() : (page?.items ?? []);
    const isEmpty = this.virtualized ? this.#rows.status === TaskStatus.COMPLETE && rows.length === 0 : page?.items.length === 0;
    const isFirstLoad = busy && (this.virtualized ? rows.length === 0 : !page);
    return html`<div part="base" aria-busy=${busy ? 'true' : 'false'}>
      <div part="toolbar" role="search">
        <label>Search<input type="search" .value=${this.q} @input=${this.#onSearch} placeholder="Name or reference" /></label>
        <label
          >Band
          <select @change=${this.#onBand} .value=${this.band}>
            <option value="">All bands</option>
            ${RISK_BANDS.map((b) => html`<option value=${b} ?selected=${this.band === b}>${bandLabel(b)}</option>`)}
          </select>
        </label>
      </div>
      ${this.#rows.status === TaskStatus.ERROR ? this.#problem() : nothing}
      <div class="scroll" tabindex=${this.virtualized ? '-1' : nothing} @scroll=${this.virtualized ? this.#syncWindow : nothing} @keydown=${this.#onKeydown} @focusin=${this.#onFocusIn}>
        <table part="table" aria-rowcount=${this.virtualized ? this.#rowCount() : nothing}>
          <caption class="visually-hidden">
            Companies, sorted by ${this.sort === 'pd' ? 'probability of default' : 'name'}, ${this.order === 'asc' ? 'ascending' : 'descending'}${this.virtualized ? '' : `; page ${this.page + 1}`}
          </caption>
          <thead>
            <tr aria-rowindex=${this.virtualized ? 1 : nothing}>
              ${this.#sortHeader('name', 'Company')}
              <th scope="col">Sector</th>
              ${this.#sortHeader('pd', 'PD', 'num')}
              <th scope="col">Band</th>
              <th scope="col">Rating</th>
              <th scope="col">Period</th>
            </tr>
          </thead>
          <tbody>
            ${this.virtualized ? this.#windowRows(rows) : rows.map((c) => this.#row(c))}
          </tbody>
        </table>
      </div>
      ${isEmpty ? html`<p class="placeholder">No companies match.</p>` : nothing}
      ${isFirstLoad ? html`<p class="placeholder" role="status">Loading companies…</p>` : nothing}
      ${this.virtualized ? this.#status(rows.length, busy) : this.#pager(page, busy)}
    </div>`;
  }

  #pager(page: LoadedPage | undefined, busy: boolean) {
    return html`<div part="pager">
      <button type="button" @click=${this.#previous} ?disabled=${this.page === 0 || busy}>Previous</button>
      <span aria-live="polite">Page ${this.page + 1}</span>
      <button type="button" @click=${this.#next} ?disabled=${!page?.nextCursor || busy}>Next</button>
    </div>`;
  }

  #status(loadedCount: number, busy: boolean) {
    if (loadedCount === 0) return nothing;
    const text = busy ? `${loadedCount} companies loaded, loading more…` : this.hasLoadedAll ? `All ${loadedCount} companies loaded` : `${loadedCount} companies loaded; more load as you scroll`;
    return html`<p part="status" aria-live="polite">${text}</p>`;
  }

  /** The page that failed, with a way to fetch it again (the rows loaded before it stay). */
  #problem() {
    const problem = toProblem(this.#rows.error);
    return html`<div class="problem" role="alert">
      <strong>${problem.title}</strong>${problem.detail}
      <button type="button" part="retry" @click=${() => void this.#rows.run()}>Try again</button>
    </div>`;
  }

  #sortHeader(key: CompanySortKey, label: string, className = '') {
    const active = this.sort === key;
    const ariaSort = active ? (this.order === 'asc' ? 'ascending' : 'descending') : 'none';
    return html`<th scope="col" class=${className} aria-sort=${ariaSort}>
      <button type="button" @click=${() => this.#sortBy(key)}>${label}<span aria-hidden="true">${active ? (this.order === 'asc' ? ' ▲' : ' ▼') : ''}</span></button>
    </th>`;
  }

  /**
   * The rows of the window between two spacer rows as tall as the rows they stand for, so the
   * scrollbar matches the whole list. Keyed by company, so a row's DOM (and its focus) stays with it.
   */
  #windowRows(rows: Company[]) {
    const { start, end } = this.rowWindow;
    const tabStop = this.activeRow >= start && this.activeRow < end ? this.activeRow : start;
    return html`${this.#spacer(start)}${repeat(
      rows.slice(start, end),
      (c) => c.id,
      (c, i) => this.#row(c, start + i, start + i === tabStop),
    )}${this.#spacer(rows.length - end)}`;
  }

  #spacer(rowCount: number) {
    if (rowCount <= 0) return nothing;
    return html`<tr class="spacer" aria-hidden="true"><td colspan="6" style=${styleMap({ height: `${rowCount * this.#rowHeight}px` })}></td></tr>`;
  }

  /** A body row; `index` (virtualized) is its position in the whole list, for aria-rowindex and keyboard moves. */
  #row(c: Company, index?: number, isTabStop = true) {
    const threshold = thresholdOf(this.threshold);
    const isBreached = isAtOrAbove(c.latestPd, threshold);
    return html`<tr
      part=${isBreached ? 'row row-breached' : 'row'}
      ?data-breached=${isBreached}
      data-index=${index ?? nothing}
      aria-rowindex=${index === undefined ? nothing : index + 2}
      @click=${() => this.dispatchEvent(new DrCompanySelectEvent(c))}
    >
      <td><button type="button" tabindex=${isTabStop ? nothing : '-1'} title=${this.virtualized ? c.name : nothing}>${c.name}</button></td>
      <td title=${this.virtualized && c.sector ? c.sector : nothing}>${c.sector ?? '—'}</td>
      <td class="num">
        ${isBreached ? html`<span class="marker" aria-hidden="true">▲</span>` : nothing}${c.latestPd === null ? '—' : formatPd(c.latestPd)}${isBreached
          ? html`<span class="visually-hidden"> at or above the ${formatPd(threshold as number)} alert threshold</span>`
          : nothing}
      </td>
      <td>${c.latestBand ? html`<span class="band" data-band=${c.latestBand}>${bandLabel(c.latestBand)}</span>` : '—'}</td>
      <td>${c.latestRating ?? '—'}</td>
      <td>${c.latestFiscalYear === null ? '—' : formatPeriod(c.latestFiscalYear, c.latestFiscalQuarter)}</td>
    </tr>`;
  }

  #loadedRows(): Company[] {
    return this.loadedPages.flat();
  }

  /** aria-rowcount: the header row plus every company once the last page is in; -1 (unknown) before, as the API gives no total. */
  #rowCount(): number {
    return this.hasLoadedAll ? this.#loadedRows().length + 1 : -1;
  }

  #geometry(): ScrollGeometry {
    return {
      scrollTop: this.scroller?.scrollTop ?? 0,
      viewportHeight: this.scroller?.clientHeight ?? 0,
      headerHeight: this.#headerHeight,
      rowHeight: this.#rowHeight,
      rowCount: this.#loadedRows().length,
      overscan: OVERSCAN_ROWS,
    };
  }

  /**
   * Row height from the first rows rendered (their span, so borders between rows count once). Taken
   * once: rows may differ by a fraction of a pixel, and re-measuring each window would move the
   * window, which would change the measurement, and so on without end.
   */
  #measure(): void {
    const header = this.renderRoot.querySelector('thead');
    if (header) this.#headerHeight = header.getBoundingClientRect().height;
    if (this.#rowHeight > 0) return;
    const rendered = this.renderRoot.querySelectorAll<HTMLElement>('tbody tr[data-index]');
    if (rendered.length === 0) return;
    const span = rendered[rendered.length - 1].getBoundingClientRect().bottom - rendered[0].getBoundingClientRect().top;
    if (span > 0) this.#rowHeight = span / rendered.length;
  }

  /** Renders the rows now in view and fetches the next page when they near the end of what is loaded. */
  #syncWindow(): void {
    const geometry = this.#geometry();
    const next = rowWindowOf(geometry);
    if (next.start !== this.rowWindow.start || next.end !== this.rowWindow.end) this.rowWindow = next;
    const isIdle = this.#rows.status === TaskStatus.COMPLETE;
    if (isIdle && this.#rows.value?.nextCursor && next.end + PREFETCH_ROWS >= geometry.rowCount) this.#next();
  }

  #focusedRowIndex(): number | undefined {
    const focused = this.shadowRoot?.activeElement?.closest<HTMLElement>('tr[data-index]');
    return focused ? Number(focused.dataset.index) : undefined;
  }

  #onFocusIn(): void {
    const index = this.#focusedRowIndex();
    if (index !== undefined) this.activeRow = index;
  }

  /** Virtualized: arrows, PageUp/PageDown, Home/End move focus between rows, scrolling the target in (and loading more at the end). */
  async #onKeydown(event: KeyboardEvent): Promise<void> {
    if (!this.virtualized || !NAVIGATION_KEYS.includes(event.key) || event.altKey || event.metaKey) return;
    const from = this.#focusedRowIndex();
    const isOnScroller = event.target === this.scroller;
    if (from === undefined && !isOnScroller) return;
    const geometry = this.#geometry();
    const last = geometry.rowCount - 1;
    if (last < 0) return;
    event.preventDefault();
    // From the scroll container itself (its focused row scrolled away) start at the first row in view.
    const current = from ?? Math.min(last, Math.floor(geometry.scrollTop / Math.max(1, geometry.rowHeight)));
    const step = rowsPerPage(geometry);
    const deltas: Record<string, number> = { ArrowDown: 1, ArrowUp: -1, PageDown: step, PageUp: -step };
    const target = event.key === 'Home' ? 0 : event.key === 'End' ? last : from === undefined ? current : Math.min(last, Math.max(0, current + deltas[event.key]));
    await this.#focusRow(target);
  }

  async #focusRow(index: number): Promise<void> {
    const scroller = this.scroller;
    if (!scroller) return;
    this.activeRow = index;
    scroller.scrollTop = scrollTopShowing(index, this.#geometry());
    this.#syncWindow();
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>(`tr[data-index="${index}"] button`)?.focus({ preventScroll: true });
  }

  /** Any change of order or filter starts again from the first page. */
  #restart(): void {
    this.cursors = [null];
    this.page = 0;
    this.loadedPages = [];
    this.hasLoadedAll = false;
    this.rowWindow = { start: 0, end: 0 };
    this.activeRow = 0;
    if (this.scroller) this.scroller.scrollTop = 0;
  }

  #sortBy(key: CompanySortKey): void {
    if (this.sort === key) this.order = this.order === 'asc' ? 'desc' : 'asc';
    else {
      this.sort = key;
      // Riskiest first is what people want from a PD column.
      this.order = key === 'pd' ? 'desc' : 'asc';
    }
    this.#restart();
  }

  #onSearch(event: Event): void {
    const value = (event.target as HTMLInputElement).value.trim();
    clearTimeout(this.#searchTimer);
    this.#searchTimer = setTimeout(() => {
      this.q = value;
      this.#restart();
    }, SEARCH_DEBOUNCE_MS);
  }

  #onBand(event: Event): void {
    this.band = (event.target as HTMLSelectElement).value as RiskBand | '';
    this.#restart();
  }

  #next(): void {
    const nextCursor = this.#rows.value?.nextCursor;
    if (!nextCursor) return;
    this.cursors = [...this.cursors.slice(0, this.page + 1), nextCursor];
    this.page += 1;
  }

  #previous(): void {
    if (this.page > 0) this.page -= 1;
  }
}

defineElement('dr-company-table', DrCompanyTable);

declare global {
  interface HTMLElementTagNameMap {
    'dr-company-table': DrCompanyTable;
  }
}
