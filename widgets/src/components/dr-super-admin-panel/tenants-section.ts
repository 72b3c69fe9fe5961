import { html, nothing, type ReactiveController, type TemplateResult } from 'lit';
import { Task, TaskStatus, initialState } from '@lit/task';
import type { components, operations } from '../../../../openapi/generated/schema.d.ts';
import { formatDate } from '../../internal/admin-format.ts';
import { pagedAdminTable } from '../../internal/admin-table.ts';
import type { DrApiClient } from '../../internal/api-client.ts';
import { problemAlert } from '../../internal/form-problems.ts';
import { KeysetPager } from '../../internal/keyset-pager.ts';
import { ListFilters } from '../../internal/list-filters.ts';
import { dataOf, toProblem } from '../../internal/problem.ts';
import { StatusAnnouncer } from '../../internal/status-announcer.ts';
import { tenantFigures } from '../../internal/tenant-figures.ts';
import { requireClient, type PanelLink, type SectionHost } from './panel-link.ts';

type Tenant = components['schemas']['Tenant'];
type TenantPage = components['schemas']['TenantList'];
type TenantStats = components['schemas']['TenantStats'];
type TenantStatus = components['schemas']['TenantStatus'];
type ListQuery = NonNullable<operations['listTenants']['parameters']['query']>;

const PAGE_SIZE = 20;

interface TenantFilters {
  q: string;
  status: TenantStatus | '';
}

/**
 * Every tenant of the platform, searched, filtered by status and paged by the API. Each row opens
 * that tenant's figures below it, and suspends it (after a confirmation: its users are signed out
 * at once) or reactivates it.
 */
export class TenantsSection implements ReactiveController {
  #host: SectionHost;
  #link: PanelLink;
  #pager: KeysetPager;
  #filters: ListFilters<TenantFilters>;
  #list: Task<readonly [DrApiClient | undefined, TenantFilters, string | null], TenantPage>;
  #figures: Task<readonly [DrApiClient | undefined, string | undefined, number], TenantStats>;
  #reactivation: Task<readonly [Tenant], Tenant>;
  /** The tenant whose figures are open. */
  #openId?: string;
  /** Bumped after a change, so open figures are counted again. */
  #revision = 0;
  #statusLine: StatusAnnouncer;

