import { html, nothing, type ReactiveController, type TemplateResult } from 'lit';
import { Task, TaskStatus, initialState } from '@lit/task';
import type { components, operations } from '../../../../openapi/generated/schema.d.ts';
import { ORG_ROLES, ROLE_LABELS, formatDateTime } from '../../internal/admin-format.ts';
import { pagedAdminTable } from '../../internal/admin-table.ts';
import type { DrApiClient } from '../../internal/api-client.ts';
import { problemAlert } from '../../internal/form-problems.ts';
import { KeysetPager } from '../../internal/keyset-pager.ts';
import { ListFilters } from '../../internal/list-filters.ts';
import { dataOf, toProblem } from '../../internal/problem.ts';
import { StatusAnnouncer } from '../../internal/status-announcer.ts';
import type { AdminChangeAction } from '../../events/dr-admin-change.ts';
import { requireClient, type PanelLink, type SectionHost } from './panel-link.ts';

type User = components['schemas']['User'];
type UserPage = components['schemas']['UserList'];
type Role = components['schemas']['Role'];
type OrgRole = components['schemas']['OrgRole'];
type ListQuery = NonNullable<operations['listUsers']['parameters']['query']>;

const PAGE_SIZE = 20;
/** The roles a tenant's users can have. */
const TENANT_ROLES = ['tenant_admin', 'org_admin', 'org_member'] as const satisfies readonly Role[];

interface UserFilters {
  q: string;
  role: Role | '';
  organizationId: string;
  /** '' for every account, else only enabled (`true`) or disabled (`false`) ones. */
  isActive: '' | 'true' | 'false';
}

const isMember = (user: User): user is User & { role: OrgRole; organizationId: string } => (user.role === 'org_admin' || user.role === 'org_member') && user.organizationId !== null;

/**
 * The tenant's users, filtered and paged by the API, each with a "Manage" disclosure: move to an
 * organization or change the role there (one form; the panel picks PUT or PATCH by what changed),
 * remove from the organization, disable or re-enable the account. Removing and disabling end the
 * user's sessions, so both ask first.
 */
export class UsersSection implements ReactiveController {
  #host: SectionHost;
  #link: PanelLink;
  #pager: KeysetPager;
  #filters: ListFilters<UserFilters>;
  #list: Task<readonly [DrApiClient | undefined, string | undefined, UserFilters, string | null], UserPage>;
  #membership: Task<readonly [User, string, OrgRole], { user: User; action: AdminChangeAction }>;
  #activation: Task<readonly [User], User>;
  #managingId?: string;
  /** Whose change ran last: its problem is shown in that user's manager only. */
  #actedOnId?: string;
  #statusLine: StatusAnnouncer;

