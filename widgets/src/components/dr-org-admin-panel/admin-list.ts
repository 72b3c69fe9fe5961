import { html, nothing, type TemplateResult } from 'lit';
import { Task, TaskStatus, initialState } from '@lit/task';
import { problemAlert } from '../../internal/form-problems.ts';
import { KeysetPager } from '../../internal/keyset-pager.ts';
import { isAbort, toProblem } from '../../internal/problem.ts';
import type { AdminPanelHost, AdminScope } from './admin-section.ts';

/** One page of a keyset-paginated list of the API. */
export interface ListPage<T> {
  items: T[];
  nextCursor: string | null;
}

export interface AdminListOptions<T> {
  /** Whether the caller may read the list (when not, nothing is requested). */
  isEnabled(scope: AdminScope): boolean;
  /** Values the list depends on besides the organization (a status filter); compared one by one. */
  filters?: () => readonly unknown[];
  /** Loads the page at `cursor` (null: the first). */
  load(scope: AdminScope, cursor: string | null, signal: AbortSignal): Promise<ListPage<T>>;
  /** Name of the list's pager navigation ("Members pages"). */
  pagerLabel: string;
}

/**
 * A section's list: one page at a time from the API, Previous/Next by keyset cursor, reloaded in
 * place after a change. Loads only once the panel knows the caller and only if they may read it.
 */
export class AdminList<T> {
  readonly pager: KeysetPager;
  readonly task: Task<readonly unknown[], ListPage<T>>;
  #host: AdminPanelHost;
  #options: AdminListOptions<T>;
  /** Bumped by reload(): a new argument makes the Task run again with the same page. */
  #revision = 0;

  constructor(host: AdminPanelHost, options: AdminListOptions<T>) {
    this.#host = host;
    this.#options = options;
    this.pager = new KeysetPager(host);
    this.task = new Task(host, {
      // The client and the organization id, not the scope object: a refresh of the organization's
      // figures (a new scope) must not reload every list.
      args: () => {
        const scope = host.scope;
        const enabled = scope !== undefined && options.isEnabled(scope);
        return [enabled ? scope.client : undefined, scope?.organization.id, scope?.organization.tenantId, this.pager.cursor, this.#revision, ...(options.filters?.() ?? [])];
      },
      task: async ([client, , , cursor], { signal }): Promise<ListPage<T> | typeof initialState> => {
        const scope = host.scope;
        if (!client || !scope) return initialState;
        return options.load(scope, cursor as string | null, signal);
      },
      onError: (error) => {
        if (!isAbort(error)) host.reportProblem(toProblem(error));
      },
    });
  }

  /** True once the first load has answered, with data or a problem. */
  get hasSettled(): boolean {
    return this.task.status === TaskStatus.COMPLETE || this.task.status === TaskStatus.ERROR;
  }

  get isBusy(): boolean {
    return this.task.status === TaskStatus.PENDING;
  }

  /** Loads the page on screen again (after a change to one of its rows). */
  reload(): void {
    this.#revision += 1;
    this.#host.requestUpdate();
  }

  /** Back to the first page (after a filter changed or a row was added, which lands on the first page). */
  restart(): void {
    this.#revision += 1;
    this.pager.restart();
  }

  /** The list's loading, problem, empty or data state; `table` draws a non-empty page. */
  render(texts: { loading: string; empty: string }, table: (items: T[]) => TemplateResult): TemplateResult {
    if (this.task.status === TaskStatus.ERROR) return problemAlert(toProblem(this.task.error));
    const page = this.task.value;
    if (!page) return html`<p class="placeholder" role="status">${texts.loading}</p>`;
    const hasPager = page.nextCursor !== null || this.pager.pageNumber > 1;
    return html`${page.items.length === 0 ? html`<p class="placeholder">${texts.empty}</p>` : table(page.items)}
    ${hasPager ? this.pager.render(this.#options.pagerLabel, page.nextCursor, this.isBusy) : nothing}`;
  }
}