  constructor(host: SectionHost, link: PanelLink) {
    this.#host = host;
    this.#link = link;
    host.addController(this);
    this.#pager = new KeysetPager(host);
    this.#filters = new ListFilters<TenantFilters>(host, { q: '', status: '' }, () => {
      this.#openId = undefined;
      this.#pager.restart();
    });
    this.#statusLine = new StatusAnnouncer(host);
    this.#list = new Task(host, {
      args: () => [link.client, this.#filters.value, this.#pager.cursor] as const,
      task: async ([client, filters, cursor], { signal }) => {
        if (!client) return initialState;
        const query: ListQuery = { limit: PAGE_SIZE };
        if (filters.q) query.q = filters.q;
        if (filters.status) query.status = filters.status;
        if (cursor) query.cursor = cursor;
        return dataOf(client.GET('/v1/tenants', { params: { query }, signal }));
      },
      onComplete: () => link.loaded('tenants'),
      onError: (error) => link.failed(toProblem(error)),
    });
    this.#figures = new Task(host, {
      args: () => [link.client, this.#openId, this.#revision] as const,
      task: async ([client, tenantId], { signal }) => {
        if (!client || !tenantId) return initialState;
        return dataOf(client.GET('/v1/tenants/{tenantId}/stats', { params: { path: { tenantId } }, signal }));
      },
      onError: (error) => link.failed(toProblem(error)),
    });
    this.#reactivation = new Task(host, {
      autoRun: false,
      task: async ([tenant], { signal }) => dataOf(requireClient(link).PATCH('/v1/tenants/{tenantId}', { params: { path: { tenantId: tenant.id } }, body: { status: 'active' }, signal })),
      onComplete: (tenant) => {
        this.#statusLine.announce(`Reactivated ${tenant.name}: its users can sign in again.`);
        link.changed('tenant.reactivated', tenant.id);
      },
      onError: (error) => link.failed(toProblem(error)),
    });
  }

  hostConnected(): void {}

  /** Loads the page on screen (and open figures) again after a change. */
  reload(): void {
    this.#revision += 1;
    void this.#list.run();
  }

  render(): TemplateResult {
    return html`<section part="tenants" aria-labelledby="tenants-title">
      <h3 id="tenants-title">Tenants</h3>
      ${this.#filterBar()}
      ${this.#statusLine.render()}
      ${this.#reactivation.status === TaskStatus.ERROR ? problemAlert(toProblem(this.#reactivation.error)) : nothing}
      ${pagedAdminTable({
        list: this.#list,
        pager: this.#pager,
        caption: `Tenants, by name, page ${this.#pager.pageNumber}`,
        columns: [{ label: 'Tenant' }, { label: 'Status' }, { label: 'Created' }],
        row: (tenant) => this.#row(tenant),
        emptyText: this.#filters.isFiltered ? 'No tenants match.' : 'No tenants yet: create the first one.',
        loadingText: 'Loading tenants…',
        pagerLabel: 'Tenant pages',
      })}
    </section>`;
  }

  #filterBar(): TemplateResult {
    const f = this.#filters.value;
    return html`<div class="filters" role="search" aria-label="Filter tenants">
      ${this.#filters.renderSearch('Name or slug')}
      <label
        >Status
        <select name="status" @change=${(e: Event) => this.#filters.set({ status: (e.target as HTMLSelectElement).value as TenantStatus | '' })}>
          <option value="" ?selected=${f.status === ''}>All</option>
          <option value="active" ?selected=${f.status === 'active'}>Active</option>
          <option value="suspended" ?selected=${f.status === 'suspended'}>Suspended</option>
        </select>
      </label>
    </div>`;
  }

  #row(tenant: Tenant): TemplateResult {
    const isOpen = this.#openId === tenant.id;
    const isReactivating = this.#reactivation.status === TaskStatus.PENDING;
    return html`<tr part="row">
        <th scope="row" class="name">${tenant.name}<span class="sub">${tenant.slug}</span></th>
        <td><span class="status" data-status=${tenant.status}>${tenant.status === 'active' ? 'Active' : 'Suspended'}</span></td>
        <td>${formatDate(tenant.createdAt)}</td>
        <td class="row-actions">
          <button type="button" class="secondary" aria-expanded=${isOpen ? 'true' : 'false'} aria-label="Figures of ${tenant.name}" @click=${() => this.#toggleFigures(tenant.id)}>Figures</button>
          ${tenant.status === 'active'
            ? html`<button type="button" class="danger" aria-label="Suspend ${tenant.name}" @click=${() => this.#askSuspend(tenant)}>Suspend</button>`
            : html`<button type="button" class="secondary" aria-label="Reactivate ${tenant.name}" ?disabled=${isReactivating} @click=${() => this.#reactivation.run([tenant])}>Reactivate</button>`}
        </td>
      </tr>
      ${isOpen ? html`<tr class="editor-row"><td colspan="4">${this.#drillDown(tenant)}</td></tr>` : nothing}`;
  }

  #drillDown(tenant: Tenant): TemplateResult {
    const titleId = `figures-${tenant.id}-title`;
    const stats = this.#figures.value;
    return html`<div class="editor" role="group" aria-labelledby=${titleId} aria-busy=${this.#figures.status === TaskStatus.PENDING ? 'true' : 'false'}>
      <h4 id=${titleId}>Figures of ${tenant.name}</h4>
      ${this.#figures.status === TaskStatus.ERROR
        ? problemAlert(toProblem(this.#figures.error))
        : stats && stats.tenant.id === tenant.id
          ? tenantFigures(stats)
          : html`<p class="placeholder" role="status">Loading figures…</p>`}
    </div>`;
  }

  #toggleFigures(tenantId: string): void {
    this.#openId = this.#openId === tenantId ? undefined : tenantId;
    this.#host.requestUpdate();
  }

  #askSuspend(tenant: Tenant): void {
    this.#link.confirm({
      title: `Suspend ${tenant.name}?`,
      message: `Its users are signed out at once and can neither sign in nor use any token until you reactivate it. Nothing is deleted.`,
      confirmLabel: 'Suspend tenant',
      action: async () => {
        await dataOf(requireClient(this.#link).PATCH('/v1/tenants/{tenantId}', { params: { path: { tenantId: tenant.id } }, body: { status: 'suspended' } }));
        this.#statusLine.announce(`Suspended ${tenant.name}.`);
        this.#link.changed('tenant.suspended', tenant.id);
      },
    });
  }
}
