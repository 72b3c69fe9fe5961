import { html, nothing, type TemplateResult } from 'lit';
import type { components } from '../../../../openapi/generated/schema.d.ts';
import { ORG_ROLES, ROLE_LABELS, formatCount, formatHeadCount } from '../../internal/admin-format.ts';
import { problemAlert } from '../../internal/form-problems.ts';
import { dataOf } from '../../internal/problem.ts';
import { AdminList } from './admin-list.ts';
import { AdminSection, type AdminScope } from './admin-section.ts';
import { formatMoment } from './moment.ts';
import { rowButton } from './row-button.ts';

type User = components['schemas']['User'];
type OrgRole = components['schemas']['OrgRole'];

const PAGE_SIZE = 25;

const isOrgRole = (role: string): role is OrgRole => (ORG_ROLES as readonly string[]).includes(role);

/**
 * The organization's members: who they are, their role and last sign-in. Admins switch a member
 * between org admin and org member and remove members (after a confirmation); members see the
 * list only.
 */
export class MembersSection extends AdminSection {
  #list = new AdminList<User>(this.host, {
    isEnabled: (scope) => this.isVisible(scope),
    pagerLabel: 'Pages of members',
    load: (scope, cursor, signal) =>
      dataOf(
        scope.client.GET('/v1/organizations/{organizationId}/members', {
          params: { path: { organizationId: scope.organization.id }, query: cursor ? { limit: PAGE_SIZE, cursor } : { limit: PAGE_SIZE } },
          signal,
        }),
      ),
  });

  isVisible(scope: AdminScope): boolean {
    return scope.can('members.read');
  }

  get hasSettled(): boolean {
    return this.#list.hasSettled;
  }

  render(scope: AdminScope): TemplateResult {
    const { memberCount, memberCap } = scope.organization;
    return html`<section part="section" aria-labelledby="members-title" aria-busy=${this.#list.isBusy ? 'true' : 'false'}>
      <div class="section-head">
        <h3 id="members-title" tabindex="-1">Members</h3>
        <p class="note">${memberCap === null ? formatCount(memberCount) : formatHeadCount(memberCount, memberCap)} ${memberCount === 1 && memberCap === null ? 'member' : 'members'}</p>
      </div>
      ${this.#list.render({ loading: 'Loading members…', empty: 'Nobody is in this organization yet.' }, (users) => this.#table(users, scope))}
      ${this.failed ? problemAlert(this.failed.error) : nothing}
    </section>`;
  }

  #table(users: User[], scope: AdminScope): TemplateResult {
    const canChangeRole = scope.can('members.change_role');
    const canRemove = scope.can('members.remove');
    const hasActions = canChangeRole || canRemove;
    return html`<div class="scroll">
      <table part="table">
        <caption class="visually-hidden">Members of ${scope.organization.name}</caption>
        <thead>
          <tr>
            <th scope="col">Member</th>
            <th scope="col">Role</th>
            <th scope="col">Last sign-in</th>
            ${hasActions ? html`<th scope="col"><span class="visually-hidden">Actions</span></th>` : nothing}
          </tr>
        </thead>
        <tbody>
          ${users.map((user) => {
            const isSelf = user.id === scope.me.user.id;
            return html`<tr part="row">
              <th scope="row" class="name">${user.displayName}${isSelf ? html` <span class="tag">you</span>` : nothing}<span class="sub">${user.email}</span></th>
              <td class="nowrap" data-role=${user.role}>${ROLE_LABELS[user.role]}</td>
              <td class="nowrap">${formatMoment(user.lastLoginAt, 'never')}</td>
              ${hasActions
                ? html`<td class="row-actions">
                    ${canChangeRole && isOrgRole(user.role) ? this.#roleButton(user, isSelf, scope) : nothing}
                    ${canRemove && !isSelf ? this.#removeButton(user, scope) : nothing}
                  </td>`
                : nothing}
            </tr>`;
          })}
        </tbody>
      </table>
    </div>`;
  }

  #roleButton(user: User, isSelf: boolean, scope: AdminScope): TemplateResult {
    const next: OrgRole = user.role === 'org_admin' ? 'org_member' : 'org_admin';
    const label = isSelf && next === 'org_member' ? 'Step down to member' : next === 'org_admin' ? 'Make admin' : 'Make member';
    return rowButton(this.busyKey === `role:${user.id}` ? 'Saving…' : label, user.displayName, () => this.#changeRole(user, next, isSelf, scope), {
      isDisabled: this.busyKey !== undefined,
    });
  }

  #removeButton(user: User, scope: AdminScope): TemplateResult {
    return rowButton('Remove', user.displayName, () => this.#remove(user, scope), { isDisabled: this.busyKey !== undefined, className: 'danger' });
  }

  #changeRole(user: User, role: OrgRole, isSelf: boolean, scope: AdminScope): void {
    const call = () =>
      dataOf(
        scope.client.PATCH('/v1/organizations/{organizationId}/members/{userId}', {
          params: { path: { organizationId: scope.organization.id, userId: user.id } },
          body: { role },
        }),
      );
    const onDone = () => {
      this.#list.reload();
      return { action: 'member.role_changed', targetId: user.id } as const;
    };
    // Stepping down takes the admin's own controls away; any other role change is undone with one click.
    if (isSelf && role === 'org_member') {
      this.confirmChange(
        {
          title: `Step down to member of ${scope.organization.name}?`,
          message: 'You will no longer manage members, invitations, the join token, webhooks or API keys here. Another admin can make you an admin again.',
          confirmLabel: 'Step down',
        },
        call,
        onDone,
      );
      return;
    }
    void this.act(`role:${user.id}`, call, onDone);
  }

  #remove(user: User, scope: AdminScope): void {
    this.confirmChange(
      {
        title: `Remove ${user.displayName} from ${scope.organization.name}?`,
        message: `${user.email} loses access to the organization's data and is signed out everywhere at once. To bring them back, invite them again.`,
        confirmLabel: 'Remove member',
      },
      () => dataOf(scope.client.DELETE('/v1/organizations/{organizationId}/members/{userId}', { params: { path: { organizationId: scope.organization.id, userId: user.id } } })),
      () => {
        this.#list.reload();
        // The row that had the focus is about to go: keep the keyboard user in this section.
        this.focusSoon('#members-title');
        return { action: 'member.removed', targetId: user.id };
      },
    );
  }
}
