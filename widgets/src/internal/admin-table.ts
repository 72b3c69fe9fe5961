import { html, nothing, type TemplateResult } from 'lit';
import { TaskStatus, type Task } from '@lit/task';
import { ifDefined } from 'lit/directives/if-defined.js';
import { problemAlert } from './form-problems.ts';
import type { KeysetPager } from './keyset-pager.ts';
import { toProblem } from './problem.ts';

/** A column header of an admin table; `className` aligns it with its cells ("num"). */
export interface AdminTableColumn {
  label: string;
  className?: string;
}

export interface AdminTable {
  /** Read by screen readers only. */
  caption: string;
  /** The data columns; a last, unlabelled-on-screen "Actions" column is always added. */
  columns: readonly AdminTableColumn[];
  rows: readonly TemplateResult[];
  /** Sets aria-busy while the rows are being replaced; left out where the table has no such state. */
  isBusy?: boolean;
}

/** A scrollable table of an admin panel's rows, each row ending in its action buttons. */
export function adminTable({ caption, columns, rows, isBusy }: AdminTable): TemplateResult {
  return html`<div class="scroll">
    <table part="table" aria-busy=${isBusy === undefined ? nothing : isBusy ? 'true' : 'false'}>
      <caption class="visually-hidden">${caption}</caption>
      <thead>
        <tr>
          ${columns.map((column) => html`<th scope="col" class=${ifDefined(column.className)}>${column.label}</th>`)}
          <th scope="col"><span class="visually-hidden">Actions</span></th>
        </tr>
      </thead>
      <tbody>
        ${rows}
      </tbody>
    </table>
  </div>`;
}

export interface PagedAdminTable<T> extends Omit<AdminTable, 'rows' | 'isBusy'> {
  /** The Task that loads the page on screen; its value stays on screen, marked busy, while the next loads. */
  list: Task<readonly unknown[], { items: T[]; nextCursor?: string | null }>;
  pager: KeysetPager;
  row: (item: T) => TemplateResult;
  /** Shown when the first page is empty. */
  emptyText: string;
  /** Shown before the first page arrives. */
  loadingText: string;
  /** Name of the pager's navigation ("User pages"). */
  pagerLabel: string;
}

/**
 * One page of a list paged by the API: the load's problem if it failed, the table, or a placeholder
 * while the first page loads or when it is empty, and Previous/Next once there is more than one page.
 */
export function pagedAdminTable<T>({ list, pager, row, emptyText, loadingText, pagerLabel, ...table }: PagedAdminTable<T>): TemplateResult {
  const page = list.value;
  const isBusy = list.status === TaskStatus.PENDING || list.status === TaskStatus.INITIAL;
  return html`${list.status === TaskStatus.ERROR ? problemAlert(toProblem(list.error)) : nothing}
  ${page
    ? page.items.length === 0 && pager.pageNumber === 1
      ? html`<p class="placeholder">${emptyText}</p>`
      : adminTable({ ...table, rows: page.items.map(row), isBusy })
    : isBusy
      ? html`<p class="placeholder" role="status">${loadingText}</p>`
      : nothing}
  ${page && (page.nextCursor || pager.pageNumber > 1) ? pager.render(pagerLabel, page.nextCursor, isBusy) : nothing}`;
}