  constructor(host: SectionHost, link: PanelLink) {
    this.#host = host;
    this.#link = link;
    host.addController(this);
    this.#pager = new KeysetPager(host);
    this.#filters = new ListFilters<UserFilters>(host, { q: '', role: '', organizationId: '', isActive: '' }, () => {
      this.#managingId = undefined;
      this.#pager.restart();
    });
    this.#statusLine = new StatusAnnouncer(host);
    this.#list = new Task(host, {
      args: () => [link.client, link.tenantId, this.#filters.value, this.#pager.cursor] as const,
      task: async ([client, tenantId, filters, cursor], { signal }) => {
        if (!client || !tenantId) return initialState;
        const query: ListQuery = { tenantId, limit: PAGE_SIZE };
        if (filters.q) query.q = filters.q;
        if (filters.role) query.role = filters.role;
        if (filters.organizationId) query.organizationId = filters.organizationId;
        if (filters.isActive) query.isActive = filters.isActive === 'true';
        if (cursor) query.cursor = cursor;
        return dataOf(client.GET('/v1/users', { params: { query }, signal }));
      },
      onComplete: () => link.loaded('users'),
      onError: (error) => link.failed(toProblem(error)),
    });
    this.#membership = new Task(host, {
      autoRun: false,
      task: async ([user, organizationId, role], { signal }) => {
        const client = requireClient(link);
        const path = { organizationId, userId: user.id };
        // Another organization is a move (PUT puts the user there with the role); the same one, a role change.
        if (organizationId !== user.organizationId) {
          return { user: await dataOf(client.PUT('/v1/organizations/{organizationId}/members/{userId}', { params: { path }, body: { role }, signal })), action: 'member.assigned' as const };
        }
        return { user: await dataOf(client.PATCH('/v1/organizations/{organizationId}/members/{userId}', { params: { path }, body: { role }, signal })), action: 'member.role_changed' as const };
      },
      onComplete: ({ user, action }) => {
        this.#statusLine.announce(`${user.displayName} is now ${ROLE_LABELS[user.role].toLowerCase()} of ${this.#organizationName(user.organizationId)}.`);
        link.changed(action, user.id);
      },
      onError: (error) => link.failed(toProblem(error)),
    });
    this.#activation = new Task(host, {
      autoRun: false,
      task: async ([user], { signal }) => dataOf(requireClient(link).PATCH('/v1/users/{userId}', { params: { path: { userId: user.id } }, body: { isActive: true }, signal })),
      onComplete: (user) => {
        this.#statusLine.announce(`${user.displayName} can sign in again.`);
        link.changed('user.enabled', user.id);
      },
      onError: (error) => link.failed(toProblem(error)),
    });
  }

  hostConnected(): void {}

  /** Loads the page on screen again (after a change elsewhere). */
  reload(): void {
    void this.#list.run();
  }

  render(): TemplateResult {
    return html`<section part="users" aria-labelledby="users-title">
      <h3 id="users-title">Users</h3>
      ${this.#filterBar()}
      ${this.#statusLine.render()}
      ${pagedAdminTable({
        list: this.#list,
        pager: this.#pager,
        caption: `Users of the tenant, page ${this.#pager.pageNumber}`,
        columns: [{ label: 'User' }, { label: 'Role' }, { label: 'Organization' }, { label: 'Account' }],
        row: (user) => this.#row(user),
        emptyText: this.#filters.isFiltered ? 'No users match.' : 'No users in this tenant yet.',
        loadingText: 'Loading users…',
        pagerLabel: 'User pages',
      })}
    </section>`;
  }

  #filterBar(): TemplateResult {
    const f = this.#filters.value;
    return html`<div class="filters" role="search" aria-label="Filter users">
      ${this.#filters.renderSearch('Name or email')}
      <label
        >Role
        <select name="role" @change=${(e: Event) => this.#filters.set({ role: (e.target as HTMLSelectElement).value as Role | '' })}>
          <option value="" ?selected=${f.role === ''}>All roles</option>
          ${TENANT_ROLES.map((r) => html`<option value=${r} ?selected=${f.role === r}>${ROLE_LABELS[r]}</option>`)}
        </select>
      </label>
      <label
        >Organization
        <select name="organizationId" @change=${(e: Event) => this.#filters.set({ organizationId: (e.target as HTMLSelectElement).value })}>
          <option value="" ?selected=${f.organizationId === ''}>All organizations</option>
          ${this.#link.organizations.map((o) => html`<option value=${o.id} ?selected=${f.organizationId === o.id}>${o.name}</option>`)}
        </select>
      </label>
      <label
        >Account
        <select name="isActive" @change=${(e: Event) => this.#filters.set({ isActive: (e.target as HTMLSelectElement).value as UserFilters['isActive'] })}>
          <option value="" ?selected=${f.isActive === ''}>Enabled and disabled</option>
          <option value="true" ?selected=${f.isActive === 'true'}>Enabled</option>
          <option value="false" ?selected=${f.isActive === 'false'}>Disabled</option>
        </select>
      </label>
    </div>`;
  }

  #row(user: User): TemplateResult {
    const isManaging = this.#managingId === user.id;
    return html`<tr part="row">
        <th scope="row" class="name">${user.displayName}<span class="sub">${user.email}</span></th>
        <td class="nowrap">${ROLE_LABELS[user.role]}</td>
        <td class="name">${user.organizationId ? this.#organizationName(user.organizationId) : html`<span class="note">—</span>`}</td>
        <td><span class="status" data-status=${user.isActive ? 'enabled' : 'disabled'}>${user.isActive ? 'Enabled' : 'Disabled'}</span></td>
        <td class="row-actions">
          <button type="button" class="secondary" data-manage=${user.id} aria-expanded=${isManaging ? 'true' : 'false'} aria-label="Manage ${user.displayName}" @click=${() => this.#toggleManage(user.id)}>
            Manage
          </button>
        </td>
      </tr>
      ${isManaging ? html`<tr class="editor-row"><td colspan="5">${this.#manager(user)}</td></tr>` : nothing}`;
  }

  #manager(user: User): TemplateResult {
    const titleId = `manage-${user.id}-title`;
    const activationProblem = this.#activation.status === TaskStatus.ERROR && this.#actedOnId === user.id ? problemAlert(toProblem(this.#activation.error)) : nothing;
    return html`<div class="editor" role="group" aria-labelledby=${titleId}>
      <h4 id=${titleId}>Manage ${user.displayName}</h4>
      ${isMember(user) ? this.#membershipForm(user) : html`<p class="note">${user.role === 'tenant_admin' ? 'Tenant admins belong to no organization.' : 'This user belongs to no organization.'}</p>`}
      <div class="actions">
        ${isMember(user) ? html`<button type="button" class="danger" @click=${() => this.#askRemove(user)}>Remove from ${this.#organizationName(user.organizationId)}</button>` : nothing}
        ${user.isActive
          ? html`<button type="button" class="danger" @click=${() => this.#askDeactivate(user)}>Disable account</button>`
          : html`<button type="button" class="secondary" @click=${() => this.#enable(user)} ?disabled=${this.#activation.status === TaskStatus.PENDING}>Enable account</button>`}
      </div>
      ${activationProblem}
      ${user.lastLoginAt ? html`<p class="note">Last signed in ${formatDateTime(user.lastLoginAt)}.</p>` : html`<p class="note">Has not signed in yet.</p>`}
    </div>`;
  }

  #membershipForm(user: User & { role: OrgRole; organizationId: string }): TemplateResult {
    const isPending = this.#membership.status === TaskStatus.PENDING;
    const error = this.#membership.status === TaskStatus.ERROR && this.#actedOnId === user.id ? this.#membership.error : undefined;
    const organizations = this.#link.organizations.length > 0 ? this.#link.organizations : [{ id: user.organizationId, name: this.#organizationName(user.organizationId) }];
    const id = (field: string) => `membership-${user.id}-${field}`;
    return html`<form class="membership" @submit=${(e: SubmitEvent) => this.#onMembership(e, user)} novalidate aria-label="Organization and role of ${user.displayName}">
      <div class="fields">
        <div class="field">
          <label for=${id('organization')}>Organization</label>
          <select id=${id('organization')} name="organizationId">
            ${organizations.map((o) => html`<option value=${o.id} ?selected=${o.id === user.organizationId}>${o.name}</option>`)}
          </select>
        </div>
        <div class="field">
          <label for=${id('role')}>Role</label>
          <select id=${id('role')} name="role">
            ${ORG_ROLES.map((r) => html`<option value=${r} ?selected=${r === user.role}>${ROLE_LABELS[r]}</option>`)}
          </select>
        </div>
      </div>
      <div class="actions"><button type="submit" ?disabled=${isPending}>${isPending ? 'Saving…' : 'Save organization and role'}</button></div>
      ${error !== undefined ? problemAlert(toProblem(error)) : nothing}
    </form>`;
  }

  #organizationName(organizationId: string | null): string {
    if (!organizationId) return '—';
    return this.#link.organizations.find((o) => o.id === organizationId)?.name ?? 'another organization';
  }

  #toggleManage(userId: string): void {
    this.#managingId = this.#managingId === userId ? undefined : userId;
    this.#host.requestUpdate();
  }

  #onMembership(event: SubmitEvent, user: User & { organizationId: string; role: OrgRole }): void {
    event.preventDefault();
    const data = new FormData(event.currentTarget as HTMLFormElement);
    const organizationId = String(data.get('organizationId') ?? user.organizationId);
    const role = String(data.get('role') ?? user.role) as OrgRole;
    if (organizationId === user.organizationId && role === user.role) return;
    this.#actedOnId = user.id;
    void this.#membership.run([user, organizationId, role]);
  }

  #enable(user: User): void {
    this.#actedOnId = user.id;
    void this.#activation.run([user]);
  }

  #askRemove(user: User & { organizationId: string }): void {
    const organization = this.#organizationName(user.organizationId);
    this.#link.confirm({
      title: `Remove ${user.displayName} from ${organization}?`,
      message: `${user.displayName} becomes an individual user outside the tenant, and their sessions end. Only a new invitation or join token brings them back.`,
      confirmLabel: 'Remove from organization',
      action: async () => {
        const path = { organizationId: user.organizationId, userId: user.id };
        await dataOf(requireClient(this.#link).DELETE('/v1/organizations/{organizationId}/members/{userId}', { params: { path } }));
        this.#managingId = undefined;
        this.#statusLine.announce(`Removed ${user.displayName} from ${organization}.`);
        this.#link.changed('member.removed', user.id);
      },
    });
  }

  #askDeactivate(user: User): void {
    this.#link.confirm({
      title: `Disable ${user.displayName}'s account?`,
      message: `${user.displayName} can no longer sign in, and every session they have ends at once. You can enable the account again later.`,
      confirmLabel: 'Disable account',
      action: async () => {
        await dataOf(requireClient(this.#link).PATCH('/v1/users/{userId}', { params: { path: { userId: user.id } }, body: { isActive: false } }));
        this.#statusLine.announce(`Disabled ${user.displayName}'s account.`);
        this.#link.changed('user.disabled', user.id);
      },
    });
  }
}
