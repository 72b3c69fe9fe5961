import { LitElement, html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { consume } from '@lit/context';
import { Task, TaskStatus, initialState } from '@lit/task';
import type { components, paths } from '../../../../openapi/generated/schema.d.ts';
import { connectionContext, type DrConnection } from '../../internal/contexts.ts';
import { defineElement } from '../../internal/define.ts';
import { RISK_BANDS, bandLabel, formatPd, formatPeriod, type RiskBand } from '../../internal/format.ts';
import { dataOf, toProblem } from '../../internal/problem.ts';
import { sharedStyles } from '../../internal/shared.styles.ts';
import { DrCompanySelectEvent } from '../../events/dr-company-select.ts';
import { DrErrorEvent } from '../../events/dr-error.ts';
import { DrLoadedEvent } from '../../events/dr-loaded.ts';
import { companyTableStyles } from './dr-company-table.styles.ts';

type Company = components['schemas']['Company'];
type CompanyPage = components['schemas']['CompanyList'];
type ListQuery = NonNullable<paths['/v1/companies']['get']['parameters']['query']>;

export const COMPANY_SORT_KEYS = ['name', 'pd'] as const;
/** Columns the table sorts by (server-side). */
export type CompanySortKey = (typeof COMPANY_SORT_KEYS)[number];
export type SortOrder = 'asc' | 'desc';

/** Pause after the last keystroke before the search hits the API. */
const SEARCH_DEBOUNCE_MS = 300;

/**
 * @summary The companies the token may see, paged, sorted and filtered by the API.
 *
 * @event dr-company-select - A row was clicked (or its name activated from the keyboard).
 * @event dr-loaded - A page is on screen.
 * @event dr-error - A page could not be loaded; the table shows the problem's title and detail.
 *
 * @csspart base - The outer box.
 * @csspart toolbar - Search and band filter.
 * @csspart table - The table.
 * @csspart row - Each body row.
 * @csspart pager - Previous / next controls.
 *
 * @cssproperty --dr-color-surface - Background.
 * @cssproperty --dr-color-border - Borders and row rules.
 * @cssproperty --dr-color-accent - Company names, focus rings.
 */
export class DrCompanyTable extends LitElement {
  static override styles = [sharedStyles, companyTableStyles];

  /** Rows per page (1–200). */
  @property({ type: Number, attribute: 'page-size' }) pageSize = 20;
  /** Sort column: `name` or `pd`. */
  @property() sort: CompanySortKey = 'name';
  /** Sort direction: `asc` or `desc`. */
  @property() order: SortOrder = 'asc';
  /** Only companies in this band (empty: all). */
  @property() band: RiskBand | '' = '';
  /** Search text (name or external reference). */
  @property() q = '';

  @consume({ context: connectionContext, subscribe: true })
  @state()
  connection?: DrConnection;

  /** Cursor of each page visited so far (keyset paging cannot jump back, so earlier cursors are kept). */
  @state() private cursors: (string | null)[] = [null];
  @state() private page = 0;

  #searchTimer?: ReturnType<typeof setTimeout>;

  #rows = new Task(this, {
    args: () => [this.connection?.client, this.sort, this.order, this.band, this.q, this.cursors[this.page], this.pageSize] as const,
    task: async ([client, sort, order, band, q, cursor, pageSize], { signal }): Promise<CompanyPage | typeof initialState> => {
      if (!client) return initialState;
      const query: ListQuery = { sort, order, limit: Math.min(200, Math.max(1, pageSize || 20)) };
      if (band) query.band = band;
      if (q) query.q = q;
      if (cursor) query.cursor = cursor;
      return dataOf(client.GET('/v1/companies', { params: { query }, signal }));
    },
    onComplete: () => this.dispatchEvent(new DrLoadedEvent('dr-company-table')),
    onError: (error) => this.dispatchEvent(new DrErrorEvent('dr-company-table', toProblem(error))),
  });

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.#searchTimer);
  }

  protected override render() {
    const busy = this.#rows.status === TaskStatus.PENDING || this.#rows.status === TaskStatus.INITIAL;
    const page = this.#rows.value;
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
      <div class="scroll">
        <table part="table">
          <caption class="visually-hidden">
            Companies, sorted by ${this.sort === 'pd' ? 'probability of default' : 'name'}, ${this.order === 'asc' ? 'ascending' : 'descending'}; page ${this.page + 1}
          </caption>
          <thead>
            <tr>
              ${this.#sortHeader('name', 'Company')}
              <th scope="col">Sector</th>
              ${this.#sortHeader('pd', 'PD', 'num')}
              <th scope="col">Band</th>
              <th scope="col">Rating</th>
              <th scope="col">Period</th>
            </tr>
          </thead>
          <tbody>
            ${page?.items.map((c) => this.#row(c))}
          </tbody>
        </table>
      </div>
      ${page && page.items.length === 0 ? html`<p class="placeholder">No companies match.</p>` : nothing}
      ${busy && !page ? html`<p class="placeholder" role="status">Loading companies…</p>` : nothing}
      <div part="pager">
        <button type="button" @click=${this.#previous} ?disabled=${this.page === 0 || busy}>Previous</button>
        <span aria-live="polite">Page ${this.page + 1}</span>
        <button type="button" @click=${this.#next} ?disabled=${!page?.nextCursor || busy}>Next</button>
      </div>
    </div>`;
  }

  #problem() {
    const problem = toProblem(this.#rows.error);
    return html`<div class="problem" role="alert"><strong>${problem.title}</strong>${problem.detail}</div>`;
  }

  #sortHeader(key: CompanySortKey, label: string, className = '') {
    const active = this.sort === key;
    const ariaSort = active ? (this.order === 'asc' ? 'ascending' : 'descending') : 'none';
    return html`<th scope="col" class=${className} aria-sort=${ariaSort}>
      <button type="button" @click=${() => this.#sortBy(key)}>${label}<span aria-hidden="true">${active ? (this.order === 'asc' ? ' ▲' : ' ▼') : ''}</span></button>
    </th>`;
  }

  #row(c: Company) {
    return html`<tr part="row" @click=${() => this.dispatchEvent(new DrCompanySelectEvent(c))}>
      <td><button type="button">${c.name}</button></td>
      <td>${c.sector ?? '—'}</td>
      <td class="num">${c.latestPd === null ? '—' : formatPd(c.latestPd)}</td>
      <td>${c.latestBand ? html`<span class="band" data-band=${c.latestBand}>${bandLabel(c.latestBand)}</span>` : '—'}</td>
      <td>${c.latestRating ?? '—'}</td>
      <td>${c.latestFiscalYear === null ? '—' : formatPeriod(c.latestFiscalYear, c.latestFiscalQuarter)}</td>
    </tr>`;
  }

  /** Any change of order or filter starts again from the first page. */
  #restart(): void {
    this.cursors = [null];
    this.page = 0;
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
